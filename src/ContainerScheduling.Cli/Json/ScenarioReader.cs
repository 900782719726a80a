using System;
using System.Collections.Generic;
using System.IO;
using System.Text.Json;
using ContainerScheduling.Cli.Scheduling;

namespace ContainerScheduling.Cli.Json;

/// <summary>
/// Reads a scenario file in one streaming pass and checks it before anything runs:
/// <c>{"cluster": {…}, "workload": {…}, "strategy": "best-fit", "events": [{"type": "nodeDown", "node": "n3"}, …]}</c>.
/// </summary>
/// <remarks>
/// <para><c>cluster</c> (required) and <c>workload</c> (optional) have the shapes of <c>place</c>'s two files and
/// are read by <see cref="ClusterReader"/> and <see cref="WorkloadReader"/> from the same reader, so every message
/// names the scenario file, the part of it (<c>events[3].workload</c>) and the line and column in the file. Optional:
/// <c>strategy</c> and <c>order</c> (the names <c>place</c> takes), <c>preemption</c> (true or false) and
/// <c>preemptionThreshold</c> (an integer), and <c>events</c>, an array of
/// <c>{"type": …}</c> objects: <c>nodeDown</c>, <c>nodeUp</c> and <c>drain</c> take <c>node</c> (a node's name);
/// <c>addNode</c> takes <c>node</c> (a node object as in the cluster, which starts ready); <c>removeContainer</c>
/// takes <c>container</c>; <c>submit</c> takes <c>workload</c> (as the initial one); <c>rebalance</c> takes
/// optional <c>maxMoves</c> (from 0; default 10), <c>maxMovesPerNode</c> (from 1) and <c>mode</c>
/// (<c>balance</c>, the default, or <c>pack</c>). Unknown properties are ignored, as in <c>place</c>'s files.</para>
/// <para>After reading, the events are played on names alone: every node an event names exists at that point (in
/// the cluster or added by an earlier event), an added node's name is new, a removed container is running or
/// pending at that point, and a submitted container or task name is not. Dependencies and cycles are checked by the
/// engine when the workload is submitted; either way a bad scenario fails before any output is written.</para>
/// </remarks>
internal static class ScenarioReader
{
    private const string Example =
        "{\"cluster\": {\"nodes\": [{\"name\": \"n1\", \"capacity\": {\"cpu\": 64000}}]}, \"workload\": {\"containers\": [{\"name\": \"c1\", \"requests\": {\"cpu\": 500}}]}, \"events\": [{\"type\": \"nodeDown\", \"node\": \"n1\"}]}";

    private const string EventExample = "{\"type\": \"nodeDown\", \"node\": \"n3\"}";
    private const string NodeExample = "{\"name\": \"n9\", \"capacity\": {\"cpu\": 64000}}";

    private const int SeenType = 1;
    private const int SeenNode = 2;
    private const int SeenContainer = 4;
    private const int SeenWorkload = 8;
    private const int SeenMaxMoves = 16;
    private const int SeenMaxMovesPerNode = 32;
    private const int SeenMode = 64;

    private const int SeenCluster = 1;
    private const int SeenInitialWorkload = 2;
    private const int SeenStrategy = 4;
    private const int SeenOrder = 8;
    private const int SeenPreemption = 16;
    private const int SeenPreemptionThreshold = 32;
    private const int SeenEvents = 64;

    /// <summary>Gets the event type names, in the order messages list them.</summary>
    internal static IReadOnlyList<string> EventTypes { get; } =
        [.. Array.ConvertAll(Enum.GetValues<ScenarioEventKind>(), ScenarioEvent.NameOf)];

    /// <summary>Reads and checks a scenario file.</summary>
    public static ScenarioDocument ReadFile(string path)
    {
        using var stream = JsonInput.OpenRead(path, "scenario");
        return Read(stream, path);
    }

