using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text.Encodings.Web;
using System.Text.Json;
using ContainerScheduling.Cli.Scheduling;

namespace ContainerScheduling.Cli.Json;

/// <summary>
/// Writes the outcome of <c>csched scenario</c> as JSON: <c>{"strategy", "placements": [{"container", "node"}],
/// "pending": [{"container", "reason"}], "initial": {…}, "events": [{"type", …}], "metrics": {…}}</c>.
/// </summary>
/// <remarks>
/// <para><c>placements</c> lists every container running at the end, node by node in cluster order and on each
/// node in the order it was placed there; <c>pending</c> every container waiting at the end, in retry order
/// (priority, then arrival). A container of a task also carries <c>"task"</c>. <c>initial</c> is what placing the
/// initial workload did, <c>events</c> what each event did, in event order and with the shape
/// <c>{"type", "node" | "container", "evicted", "replaced", "pending", "preemptions", "moves"}</c> (rebalance adds
/// <c>mode</c>, <c>maxMoves</c>, <c>maxMovesPerNode</c> when given, <c>skipped</c>, <c>objectiveBefore</c> and
/// <c>objectiveAfter</c>). <c>replaced</c>
/// lists every placement the event made — a submit's new placements as well as re-placements.</para>
/// <para>Loads, objectives and fragmentation are rounded to six decimals, so the same scenario always writes the
/// same bytes and a value such as 1e-17 reads 0.</para>
/// </remarks>
internal static class ScenarioWriter
{
    /// <summary>The decimals kept of loads, objectives and fragmentation.</summary>
    internal const int Decimals = 6;

    /// <summary>Writes the result to a stream and flushes it.</summary>
    /// <param name="stream">The destination; not closed.</param>
    /// <param name="run">The finished run.</param>
    /// <param name="indented">Whether to indent (the default) or write one compact line.</param>
    public static void Write(Stream stream, ScenarioRun run, bool indented)
    {
        var options = new JsonWriterOptions
        {
            Indented = indented,
            // Names and reasons are written as they are; the result is a file or a pipe, never HTML.
            Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
            SkipValidation = true,
        };
        using var writer = new Utf8JsonWriter(stream, options);
        writer.WriteStartObject();
        writer.WriteString("strategy", run.Strategy);

        WritePlacements(writer, "placements", run.Running(), run);
        WritePending(writer, run.Pending, run);

        writer.WritePropertyName("initial");
        WriteStep(writer, run.Initial);
        writer.WriteStartArray("events");
        foreach (var step in run.Steps)
        {
            WriteStep(writer, step);
        }

        writer.WriteEndArray();
        WriteMetrics(writer, run);
        writer.WriteEndObject();
        writer.Flush();
        stream.Write("\n"u8);
        stream.Flush();
    }

    /// <summary>Rounds to <see cref="Decimals"/> places (away from zero at the midpoint), and never writes -0.</summary>
    internal static double Round(double value)
    {
        var rounded = Math.Round(value, Decimals, MidpointRounding.AwayFromZero);
        return rounded == 0.0 ? 0.0 : rounded;
    }

    /// <summary>An array of {container, node}; with <paramref name="run"/>, task members also carry their task.</summary>
    private static void WritePlacements(Utf8JsonWriter writer, string property, IEnumerable<Placement> placements, ScenarioRun? run)
    {
        writer.WriteStartArray(property);
        foreach (var placement in placements)
        {
            writer.WriteStartObject();
            writer.WriteString("container", placement.Container);
            writer.WriteString("node", placement.Node);
            if (run is not null)
            {
                WriteTask(writer, run, placement.Container);
            }

            writer.WriteEndObject();
        }

        writer.WriteEndArray();
    }

    /// <summary>The "pending" array of {container, reason}; with <paramref name="run"/>, task members also carry their task.</summary>
    private static void WritePending(Utf8JsonWriter writer, IEnumerable<UnplacedContainer> pending, ScenarioRun? run)
    {
        writer.WriteStartArray("pending");
        foreach (var item in pending)
        {
            writer.WriteStartObject();
            writer.WriteString("container", item.Container);
            writer.WriteString("reason", item.Failure.Message);
            if (run is not null)
            {
                WriteTask(writer, run, item.Container);
            }

            writer.WriteEndObject();
        }

        writer.WriteEndArray();
    }

    private static void WriteTask(Utf8JsonWriter writer, ScenarioRun run, string container)
    {
        if (run.TaskOf(container) is { } task)
        {
            writer.WriteString("task", task);
        }
    }

