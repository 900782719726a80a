using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using FsCheck;
using FsCheck.Fluent;

namespace ContainerScheduling.Tests.Gpu;

/// <summary>One step of a GPU scenario: place request <c>Index</c> (modulo the request list), or release the <c>Index</c>-th held task (modulo how many are held).</summary>
internal readonly record struct GpuStep(bool Place, int Index)
{
    public override string ToString() => Place ? $"place r{Index}" : $"release #{Index}";
}

/// <summary>A random GPU cluster, a request list and a sequence of steps over it.</summary>
internal sealed record GpuScenario(GpuNodeSpec[] Nodes, GpuRequest[] Requests, GpuStep[] Steps, int Seed)
{
    public override string ToString() =>
        $"seed {Seed}\nnodes:\n  {string.Join("\n  ", Nodes.Select(n => n.ToString()))}\nrequests:\n  {string.Join("\n  ", Requests.Select(r => r.ToString()))}\nsteps: {string.Join(", ", Steps)}";

    /// <summary>A measure from the requests themselves, as the trace experiment builds it (coverage 0.95).</summary>
    public GpuFragmentationModel Measure() => GpuFragmentationModel.FromWorkload(Requests.Length > 0 ? Requests : [new GpuRequest("none", 0, 0, 0, 0)]);

    public GpuCluster Build() => new(Nodes, Measure());
}

/// <summary>
/// FsCheck generators of GPU clusters and request sequences. Clusters have 1..70 nodes (crossing the vector width
/// and its padding; a cluster cannot be empty), 2..4 GPU models, nodes with 0..8 GPUs and some with 9..16 so that
/// <see cref="GpuCluster.GpuStride"/> is 16, and a few CPU-only nodes. Requests are CPU-only, shares, 1..8 whole
/// GPUs, some limited to GPU models (sometimes a model the cluster lacks), some too big for every node.
/// </summary>
internal static class GpuGenerators
{
    public const int MaxNodes = 70;

    private static readonly string[] ModelPool = ["V100", "T4", "A10", "G2"];

    public static Gen<string[]> Models() =>
        from count in Gen.Choose(2, 4)
        from shuffled in Gen.Shuffle(ModelPool)
        select shuffled.Take(count).ToArray();

    public static Gen<int> GpuCount() => Gen.Frequency(
        (1, Gen.Constant(0)),
        (10, Gen.Choose(1, 8)),
        (2, Gen.Elements(4, 8)),
        (1, Gen.Choose(9, 16)));

    public static Gen<GpuNodeSpec> Node(int index, string[] models, bool wide) =>
        from gpus in wide ? Gen.Frequency((4, GpuCount()), (1, Gen.Choose(9, 16))) : GpuCount().Select(g => Math.Min(g, 8))
        from cpu in Gen.Elements(4_000L, 16_000L, 32_000L, 64_000L, 96_000L, 128_000L)
        from memory in Gen.Elements(8_192L, 65_536L, 262_144L)
        from model in Gen.Elements(models)
        select new GpuNodeSpec($"n{index.ToString(CultureInfo.InvariantCulture)}", cpu, memory, gpus, gpus == 0 ? null : model);

    /// <summary>1..<see cref="MaxNodes"/> nodes; one cluster in three may have nodes of 9..16 GPUs (stride 16).</summary>
    public static Gen<GpuNodeSpec[]> Nodes(string[] models) =>
        from count in Gen.Frequency((3, Gen.Choose(1, 20)), (2, Gen.Choose(1, MaxNodes)))
        from wide in Gen.Frequency((2, Gen.Constant(false)), (1, Gen.Constant(true)))
        from nodes in Gen.CollectToArray(Enumerable.Range(0, count), i => Node(i, models, wide))
        select nodes;

    public static Gen<string[]> ModelList(string[] models) => Gen.Frequency(
        (6, Gen.Constant(Array.Empty<string>())),
        (2, Gen.Elements(models).Select(m => new[] { m })),
        (1, Gen.Shuffle(models).Select(m => m.Take(2).ToArray())),
        (1, Gen.Constant(new[] { "H100" })));

    public static Gen<GpuRequest> Request(int index, string[] models)
    {
        var name = $"r{index.ToString(CultureInfo.InvariantCulture)}";
        var cpu = Gen.Frequency((2, Gen.Constant(0L)), (6, Gen.Elements(500L, 1_000L, 2_000L, 4_000L, 8_000L)), (1, Gen.Constant(200_000L)));
        var memory = Gen.Frequency((3, Gen.Constant(0L)), (6, Gen.Elements(512L, 4_096L, 16_384L)), (1, Gen.Constant(1L << 20)));
        return Gen.Frequency(
            (2, from c in cpu from m in memory select new GpuRequest(name, c, m, 0, 0)),
            (5, from c in cpu
                from m in memory
                from milli in Gen.Frequency((3, Gen.Elements(100, 250, 300, 500, 700, 1000)), (1, Gen.Choose(1, 1000)))
                from ms in ModelList(models)
                select new GpuRequest(name, c, m, 1, milli, ms)),
            (2, from c in cpu
                from m in memory
                from k in Gen.Frequency((3, Gen.Choose(1, 4)), (1, Gen.Choose(5, 8)))
                from ms in ModelList(models)
                select new GpuRequest(name, c, m, k, 1000, ms)));
    }

    public static Gen<GpuStep> Step() => Gen.Frequency(
        (3, Gen.Choose(0, 1000).Select(i => new GpuStep(true, i))),
        (1, Gen.Choose(0, 1000).Select(i => new GpuStep(false, i))));

    public static Gen<GpuScenario> Scenarios() =>
        from models in Models()
        from nodes in Nodes(models)
        from requestCount in Gen.Choose(1, 12)
        from requests in Gen.CollectToArray(Enumerable.Range(0, requestCount), i => Request(i, models))
        from stepCount in Gen.Choose(0, 60)
        from steps in Gen.ArrayOf(Step(), stepCount)
        from seed in Gen.Choose(0, 1000)
        select new GpuScenario(nodes, requests, steps, seed);

    public static Arbitrary<GpuScenario> ScenarioArb() => Arb.From(Scenarios(), Shrink);

    /// <summary>Fewer steps (halves, then one at a time), fewer nodes (halves, then the last ones), fewer requests.</summary>
    public static IEnumerable<GpuScenario> Shrink(GpuScenario scenario)
    {
        var steps = scenario.Steps;
        if (steps.Length > 1)
        {
            yield return scenario with { Steps = steps[..(steps.Length / 2)] };
        }

        for (var i = steps.Length - 1; i >= 0; i--)
        {
            yield return scenario with { Steps = [.. steps[..i], .. steps[(i + 1)..]] };
        }

        var nodes = scenario.Nodes;
        if (nodes.Length > 1)
        {
            yield return scenario with { Nodes = nodes[..(nodes.Length / 2)] };
            yield return scenario with { Nodes = nodes[..^1] };
        }

        var requests = scenario.Requests;
        for (var i = requests.Length - 1; i >= 1; i--)
        {
            yield return scenario with { Requests = [.. requests[..i], .. requests[(i + 1)..]] };
        }
    }
}
