using System;
using System.IO;
using System.Text.Encodings.Web;
using System.Text.Json;
using ContainerScheduling.Cli.Scheduling;

namespace ContainerScheduling.Cli.Json;

/// <summary>
/// Writes the outcome of <c>csched place</c> as JSON, streaming it through a <see cref="Utf8JsonWriter"/>:
/// <c>{"strategy", "order", "placements": [{"container", "node"}], "unplaced": [{"container", "reason"}],
/// "summary": {"placed", "unplaced", "nodesUsed", …}}</c>. Placements are listed in the order they were made,
/// unplaced containers in the order they were tried; a container of a task also carries its <c>"task"</c>.
/// </summary>
internal static class ResultWriter
{
    private static readonly JsonEncodedText StrategyName = JsonEncodedText.Encode("strategy");
    private static readonly JsonEncodedText OrderName = JsonEncodedText.Encode("order");
    private static readonly JsonEncodedText PlacementsName = JsonEncodedText.Encode("placements");
    private static readonly JsonEncodedText UnplacedName = JsonEncodedText.Encode("unplaced");
    private static readonly JsonEncodedText ContainerName = JsonEncodedText.Encode("container");
    private static readonly JsonEncodedText NodeName = JsonEncodedText.Encode("node");
    private static readonly JsonEncodedText TaskName = JsonEncodedText.Encode("task");
    private static readonly JsonEncodedText ReasonName = JsonEncodedText.Encode("reason");

    /// <summary>Writes the result to a stream and flushes it.</summary>
    /// <param name="stream">The destination; not closed.</param>
    /// <param name="run">The finished run.</param>
    /// <param name="indented">Whether to indent (the default) or write one compact line.</param>
    public static void Write(Stream stream, PlacementRun run, bool indented)
    {
        var options = new JsonWriterOptions
        {
            Indented = indented,
            // Names and reasons are written as they are (e.g. "strategy 'best-fit'", not "\u0027best-fit\u0027").
            // The result is a file or a pipe, never HTML.
            Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
            SkipValidation = true,
        };
        using var writer = new Utf8JsonWriter(stream, options);
        writer.WriteStartObject();
        writer.WriteString(StrategyName, run.Strategy);
        writer.WriteString(OrderName, PolicyNames.OrderName(run.Order));

        writer.WriteStartArray(PlacementsName);
        WritePlacements(writer, run, run.Containers, fromTasks: false);
        WritePlacements(writer, run, run.Tasks, fromTasks: true);
        writer.WriteEndArray();

        writer.WriteStartArray(UnplacedName);
        WriteUnplaced(writer, run, run.Containers, fromTasks: false);
        WriteUnplaced(writer, run, run.Tasks, fromTasks: true);
        writer.WriteEndArray();

        WriteSummary(writer, run);
        writer.WriteEndObject();
        writer.Flush();
        stream.Write("\n"u8);
        stream.Flush();
    }

    private static void WritePlacements(Utf8JsonWriter writer, PlacementRun run, BatchPlacementResult result, bool fromTasks)
    {
        foreach (var placement in result.Placements)
        {
            writer.WriteStartObject();
            writer.WriteString(ContainerName, placement.Container);
            writer.WriteString(NodeName, placement.Node);
            if (fromTasks)
            {
                writer.WriteString(TaskName, run.TaskOf(placement.Container));
            }

            writer.WriteEndObject();
            FlushIfFull(writer);
        }
    }

    private static void WriteUnplaced(Utf8JsonWriter writer, PlacementRun run, BatchPlacementResult result, bool fromTasks)
    {
        foreach (var unplaced in result.Unplaced)
        {
            writer.WriteStartObject();
            writer.WriteString(ContainerName, unplaced.Container);
            writer.WriteString(ReasonName, unplaced.Failure.Message);
            if (fromTasks)
            {
                writer.WriteString(TaskName, run.TaskOf(unplaced.Container));
            }

            writer.WriteEndObject();
            FlushIfFull(writer);
        }
    }

    private static void WriteSummary(Utf8JsonWriter writer, PlacementRun run)
    {
        var cluster = run.Cluster;
        writer.WriteStartObject("summary");
        writer.WriteNumber("placed", run.PlacedCount);
        writer.WriteNumber("unplaced", run.UnplacedCount);
        writer.WriteNumber("nodesUsed", run.CountNodesUsed());
        writer.WriteNumber("containers", run.Workload.ContainerCount);
        writer.WriteNumber("tasks", run.Workload.Tasks.Count);
        writer.WriteNumber("nodes", cluster.NodeCount);
        writer.WriteStartArray("dimensions");
        foreach (var dimension in cluster.Schema.Names)
        {
            writer.WriteStringValue(dimension);
        }

        writer.WriteEndArray();
        writer.WriteStartObject("utilisation");
        foreach (var dimension in cluster.Schema.Names)
        {
            var allocated = cluster.GetTotalAllocated(dimension);
            var capacity = cluster.GetTotalCapacity(dimension);
            writer.WriteStartObject(dimension);
            writer.WriteNumber("allocated", allocated);
            writer.WriteNumber("capacity", capacity);
            writer.WriteNumber("percent", Percent(allocated, capacity));
            writer.WriteEndObject();
        }

        writer.WriteEndObject();
        writer.WriteEndObject();
    }

    /// <summary>allocated / capacity in percent with two decimals; 0 when there is no capacity.</summary>
    internal static double Percent(long allocated, long capacity) =>
        capacity == 0 ? 0.0 : Math.Round(100.0 * allocated / capacity, 2, MidpointRounding.AwayFromZero);

    /// <summary>Hands full 64 KiB blocks to the stream so the writer's buffer never holds the whole result.</summary>
    private static void FlushIfFull(Utf8JsonWriter writer)
    {
        const int FlushThreshold = 64 * 1024;
        if (writer.BytesPending >= FlushThreshold)
        {
            writer.Flush();
        }
    }
}