    /// <summary>Reads and checks a scenario from a stream.</summary>
    /// <param name="stream">The JSON text.</param>
    /// <param name="fileName">The name used in messages.</param>
    /// <param name="bufferSize">The reader's initial buffer size.</param>
    public static ScenarioDocument Read(Stream stream, string fileName, int bufferSize = StreamingJsonReader.DefaultBufferSize)
    {
        var reader = new StreamingJsonReader(stream, fileName, bufferSize);
        var document = new ScenarioDocument();
        var clusterDimensions = new ResourceDimensions();
        var workloadDimensions = new ResourceDimensions();
        var eventDimensions = new List<ResourceDimensions>();
        JsonInput.ReadRootObject(ref reader, Example);
        var seen = 0;
        while (JsonInput.NextProperty(ref reader))
        {
            if (reader.ValueTextEquals("cluster"u8))
            {
                Once(ref seen, SeenCluster, "cluster", ref reader);
                reader.ReadRequired();
                RequireObject(ref reader, "cluster", "{\"nodes\": [...]}");
                reader.Scope = "cluster";
                document.Cluster = ClusterReader.ReadObject(ref reader, clusterDimensions);
                reader.Scope = null;
            }
            else if (reader.ValueTextEquals("workload"u8))
            {
                Once(ref seen, SeenInitialWorkload, "workload", ref reader);
                reader.ReadRequired();
                RequireObject(ref reader, "workload", "{\"containers\": [...], \"tasks\": [...]}");
                reader.Scope = "workload";
                document.Workload = WorkloadReader.ReadObject(ref reader, workloadDimensions);
                reader.Scope = null;
            }
            else if (reader.ValueTextEquals("strategy"u8))
            {
                Once(ref seen, SeenStrategy, "strategy", ref reader);
                reader.ReadRequired();
                document.Strategy = ReadChoice(ref reader, "strategy", "strategy", PlacementStrategies.Names);
            }
            else if (reader.ValueTextEquals("order"u8))
            {
                Once(ref seen, SeenOrder, "order", ref reader);
                reader.ReadRequired();
                document.Order = PolicyNames.ParseOrder(ReadChoice(ref reader, "order", "order", PolicyNames.Names));
            }
            else if (reader.ValueTextEquals("preemption"u8))
            {
                Once(ref seen, SeenPreemption, "preemption", ref reader);
                reader.ReadRequired();
                document.Preemption = reader.TokenType switch
                {
                    JsonTokenType.True => true,
                    JsonTokenType.False => false,
                    _ => throw Problem(ref reader, "preemption", $"must be true or false, got {reader.DescribeValue()}"),
                };
            }
            else if (reader.ValueTextEquals("preemptionThreshold"u8))
            {
                Once(ref seen, SeenPreemptionThreshold, "preemptionThreshold", ref reader);
                reader.ReadRequired();
                document.PreemptionThreshold = ReadInt32(ref reader, "preemptionThreshold", int.MinValue);
            }
            else if (reader.ValueTextEquals("events"u8))
            {
                Once(ref seen, SeenEvents, "events", ref reader);
                reader.ReadRequired();
                ReadEvents(ref reader, document, eventDimensions);
            }
            else
            {
                reader.ReadRequired();
                reader.SkipValue();
            }
        }

        if ((seen & SeenCluster) == 0)
        {
            throw new CliException($"{fileName}: missing the required property 'cluster' (expected {Example})");
        }

        JsonInput.ReadEnd(ref reader);
        document.Dimensions = Merge(clusterDimensions, workloadDimensions, eventDimensions);
        CheckNames(document, fileName);
        return document;
    }

