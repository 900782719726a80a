using Xunit;
using static ContainerScheduling.Tests.Gpu.GpuFixtures;

namespace ContainerScheduling.Tests.Gpu;

/// <summary>
/// GpuClustering by hand: CPU-only tasks score 0; a GPU task (kind: a share, or k whole GPUs) scores
/// base = 25 · (8000 − G) / 8000 (whole numbers) plus 75 when the node holds only GPU tasks of its kind, 50 when
/// it holds its kind and others, 25 when it holds no GPU task, 0 when it holds only other kinds.
/// </summary>
public sealed class ClusteringGpuStrategyTests
{
    /// <summary>
    /// Five 4-GPU nodes: a empty; b one share (500 on GPU 0); c one whole GPU; d a share and a whole GPU; e a
    /// CPU-only task; and f, 16 idle GPUs.
    /// </summary>
    private static GpuCluster Cluster()
    {
        var cluster = new GpuCluster([Node("a", 4), Node("b", 4), Node("c", 4), Node("d", 4), Node("e", 4), Node("f", 16)]);
        Take(cluster, 1, 0, 500);
        Take(cluster, 2, 0, 1000);
        Take(cluster, 3, 0, 500);
        Take(cluster, 3, 1, 1000);
        TakeCpu(cluster, 4, 8000);
        return cluster;
    }

    // Bases: a G 4000 → 25 · 4000 / 8000 = 12.5 → 12;  b G 3500 → 25 · 4500 / 8000 = 14.06 → 14;
    //        c G 3000 → 25 · 5000 / 8000 = 15.6 → 15;  d G 2500 → 25 · 5500 / 8000 = 17.2 → 17;
    //        e G 4000 → 12;                            f G 16000 → 25 · (−8000) / 8000 = −25.

    [Fact]
    public void Score_Share_OnlySharesPlus75_MixedPlus50_NoGpuTaskPlus25_OtherKindsPlus0()
    {
        // a 12 + 25 = 37; b 14 + 75 = 89; c 15 + 0 = 15; d 17 + 50 = 67; e (a CPU task is no GPU kind) 12 + 25 = 37;
        // f −25 + 25 = 0.
        Assert.Equal([37L, 89L, 15L, 67L, 37L, 0L], Scores(GpuPlacementStrategies.Clustering(), Cluster(), Share("t", 300)));
    }

    [Fact]
    public void Score_OneWholeGpu_IsItsOwnKind()
    {
        // a 37; b 14 + 0 = 14; c 15 + 75 = 90; d 17 + 50 = 67; e 37; f 0.
        Assert.Equal([37L, 14L, 90L, 67L, 37L, 0L], Scores(GpuPlacementStrategies.Clustering(), Cluster(), Whole("t", 1)));
    }

    [Fact]
    public void Score_TwoWholeGpus_IsAnotherKindThanOne()
    {
        // Nobody holds kind 2: a 37; b 14; c 15; d 17; e 37; f 0.
        Assert.Equal([37L, 14L, 15L, 17L, 37L, 0L], Scores(GpuPlacementStrategies.Clustering(), Cluster(), Whole("t", 2)));
    }

    [Fact]
    public void Score_CpuOnlyTask_IsZeroEverywhere_AndTheTieOrderDecides()
    {
        var cluster = Cluster();
        Assert.Equal([0L, 0L, 0L, 0L, 0L, 0L], Scores(GpuPlacementStrategies.Clustering(), cluster, CpuOnly("t", 1000)));

        var placed = Scheduler(cluster, GpuPlacementStrategies.Clustering(), "f", "e", "d", "c", "b", "a").Place(CpuOnly("t", 1000));
        Assert.Equal(5, placed.Node);
        Assert.Equal(0, placed.Score);
    }

    [Fact]
    public void Place_Share_GoesToTheNodeWithOnlyShares()
    {
        var placed = Scheduler(Cluster(), GpuPlacementStrategies.Clustering()).Place(Share("t", 300));

        // Scores 37, 89, 15, 67, 37, 0: b. The tightest GPU with room for 300 on b (free 500, 1000, 1000, 1000) is GPU 0.
        Assert.Equal(1, placed.Node);
        Assert.Equal(89, placed.Score);
        Assert.Equal(Mask(0), placed.Allocation.GpuMask);
    }
}
