using Xunit;
using static ContainerScheduling.Tests.Gpu.GpuFixtures;

namespace ContainerScheduling.Tests.Gpu;

/// <summary>
/// The paper's "best" GPU choice inside the node, shared by DotProd, GpuClustering, GpuPacking and BestFit: a share
/// goes to the fitting GPU with the least free milli (ties: the lowest index), whole GPUs are the lowest-index
/// wholly free ones.
/// </summary>
public sealed class PublishedGpuChoiceTests
{
    /// <summary>One node with GPUs free 1000, 300, 600, 600 (700 taken on GPU 1, 400 on GPUs 2 and 3).</summary>
    private static GpuCluster Partly()
    {
        var cluster = new GpuCluster([Node("n", 4)]);
        Take(cluster, 0, 1, 700);
        Take(cluster, 0, 2, 400);
        Take(cluster, 0, 3, 400);
        return cluster;
    }

    [Theory]
    [InlineData(GpuPlacementStrategies.DotProductName)]
    [InlineData(GpuPlacementStrategies.ClusteringName)]
    [InlineData(GpuPlacementStrategies.PackingName)]
    [InlineData(GpuPlacementStrategies.BestFitName)]
    public void SelectGpus_Share_TakesTheTightestFittingGpuFirstIndexOnTies(string name)
    {
        var cluster = Partly();
        var strategy = GpuPlacementStrategies.Create(name);

        // Free 1000, 300, 600, 600. A 500 share fits GPUs 0, 2, 3; the least free is 600, first at GPU 2.
        Assert.Equal(Mask(2), strategy.SelectGpus(cluster, 0, cluster.Compile(Share("t", 500))));

        // A 300 share also fits GPU 1, exactly: 300 is the least free.
        Assert.Equal(Mask(1), strategy.SelectGpus(cluster, 0, cluster.Compile(Share("t", 300))));

        // A 700 share fits only GPU 0.
        Assert.Equal(Mask(0), strategy.SelectGpus(cluster, 0, cluster.Compile(Share("t", 700))));

        // And the scheduler allocates what the strategy chose: 500 on GPU 2, leaving 100.
        var placed = Scheduler(cluster, strategy).Place(Share("t", 500));
        Assert.Equal(Mask(2), placed.Allocation.GpuMask);
        Assert.Equal([1000, 300, 100, 600], Row(cluster, 0));
    }

    [Theory]
    [InlineData(GpuPlacementStrategies.DotProductName)]
    [InlineData(GpuPlacementStrategies.ClusteringName)]
    [InlineData(GpuPlacementStrategies.PackingName)]
    [InlineData(GpuPlacementStrategies.BestFitName)]
    public void SelectGpus_WholeGpus_TakesTheLowestIndexWhollyFreeOnes(string name)
    {
        var cluster = new GpuCluster([Node("n", 5)]);
        Take(cluster, 0, 0, 100);
        Take(cluster, 0, 2, 999);
        var strategy = GpuPlacementStrategies.Create(name);

        // Free 900, 1000, 1, 1000, 1000: wholly free are 1, 3, 4.
        Assert.Equal(Mask(1, 3), strategy.SelectGpus(cluster, 0, cluster.Compile(Whole("t", 2))));
        Assert.Equal(Mask(1), strategy.SelectGpus(cluster, 0, cluster.Compile(Whole("t", 1))));
        Assert.Equal(Mask(1, 3, 4), strategy.SelectGpus(cluster, 0, cluster.Compile(Whole("t", 3))));
    }

    [Theory]
    [InlineData(GpuPlacementStrategies.DotProductName)]
    [InlineData(GpuPlacementStrategies.ClusteringName)]
    [InlineData(GpuPlacementStrategies.PackingName)]
    [InlineData(GpuPlacementStrategies.BestFitName)]
    [InlineData(GpuPlacementStrategies.FgdName)]
    public void SelectGpus_CpuOnlyTask_TakesNoGpu(string name)
    {
        var cluster = new GpuCluster([Node("n", 2)], ThreeShapes());
        Assert.Equal(0UL, GpuPlacementStrategies.Create(name).SelectGpus(cluster, 0, cluster.Compile(CpuOnly("t", 1000))));
    }

    [Fact]
    public void Tightest_NothingFits_ReturnsNoGpu()
    {
        var cluster = Partly();

        // Free 1000, 300, 600, 600: one whole GPU (1 × 1000) is GPU 0; two whole GPUs are not there.
        Assert.Equal(Mask(0), GpuChoice.Tightest(cluster, 0, cluster.Compile(Share("t", 1000))));
        Assert.Equal(0UL, GpuChoice.Tightest(cluster, 0, cluster.Compile(Whole("t", 2))));
        Assert.Equal(0UL, GpuChoice.LowestWhollyFree([1000, 999, 1000], 3));
        Assert.Equal(Mask(0, 2), GpuChoice.LowestWhollyFree([1000, 999, 1000], 2));
    }
}