    private static void ReadEvents(ref StreamingJsonReader reader, ScenarioDocument document, List<ResourceDimensions> dimensions)
    {
        if (reader.TokenType != JsonTokenType.StartArray)
        {
            throw new CliException($"{reader.FileName}: 'events' must be an array of events such as {EventExample}, got {reader.DescribeValue()} ({reader.Where()})");
        }

        var scratch = new Scratch();
        while (true)
        {
            reader.ReadRequired();
            if (reader.TokenType == JsonTokenType.EndArray)
            {
                return;
            }

            var eventDimensions = new ResourceDimensions();
            document.Events.Add(ReadEvent(ref reader, document.Events.Count, eventDimensions, scratch));
            dimensions.Add(eventDimensions);
        }
    }

    private static ScenarioEvent ReadEvent(ref StreamingJsonReader reader, int index, ResourceDimensions dimensions, Scratch scratch)
    {
        var path = $"events[{index}]";
        if (reader.TokenType != JsonTokenType.StartObject)
        {
            throw new CliException($"{reader.FileName}: {path} must be an object such as {EventExample}, got {reader.DescribeValue()} ({reader.Where()})");
        }

        var scenarioEvent = new ScenarioEvent { Index = index, Start = reader.Position };
        var seen = 0;
        var nodeIsObject = false;
        var addedState = NodeState.Ready;
        int? maxMoves = null;
        int? maxMovesPerNode = null;
        var mode = RebalanceMode.Balance;
        while (JsonInput.NextProperty(ref reader))
        {
            if (reader.ValueTextEquals("type"u8))
            {
                OnceIn(ref seen, SeenType, path, "type", ref reader);
                reader.ReadRequired();
                var kind = KindOf(ref reader);
                if (kind is null)
                {
                    throw Problem(ref reader, $"{path}.type", $"unknown event type {reader.DescribeValue()}; expected one of: {string.Join(", ", EventTypes)}");
                }

                scenarioEvent.Kind = kind.Value;
                scenarioEvent.Type = ScenarioEvent.NameOf(kind.Value);
            }
            else if (reader.ValueTextEquals("node"u8))
            {
                OnceIn(ref seen, SeenNode, path, "node", ref reader);
                reader.ReadRequired();
                scenarioEvent.NodePosition = reader.Position;
                if (reader.TokenType == JsonTokenType.StartObject)
                {
                    if ((seen & SeenType) != 0 && scenarioEvent.Kind != ScenarioEventKind.AddNode)
                    {
                        throw NodeNameExpected(ref reader, path, scenarioEvent.Type);
                    }

                    nodeIsObject = true;
                    reader.Scope = $"{path}.node";
                    var (node, state) = ClusterReader.ReadNode(ref reader, -1, dimensions, scratch);
                    reader.Scope = null;
                    scenarioEvent.NewNode = node;
                    scenarioEvent.Node = node.Name;
                    addedState = state;
                }
                else if (reader.TokenType == JsonTokenType.String)
                {
                    if ((seen & SeenType) != 0 && scenarioEvent.Kind == ScenarioEventKind.AddNode)
                    {
                        throw NodeObjectExpected(ref reader, path);
                    }

                    scenarioEvent.Node = ReadName(ref reader, $"{path}.node", "a node name such as \"n3\"");
                }
                else
                {
                    throw (seen & SeenType) != 0 && scenarioEvent.Kind == ScenarioEventKind.AddNode
                        ? NodeObjectExpected(ref reader, path)
                        : NodeNameExpected(ref reader, path, (seen & SeenType) != 0 ? scenarioEvent.Type : null);
                }
            }
            else if (reader.ValueTextEquals("container"u8))
            {
                OnceIn(ref seen, SeenContainer, path, "container", ref reader);
                reader.ReadRequired();
                scenarioEvent.ContainerPosition = reader.Position;
                scenarioEvent.Container = ReadName(ref reader, $"{path}.container", "a container name such as \"c1\"");
            }
            else if (reader.ValueTextEquals("workload"u8))
            {
                OnceIn(ref seen, SeenWorkload, path, "workload", ref reader);
                reader.ReadRequired();
                RequireObject(ref reader, $"{path}.workload", "{\"containers\": [...], \"tasks\": [...]}");
                reader.Scope = $"{path}.workload";
                scenarioEvent.Workload = WorkloadReader.ReadObject(ref reader, dimensions);
                reader.Scope = null;
            }
            else if (reader.ValueTextEquals("maxMoves"u8))
            {
                OnceIn(ref seen, SeenMaxMoves, path, "maxMoves", ref reader);
                reader.ReadRequired();
                maxMoves = ReadInt32(ref reader, $"{path}.maxMoves", 0);
            }
            else if (reader.ValueTextEquals("maxMovesPerNode"u8))
            {
                OnceIn(ref seen, SeenMaxMovesPerNode, path, "maxMovesPerNode", ref reader);
                reader.ReadRequired();
                maxMovesPerNode = ReadInt32(ref reader, $"{path}.maxMovesPerNode", 1);
            }
            else if (reader.ValueTextEquals("mode"u8))
            {
                OnceIn(ref seen, SeenMode, path, "mode", ref reader);
                reader.ReadRequired();
                mode = ReadChoice(ref reader, $"{path}.mode", "mode", ["balance", "pack"]) == "pack" ? RebalanceMode.Pack : RebalanceMode.Balance;
            }
            else
            {
                reader.ReadRequired();
                reader.SkipValue();
            }
        }

        var start = scenarioEvent.Start;
        if ((seen & SeenType) == 0)
        {
            throw new CliException(
                $"{reader.FileName}: {path}: missing the required property 'type' (one of: {string.Join(", ", EventTypes)}; the object starts at {start})");
        }

        var type = scenarioEvent.Type;
        switch (scenarioEvent.Kind)
        {
            case ScenarioEventKind.NodeDown or ScenarioEventKind.NodeUp or ScenarioEventKind.Drain:
                if ((seen & SeenNode) == 0)
                {
                    throw new CliException($"{reader.FileName}: {path}: a {type} event needs 'node', the name of a node (the object starts at {start})");
                }

                if (nodeIsObject)
                {
                    throw new CliException(
                        $"{reader.FileName}: {path}.node: a {type} event takes the name of a node such as \"n3\", got an object ({scenarioEvent.NodePosition})");
                }

                break;
            case ScenarioEventKind.AddNode:
                if ((seen & SeenNode) == 0)
                {
                    throw new CliException($"{reader.FileName}: {path}: an addNode event needs 'node', a node object such as {NodeExample} (the object starts at {start})");
                }

                if (!nodeIsObject)
                {
                    throw new CliException(
                        $"{reader.FileName}: {path}.node: an addNode event takes a node object such as {NodeExample}, got the name \"{JsonInput.Escape(scenarioEvent.Node!)}\" ({scenarioEvent.NodePosition})");
                }

                if (addedState != NodeState.Ready)
                {
                    throw new CliException(
                        $"{reader.FileName}: {path}.node: an added node starts ready, so its 'state' may only be \"ready\"; follow the addNode with a nodeDown or drain event instead ({scenarioEvent.NodePosition})");
                }

                break;
            case ScenarioEventKind.RemoveContainer:
                if ((seen & SeenContainer) == 0)
                {
                    throw new CliException($"{reader.FileName}: {path}: a removeContainer event needs 'container', the name of a container (the object starts at {start})");
                }

                break;
            case ScenarioEventKind.Submit:
                if ((seen & SeenWorkload) == 0)
                {
                    throw new CliException(
                        $"{reader.FileName}: {path}: a submit event needs 'workload', an object such as {{\"containers\": [...]}} (the object starts at {start})");
                }

                break;
            case ScenarioEventKind.Rebalance:
                scenarioEvent.Rebalance = new RebalanceOptions
                {
                    MaxMoves = maxMoves ?? new RebalanceOptions().MaxMoves,
                    MaxMovesPerNode = maxMovesPerNode,
                    Mode = mode,
                };
                break;
        }

        return scenarioEvent;
    }

