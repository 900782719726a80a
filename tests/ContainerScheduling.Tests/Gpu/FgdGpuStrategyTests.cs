using System;
using Xunit;
using static ContainerScheduling.Tests.Gpu.GpuFixtures;

namespace ContainerScheduling.Tests.Gpu;

/// <summary>
/// FGD by hand, with the three-shape measure of <see cref="GpuFixtures.ThreeShapes"/>: S1 (1000 CPU, a 500 share)
/// p = 1/2, S2 (1000 CPU, one whole GPU) p = 1/4, S3 (CPU only) p = 1/4. All nodes have 8000 milli-CPU, so the
/// CPU clause never bites here. score = (int)(100 · sigmoid(Δ / 1000)), Δ = F(before) − F(after).
/// Sigmoids used: Δ = −150 → 46.26; −100 → 47.50; −50 → 48.75; 0 → 50; +100 → 52.50; +400 → 59.87; +500 → 62.25.
/// </summary>
public sealed class FgdGpuStrategyTests
{
    private static GpuCluster Cluster(params GpuNodeSpec[] nodes) => new(nodes, ThreeShapes());

    [Fact]
    public void Place_Share_GoesToTheNodeWhoseFragmentationFallsMost()
    {
        var cluster = Cluster(Node("a", 2, cpu: 8000), Node("b", 2, cpu: 8000));
        Take(cluster, 1, 1, 600);

        // a frees 1000, 1000 (idle 2000): S1 0, S2 0, S3 2000 → F = 0.25 · 2000 = 500.
        // b frees 1000, 400 (idle 1400): S1 strands 400, S2 fits and strands 400, S3 1400
        //   → F = 0.5 · 400 + 0.25 · 400 + 0.25 · 1400 = 200 + 100 + 350 = 650.
        Assert.Equal(500, cluster.GetFragmentation(0));
        Assert.Equal(650, cluster.GetFragmentation(1));
        Assert.Equal(1150, cluster.TotalFragmentation);

        // A 400 share with 1000 CPU.
        // a, GPU 0 → 600, 1000 (idle 1600): S1 0, S2 strands 600 → 150, S3 400 → F 550, Δ −50 → 48; GPU 1 the same.
        // b, GPU 0 → 600, 400 (idle 1000): S1 400 → 200, S2 fits nowhere → 250, S3 250 → F 700, Δ −50 → 48.
        // b, GPU 1 → 1000, 0 (idle 1000): S1 0, S2 0, S3 250 → F 250, Δ +400 → 59.
        var demand = cluster.Compile(Share("t", 400, cpu: 1000));
        Assert.Equal(400, cluster.FragmentationDecrease(1, demand, Mask(1)));
        Assert.Equal(-50, cluster.FragmentationDecrease(1, demand, Mask(0)));
        Assert.Equal([48L, 59L], Scores(GpuPlacementStrategies.Fgd(), cluster, Share("t", 400, cpu: 1000)));

        var placed = Scheduler(cluster, GpuPlacementStrategies.Fgd(), "a", "b").Place(Share("t", 400, cpu: 1000));
        Assert.Equal(1, placed.Node);
        Assert.Equal(59, placed.Score);
        Assert.Equal(Mask(1), placed.Allocation.GpuMask);
        Assert.Equal(250, cluster.GetFragmentation(1));
        Assert.Equal(750, cluster.TotalFragmentation);
    }

    [Fact]
    public void SelectGpus_Share_TriesEveryFittingGpuAndBeatsTheTightest()
    {
        var cluster = Cluster(Node("n", 2, cpu: 8000));
        Take(cluster, 0, 0, 400);
        Take(cluster, 0, 1, 100);

        // Frees 600, 900 (idle 1500): S1 0, S2 fits nowhere → 0.25 · 1500 = 375, S3 375 → F 750.
        // A 200 share on GPU 0 (the tightest) → 400, 900: S1 400 → 200, S2 1300 → 325, S3 325 → F 850, Δ −100 → 47.
        // On GPU 1 → 600, 700: S1 0, S2 325, S3 325 → F 650, Δ +100 → 52. FGD takes GPU 1.
        Assert.Equal(750, cluster.GetFragmentation(0));
        var fgd = GpuPlacementStrategies.Fgd();
        Assert.Equal(Mask(1), fgd.SelectGpus(cluster, 0, cluster.Compile(Share("t", 200))));
        Assert.Equal([52L], Scores(fgd, cluster, Share("t", 200)));
        Assert.Equal(Mask(0), GpuChoice.Tightest(cluster, 0, cluster.Compile(Share("t", 200))));
    }

