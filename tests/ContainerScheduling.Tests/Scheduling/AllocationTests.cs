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

    private const int Rounds = 3;

    public static IEnumerable<object[]> Strategies =>
        StrategyCatalog.BuiltIn.Select(name => new object[] { name }).Append([LastFitStrategy.StrategyName]).Append([ComposedStrategy.StrategyName]);

    [Theory]
    [MemberData(nameof(Strategies))]
    public void PlaceAndRelease_WarmCluster_AllocatesNothing(string strategy)
    {
        var (cluster, scheduler) = LargeCluster(strategy);
        AssertPlaceAndReleaseAllocateNothing(cluster, scheduler);
    }

    /// <summary>Warms up, then places and releases plain containers <see cref="Cycles"/> times per round: every one placed, nothing allocated.</summary>
    private static void AssertPlaceAndReleaseAllocateNothing(ClusterState cluster, Scheduler scheduler)
    {
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
        var allocated = LeastAllocated(() =>
        {
            for (var i = 0; i < Cycles; i++)
            {
                var spec = specs[i & 3];
                placed += scheduler.Place(spec).IsPlaced ? 1 : 0;
                cluster.Release(spec.Name);
            }
        });

        Assert.Equal(Rounds * Cycles, placed);
        Assert.Equal(0, allocated);
    }

    [Theory]
    [InlineData(PlacementStrategies.BestFitName, false)]
    [InlineData(PlacementStrategies.BestFitName, true)]
    [InlineData(PlacementStrategies.LeastLoadedName, false)]
    [InlineData(PlacementStrategies.LeastLoadedName, true)]
    public void PlaceAndRelease_ThroughScoreBuckets_AllocatesNothing(string strategy, bool tainted)
    {
        // On the tainted cluster the containers tolerate nothing: the buckets search the untainted nodes only.
        var (cluster, scheduler) = LargeCluster(strategy, tainted, bucketed: true);
        Assert.True(cluster.BucketsApply || !System.Runtime.Intrinsics.X86.Avx512F.IsSupported);
        AssertPlaceAndReleaseAllocateNothing(cluster, scheduler);
    }

    /// <summary>The strategies that honour placement rules: the built-ins and one composed from the view's searches.</summary>
    public static IEnumerable<object[]> RuleAwareStrategies =>
        StrategyCatalog.BuiltIn.Select(name => new object[] { name }).Append([ComposedStrategy.StrategyName]);

    [Theory]
    [MemberData(nameof(RuleAwareStrategies))]
    public void PlaceAndRelease_WithEveryKindOfRule_AllocatesNothing(string strategy)
    {
        var (cluster, scheduler) = LargeCluster(strategy, tainted: true);
        var web = new LabelSelector(new Dictionary<string, string> { ["app"] = "web" });
        var specs = Enumerable.Range(0, 4).Select(i => new ContainerSpec($"c{i}", Request(i))
        {
            Labels = new Dictionary<string, string> { ["app"] = "web" },
            NodeSelector = new LabelSelector(requirements: [new LabelRequirement("zone", LabelOperator.In, ["a", "b"])]),
            Tolerations = ["spot"],
            Affinity = [new AffinityTerm(web, "zone")],
            AntiAffinity = [new AffinityTerm(web)],
            TopologySpread = [new TopologySpreadConstraint("zone", 1000, web)],
        }).ToArray();
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
        var allocated = LeastAllocated(() =>
        {
            for (var i = 0; i < Cycles; i++)
            {
                // Two placed at a time, so that affinity and anti-affinity see a match on another node.
                var spec = specs[i & 3];
                var partner = specs[(i + 1) & 3];
                placed += scheduler.Place(spec).IsPlaced ? 1 : 0;
                placed += scheduler.Place(partner).IsPlaced ? 1 : 0;
                cluster.Release(spec.Name);
                cluster.Release(partner.Name);
            }
        });

        Assert.Equal(2 * Rounds * Cycles, placed);
        Assert.Equal(0, allocated);
    }

    /// <summary>
    /// The fewest bytes one of <see cref="Rounds"/> runs of <paramref name="round"/> allocated on this thread. The
    /// runtime may allocate once on the calling thread while it promotes a hot method to optimised code; an
    /// allocation per placement shows in every round.
    /// </summary>
    private static long LeastAllocated(Action round)
    {
        var least = long.MaxValue;
        for (var r = 0; r < Rounds; r++)
        {
            var before = GC.GetAllocatedBytesForCurrentThread();
            round();
            least = Math.Min(least, GC.GetAllocatedBytesForCurrentThread() - before);
        }

        return least;
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

        var allocated = LeastAllocated(() =>
        {
            for (var i = 0; i < Cycles; i++)
            {
                chosen += Select(cluster, scheduler.Strategy, request);
            }
        });
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

    /// <summary>
    /// About 1000 nodes of three types in three zones, filled unevenly, some cordoned and down, one removed;
    /// optionally every 11th tainted, and optionally searched through the score buckets despite its size.
    /// </summary>
    private static (ClusterState Cluster, Scheduler Scheduler) LargeCluster(string strategy, bool tainted = false, bool bucketed = false)
    {
        var cluster = new ClusterState(new ResourceSchema("cpu", "memory", "gpu"));
        if (bucketed)
        {
            cluster.BucketMinNodes = 0;
        }

        cluster.AddNodes(Enumerable.Range(0, 1003).Select(i => new NodeSpec($"n{i}", new Dictionary<string, long>
        {
            ["cpu"] = 4000 * ((i % 3) + 1),
            // The bucketed cluster keeps to six machine shapes: the buckets need at most sixteen.
            ["memory"] = 8192 * ((i % (bucketed ? 3 : 5)) + 1),
            ["gpu"] = i % 7 == 0 ? 1000 : 0,
        })
        {
            Labels = new Dictionary<string, string> { ["zone"] = ((char)('a' + (i % 3))).ToString() },
            Taints = tainted && i % 11 == 0 ? ["spot"] : [],
        }));
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
