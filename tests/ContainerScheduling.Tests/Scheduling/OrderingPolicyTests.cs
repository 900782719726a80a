using System;
using System.Collections.Generic;
using System.Linq;
using FsCheck;
using FsCheck.Fluent;
using Xunit;

namespace ContainerScheduling.Tests.Scheduling;

/// <summary>
/// Largest-first places by descending Σ_d request_d / totalCapacity_d, smallest-first by ascending, both stable;
/// arrival keeps the given order. Checked through the order of the results against an exact rational reference.
/// </summary>
public sealed class OrderingPolicyTests
{
    private static readonly Config Quick = Config.QuickThrowOnFailure.WithMaxTest(300).WithQuietOnSuccess(true);

    public static IEnumerable<object[]> Policies =>
        [[OrderingPolicy.Arrival], [OrderingPolicy.LargestFirst], [OrderingPolicy.SmallestFirst]];

    /// <summary>
    /// A roomy cluster (one big node with random capacities, so the totals differ per dimension) and small
    /// requests, many of them repeated or tied, so that everything fits and placement order is attempt order.
    /// </summary>
    private static Gen<(string[] Dimensions, long[] Totals, long[][] Requests)> RoomyBatches() =>
        from dimensions in ClusterGenerators.Dimensions()
        from totals in Gen.ArrayOf(Gen.Choose(10_000, 200_000).Select(x => (long)x), dimensions.Length)
        from pool in Gen.ArrayOf(ClusterGenerators.SmallRequest(dimensions.Length), 6)
        from count in Gen.Choose(0, 40)
        from requests in Gen.ArrayOf(Gen.Frequency((2, Gen.Elements(pool)), (3, ClusterGenerators.SmallRequest(dimensions.Length))), count)
        select (dimensions, totals, requests);

    [Theory]
    [MemberData(nameof(Policies))]
    public void PlaceBatch_RoomyCluster_PlacesInTheOrderThePolicyDefines(OrderingPolicy ordering) =>
        Check.One(Quick, Prop.ForAll(Arb.From(RoomyBatches()), input =>
        {
            var cluster = new ClusterState(new ResourceSchema(input.Dimensions));
            cluster.AddNode(new NodeSpec("big", ClusterModel.Amounts(input.Dimensions, input.Totals)));
            var expected = ReferenceCluster.Of(cluster).Order(input.Requests, ordering).Select(i => $"c{i}");
            var result = new Scheduler(cluster, PlacementStrategies.FirstFit())
                .PlaceBatch(input.Requests.Select((r, i) => ClusterModel.Container($"c{i}", input.Dimensions, r)), ordering);
            return result.Unplaced.Count == 0 && result.Placements.Select(p => p.Container).SequenceEqual(expected);
        }));

    [Theory]
    [MemberData(nameof(Policies))]
    public void PlaceBatch_NothingFits_ReportsUnplacedInTheOrderThePolicyDefines(OrderingPolicy ordering) =>
        Check.One(Quick, Prop.ForAll(Arb.From(RoomyBatches()), input =>
        {
            // The capacity still counts in the totals, but the only node is down.
            var cluster = new ClusterState(new ResourceSchema(input.Dimensions));
            cluster.AddNode(new NodeSpec("big", ClusterModel.Amounts(input.Dimensions, input.Totals)));
            cluster.SetNodeState("big", NodeState.Down);
            var expected = ReferenceCluster.Of(cluster).Order(input.Requests, ordering).Select(i => $"c{i}");
            var result = new Scheduler(cluster, PlacementStrategies.BestFit())
                .PlaceBatch(input.Requests.Select((r, i) => ClusterModel.Container($"c{i}", input.Dimensions, r)), ordering);
            return result.Placements.Count == 0
                && result.Unplaced.Select(u => u.Container).SequenceEqual(expected)
                && result.Unplaced.All(u => u.Failure.Message == "0/1 nodes fit: 1 down");
        }));

