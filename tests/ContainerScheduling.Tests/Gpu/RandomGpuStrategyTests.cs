using System.Linq;
using Xunit;
using static ContainerScheduling.Tests.Gpu.GpuFixtures;

namespace ContainerScheduling.Tests.Gpu;

/// <summary>Random: a feasible node chosen uniformly and a random fitting GPU; seeded, so repeatable.</summary>
public sealed class RandomGpuStrategyTests
{
    /// <summary>Five nodes; "full" has no GPU with room for a 500 share, "cpu" has no GPU at all.</summary>
    private static GpuCluster Cluster()
    {
        var cluster = new GpuCluster([Node("a", 4), Node("b", 2), Node("full", 2), Node("c", 8), Node("cpu", 0), Node("d", 1)]);
        Take(cluster, 2, 0, 600);
        Take(cluster, 2, 1, 600);
        Take(cluster, 0, 1, 700);
        return cluster;
    }

    [Fact]
    public void Place_SameSeed_SameChoicesTwice()
    {
        string Run(int seed)
        {
            var cluster = Cluster();
            var scheduler = new GpuScheduler(cluster, GpuPlacementStrategies.Random(seed), seed);
            return string.Join(",", Enumerable.Range(0, 12).Select(i => scheduler.Place(Share($"t{i}", 200)).Allocation));
        }

        Assert.Equal(Run(7), Run(7));
        Assert.NotEqual(Run(7), Run(8));
    }

    [Fact]
    public void Place_ManySeeds_ChoosesEveryFeasibleNodeAboutEquallyOften()
    {
        // Feasible for a 500 share: a, b, c, d (4 nodes); never full or cpu. 800 seeds: 200 expected per node,
        // standard deviation √(800 · 1/4 · 3/4) ≈ 12; the bound 130..270 is more than five of them.
        var counts = new int[6];
        for (var seed = 0; seed < 800; seed++)
        {
            var cluster = Cluster();
            counts[new GpuScheduler(cluster, GpuPlacementStrategies.Random(seed), 0).Place(Share("t", 500)).Node]++;
        }

        Assert.Equal(0, counts[2]);
        Assert.Equal(0, counts[4]);
        Assert.All(new[] { counts[0], counts[1], counts[3], counts[5] }, c => Assert.InRange(c, 130, 270));
    }

    [Fact]
    public void SelectGpus_ManySeeds_TakesEveryFittingGpuAndNeverOneWithoutRoom()
    {
        // Node a frees 1000, 300, 1000, 1000: a 500 share fits GPUs 0, 2, 3 (about 1/3 each of 600), never GPU 1.
        var cluster = Cluster();
        var demand = cluster.Compile(Share("t", 500));
        var counts = new int[4];
        for (var seed = 0; seed < 600; seed++)
        {
            var mask = GpuPlacementStrategies.Random(seed).SelectGpus(cluster, 0, demand);
            Assert.Equal(1, System.Numerics.BitOperations.PopCount(mask));
            counts[System.Numerics.BitOperations.TrailingZeroCount(mask)]++;
        }

        Assert.Equal(0, counts[1]);
        Assert.All(new[] { counts[0], counts[2], counts[3] }, c => Assert.InRange(c, 130, 270));

        // Whole GPUs: two of the three wholly free ones, never GPU 1.
        for (var seed = 0; seed < 50; seed++)
        {
            var mask = GpuPlacementStrategies.Random(seed).SelectGpus(cluster, 0, cluster.Compile(Whole("t", 2)));
            Assert.Equal(2, System.Numerics.BitOperations.PopCount(mask));
            Assert.Equal(0UL, mask & Mask(1));
        }
    }
}
