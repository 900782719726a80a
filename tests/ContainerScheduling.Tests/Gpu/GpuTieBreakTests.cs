using System.Collections.Generic;
using System.Linq;
using Xunit;
using static ContainerScheduling.Tests.Gpu.GpuFixtures;

namespace ContainerScheduling.Tests.Gpu;

/// <summary>Equal scores go to the node ranked first in the tie-break order; a seeded order is a fixed permutation.</summary>
public sealed class GpuTieBreakTests
{
    /// <summary>Every deterministic built-in strategy (random's scores are random, not tied).</summary>
    public static IEnumerable<object[]> Deterministic =>
        GpuPlacementStrategies.Names.Where(n => n != GpuPlacementStrategies.RandomName).Select(n => new object[] { n });

    [Theory]
    [MemberData(nameof(Deterministic))]
    public void Place_IdenticalNodes_FollowTheExplicitOrderOneAfterAnother(string name)
    {
        // Five identical idle nodes, each taking exactly one task that fills its CPU: every decision is a tie
        // among the nodes still free, so the tasks must land in the explicit order.
        var nodes = Enumerable.Range(0, 5).Select(i => Node($"n{i}", 2, cpu: 4000)).ToArray();
        var cluster = new GpuCluster(nodes, ThreeShapes());
        string[] order = ["n3", "n1", "n4", "n0", "n2"];
        var scheduler = Scheduler(cluster, GpuPlacementStrategies.Create(name), order);

        var placed = Enumerable.Range(0, 5).Select(i => cluster.GetNode(scheduler.Place(Share($"t{i}", 500, cpu: 4000)).Node).Name).ToArray();

        Assert.Equal(order, placed);
        Assert.Equal([3, 1, 4, 0, 2], Enumerable.Range(0, 5).Select(scheduler.TieBreakRank));
    }

    [Theory]
    [MemberData(nameof(Deterministic))]
    public void Place_CpuOnlyOnIdenticalNodes_GoesToTheFirstRanked(string name)
    {
        var nodes = Enumerable.Range(0, 4).Select(i => Node($"n{i}", 4)).ToArray();
        var cluster = new GpuCluster(nodes, ThreeShapes());

        var placed = Scheduler(cluster, GpuPlacementStrategies.Create(name), "n2", "n0", "n3", "n1").Place(CpuOnly("t", 1000));

        Assert.Equal(2, placed.Node);
    }

    [Fact]
    public void SeededOrder_IsAPermutation_TheSamePerSeed_AndDiffersBetweenSeeds()
    {
        var cluster = new GpuCluster(Enumerable.Range(0, 40).Select(i => Node($"n{i}", 1)));
        int[] Ranks(int seed)
        {
            var scheduler = new GpuScheduler(cluster, GpuPlacementStrategies.DotProduct(), seed);
            return Enumerable.Range(0, cluster.NodeCount).Select(scheduler.TieBreakRank).ToArray();
        }

        foreach (var seed in new[] { 0, 1, 42, -5 })
        {
            Assert.Equal(Enumerable.Range(0, 40), Ranks(seed).Order());
            Assert.Equal(Ranks(seed), Ranks(seed));
        }

        Assert.NotEqual(Ranks(1), Ranks(2));
        Assert.NotEqual(Enumerable.Range(0, 40), Ranks(42));
    }

    [Fact]
    public void Place_SeededOrder_TiesGoToRankZero()
    {
        var cluster = new GpuCluster(Enumerable.Range(0, 20).Select(i => Node($"n{i}", 2)));
        for (var seed = 0; seed < 10; seed++)
        {
            var scheduler = new GpuScheduler(cluster, GpuPlacementStrategies.Packing(), seed);
            var first = Enumerable.Range(0, 20).Single(n => scheduler.TieBreakRank(n) == 0);

            // A CPU-only task scores 0 everywhere under packing: the node of rank 0 takes it.
            var placed = scheduler.Place(CpuOnly("t", 1000));
            Assert.Equal(first, placed.Node);
            scheduler.Remove(placed.Allocation);
        }
    }
}
