using System;
using System.Globalization;
using System.IO;
using System.Text;
using static ContainerScheduling.Cli.Generation.InstanceGenerator;

namespace ContainerScheduling.Cli.Generation;

/// <summary>
/// Writes a reproducible random cluster and a workload of tasks with dependency graphs and placement rules (the
/// input of <c>csched place</c>): the node shapes and container sizes of <see cref="InstanceGenerator"/>, with nodes
/// labelled <c>zone</c> (a/b/c) and <c>rack</c> (r0..r9), about 10% tainted <c>gpu</c> and 20% limited by
/// <c>maxContainers</c>; tasks of 1 to 6 containers with acyclic dependencies, some depending on earlier tasks,
/// and containers drawing node selectors, tolerations, affinity, anti-affinity and spread constraints at random.
/// One JSON object per line (a node, a task).
/// </summary>
/// <remarks>
/// Containers are labelled <c>app</c> (their size shape and one of 16 services, e.g. <c>web-s3</c>) and
/// <c>task</c>. Affinity points at an earlier container of the same task (its labels, per node or zone),
/// anti-affinity and spread at the container's own <c>app</c> (anti-affinity per node or rack, spread per zone
/// with a max skew of 1 or 2). Containers that ask for GPUs tolerate the <c>gpu</c> taint; 15% of the others do too.
/// Dependencies only point backwards, so the graphs are acyclic.
/// </remarks>
internal sealed class TaskInstanceGenerator
{
    private const int MaxTaskSize = 6;
    private const int Racks = 10;
    private const int Services = 16;
    private const int GpuDimension = 3;

    private readonly int _nodes;
    private readonly int _tasks;
    private readonly double _fill;
    private readonly Random _random;

    /// <summary>The most tasks one run writes (up to six containers each).</summary>
    public const int MaxTasks = 10_000_000;

    public TaskInstanceGenerator(int nodes, int tasks, int seed, double fill)
    {
        ArgumentOutOfRangeException.ThrowIfGreaterThan(tasks, MaxTasks);
        _nodes = nodes;
        _tasks = tasks;
        _fill = fill;
        _random = new Random(seed);
    }

    /// <summary>Gets the number of containers written, known once <see cref="Write"/> has run.</summary>
    public long ContainerCount { get; private set; }

    /// <summary>Writes the cluster to one stream and the workload to the other.</summary>
    public void Write(Stream cluster, Stream workload)
    {
        var capacity = new long[Dimensions];
        var nodeShape = new int[_nodes];
        for (var i = 0; i < _nodes; i++)
        {
            nodeShape[i] = Pick(_random, NodeShapes.AsSpan(), static shape => shape.Weight);
            Add(capacity, NodeShapes[nodeShape[i]].Capacity);
        }

        // Sizes and shapes first, so that requests can be scaled to the fill before anything is written.
        var taskSize = new byte[_tasks];
        var containerShape = new byte[_tasks * MaxTaskSize];
        var demand = new long[Dimensions];
        var count = 0;
        for (var t = 0; t < _tasks; t++)
        {
            taskSize[t] = (byte)_random.Next(1, MaxTaskSize + 1);
            for (var c = 0; c < taskSize[t]; c++, count++)
            {
                containerShape[count] = (byte)Pick(_random, ContainerShapes.AsSpan(), static shape => shape.Weight);
                Add(demand, ContainerShapes[containerShape[count]].Request);
            }
        }

        ContainerCount = count;
        WriteCluster(cluster, nodeShape);
        WriteWorkload(workload, taskSize, containerShape, Scale(capacity, demand, _fill));
    }

    private void WriteCluster(Stream stream, int[] nodeShape)
    {
        using var writer = Writer(stream);
        var digits = Digits(_nodes);
        writer.Write("{\"nodes\": [\n");
        var line = new StringBuilder();
        for (var i = 0; i < _nodes; i++)
        {
            var (shape, capacity, _) = NodeShapes[nodeShape[i]];
            line.Clear();
            line.Append(CultureInfo.InvariantCulture, $"{{\"name\": \"node-{i.ToString(digits, CultureInfo.InvariantCulture)}\", \"capacity\": {Amounts(capacity, null)}, ");
            line.Append(CultureInfo.InvariantCulture, $"\"labels\": {{\"zone\": \"{Zones[i % Zones.Length]}\", \"rack\": \"r{_random.Next(Racks)}\", \"shape\": \"{shape}\"}}");

            // GPU nodes (5%) and as many others are tainted: only containers that tolerate it run there.
            if (shape == "gpu" || _random.Next(100) < 5)
            {
                line.Append(", \"taints\": [\"gpu\"]");
            }

            if (_random.Next(5) == 0)
            {
                line.Append(CultureInfo.InvariantCulture, $", \"maxContainers\": {_random.Next(2, 9)}");
            }

            if (_random.Next(100) == 0)
            {
                line.Append(", \"state\": \"cordoned\"");
            }

            writer.Write(line.Append('}').Append(i + 1 < _nodes ? ",\n" : "\n"));
        }

        writer.Write("]}\n");
    }