    /// <summary>
    /// Plays the events on names alone, so that a scenario naming a node or container that is not there at that point
    /// fails before anything runs, with the event and the field.
    /// </summary>
    private static void CheckNames(ScenarioDocument document, string fileName)
    {
        var nodes = new HashSet<string>(StringComparer.Ordinal);
        foreach (var node in document.Cluster.Nodes)
        {
            nodes.Add(node.Name);
        }

        var live = new Dictionary<string, string?>(StringComparer.Ordinal);
        var tasks = new Dictionary<string, int>(StringComparer.Ordinal);
        var removedBy = new Dictionary<string, int>(StringComparer.Ordinal);
        Admit(document.Workload, live, tasks, null, fileName);
        foreach (var scenarioEvent in document.Events)
        {
            var path = scenarioEvent.Path;
            switch (scenarioEvent.Kind)
            {
                case ScenarioEventKind.NodeDown or ScenarioEventKind.NodeUp or ScenarioEventKind.Drain:
                    if (!nodes.Contains(scenarioEvent.Node!))
                    {
                        throw new CliException(
                            $"{fileName}: {path}.node: no node is named {JsonInput.Quote(scenarioEvent.Node!)} at this point (the cluster's nodes and those added by earlier events) ({scenarioEvent.NodePosition})");
                    }

                    break;
                case ScenarioEventKind.AddNode:
                    if (!nodes.Add(scenarioEvent.Node!))
                    {
                        throw new CliException(
                            $"{fileName}: {path}.node: a node named {JsonInput.Quote(scenarioEvent.Node!)} already exists; node names must be unique ({scenarioEvent.NodePosition})");
                    }

                    break;
                case ScenarioEventKind.RemoveContainer:
                    var container = scenarioEvent.Container!;
                    if (!live.Remove(container, out var task))
                    {
                        var removed = removedBy.TryGetValue(container, out var by) ? $"; events[{by}] removed it" : string.Empty;
                        throw new CliException(
                            $"{fileName}: {path}.container: no container named {JsonInput.Quote(container)} is running or pending at this point{removed} ({scenarioEvent.ContainerPosition})");
                    }

                    removedBy[container] = scenarioEvent.Index;
                    if (task is not null && --tasks[task] == 0)
                    {
                        tasks.Remove(task);
                    }

                    break;
                case ScenarioEventKind.Submit:
                    Admit(scenarioEvent.Workload!, live, tasks, scenarioEvent, fileName);
                    break;
            }
        }
    }

