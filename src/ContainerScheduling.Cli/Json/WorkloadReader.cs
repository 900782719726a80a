using System;
using System.Collections.Generic;
using System.IO;
using System.Text.Json;

namespace ContainerScheduling.Cli.Json;

/// <summary>
/// Reads a workload file in one streaming pass:
/// <c>{"containers":[{"name":"c1","requests":{"cpu":500,"memory":1024},"labels":{"app":"web"},"priority":10}],
/// "tasks":[{"name":"t1","containers":[…]}]}</c>.
/// </summary>
/// <remarks>
/// At least one of <c>containers</c> and <c>tasks</c> is required. A container needs a <c>name</c>; <c>requests</c>
/// (default: nothing), <c>labels</c> and an integer <c>priority</c> are optional. A task needs a <c>name</c> and a
/// non-empty <c>containers</c> array. Container names are unique across the whole file, task names among tasks.
/// Unknown properties are ignored. Every request name becomes a cluster dimension.
/// </remarks>
internal static class WorkloadReader
{
    private const string Example = "{\"containers\": [{\"name\": \"c1\", \"requests\": {\"cpu\": 500}}]}";
    private const int SeenName = 1;
    private const int SeenRequests = 2;
    private const int SeenLabels = 4;
    private const int SeenPriority = 8;
    private const int SeenContainers = 16;

    /// <summary>Reads a workload file.</summary>
    public static WorkloadDocument ReadFile(string path, ResourceDimensions dimensions)
    {
        using var stream = JsonInput.OpenRead(path, "workload");
        return Read(stream, path, dimensions);
    }

    /// <summary>Reads a workload document from a stream.</summary>
    /// <param name="stream">The JSON text.</param>
    /// <param name="fileName">The name used in messages.</param>
    /// <param name="dimensions">Receives every request name not seen before, in first-seen order.</param>
    /// <param name="bufferSize">The reader's initial buffer size.</param>
    public static WorkloadDocument Read(Stream stream, string fileName, ResourceDimensions dimensions, int bufferSize = StreamingJsonReader.DefaultBufferSize)
    {
        var reader = new StreamingJsonReader(stream, fileName, bufferSize);
        var document = new WorkloadDocument();
        var context = new Context(dimensions, document);
        JsonInput.ReadRootObject(ref reader, Example);
        var sawContainers = false;
        var sawTasks = false;
        while (JsonInput.NextProperty(ref reader))
        {
            if (reader.ValueTextEquals("containers"u8))
            {
                Once(ref sawContainers, "containers", ref reader);
                reader.ReadRequired();
                ReadContainers(ref reader, context);
            }
            else if (reader.ValueTextEquals("tasks"u8))
            {
                Once(ref sawTasks, "tasks", ref reader);
                reader.ReadRequired();
                ReadTasks(ref reader, context);
            }
            else
            {
                reader.ReadRequired();
                reader.SkipValue();
            }
        }

        if (!sawContainers && !sawTasks)
        {
            throw new CliException($"{fileName}: missing the property 'containers' (or 'tasks'); expected {Example}");
        }

        JsonInput.ReadEnd(ref reader);
        return document;
    }

    private static void Once(ref bool seen, string property, ref StreamingJsonReader reader)
    {
        if (seen)
        {
            throw new CliException($"{reader.FileName}: property '{property}' appears more than once ({reader.Where()})");
        }

        seen = true;
    }

    private static void ReadContainers(ref StreamingJsonReader reader, Context context)
    {
        if (reader.TokenType != JsonTokenType.StartArray)
        {
            throw new CliException($"{reader.FileName}: 'containers' must be an array, got {reader.DescribeValue()} ({reader.Where()})");
        }

        while (true)
        {
            reader.ReadRequired();
            if (reader.TokenType == JsonTokenType.EndArray)
            {
                return;
            }

            var error = default(PendingError);
            var container = ReadContainer(ref reader, context.Document.Containers.Count, context, ref error);
            if (error.HasValue)
            {
                throw new CliException($"{reader.FileName}: {error.Message}");
            }

            context.Document.Containers.Add(container!);
        }
    }

    private static void ReadTasks(ref StreamingJsonReader reader, Context context)
    {
        if (reader.TokenType != JsonTokenType.StartArray)
        {
            throw new CliException($"{reader.FileName}: 'tasks' must be an array, got {reader.DescribeValue()} ({reader.Where()})");
        }

        var taskNames = new HashSet<string>(StringComparer.Ordinal);
        while (true)
        {
            reader.ReadRequired();
            if (reader.TokenType == JsonTokenType.EndArray)
            {
                return;
            }

            var index = context.Document.Tasks.Count;
            var task = ReadTask(ref reader, index, context);
            if (!taskNames.Add(task.Name))
            {
                throw new CliException($"{reader.FileName}: task {JsonInput.Quote(task.Name)} appears more than once (the second is tasks[{index}], ending at {reader.Where()})");
            }

            context.Document.Tasks.Add(task);
            foreach (var container in task.Containers)
            {
                context.Document.TaskOfContainer.Add(container.Name, task.Name);
            }
        }
    }