    private void WriteWorkload(Stream stream, byte[] taskSize, byte[] containerShape, double[] scale)
    {
        using var writer = Writer(stream);
        var digits = Digits(_tasks);
        var request = new long[Dimensions];
        var apps = new string[MaxTaskSize];
        var names = new string[MaxTaskSize];
        var line = new StringBuilder();
        var first = 0;
        writer.Write("{\"tasks\": [\n");
        for (var t = 0; t < _tasks; t++)
        {
            var task = TaskName(t, digits);
            line.Clear();
            line.Append(CultureInfo.InvariantCulture, $"{{\"name\": \"{task}\"");
            if (t > 0 && _random.Next(100) < 30)
            {
                var a = _random.Next(t);
                var b = _random.Next(t);
                line.Append(CultureInfo.InvariantCulture, $", \"dependsOn\": [\"{TaskName(a, digits)}\"");
                if (b != a && _random.Next(2) == 0)
                {
                    line.Append(CultureInfo.InvariantCulture, $", \"{TaskName(b, digits)}\"");
                }

                line.Append(']');
            }

            line.Append(", \"containers\": [");
            var service = string.Create(CultureInfo.InvariantCulture, $"s{_random.Next(Services)}");
            for (var c = 0; c < taskSize[t]; c++)
            {
                var (shape, baseRequest, _) = ContainerShapes[containerShape[first + c]];
                Jitter(_random, baseRequest, scale, request);
                apps[c] = $"{shape}-{service}";
                names[c] = string.Create(CultureInfo.InvariantCulture, $"{task}-{c}-{shape}");
                line.Append(c == 0 ? string.Empty : ", ");
                line.Append(CultureInfo.InvariantCulture, $"{{\"name\": \"{names[c]}\", \"requests\": {Amounts(request, 0)}, \"labels\": {Labels(apps[c], task)}");
                AppendRules(line, c, request[GpuDimension] > 0, apps, names, task);
                line.Append('}');
            }

            first += taskSize[t];
            writer.Write(line.Append("]}").Append(t + 1 < _tasks ? ",\n" : "\n"));
        }

        writer.Write("]}\n");
    }

    /// <summary>Appends the random rules of container <paramref name="c"/> of a task.</summary>
    private void AppendRules(StringBuilder line, int c, bool usesGpu, string[] apps, string[] names, string task)
    {
        if (c > 0 && _random.Next(2) == 0)
        {
            var a = _random.Next(c);
            var b = _random.Next(c);
            line.Append(CultureInfo.InvariantCulture, $", \"dependsOn\": [\"{names[a]}\"");
            line.Append(b != a ? $", \"{names[b]}\"]" : "]");
        }

        var selector = _random.Next(100);
        if (selector < 10)
        {
            line.Append(CultureInfo.InvariantCulture, $", \"nodeSelector\": {{\"zone\": \"{Zones[_random.Next(Zones.Length)]}\"}}");
        }
        else if (selector < 15)
        {
            line.Append(CultureInfo.InvariantCulture, $", \"nodeSelectorTerms\": [{{\"key\": \"zone\", \"operator\": \"NotIn\", \"values\": [\"{Zones[_random.Next(Zones.Length)]}\"]}}]");
        }

        if (usesGpu || _random.Next(100) < 15)
        {
            line.Append(", \"tolerations\": [\"gpu\"]");
        }

        if (c > 0 && _random.Next(100) < 20)
        {
            var target = _random.Next(c);
            var key = _random.Next(2) == 0 ? "node" : "zone";
            line.Append(CultureInfo.InvariantCulture, $", \"affinity\": [{{\"labels\": {Labels(apps[target], task)}, \"topologyKey\": \"{key}\"}}]");
        }

        if (_random.Next(100) < 15)
        {
            var key = _random.Next(2) == 0 ? "node" : "rack";
            line.Append(CultureInfo.InvariantCulture, $", \"antiAffinity\": [{{\"labels\": {{\"app\": \"{apps[c]}\"}}, \"topologyKey\": \"{key}\"}}]");
        }

        if (_random.Next(100) < 20)
        {
            line.Append(CultureInfo.InvariantCulture, $", \"spread\": {{\"topologyKey\": \"zone\", \"maxSkew\": {_random.Next(1, 3)}, \"labels\": {{\"app\": \"{apps[c]}\"}}}}");
        }
    }

    private static string Labels(string app, string task) => $"{{\"app\": \"{app}\", \"task\": \"{task}\"}}";

    private static string TaskName(int index, string digits) => "task-" + index.ToString(digits, CultureInfo.InvariantCulture);
}