    private static void WriteStep(Utf8JsonWriter writer, ScenarioStep step)
    {
        writer.WriteStartObject();
        if (step.Event is { } scenarioEvent)
        {
            writer.WriteString("type", scenarioEvent.Type);
            if (scenarioEvent.Node is not null)
            {
                writer.WriteString("node", scenarioEvent.Node);
            }

            if (scenarioEvent.Container is not null)
            {
                writer.WriteString("container", scenarioEvent.Container);
            }

            if (scenarioEvent.Rebalance is { } rebalance)
            {
                writer.WriteString("mode", rebalance.Mode == RebalanceMode.Pack ? "pack" : "balance");
                writer.WriteNumber("maxMoves", rebalance.MaxMoves);
                if (rebalance.MaxMovesPerNode is { } perNode)
                {
                    writer.WriteNumber("maxMovesPerNode", perNode);
                }
            }
        }

        writer.WriteStartArray("evicted");
        foreach (var name in step.Evicted)
        {
            writer.WriteStringValue(name);
        }

        writer.WriteEndArray();

        WritePlacements(writer, "replaced", step.Placed, null);
        WritePending(writer, step.Pending, null);

        writer.WriteStartArray("preemptions");
        foreach (var preemption in step.Preemptions)
        {
            writer.WriteStartObject();
            writer.WriteString("preemptor", preemption.Preemptor);
            writer.WriteString("node", preemption.Node);
            writer.WriteStartArray("victims");
            foreach (var victim in preemption.Victims)
            {
                writer.WriteStringValue(victim);
            }

            writer.WriteEndArray();
            writer.WriteEndObject();
        }

        writer.WriteEndArray();

        WriteMoves(writer, "moves", step.Moves);
        if (step.Event?.Kind == ScenarioEventKind.Rebalance)
        {
            WriteMoves(writer, "skipped", step.Skipped);
            writer.WriteNumber("objectiveBefore", Round(step.ObjectiveBefore ?? 0.0));
            writer.WriteNumber("objectiveAfter", Round(step.ObjectiveAfter ?? 0.0));
        }

        writer.WriteEndObject();
    }

    private static void WriteMoves(Utf8JsonWriter writer, string property, List<ContainerMove> moves)
    {
        writer.WriteStartArray(property);
        foreach (var move in moves)
        {
            writer.WriteStartObject();
            writer.WriteString("container", move.Container);
            writer.WriteString("from", move.From);
            writer.WriteString("to", move.To);
            writer.WriteEndObject();
        }

        writer.WriteEndArray();
    }

    private static void WriteMetrics(Utf8JsonWriter writer, ScenarioRun run)
    {
        var counters = run.Counters;
        var metrics = run.Metrics;
        var schema = run.Cluster.Schema;
        writer.WriteStartObject("metrics");
        writer.WriteStartObject("counters");
        writer.WriteNumber("placements", counters.Placements);
        writer.WriteNumber("failures", counters.Failures);
        writer.WriteStartObject("failuresByReason");
        foreach (var (reason, count) in counters.FailuresByReason.OrderBy(pair => pair.Key, StringComparer.Ordinal))
        {
            writer.WriteNumber(reason, count);
        }

        writer.WriteEndObject();
        writer.WriteNumber("evictions", counters.Evictions);
        writer.WriteNumber("preemptions", counters.Preemptions);
        writer.WriteNumber("failovers", counters.Failovers);
        writer.WriteNumber("moves", counters.Moves);
        writer.WriteEndObject();

        writer.WriteNumber("imbalance", Round(metrics.Imbalance));
        writer.WriteStartArray("dimensions");
        foreach (var dimension in metrics.Dimensions)
        {
            writer.WriteStartObject();
            writer.WriteString("resource", dimension.Resource);
            writer.WriteNumber("capacity", dimension.Capacity);
            writer.WriteNumber("allocated", dimension.Allocated);
            writer.WriteNumber("load", Round(dimension.Load));
            writer.WriteNumber("fragmentation", Round(dimension.Fragmentation));
            writer.WriteEndObject();
        }

        writer.WriteEndArray();

        writer.WriteStartArray("nodes");
        foreach (var node in metrics.Nodes)
        {
            writer.WriteStartObject();
            writer.WriteString("node", node.Node);
            writer.WriteString("state", StateName(node.State));
            writer.WriteStartObject("load");
            for (var d = 0; d < schema.Count; d++)
            {
                writer.WriteNumber(schema[d], Round(node.Load[d]));
            }

            writer.WriteEndObject();
            writer.WriteNumber("meanLoad", Round(node.MeanLoad));
            writer.WriteEndObject();
        }

        writer.WriteEndArray();
        writer.WriteEndObject();
    }

    /// <summary>The name a cluster file uses for a state.</summary>
    internal static string StateName(NodeState state) => state switch
    {
        NodeState.Ready => "ready",
        NodeState.Cordoned => "cordoned",
        NodeState.Down => "down",
        _ => throw new ArgumentOutOfRangeException(nameof(state), state, "Not a defined NodeState value."),
    };
}
