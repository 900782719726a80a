using System;
using System.Linq;

namespace ContainerScheduling.Tests.Gpu;

/// <summary>Small hand-made GPU clusters and requests for the tests that compute their expectations by hand.</summary>
internal static class GpuFixtures
{
    public const string Model = "V100";

    public static GpuNodeSpec Node(string name, int gpus, long cpu = 128_000, long memory = 1_000_000, string model = Model) =>
        new(name, cpu, memory, gpus, gpus == 0 ? null : model);

    public static GpuRequest CpuOnly(string name, long cpu, long memory = 0) => new(name, cpu, memory, 0, 0);

    public static GpuRequest Share(string name, int milli, long cpu = 0, long memory = 0, params string[] models) =>
        new(name, cpu, memory, 1, milli, models);

    public static GpuRequest Whole(string name, int count, long cpu = 0, long memory = 0, params string[] models) =>
        new(name, cpu, memory, count, GpuCluster.MilliPerGpu, models);

    /// <summary>Takes <paramref name="milli"/> on GPU <paramref name="gpu"/> of a node (1000: one whole GPU, kind 1).</summary>
    public static GpuAllocation Take(GpuCluster cluster, int node, int gpu, int milli, long cpu = 0) =>
        cluster.Allocate(node, cluster.Compile(new GpuRequest("fill", cpu, 0, 1, milli)), 1UL << gpu);

    /// <summary>Takes CPU only (a task of kind −1).</summary>
    public static GpuAllocation TakeCpu(GpuCluster cluster, int node, long cpu) =>
        cluster.Allocate(node, cluster.Compile(CpuOnly("fill-cpu", cpu)), 0);

    /// <summary>Takes whole GPUs (a task of kind <c>gpus.Length</c>).</summary>
    public static GpuAllocation TakeWhole(GpuCluster cluster, int node, params int[] gpus) =>
        cluster.Allocate(node, cluster.Compile(Whole("fill-whole", gpus.Length)), gpus.Aggregate(0UL, (mask, g) => mask | (1UL << g)));

    /// <summary>The strategy's scores for a request over the given candidates (all nodes when none are given).</summary>
    public static long[] Scores(IGpuPlacementStrategy strategy, GpuCluster cluster, GpuRequest request, params int[] candidates)
    {
        if (candidates.Length == 0)
        {
            candidates = Enumerable.Range(0, cluster.NodeCount).ToArray();
        }

        var scores = new long[candidates.Length];
        strategy.Score(cluster, cluster.Compile(request), candidates, scores);
        return scores;
    }

    /// <summary>A scheduler whose ties go by the node order given (default: the cluster's order).</summary>
    public static GpuScheduler Scheduler(GpuCluster cluster, IGpuPlacementStrategy strategy, params string[] order) =>
        new(cluster, strategy, order.Length > 0 ? order : Enumerable.Range(0, cluster.NodeCount).Select(i => cluster.GetNode(i).Name).ToArray());

    public static ulong Mask(params int[] gpus) => gpus.Aggregate(0UL, (mask, g) => mask | (1UL << g));

    /// <summary>The three-shape measure the FGD tests compute by hand (dyadic shares, so fixed point is exact).</summary>
    /// <remarks>S1: 1000 milli-CPU and half of one GPU (500), share 1/2; S2: 1000 milli-CPU and one whole GPU, 1/4; S3: CPU only, 1/4.</remarks>
    public static GpuFragmentationModel ThreeShapes() => new(
    [
        new GpuTaskShape(1000, 1, 500, null, 0.5),
        new GpuTaskShape(1000, 1, 1000, null, 0.25),
        new GpuTaskShape(0, 0, 0, null, 0.25),
    ]);

    public static int[] Row(GpuCluster cluster, int node) => cluster.GetGpuFree(node).ToArray();

    public static string Describe(Exception e) => $"{e.GetType().Name}: {e.Message}";
}
