using System;
using System.Collections.Generic;
using System.IO;
using System.Text.Json;

namespace ContainerScheduling.Cli.Json;

/// <summary>
/// Reads a cluster file in one streaming pass:
/// <c>{"nodes":[{"name":"n1","capacity":{"cpu":64000,"memory":262144},"labels":{"zone":"a"},"taints":["gpu"],"maxContainers":110,"state":"ready"}]}</c>.
/// </summary>
/// <remarks>
/// <c>name</c> and <c>capacity</c> are required; <c>labels</c>, <c>taints</c>, <c>maxContainers</c> (an integer
/// from 0; default no limit) and <c>state</c> (<c>ready</c>, <c>cordoned</c> or <c>down</c>; default <c>ready</c>)
/// are optional. Unknown properties are
/// ignored, so files may carry extra data. Every capacity name becomes a cluster dimension.
/// </remarks>
internal static class ClusterReader
{
    private const string Example = "{\"nodes\": [{\"name\": \"n1\", \"capacity\": {\"cpu\": 64000}}]}";
    private const int SeenName = 1;
    private const int SeenCapacity = 2;
    private const int SeenLabels = 4;
    private const int SeenTaints = 8;
    private const int SeenState = 16;
    private const int SeenMaxContainers = 32;

    /// <summary>Reads a cluster file.</summary>
    public static ClusterDocument ReadFile(string path, ResourceDimensions dimensions)
    {
        using var stream = JsonInput.OpenRead(path, "cluster");
        return Read(stream, path, dimensions);
    }

    /// <summary>Reads a cluster document from a stream.</summary>
    /// <param name="stream">The JSON text.</param>
    /// <param name="fileName">The name used in messages.</param>
    /// <param name="dimensions">Receives every capacity name, in first-seen order.</param>
    /// <param name="bufferSize">The reader's initial buffer size.</param>
    public static ClusterDocument Read(Stream stream, string fileName, ResourceDimensions dimensions, int bufferSize = StreamingJsonReader.DefaultBufferSize)
    {
        var reader = new StreamingJsonReader(stream, fileName, bufferSize);
        JsonInput.ReadRootObject(ref reader, Example);
        var document = ReadObject(ref reader, dimensions);
        JsonInput.ReadEnd(ref reader);
        return document;
    }

    /// <summary>
    /// Reads a cluster object from its opening brace (the current token) through its closing brace: the body of a
    /// cluster file, or a cluster embedded in another document (a scenario).
    /// </summary>
    /// <param name="reader">Positioned on the object's <see cref="JsonTokenType.StartObject"/>.</param>
    /// <param name="dimensions">Receives every capacity name, in first-seen order.</param>
    public static ClusterDocument ReadObject(ref StreamingJsonReader reader, ResourceDimensions dimensions)
    {
        var document = new ClusterDocument();
        var sawNodes = false;
        while (JsonInput.NextProperty(ref reader))
        {
            if (reader.ValueTextEquals("nodes"u8))
            {
                if (sawNodes)
                {
                    throw new CliException($"{reader.FileName}: property 'nodes' appears more than once ({reader.Where()})");
                }

                sawNodes = true;
                reader.ReadRequired();
                ReadNodes(ref reader, document, dimensions);
            }
            else
            {
                reader.ReadRequired();
                reader.SkipValue();
            }
        }

        if (!sawNodes)
        {
            throw new CliException($"{reader.FileName}: missing the required property 'nodes' (expected {Example})");
        }

        return document;
    }

    private static void ReadNodes(ref StreamingJsonReader reader, ClusterDocument document, ResourceDimensions dimensions)
    {
        if (reader.TokenType != JsonTokenType.StartArray)
        {
            throw new CliException($"{reader.FileName}: 'nodes' must be an array, got {reader.DescribeValue()} ({reader.Where()})");
        }

        var names = new HashSet<string>(StringComparer.Ordinal);
        var scratch = new Scratch();
        while (true)
        {
            reader.ReadRequired();
            if (reader.TokenType == JsonTokenType.EndArray)
            {
                return;
            }

            var index = document.Nodes.Count;
            var (node, state) = ReadNode(ref reader, index, dimensions, scratch);
            if (!names.Add(node.Name))
            {
                throw new CliException($"{reader.FileName}: node {JsonInput.Quote(node.Name)} appears more than once (the second is nodes[{index}], ending at {reader.Where()})");
            }

            document.Nodes.Add(node);
            document.States.Add(state);
        }
    }

