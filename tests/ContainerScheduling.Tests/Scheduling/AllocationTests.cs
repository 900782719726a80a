using System;
using System.Collections.Generic;
using System.Linq;
using Xunit;

namespace ContainerScheduling.Tests.Scheduling;

/// <summary>
/// Zero bytes allocated per placement is a tested property: once the cluster's arrays have grown, a place +
/// release cycle and a strategy's node selection allocate nothing on the calling thread.
/// </summary>
public sealed class AllocationTests
{
    private const int Cycles = 1000;

    public static IEnumerable<object[]> Strategies =>
        StrategyCatalog.BuiltIn.Select(name => new object[] { name }).Append([LastFitStrategy.StrategyName]).Append([ComposedStrategy.StrategyName]);

    [Theory]
    [MemberData(nameof(Strategies))]
    public void PlaceAndRelease_WarmCluster_AllocatesNothing(string strategy)
    {
        var (cluster, scheduler) = LargeCluster(strategy);
        var specs = Enumerable.Range(0, 4).Select(i => new ContainerSpec($"c{i}", Request(i))).ToArray();
        for (var warmUp = 0; warmUp < 50; warmUp++)
        {
            foreach (var spec in specs)
            {
                scheduler.Place(spec);
            }

            foreach (var spec in specs)
            {
                cluster.Release(spec.Name);
            }
        }

        var placed = 0;
        var before = GC.GetAllocatedBytesForCurrentThread();
        for (var i = 0; i < Cycles; i++)
        {
            var spec = specs[i & 3];
            placed += scheduler.Place(spec).IsPlaced ? 1 : 0;
            cluster.Release(spec.Name);
        }

        var allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        Assert.Equal(Cycles, placed);
        Assert.Equal(0, allocated);
    }

    [Theory]
    [MemberData(nameof(Strategies))]
    public void SelectNode_WarmView_AllocatesNothing(string strategy)
    {
        var (cluster, scheduler) = LargeCluster(strategy);
        long[] request = [250, 512, 0];
        var chosen = 0L;
        for (var warmUp = 0; warmUp < 50; warmUp++)
        {
            chosen += Select(cluster, scheduler.Strategy, request);
        }

        var before = GC.GetAllocatedBytesForCurrentThread();
        for (var i = 0; i < Cycles; i++)
        {
            chosen += Select(cluster, scheduler.Strategy, request);
        }

        var allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        Assert.True(chosen >= 0);
        Assert.Equal(0, allocated);
    }

    private static int Select(ClusterState cluster, IPlacementStrategy strategy, long[] request)
    {
        var view = cluster.CreateView();
        return strategy.SelectNode(in view, request);
    }

    private static Dictionary<string, long> Request(int i) =>
        new() { ["cpu"] = 250 * (i + 1), ["memory"] = 512 * (i + 1) };

    /// <summary>About 1000 nodes of three types, filled unevenly, some cordoned and down, one removed.</summary>
    private static (ClusterState Cluster, Scheduler Scheduler) LargeCluster(string strategy)
    {
        var cluster = new ClusterState(new ResourceSchema("cpu", "memory", "gpu"));
        cluster.AddNodes(Enumerable.Range(0, 1003).Select(i => new NodeSpec($"n{i}", new Dictionary<string, long>
        {
            ["cpu"] = 4000 * ((i % 3) + 1),
            ["memory"] = 8192 * ((i % 5) + 1),
            ["gpu"] = i % 7 == 0 ? 1000 : 0,
        })));
        for (var i = 0; i < 1003; i += 2)
        {
            cluster.Bind(new ContainerSpec($"fill{i}", new Dictionary<string, long> { ["cpu"] = 3500, ["memory"] = (i * 37) % 8000 }), $"n{i}");
        }

        cluster.Cordon("n10");
        cluster.SetNodeState("n11", NodeState.Down);
        cluster.RemoveNode("n13");
        IPlacementStrategy chosen = strategy switch
        {
            LastFitStrategy.StrategyName => new LastFitStrategy(),
            ComposedStrategy.StrategyName => new ComposedStrategy(),
            _ => PlacementStrategies.Create(strategy),
        };
        return (cluster, new Scheduler(cluster, chosen));
    }
}