    [Theory]
    [InlineData(OrderingPolicy.LargestFirst)]
    [InlineData(OrderingPolicy.SmallestFirst)]
    public void PlaceBatch_ExactlyTiedDemandsThatRoundApart_KeepArrivalOrder(OrderingPolicy ordering)
    {
        // 45/135 + 4/135 = 14/135 + 35/135 = 49/135 exactly, but summed in doubles the first is one ulp larger.
        var cluster = new ClusterState(new ResourceSchema("cpu", "memory"));
        cluster.AddNode(new NodeSpec("n", new Dictionary<string, long> { ["cpu"] = 135, ["memory"] = 135 }));
        var result = new Scheduler(cluster, PlacementStrategies.FirstFit()).PlaceBatch(
            [
                new ContainerSpec("a", new Dictionary<string, long> { ["cpu"] = 45, ["memory"] = 4 }),
                new ContainerSpec("b", new Dictionary<string, long> { ["cpu"] = 14, ["memory"] = 35 }),
            ],
            ordering);

        Assert.Equal(["a", "b"], result.Placements.Select(p => p.Container));
    }

    [Fact]
    public void PlaceBatch_SmallDifferenceNextToAHugeAmount_StillOrdersByIt()
    {
        // 2/8e6 + 2^50/1 against 7/8e6 + 2^50/1: in doubles the huge term swallows the difference entirely.
        var cluster = new ClusterState(new ResourceSchema("cpu", "memory"));
        cluster.AddNode(new NodeSpec("n", new Dictionary<string, long> { ["cpu"] = 8_000_000, ["memory"] = 1 }));
        Assert.Equal((2 / 8e6) + (1L << 50), (7 / 8e6) + (1L << 50));
        var result = new Scheduler(cluster).PlaceBatch(
            [
                new ContainerSpec("two", new Dictionary<string, long> { ["cpu"] = 2, ["memory"] = 1L << 50 }),
                new ContainerSpec("seven", new Dictionary<string, long> { ["cpu"] = 7, ["memory"] = 1L << 50 }),
            ],
            OrderingPolicy.LargestFirst);

        Assert.Equal(["seven", "two"], result.Unplaced.Select(u => u.Container));
    }

    [Fact]
    public void PlaceBatch_LargestFirstByHand_SortsByNormalisedDemandWithZeroCapacityDimensionIgnored()
    {
        // Totals: cpu 1000, memory 4000, gpu 0 (ignored). Demands: a .1+.25=.35, b .5, c .05+.5=.55, d .35 (tie with a).
        var cluster = new ClusterState(new ResourceSchema("cpu", "memory", "gpu"));
        cluster.AddNode(new NodeSpec("n", new Dictionary<string, long> { ["cpu"] = 1000, ["memory"] = 4000 }));
        ContainerSpec C(string name, long cpu, long memory, long gpu) =>
            new(name, new Dictionary<string, long> { ["cpu"] = cpu, ["memory"] = memory, ["gpu"] = gpu });
        ContainerSpec[] batch = [C("a", 100, 1000, 0), C("b", 500, 0, 0), C("c", 50, 2000, 0), C("d", 350, 0, 1)];

        var largest = new Scheduler(cluster, PlacementStrategies.FirstFit()).PlaceBatch(batch, OrderingPolicy.LargestFirst);
        Assert.Equal(["c", "b", "a"], largest.Placements.Select(p => p.Container));
        Assert.Equal(["d"], largest.Unplaced.Select(u => u.Container));
        foreach (var placement in largest.Placements)
        {
            cluster.Release(placement.Container);
        }

        var smallest = new Scheduler(cluster, PlacementStrategies.FirstFit()).PlaceBatch(batch, OrderingPolicy.SmallestFirst);
        Assert.Equal(["a", "b", "c"], smallest.Placements.Select(p => p.Container));
        Assert.Equal(["d"], smallest.Unplaced.Select(u => u.Container));

        // With no nodes every total is 0, every demand is 0, and both policies keep arrival order.
        var empty = new Scheduler(new ClusterState(cluster.Schema), PlacementStrategies.FirstFit());
        Assert.Equal(["a", "b", "c", "d"], empty.PlaceBatch(batch, OrderingPolicy.LargestFirst).Unplaced.Select(u => u.Container));
        Assert.Equal(["a", "b", "c", "d"], empty.PlaceBatch(batch, OrderingPolicy.SmallestFirst).Unplaced.Select(u => u.Container));
    }