    /// <summary>Reads one node object (the current token) with its state; a problem fails with a message naming the node.</summary>
    /// <param name="reader">Positioned on the node's value.</param>
    /// <param name="index">The node's index in <c>nodes</c>, which names it in messages until its name is known; -1
    /// for a node on its own, which the reader's <see cref="StreamingJsonReader.Scope"/> names.</param>
    /// <param name="dimensions">Receives every capacity name, in first-seen order.</param>
    /// <param name="scratch">Collections reused from one node to the next.</param>
    public static (NodeSpec Node, NodeState State) ReadNode(
        ref StreamingJsonReader reader, int index, ResourceDimensions dimensions, Scratch scratch)
    {
        if (reader.TokenType != JsonTokenType.StartObject)
        {
            throw new CliException($"{reader.FileName}: {(index < 0 ? "a node" : $"nodes[{index}]")} must be an object, got {reader.DescribeValue()} ({reader.Where()})");
        }

        var start = reader.Position;
        var error = default(PendingError);
        var seen = 0;
        string? name = null;
        ResourceAmounts? capacity = null;
        var hasLabels = false;
        var hasTaints = false;
        var state = NodeState.Ready;
        int? maxContainers = null;
        while (JsonInput.NextProperty(ref reader))
        {
            if (reader.ValueTextEquals("name"u8))
            {
                var first = JsonInput.FirstTime(ref seen, SeenName, "name", ref reader, ref error);
                reader.ReadRequired();
                var value = JsonInput.ReadName(ref reader, ref error);
                name = first ? value : name;
            }
            else if (reader.ValueTextEquals("capacity"u8))
            {
                JsonInput.FirstTime(ref seen, SeenCapacity, "capacity", ref reader, ref error);
                reader.ReadRequired();
                capacity = JsonInput.ReadAmounts(ref reader, "capacity", "capacity", dimensions, scratch.Amounts, ref error);
            }
            else if (reader.ValueTextEquals("labels"u8))
            {
                JsonInput.FirstTime(ref seen, SeenLabels, "labels", ref reader, ref error);
                reader.ReadRequired();
                hasLabels = JsonInput.ReadLabels(ref reader, dimensions.Names, scratch.Labels, ref error);
            }
            else if (reader.ValueTextEquals("taints"u8))
            {
                JsonInput.FirstTime(ref seen, SeenTaints, "taints", ref reader, ref error);
                reader.ReadRequired();
                hasTaints = ReadTaints(ref reader, dimensions.Names, scratch.Taints, ref error);
            }
            else if (reader.ValueTextEquals("state"u8))
            {
                JsonInput.FirstTime(ref seen, SeenState, "state", ref reader, ref error);
                reader.ReadRequired();
                state = ReadState(ref reader, ref error);
            }
            else if (reader.ValueTextEquals("maxContainers"u8))
            {
                JsonInput.FirstTime(ref seen, SeenMaxContainers, "maxContainers", ref reader, ref error);
                reader.ReadRequired();
                if (reader.TokenType == JsonTokenType.Number && reader.TryGetInt32(out var limit) && limit >= 0)
                {
                    maxContainers = limit;
                }
                else
                {
                    error.Record($"'maxContainers' must be an integer from 0 to {int.MaxValue}, got {reader.DescribeValue()}", ref reader);
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
            else if ((seen & SeenCapacity) == 0)
            {
                error.Record($"missing the required property 'capacity', e.g. {{\"cpu\": 64000, \"memory\": 262144}} (the object starts at {start})");
            }
        }

        if (error.HasValue)
        {
            var what = name is not null ? $"node {JsonInput.Quote(name)}: " : index < 0 ? string.Empty : $"nodes[{index}]: ";
            throw new CliException($"{reader.FileName}: {what}{error.Message}");
        }

        // NodeSpec copies labels and taints, so the scratch collections are reused for the next node. Absent ones
        // are left alone: even an empty collection would be copied.
        var node = (hasLabels, hasTaints) switch
        {
            (true, true) => new NodeSpec(name!, capacity!) { Labels = scratch.Labels, Taints = scratch.Taints, MaxContainers = maxContainers },
            (true, false) => new NodeSpec(name!, capacity!) { Labels = scratch.Labels, MaxContainers = maxContainers },
            (false, true) => new NodeSpec(name!, capacity!) { Taints = scratch.Taints, MaxContainers = maxContainers },
            _ => new NodeSpec(name!, capacity!) { MaxContainers = maxContainers },
        };
        return (node, state);
    }

    private static bool ReadTaints(ref StreamingJsonReader reader, NameTable names, List<string> taints, ref PendingError error)
    {
        taints.Clear();
        if (reader.TokenType != JsonTokenType.StartArray)
        {
            error.Record($"'taints' must be an array of strings such as [\"gpu\"], got {reader.DescribeValue()}", ref reader);
            reader.SkipValue();
            return false;
        }

        while (true)
        {
            reader.ReadRequired();
            if (reader.TokenType == JsonTokenType.EndArray)
            {
                return true;
            }

            var taint = reader.TokenType == JsonTokenType.String ? reader.GetInternedString(names) : null;
            if (string.IsNullOrWhiteSpace(taint))
            {
                error.Record($"taints[{taints.Count}] must be a non-empty string, got {reader.DescribeValue()}", ref reader);
                reader.SkipValue();
                continue;
            }

            taints.Add(taint);
        }
    }

    private static NodeState ReadState(ref StreamingJsonReader reader, ref PendingError error)
    {
        if (reader.TokenType == JsonTokenType.String)
        {
            if (reader.ValueTextEquals("ready"u8))
            {
                return NodeState.Ready;
            }

            if (reader.ValueTextEquals("cordoned"u8))
            {
                return NodeState.Cordoned;
            }

            if (reader.ValueTextEquals("down"u8))
            {
                return NodeState.Down;
            }
        }

        error.Record($"'state' must be \"ready\", \"cordoned\" or \"down\", got {reader.DescribeValue()}", ref reader);
        reader.SkipValue();
        return NodeState.Ready;
    }
}
