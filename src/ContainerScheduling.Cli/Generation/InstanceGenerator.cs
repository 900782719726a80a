using System;
using System.Globalization;
using System.IO;
using System.Text;

namespace ContainerScheduling.Cli.Generation;

/// <summary>
/// Writes a reproducible random cluster and workload (the input of <c>csched place</c>) with the dimensions cpu
/// (milli-cores), memory (MiB), disk (MiB) and gpu (milli-GPUs): heterogeneous node shapes over three zones, about
/// 1% cordoned, and containers of mixed shapes whose total request in cpu, memory and gpu is <c>fill</c> times the
/// cluster's capacity (disk half of that). One JSON object per line, so the files stay readable and greppable at any size.
/// </summary>
internal sealed class InstanceGenerator
{
    /// <summary>The number of dimensions: cpu, memory, disk, gpu.</summary>
    internal const int Dimensions = 4;
    private const int DiskDimension = 2;

    private const int GpuDimension = 3;

    // cpu, memory, disk, gpu; and the relative frequency of the shape.
    internal static readonly (string Shape, long[] Capacity, int Weight)[] NodeShapes =
    [
        ("general", [16_000, 65_536, 512_000, 0], 40),
        ("compute", [64_000, 131_072, 1_024_000, 0], 20),
        ("memory", [32_000, 262_144, 1_024_000, 0], 15),
        ("storage", [16_000, 65_536, 4_096_000, 0], 10),
        ("small", [8_000, 32_768, 256_000, 0], 10),
        ("gpu", [48_000, 393_216, 2_048_000, 8_000], 5),
    ];

    internal static readonly (string App, long[] Request, int Weight)[] ContainerShapes =
    [
        ("web", [250, 512, 1_024, 0], 20),
        ("api", [500, 1_024, 2_048, 0], 20),
        ("worker", [1_000, 4_096, 8_192, 0], 20),
        ("batch", [2_000, 8_192, 16_384, 0], 12),
        ("compute", [4_000, 4_096, 8_192, 0], 8),
        ("cache", [1_000, 16_384, 4_096, 0], 8),
        ("db", [4_000, 32_768, 204_800, 0], 4),
        ("analytics", [16_000, 65_536, 102_400, 0], 2),
        ("ml-infer", [4_000, 32_768, 51_200, 1_000], 4),
        ("ml-train", [16_000, 131_072, 204_800, 4_000], 2),
    ];

    internal static readonly string[] Zones = ["a", "b", "c"];
    private static readonly string[] DimensionNames = [ResourceNames.Cpu, ResourceNames.Memory, ResourceNames.Disk, ResourceNames.Gpu];

    private readonly int _nodes;
    private readonly int _containers;
    private readonly double _fill;
    private readonly Random _random;
    private readonly int[] _nodeShape;
    private readonly int[] _containerShape;

    public InstanceGenerator(int nodes, int containers, int seed, double fill)
    {
        _nodes = nodes;
        _containers = containers;
        _fill = fill;
        _random = new Random(seed);
        _nodeShape = new int[nodes];
        _containerShape = new int[containers];
    }

    /// <summary>Writes the cluster to one stream and the workload to the other.</summary>
    public void Write(Stream cluster, Stream workload)
    {
        var capacity = new long[Dimensions];
        for (var i = 0; i < _nodes; i++)
        {
            _nodeShape[i] = Pick(_random, NodeShapes.AsSpan(), static shape => shape.Weight);
            Add(capacity, NodeShapes[_nodeShape[i]].Capacity);
        }

        var demand = new long[Dimensions];
        for (var i = 0; i < _containers; i++)
        {
            _containerShape[i] = Pick(_random, ContainerShapes.AsSpan(), static shape => shape.Weight);
            Add(demand, ContainerShapes[_containerShape[i]].Request);
        }

        WriteCluster(cluster);
        WriteWorkload(workload, Scale(capacity, demand, _fill));
    }

    /// <summary>
    /// The factors that scale cpu, memory and gpu so that the total request is fill × the total capacity, and disk
    /// to half of that, so that it is rarely the bottleneck (as in most clusters).
    /// </summary>
    internal static double[] Scale(long[] capacity, long[] demand, double fill)
    {
        var scale = new double[Dimensions];
        for (var d = 0; d < Dimensions; d++)
        {
            var target = d == DiskDimension ? fill * 0.5 : fill;
            scale[d] = demand[d] == 0 ? 0.0 : target * capacity[d] / demand[d];
        }

        return scale;
    }

