using System;
using System.Collections.Generic;
using System.IO;
using System.Text.Json;

namespace ContainerScheduling.Cli.Json;

/// <summary>
/// Reads a workload file in one streaming pass:
/// <c>{"containers":[{"name":"c1","requests":{"cpu":500,"memory":1024},"labels":{"app":"web"},"priority":10}],
/// "tasks":[{"name":"t1","dependsOn":["t0"],"containers":[…]}]}</c>.
/// </summary>
/// <remarks>
/// <para>At least one of <c>containers</c> and <c>tasks</c> is required. A container needs a <c>name</c>;
/// <c>requests</c> (default: nothing), <c>labels</c> and an integer <c>priority</c> are optional. A task needs a
/// <c>name</c> and a non-empty <c>containers</c> array, and may list the tasks it waits for in <c>dependsOn</c>.
/// Container names are unique across the whole file, task names among tasks. Unknown properties are ignored. Every
/// request name becomes a cluster dimension.</para>
/// <para>A container may also carry placement rules (see <see cref="PlacementRuleReader"/> for their shapes):
/// <c>dependsOn</c> (container names), <c>nodeSelector</c> (label pairs) and <c>nodeSelectorTerms</c>
/// (requirements), merged into one node selector, <c>tolerations</c> (taint names), <c>affinity</c> and
/// <c>antiAffinity</c> (arrays of terms) and <c>spread</c> (a constraint or an array of them). A container without
/// them costs what it did before they existed: they are matched only after the common properties, and read into
/// reused scratch collections.</para>
/// </remarks>
internal static class WorkloadReader
{
    private const string Example = "{\"containers\": [{\"name\": \"c1\", \"requests\": {\"cpu\": 500}}]}";
    private const int SeenName = 1;
    private const int SeenRequests = 2;
    private const int SeenLabels = 4;
    private const int SeenPriority = 8;
    private const int SeenContainers = 16;
    private const int SeenDependsOn = 32;
    private const int SeenNodeSelector = 64;
    private const int SeenNodeSelectorTerms = 128;
    private const int SeenTolerations = 256;
    private const int SeenAffinity = 512;
    private const int SeenAntiAffinity = 1024;
    private const int SeenSpread = 2048;
    private const int SeenRules = SeenDependsOn | SeenNodeSelector | SeenNodeSelectorTerms | SeenTolerations | SeenAffinity | SeenAntiAffinity | SeenSpread;
    private const string ContainerNames = "container names such as [\"db\"]";

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
        JsonInput.ReadRootObject(ref reader, Example);
        var document = ReadObject(ref reader, dimensions);
        JsonInput.ReadEnd(ref reader);
        return document;
    }

    /// <summary>
    /// Reads a workload object from its opening brace (the current token) through its closing brace: the body of a
    /// workload file, or a workload embedded in another document (a scenario).
    /// </summary>
    /// <param name="reader">Positioned on the object's <see cref="JsonTokenType.StartObject"/>.</param>
    /// <param name="dimensions">Receives every request name not seen before, in first-seen order.</param>
    public static WorkloadDocument ReadObject(ref StreamingJsonReader reader, ResourceDimensions dimensions)
    {
        var document = new WorkloadDocument();
        var context = new Context(dimensions, document);
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
            throw new CliException($"{reader.FileName}: missing the property 'containers' (or 'tasks'); expected {Example}");
        }

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
            else if (reader.ValueTextEquals("dependsOn"u8))
            {
                JsonInput.FirstTime(ref seen, SeenDependsOn, "dependsOn", ref reader, ref error);
                reader.ReadRequired();
                PlacementRuleReader.ReadNames(ref reader, "dependsOn", "task names such as [\"db\"]", null, context.Scratch.TaskDependsOn, ref error);
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

        // TaskSpec copies the dependencies, so the scratch list is reused for the next task.
        return (seen & SeenDependsOn) == 0
            ? new TaskSpec(name!, containers)
            : new TaskSpec(name!, containers) { DependsOn = context.Scratch.TaskDependsOn };
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
            else if (!ReadRule(ref reader, context, ref seen, ref error))
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

        if ((seen & SeenRules) != 0)
        {
            return WithRules(name!, requests ?? ResourceAmounts.Empty, hasLabels, priority, seen, scratch);
        }

        // ContainerSpec copies the labels, so the scratch map is reused for the next container. Without labels the
        // property is left alone: even an empty map would be copied.
        return hasLabels
            ? new ContainerSpec(name!, requests ?? ResourceAmounts.Empty) { Labels = scratch.Labels, Priority = priority }
            : new ContainerSpec(name!, requests ?? ResourceAmounts.Empty) { Priority = priority };
    }

    /// <summary>
    /// Reads a placement rule when the current property names one; returns false (having read nothing) for any
    /// other property.
    /// </summary>
    private static bool ReadRule(ref StreamingJsonReader reader, Context context, ref int seen, ref PendingError error)
    {
        var scratch = context.Scratch;
        var names = context.Dimensions.Names;
        if (reader.ValueTextEquals("dependsOn"u8))
        {
            JsonInput.FirstTime(ref seen, SeenDependsOn, "dependsOn", ref reader, ref error);
            reader.ReadRequired();
            PlacementRuleReader.ReadNames(ref reader, "dependsOn", ContainerNames, null, scratch.DependsOn, ref error);
        }
        else if (reader.ValueTextEquals("nodeSelector"u8))
        {
            JsonInput.FirstTime(ref seen, SeenNodeSelector, "nodeSelector", ref reader, ref error);
            reader.ReadRequired();
            JsonInput.ReadLabels(ref reader, names, scratch.NodeSelector, new RulePath("nodeSelector"), ref error);
        }
        else if (reader.ValueTextEquals("nodeSelectorTerms"u8))
        {
            JsonInput.FirstTime(ref seen, SeenNodeSelectorTerms, "nodeSelectorTerms", ref reader, ref error);
            reader.ReadRequired();
            PlacementRuleReader.ReadRequirements(ref reader, new RulePath("nodeSelectorTerms"), names, scratch.NodeSelectorTerms, scratch.Values, ref error);
        }
        else if (reader.ValueTextEquals("tolerations"u8))
        {
            JsonInput.FirstTime(ref seen, SeenTolerations, "tolerations", ref reader, ref error);
            reader.ReadRequired();
            PlacementRuleReader.ReadNames(ref reader, "tolerations", "taint names such as [\"gpu\"]", names, scratch.Tolerations, ref error);
        }
        else if (reader.ValueTextEquals("affinity"u8))
        {
            JsonInput.FirstTime(ref seen, SeenAffinity, "affinity", ref reader, ref error);
            reader.ReadRequired();
            PlacementRuleReader.ReadAffinity(ref reader, "affinity", names, scratch, scratch.Affinity, ref error);
        }
        else if (reader.ValueTextEquals("antiAffinity"u8))
        {
            JsonInput.FirstTime(ref seen, SeenAntiAffinity, "antiAffinity", ref reader, ref error);
            reader.ReadRequired();
            PlacementRuleReader.ReadAffinity(ref reader, "antiAffinity", names, scratch, scratch.AntiAffinity, ref error);
        }
        else if (reader.ValueTextEquals("spread"u8))
        {
            JsonInput.FirstTime(ref seen, SeenSpread, "spread", ref reader, ref error);
            reader.ReadRequired();
            PlacementRuleReader.ReadSpread(ref reader, names, scratch, scratch.Spread, ref error);
        }
        else
        {
            return false;
        }

        return true;
    }

    /// <summary>Builds a container that has placement rules, from the scratch collections its rules were read into.</summary>
    private static ContainerSpec WithRules(string name, ResourceAmounts requests, bool hasLabels, int priority, int seen, Scratch scratch)
    {
        // A scratch collection still holds an earlier container's rule when this one lacks the property: the seen
        // bits say which collections are this container's.
        var nodeSelector = PlacementRuleReader.Selector(
            (seen & SeenNodeSelector) != 0 ? scratch.NodeSelector : null,
            (seen & SeenNodeSelectorTerms) != 0 ? scratch.NodeSelectorTerms : null);
        IReadOnlyList<string> dependsOn = (seen & SeenDependsOn) != 0 ? scratch.DependsOn : [];
        IReadOnlyList<string> tolerations = (seen & SeenTolerations) != 0 ? scratch.Tolerations : [];
        IReadOnlyList<AffinityTerm> affinity = (seen & SeenAffinity) != 0 ? scratch.Affinity : [];
        IReadOnlyList<AffinityTerm> antiAffinity = (seen & SeenAntiAffinity) != 0 ? scratch.AntiAffinity : [];
        IReadOnlyList<TopologySpreadConstraint> spread = (seen & SeenSpread) != 0 ? scratch.Spread : [];
        return hasLabels
            ? new ContainerSpec(name, requests)
            {
                Labels = scratch.Labels,
                Priority = priority,
                DependsOn = dependsOn,
                NodeSelector = nodeSelector,
                Tolerations = tolerations,
                Affinity = affinity,
                AntiAffinity = antiAffinity,
                TopologySpread = spread,
            }
            : new ContainerSpec(name, requests)
            {
                Priority = priority,
                DependsOn = dependsOn,
                NodeSelector = nodeSelector,
                Tolerations = tolerations,
                Affinity = affinity,
                AntiAffinity = antiAffinity,
                TopologySpread = spread,
            };
    }

    private sealed class Context(ResourceDimensions dimensions, WorkloadDocument document)
    {
        public ResourceDimensions Dimensions { get; } = dimensions;

        public WorkloadDocument Document { get; } = document;

        public HashSet<string> ContainerNames { get; } = new(StringComparer.Ordinal);

        public Scratch Scratch { get; } = new();
    }
}