    /// <summary>Records a submitted workload's names as running or pending, failing when one of them already is.</summary>
    private static void Admit(WorkloadDocument workload, Dictionary<string, string?> live, Dictionary<string, int> tasks, ScenarioEvent? by, string fileName)
    {
        var where = by is null ? "workload" : $"{by.Path}.workload";
        var starts = by is null ? string.Empty : $" (the event starts at {by.Start})";
        foreach (var task in workload.Tasks)
        {
            if (tasks.ContainsKey(task.Name))
            {
                throw new CliException(
                    $"{fileName}: {where}: task {JsonInput.Quote(task.Name)} is already running or pending (submitted earlier; remove all its containers first){starts}");
            }
        }

        foreach (var container in workload.Containers)
        {
            if (!live.TryAdd(container.Name, null))
            {
                throw AlreadyThere(fileName, where, container.Name, starts);
            }
        }

        foreach (var task in workload.Tasks)
        {
            foreach (var container in task.Containers)
            {
                if (!live.TryAdd(container.Name, task.Name))
                {
                    throw AlreadyThere(fileName, where, container.Name, starts);
                }
            }

            tasks.Add(task.Name, task.Containers.Count);
        }

        static CliException AlreadyThere(string fileName, string where, string name, string starts) =>
            new($"{fileName}: {where}: container {JsonInput.Quote(name)} is already running or pending (submitted earlier and not removed){starts}");
    }