    /// <summary>
    /// Fills <paramref name="request"/> with a shape's request scaled and jittered by ±25%, never below 1 where the
    /// shape asks for the dimension. Draws one random number per dimension.
    /// </summary>
    internal static void Jitter(Random random, long[] baseRequest, double[] scale, long[] request)
    {
        for (var d = 0; d < Dimensions; d++)
        {
            var jitter = 0.75 + (random.NextDouble() * 0.5);
            request[d] = baseRequest[d] == 0 ? 0 : Math.Max(1, (long)Math.Round(baseRequest[d] * scale[d] * jitter));
        }
    }

    private void WriteCluster(Stream stream)
    {
        using var writer = Writer(stream);
        var digits = Digits(_nodes);
        writer.Write("{\"nodes\": [\n");
        for (var i = 0; i < _nodes; i++)
        {
            var (shape, capacity, _) = NodeShapes[_nodeShape[i]];
            var state = _random.Next(100) == 0 ? ", \"state\": \"cordoned\"" : string.Empty;
            var taints = shape == "gpu" ? ", \"taints\": [\"gpu\"]" : string.Empty;
            writer.Write(string.Create(
                CultureInfo.InvariantCulture,
                $"{{\"name\": \"node-{i.ToString(digits, CultureInfo.InvariantCulture)}\", \"capacity\": {Amounts(capacity, null)}, \"labels\": {{\"zone\": \"{Zones[i % Zones.Length]}\", \"shape\": \"{shape}\"}}{taints}{state}}}"));
            writer.Write(i + 1 < _nodes ? ",\n" : "\n");
        }

        writer.Write("]}\n");
    }

    private void WriteWorkload(Stream stream, double[] scale)
    {
        using var writer = Writer(stream);
        var digits = Digits(_containers);
        var request = new long[Dimensions];
        writer.Write("{\"containers\": [\n");
        for (var i = 0; i < _containers; i++)
        {
            var (app, baseRequest, _) = ContainerShapes[_containerShape[i]];
            Jitter(_random, baseRequest, scale, request);

            // GPU nodes carry the gpu taint, so containers that ask for GPUs tolerate it.
            var tolerations = request[GpuDimension] > 0 ? ", \"tolerations\": [\"gpu\"]" : string.Empty;
            writer.Write(string.Create(
                CultureInfo.InvariantCulture,
                $"{{\"name\": \"{app}-{i.ToString(digits, CultureInfo.InvariantCulture)}\", \"requests\": {Amounts(request, 0)}, \"labels\": {{\"app\": \"{app}\"}}{tolerations}}}"));
            writer.Write(i + 1 < _containers ? ",\n" : "\n");
        }

        writer.Write("]}\n");
    }

    /// <summary>Formats amounts as a JSON object; with <paramref name="omit"/> set, amounts equal to it are left out.</summary>
    internal static string Amounts(long[] amounts, long? omit)
    {
        var text = new StringBuilder("{");
        for (var d = 0; d < Dimensions; d++)
        {
            if (amounts[d] == omit)
            {
                continue;
            }

            text.Append(text.Length > 1 ? ", " : string.Empty)
                .Append('"').Append(DimensionNames[d]).Append("\": ")
                .Append(amounts[d].ToString(CultureInfo.InvariantCulture));
        }

        return text.Append('}').ToString();
    }

    /// <summary>Picks an index with probability proportional to the item's weight.</summary>
    internal static int Pick<T>(Random random, ReadOnlySpan<T> items, Func<T, int> weight)
    {
        var total = 0;
        foreach (var item in items)
        {
            total += weight(item);
        }

        var ticket = random.Next(total);
        for (var i = 0; i < items.Length; i++)
        {
            ticket -= weight(items[i]);
            if (ticket < 0)
            {
                return i;
            }
        }

        return items.Length - 1;
    }

    internal static void Add(long[] totals, long[] amounts)
    {
        for (var d = 0; d < Dimensions; d++)
        {
            totals[d] += amounts[d];
        }
    }

    internal static string Digits(int count) => "D" + Math.Max(1, (count - 1).ToString(CultureInfo.InvariantCulture).Length).ToString(CultureInfo.InvariantCulture);

    internal static StreamWriter Writer(Stream stream) =>
        new(stream, new UTF8Encoding(encoderShouldEmitUTF8Identifier: false), bufferSize: 1 << 16, leaveOpen: true);
}
