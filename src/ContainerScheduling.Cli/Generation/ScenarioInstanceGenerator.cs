using System;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Text.Json;
using static ContainerScheduling.Cli.Generation.InstanceGenerator;

namespace ContainerScheduling.Cli.Generation;

/// <summary>
/// Writes a reproducible what-if scenario (the input of <c>csched scenario</c>): a cluster of the generator's
/// CPU node shapes over three zones; a workload of plain containers with priorities (70% at 0, 20% at 1–3, 10% at
/// 4–6) and tasks of two or three replicas that keep apart (anti-affinity per node), together asking about
/// <c>fill</c> of the cluster's cpu and memory (disk half of that); then events: three node failures, a burst of priority-10 work that only fits
/// by preempting, one node back, two removals, a node added, a drain and a rebalance of at most 15 moves.
/// </summary>
internal sealed class ScenarioInstanceGenerator
{
    private const int Burst = 8;

    private readonly int _nodes;
    private readonly int _containers;
    private readonly double _fill;
    private readonly Random _random;

    public ScenarioInstanceGenerator(int nodes, int containers, int seed, double fill)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(nodes, 5);
        _nodes = nodes;
        _containers = containers;
        _fill = fill;
        _random = new Random(seed);
    }

    /// <summary>Gets the containers written, burst included, known once <see cref="Write"/> has run.</summary>
    public int ContainerCount { get; private set; }

    /// <summary>Writes the scenario as indented JSON.</summary>
    public void Write(Stream stream)
    {
        // Only the CPU shapes: GPU nodes would be tainted and idle, which a what-if of failures does not need.
        var shapes = NodeShapes.Where(shape => shape.Capacity[3] == 0).ToArray();
        var requests = ContainerShapes.Where(shape => shape.Request[3] == 0).ToArray();
        var nodeShape = new int[_nodes];
        var capacity = new long[Dimensions];
        for (var i = 0; i < _nodes; i++)
        {
            nodeShape[i] = Pick(_random, shapes.AsSpan(), static shape => shape.Weight);
            Add(capacity, shapes[nodeShape[i]].Capacity);
        }

        var containerShape = new int[_containers];
        var demand = new long[Dimensions];
        for (var i = 0; i < _containers; i++)
        {
            containerShape[i] = Pick(_random, requests.AsSpan(), static shape => shape.Weight);
            Add(demand, requests[containerShape[i]].Request);
        }

        // Per dimension, the factor that makes the total request the fill of the capacity (disk half of it).
        var scale = Scale(capacity, demand, _fill);
        var digits = new string('0', Math.Max(2, (_nodes - 1).ToString(CultureInfo.InvariantCulture).Length));
        string NodeName(int i) => $"n{i.ToString(digits, CultureInfo.InvariantCulture)}";

        using var json = new Utf8JsonWriter(stream, new JsonWriterOptions { Indented = true });
        json.WriteStartObject();
        json.WriteString("strategy", "best-fit");
        json.WriteStartObject("cluster");
        json.WriteStartArray("nodes");
        for (var i = 0; i < _nodes; i++)
        {
            WriteNode(json, NodeName(i), shapes[nodeShape[i]].Capacity, Zones[i % Zones.Length]);
        }

        json.WriteEndArray();
        json.WriteEndObject();

        json.WriteStartObject("workload");
        json.WriteStartArray("containers");
        var request = new long[Dimensions];
        var plain = _containers - (_containers / 10);
        for (var i = 0; i < plain; i++)
        {
            var (app, baseRequest, _) = requests[containerShape[i]];
            Jitter(_random, baseRequest, scale, request);
            WriteContainer(json, $"c{i:0000}", request, app, Priority(), null);
        }

        json.WriteEndArray();
        json.WriteStartArray("tasks");
        for (int i = plain, t = 0; i < _containers; t++)
        {
            var task = $"t{t:000}";
            var size = Math.Min(_random.Next(2, 4), _containers - i);
            var priority = Priority();
            json.WriteStartObject();
            json.WriteString("name", task);
            json.WriteStartArray("containers");
            for (var r = 0; r < size; r++, i++)
            {
                var (app, baseRequest, _) = requests[containerShape[i]];
                Jitter(_random, baseRequest, scale, request);
                WriteContainer(json, $"{task}-r{r}", request, app, priority, task);
            }

            json.WriteEndArray();
            json.WriteEndObject();
        }

        json.WriteEndArray();
        json.WriteEndObject();

        var failed = Enumerable.Range(0, _nodes).OrderBy(_ => _random.Next()).Take(4).ToArray();
        json.WriteStartArray("events");
        for (var f = 0; f < 3; f++)
        {
            Event(json, "nodeDown", "node", NodeName(failed[f]));
        }

        // Urgent work, each as large as half the biggest machine's cpu: with three nodes down it fits only by preempting.
        var biggest = shapes.Max(shape => shape.Capacity[0]);
        json.WriteStartObject();
        json.WriteString("type", "submit");
        json.WriteStartObject("workload");
        json.WriteStartArray("containers");
        for (var b = 0; b < Burst; b++)
        {
            WriteContainer(json, $"vip{b}", [biggest / 2, 8_192, 10_240, 0], "vip", 10, null);
        }

        json.WriteEndArray();
        json.WriteEndObject();
        json.WriteEndObject();

        Event(json, "nodeUp", "node", NodeName(failed[0]));
        Event(json, "removeContainer", "container", "c0000");
        Event(json, "removeContainer", "container", $"c{plain / 2:0000}");
        json.WriteStartObject();
        json.WriteString("type", "addNode");
        json.WriteStartObject("node");
        json.WriteString("name", "n-new");
        WriteAmounts(json, "capacity", shapes[0].Capacity);
        json.WriteEndObject();
        json.WriteEndObject();
        Event(json, "drain", "node", NodeName(failed[3]));
        json.WriteStartObject();
        json.WriteString("type", "rebalance");
        json.WriteNumber("maxMoves", 15);
        json.WriteEndObject();
        json.WriteEndArray();
        json.WriteEndObject();
        ContainerCount = _containers + Burst;
    }

    private int Priority()
    {
        var roll = _random.Next(10);
        return roll < 7 ? 0 : roll < 9 ? _random.Next(1, 4) : _random.Next(4, 7);
    }

    private static void Event(Utf8JsonWriter json, string type, string field, string value)
    {
        json.WriteStartObject();
        json.WriteString("type", type);
        json.WriteString(field, value);
        json.WriteEndObject();
    }

    private static void WriteNode(Utf8JsonWriter json, string name, long[] capacity, string zone)
    {
        json.WriteStartObject();
        json.WriteString("name", name);
        WriteAmounts(json, "capacity", capacity);
        json.WriteStartObject("labels");
        json.WriteString("zone", zone);
        json.WriteEndObject();
        json.WriteEndObject();
    }

    private static void WriteContainer(Utf8JsonWriter json, string name, long[] request, string app, int priority, string? task)
    {
        json.WriteStartObject();
        json.WriteString("name", name);
        WriteAmounts(json, "requests", request);
        json.WriteStartObject("labels");
        json.WriteString("app", app);
        if (task is not null)
        {
            json.WriteString("task", task);
        }

        json.WriteEndObject();
        if (priority != 0)
        {
            json.WriteNumber("priority", priority);
        }

        if (task is not null)
        {
            // The replicas of a task keep to different nodes.
            json.WriteStartArray("antiAffinity");
            json.WriteStartObject();
            json.WriteStartObject("labels");
            json.WriteString("task", task);
            json.WriteEndObject();
            json.WriteString("topologyKey", "node");
            json.WriteEndObject();
            json.WriteEndArray();
        }

        json.WriteEndObject();
    }

    private static void WriteAmounts(Utf8JsonWriter json, string property, long[] amounts)
    {
        string[] names = [ResourceNames.Cpu, ResourceNames.Memory, ResourceNames.Disk, ResourceNames.Gpu];
        json.WriteStartObject(property);
        for (var d = 0; d < names.Length; d++)
        {
            if (amounts[d] != 0)
            {
                json.WriteNumber(names[d], amounts[d]);
            }
        }

        json.WriteEndObject();
    }
}