    [Fact]
    public void SelectGpus_Share_EqualScores_TakeTheFirstIndex()
    {
        var cluster = Cluster(Node("n", 3, cpu: 8000));
        Take(cluster, 0, 0, 300);
        Take(cluster, 0, 1, 100);
        Take(cluster, 0, 2, 100);

        // Frees 700, 900, 900 (idle 2500): S1 0, S2 fits nowhere → 625, S3 625 → F 1250.
        // A 200 share: GPU 0 → 500, 900, 900: S1 0, S2 575, S3 575 → F 1150, Δ +100 → 52.
        //              GPU 1 → 700, 700, 900: the same F 1150 → 52; GPU 2 likewise → 52. Three ties: GPU 0.
        // (The tightest-GPU rule would take GPU 0 too; so the same cluster with GPU 0 too small checks the tie alone.)
        Assert.Equal(Mask(0), GpuPlacementStrategies.Fgd().SelectGpus(cluster, 0, cluster.Compile(Share("t", 200))));

        var other = Cluster(Node("n", 3, cpu: 8000));
        Take(other, 0, 0, 950);
        Take(other, 0, 1, 100);
        Take(other, 0, 2, 100);

        // Frees 50, 900, 900: a 200 share fits GPUs 1 and 2, which give the same F after: the first, GPU 1.
        Assert.Equal(Mask(1), GpuPlacementStrategies.Fgd().SelectGpus(other, 0, other.Compile(Share("t", 200))));
    }

    [Fact]
    public void SelectGpus_WholeGpus_TakesTheLowestIndexWhollyFreeOnes()
    {
        var cluster = Cluster(Node("n", 4, cpu: 8000));
        Take(cluster, 0, 1, 500);
        var fgd = GpuPlacementStrategies.Fgd();

        // Frees 1000, 500, 1000, 1000 (idle 3500): S1 0, S2 strands 500 → 125, S3 875 → F 1000.
        // Two whole GPUs on 0 and 2 → 0, 500, 0, 1000 (idle 1500): S1 0, S2 500 → 125, S3 375 → F 500, Δ +500 → 62.
        Assert.Equal(1000, cluster.GetFragmentation(0));
        Assert.Equal(Mask(0, 2), fgd.SelectGpus(cluster, 0, cluster.Compile(Whole("t", 2))));
        Assert.Equal([62L], Scores(fgd, cluster, Whole("t", 2)));
    }

    [Fact]
    public void Place_CpuOnlyTask_IsScoredByWhatItsCpuDoesToTheShapes()
    {
        var cluster = Cluster(Node("small", 2, cpu: 8000), Node("large", 2, cpu: 128_000));

        // small: F 500 (as a above). Taking 7500 CPU leaves 500 < 1000: S1 and S2 fit no more
        //   → F = (0.5 + 0.25 + 0.25) · 2000 = 2000, Δ −1500 → 100 · sigmoid(−1.5) = 18.24 → 18.
        // large: 120500 CPU left, F stays 500, Δ 0 → 50.
        Assert.Equal([18L, 50L], Scores(GpuPlacementStrategies.Fgd(), cluster, CpuOnly("t", 7500)));
        var placed = Scheduler(cluster, GpuPlacementStrategies.Fgd()).Place(CpuOnly("t", 7500));
        Assert.Equal(1, placed.Node);
        Assert.Equal(50, placed.Score);
    }

    [Fact]
    public void Score_ClusterWithoutMeasure_ThrowsSayingWhatToDo()
    {
        var cluster = new GpuCluster([Node("n", 2)]);
        var e = Assert.Throws<InvalidOperationException>(() => Scheduler(cluster, GpuPlacementStrategies.Fgd()).Place(Share("t", 100)));
        Assert.Contains(nameof(GpuFragmentationModel), e.Message, StringComparison.Ordinal);
        Assert.Equal(0, cluster.TaskCount(0));
    }
}