    [Fact]
    public void PlaceTasks_LargestFirst_OrdersTasksByTotalDemand()
    {
        var cluster = new ClusterState(new ResourceSchema("cpu"));
        cluster.AddNode(new NodeSpec("n", new Dictionary<string, long> { ["cpu"] = 100 }));
        ContainerSpec C(string name, long cpu) => new(name, new Dictionary<string, long> { ["cpu"] = cpu });
        var result = new Scheduler(cluster, PlacementStrategies.FirstFit()).PlaceTasks(
            [
                new TaskSpec("small", [C("s1", 1), C("s2", 1)]),
                new TaskSpec("large", [C("l1", 3), C("l2", 4)]),
                new TaskSpec("medium", [C("m1", 5)]),
            ],
            OrderingPolicy.LargestFirst);

        Assert.Equal(["l1", "l2", "m1", "s1", "s2"], result.Placements.Select(p => p.Container));
    }

    [Fact]
    public void PlaceBatch_FirstFitDecreasing_UsesAtMostElevenNinthsOfOptimumPlusSixNinthsBins()
    {
        var instances =
            from capacity in Gen.Choose(6, 30)
            from count in Gen.Choose(1, 9)
            from sizes in Gen.ArrayOf(Gen.Choose(1, capacity), count)
            select (Capacity: capacity, Sizes: sizes);
        Check.One(Quick, Prop.ForAll(Arb.From(instances), instance =>
        {
            var cluster = new ClusterState(new ResourceSchema("size"));
            cluster.AddNodes(instance.Sizes.Select((_, i) => new NodeSpec($"bin{i}", new Dictionary<string, long> { ["size"] = instance.Capacity })));
            var result = new Scheduler(cluster, PlacementStrategies.FirstFit()).PlaceBatch(
                instance.Sizes.Select((s, i) => new ContainerSpec($"item{i}", new Dictionary<string, long> { ["size"] = s })),
                OrderingPolicy.LargestFirst);
            var used = result.Placements.Select(p => p.Node).Distinct().Count();
            var optimum = OptimalBinCount(instance.Sizes, instance.Capacity);
            return result.Unplaced.Count == 0 && used >= optimum && 9 * used <= (11 * optimum) + 6;
        }));
    }

    /// <summary>Exact bin packing by trying every assignment of items to bins (items sorted, bins symmetric).</summary>
    private static int OptimalBinCount(int[] sizes, int capacity)
    {
        var items = sizes.OrderDescending().ToArray();
        for (var bins = 1; bins <= items.Length; bins++)
        {
            if (Pack(items, 0, new int[bins], capacity))
            {
                return bins;
            }
        }

        throw new InvalidOperationException("every item fits in a bin of its own");
    }

    private static bool Pack(int[] items, int next, int[] loads, int capacity)
    {
        if (next == items.Length)
        {
            return true;
        }

        var tried = new HashSet<int>();
        for (var b = 0; b < loads.Length; b++)
        {
            if (loads[b] + items[next] > capacity || !tried.Add(loads[b]))
            {
                continue;
            }

            loads[b] += items[next];
            var packed = Pack(items, next + 1, loads, capacity);
            loads[b] -= items[next];
            if (packed)
            {
                return true;
            }
        }

        return false;
    }
}