    private static ResourceDimensions Merge(ResourceDimensions cluster, ResourceDimensions workload, List<ResourceDimensions> events)
    {
        var merged = new ResourceDimensions();
        foreach (var name in cluster.InOrder)
        {
            merged.Add(name);
        }

        foreach (var name in workload.InOrder)
        {
            merged.Add(name);
        }

        foreach (var dimensions in events)
        {
            foreach (var name in dimensions.InOrder)
            {
                merged.Add(name);
            }
        }

        return merged;
    }

    private static ScenarioEventKind? KindOf(ref StreamingJsonReader reader)
    {
        if (reader.TokenType != JsonTokenType.String)
        {
            return null;
        }

        var type = reader.GetString();
        foreach (var kind in Enum.GetValues<ScenarioEventKind>())
        {
            if (string.Equals(type, ScenarioEvent.NameOf(kind), StringComparison.Ordinal))
            {
                return kind;
            }
        }

        return null;
    }

    private static string ReadName(ref StreamingJsonReader reader, string path, string expected)
    {
        var name = reader.TokenType == JsonTokenType.String ? reader.GetString() : null;
        if (string.IsNullOrWhiteSpace(name))
        {
            throw Problem(ref reader, path, $"must be {expected}, got {reader.DescribeValue()}");
        }

        return name;
    }

    private static string ReadChoice(ref StreamingJsonReader reader, string path, string what, IReadOnlyList<string> choices)
    {
        if (reader.TokenType == JsonTokenType.String)
        {
            var value = reader.GetString();
            foreach (var choice in choices)
            {
                if (string.Equals(choice, value, StringComparison.Ordinal))
                {
                    return choice;
                }
            }
        }

        throw Problem(ref reader, path, $"unknown {what} {reader.DescribeValue()}; expected one of: {string.Join(", ", choices)}");
    }

    private static int ReadInt32(ref StreamingJsonReader reader, string path, int minimum)
    {
        if (reader.TokenType == JsonTokenType.Number && reader.TryGetInt32(out var value) && value >= minimum)
        {
            return value;
        }

        throw Problem(ref reader, path, $"must be an integer from {minimum} to {int.MaxValue}, got {reader.DescribeValue()}");
    }

    private static void RequireObject(ref StreamingJsonReader reader, string path, string example)
    {
        if (reader.TokenType != JsonTokenType.StartObject)
        {
            throw Problem(ref reader, path, $"must be an object such as {example}, got {reader.DescribeValue()}");
        }
    }

    private static CliException NodeNameExpected(ref StreamingJsonReader reader, string path, string? type) =>
        Problem(ref reader, $"{path}.node", $"{(type is null ? "must be" : $"a {type} event takes")} the name of a node such as \"n3\", got {reader.DescribeValue()}");

    private static CliException NodeObjectExpected(ref StreamingJsonReader reader, string path) =>
        Problem(ref reader, $"{path}.node", $"an addNode event takes a node object such as {NodeExample}, got {reader.DescribeValue()}");

    /// <summary>A problem with the value at the reader's current token: <c>file: path: problem (line L, column C)</c>.</summary>
    private static CliException Problem(ref StreamingJsonReader reader, string path, string problem) =>
        new($"{reader.FileName}: {path}: {problem} ({reader.Where()})");

    private static void Once(ref int seen, int bit, string property, ref StreamingJsonReader reader)
    {
        if ((seen & bit) != 0)
        {
            throw new CliException($"{reader.FileName}: property '{property}' appears more than once ({reader.Where()})");
        }

        seen |= bit;
    }

    private static void OnceIn(ref int seen, int bit, string path, string property, ref StreamingJsonReader reader)
    {
        if ((seen & bit) != 0)
        {
            throw new CliException($"{reader.FileName}: {path}: property '{property}' appears more than once ({reader.Where()})");
        }

        seen |= bit;
    }
}