    private static TaskSpec ReadTask(ref StreamingJsonReader reader, int index, Context context)
    {
        if (reader.TokenType != JsonTokenType.StartObject)
        {
            throw new CliException($"{reader.FileName}: tasks[{index}] must be an object, got {reader.DescribeValue()} ({reader.Where()})");
        }

        var start = reader.Position;
        var error = default(PendingError);
        var seen = 0;
        string? name = null;
        var containers = new List<ContainerSpec>();
        while (JsonInput.NextProperty(ref reader))
        {
            if (reader.ValueTextEquals("name"u8))
            {
                var first = JsonInput.FirstTime(ref seen, SeenName, "name", ref reader, ref error);
                reader.ReadRequired();
                var value = JsonInput.ReadName(ref reader, ref error);
                name = first ? value : name;
            }
            else if (reader.ValueTextEquals("containers"u8))
            {
                JsonInput.FirstTime(ref seen, SeenContainers, "containers", ref reader, ref error);
                reader.ReadRequired();
                if (reader.TokenType != JsonTokenType.StartArray)
                {
                    error.Record($"'containers' must be an array of containers, got {reader.DescribeValue()}", ref reader);
                    reader.SkipValue();
                    continue;
                }

                while (true)
                {
                    reader.ReadRequired();
                    if (reader.TokenType == JsonTokenType.EndArray)
                    {
                        break;
                    }

                    var container = ReadContainer(ref reader, containers.Count, context, ref error);
                    if (container is not null)
                    {
                        containers.Add(container);
                    }
                }
            }
            else
            {
                reader.ReadRequired();
                reader.SkipValue();
            }
        }

        if (!error.HasValue)
        {
            if ((seen & SeenName) == 0)
            {
                error.Record($"missing the required property 'name' (the object starts at {start})");
            }
            else if ((seen & SeenContainers) == 0 || containers.Count == 0)
            {
                error.Record($"a task needs a non-empty 'containers' array (the object starts at {start})");
            }
        }

        if (error.HasValue)
        {
            var what = name is null ? $"tasks[{index}]" : $"task {JsonInput.Quote(name)}";
            throw new CliException($"{reader.FileName}: {what}: {error.Message}");
        }

        return new TaskSpec(name!, containers);
    }

    /// <summary>
    /// Reads one container object. A problem is recorded in <paramref name="outer"/>, prefixed with the container's
    /// name (or <c>containers[index]</c> when it has none), and null is returned.
    /// </summary>
    private static ContainerSpec? ReadContainer(ref StreamingJsonReader reader, int index, Context context, ref PendingError outer)
    {
        if (reader.TokenType != JsonTokenType.StartObject)
        {
            outer.Record($"containers[{index}] must be an object, got {reader.DescribeValue()}", ref reader);
            reader.SkipValue();
            return null;
        }

        var start = reader.Position;
        var error = default(PendingError);
        var seen = 0;
        string? name = null;
        ResourceAmounts? requests = null;
        var hasLabels = false;
        var priority = 0;
        var scratch = context.Scratch;
        while (JsonInput.NextProperty(ref reader))
        {
            if (reader.ValueTextEquals("name"u8))
            {
                var first = JsonInput.FirstTime(ref seen, SeenName, "name", ref reader, ref error);
                reader.ReadRequired();
                var value = JsonInput.ReadName(ref reader, ref error);
                name = first ? value : name;
            }
            else if (reader.ValueTextEquals("requests"u8))
            {
                JsonInput.FirstTime(ref seen, SeenRequests, "requests", ref reader, ref error);
                reader.ReadRequired();
                requests = JsonInput.ReadAmounts(ref reader, "requests", "request", context.Dimensions, scratch.Amounts, ref error);
            }
            else if (reader.ValueTextEquals("labels"u8))
            {
                JsonInput.FirstTime(ref seen, SeenLabels, "labels", ref reader, ref error);
                reader.ReadRequired();
                hasLabels = JsonInput.ReadLabels(ref reader, context.Dimensions.Names, scratch.Labels, ref error);
            }
            else if (reader.ValueTextEquals("priority"u8))
            {
                JsonInput.FirstTime(ref seen, SeenPriority, "priority", ref reader, ref error);
                reader.ReadRequired();
                if (reader.TokenType != JsonTokenType.Number || !reader.TryGetInt32(out priority))
                {
                    error.Record($"'priority' must be an integer between {int.MinValue} and {int.MaxValue}, got {reader.DescribeValue()}", ref reader);
                    reader.SkipValue();
                }
            }
            else
            {
                reader.ReadRequired();
                reader.SkipValue();
            }
        }

        if (!error.HasValue)
        {
            if ((seen & SeenName) == 0)
            {
                error.Record($"missing the required property 'name' (the object starts at {start})");
            }
            else if (!context.ContainerNames.Add(name!))
            {
                outer.Record($"container {JsonInput.Quote(name!)} appears more than once (again at {start}); container names must be unique across 'containers' and all tasks");
                return null;
            }
        }

        if (error.HasValue)
        {
            var what = name is null ? $"containers[{index}]" : $"container {JsonInput.Quote(name)}";
            outer.Record($"{what}: {error.Message}");
            return null;
        }

        // ContainerSpec copies the labels, so the scratch map is reused for the next container. Without labels the
        // property is left alone: even an empty map would be copied.
        return hasLabels
            ? new ContainerSpec(name!, requests ?? ResourceAmounts.Empty) { Labels = scratch.Labels, Priority = priority }
            : new ContainerSpec(name!, requests ?? ResourceAmounts.Empty) { Priority = priority };
    }

    private sealed class Context(ResourceDimensions dimensions, WorkloadDocument document)
    {
        public ResourceDimensions Dimensions { get; } = dimensions;

        public WorkloadDocument Document { get; } = document;

        public HashSet<string> ContainerNames { get; } = new(StringComparer.Ordinal);

        public Scratch Scratch { get; } = new();
    }
}
