using System;
using System.Collections.Generic;
using System.Linq;
using FsCheck;
using FsCheck.Fluent;

namespace ContainerScheduling.Tests;

/// <summary>
/// FsCheck generators of clusters, requests, weights and operation sequences, with shrinkers.
/// </summary>
/// <remarks>
/// Clusters have 1–5 dimensions and 0–70 nodes (crossing the 8/16-lane vector width and the padding), drawn
/// from a few node types so that scores tie, with zero-capacity dimensions, random fill levels, cordoned and
/// down nodes, and removed nodes (enough, often, to trigger compaction). Requests include zeros and amounts
/// larger than any node.
/// </remarks>
internal static class ClusterGenerators
{
    /// <summary>Larger than the capacity of any generated node (at most 10^9 per dimension).</summary>
    public const long TooBig = 1L << 50;

    public const int MaxNodes = 70;

    private static readonly string[] DimensionPool = ["cpu", "memory", "disk", "gpu", "iops"];

    public static Gen<string[]> Dimensions() =>
        from count in Gen.Choose(1, DimensionPool.Length)
        from shuffled in Gen.Shuffle(DimensionPool)
        select shuffled.Take(count).ToArray();

    public static Gen<long> CapacityAmount() => Gen.Frequency(
        (1, Gen.Constant(0L)),
        (4, Gen.Choose(1, 16).Select(x => (long)x)),
        (4, Gen.Choose(1, 64).Select(x => x * 250L)),
        (1, Gen.Choose(1, 1000).Select(x => x * 1_000_000L)));

    public static Gen<long> RequestAmount() => Gen.Frequency(
        (8, Gen.Constant(0L)),
        (8, Gen.Choose(1, 8).Select(x => (long)x)),
        (6, Gen.Choose(1, 64).Select(x => x * 125L)),
        (2, Gen.Choose(1, 1000).Select(x => x * 100_000L)),
        (1, Gen.Constant(TooBig)));

    public static Gen<long[]> Request(int dimensions) => Gen.ArrayOf(RequestAmount(), dimensions);

    /// <summary>Small requests (0–100 per dimension) for clusters that are meant to be roomy.</summary>
    public static Gen<long[]> SmallRequest(int dimensions) =>
        Gen.ArrayOf(Gen.Frequency((1, Gen.Constant(0L)), (3, Gen.Choose(1, 100).Select(x => (long)x))), dimensions);

    /// <summary>Per-dimension weights: mostly 1, some 0, fractions, large values and rarely the largest allowed.</summary>
    public static Gen<double[]> Weights(int dimensions) => Gen.ArrayOf(
        Gen.Frequency(
            (6, Gen.Constant(1.0)),
            (1, Gen.Constant(0.0)),
            (3, Gen.Elements(0.5, 2.0, 3.7, 0.001, 1e6)),
            (2, Gen.Choose(1, 1000).Select(x => x / 100.0)),
            (1, Gen.Constant(PlacementStrategies.MaxWeight))),
        dimensions);

    public static Gen<ClusterModel> Clusters() => Clusters(0, MaxNodes);

    public static Gen<ClusterModel> Clusters(int minNodes, int maxNodes) =>
        from dimensions in Dimensions()
        from cluster in Clusters(dimensions, minNodes, maxNodes)
        select cluster;

    /// <summary>
    /// Clusters of <paramref name="minNodes"/>–<paramref name="maxNodes"/> nodes; with
    /// <paramref name="typesOnly"/> every node has one of the 1–4 machine shapes (no one-off capacities), so that
    /// even large clusters stay within the narrow scans' 16 shapes.
    /// </summary>
    public static Gen<ClusterModel> Clusters(string[] dimensions, int minNodes, int maxNodes, bool typesOnly = false) =>
        from typeCount in Gen.Choose(1, 4)
        from types in Gen.ArrayOf(Gen.ArrayOf(CapacityAmount(), dimensions.Length), typeCount)
        from removalPercent in Gen.Elements(0, 0, 25, 70)
        from downPercent in Gen.Elements(0, 10, 20, 50)
        from count in Gen.Choose(minNodes, maxNodes)
        from nodes in Gen.ArrayOf(Node(dimensions.Length, types, removalPercent, downPercent, typesOnly ? 0 : 1), count)
        from lateFrom in Gen.Frequency((3, Gen.Constant(count)), (1, Gen.Choose(0, count)))
        from oneByOne in Gen.Elements(false, true)
        select new ClusterModel(dimensions, nodes, lateFrom, oneByOne);

    public static Gen<Decision> Decisions() =>
        from cluster in Clusters()
        from request in Request(cluster.Dimensions.Length)
        from weights in Weights(cluster.Dimensions.Length)
        select new Decision(cluster, request, weights);

    public static Arbitrary<Decision> DecisionArb() => Arb.From(Decisions(), ShrinkDecision);

    public static Gen<Operation> Operation(int dimensions) => Gen.Frequency(
        (8, Request(dimensions).Select(r => (Operation)new PlaceOperation(r))),
        (4, Gen.Choose(0, 1000).Select(p => (Operation)new ReleaseOperation(p))),
        (1, from node in Gen.Choose(0, 1000)
            from state in Gen.Frequency((2, Gen.Constant(NodeState.Ready)), (1, Gen.Constant(NodeState.Cordoned)), (1, Gen.Constant(NodeState.Down)))
            select (Operation)new SetStateOperation(node, state)),
        (2, from count in Gen.Choose(0, 12)
            from requests in Gen.ArrayOf(Request(dimensions), count)
            from ordering in Gen.Elements(OrderingPolicy.Arrival, OrderingPolicy.LargestFirst, OrderingPolicy.SmallestFirst)
            select (Operation)new PlaceBatchOperation(requests, ordering)));

    public static Gen<Scenario> Scenarios() =>
        from cluster in Clusters()
        from count in Gen.Choose(0, 40)
        from operations in Gen.ArrayOf(Operation(cluster.Dimensions.Length), count)
        from weights in Weights(cluster.Dimensions.Length)
        select new Scenario(cluster, operations, weights);

    public static Arbitrary<Scenario> ScenarioArb() => Arb.From(Scenarios(), ShrinkScenario);

    public static Arbitrary<ClusterModel> ClusterArb() => Arb.From(Clusters(), ShrinkCluster);

    /// <summary>Fewer nodes (halves, then one at a time), no late phase, no fills, everything ready.</summary>
    public static IEnumerable<ClusterModel> ShrinkCluster(ClusterModel cluster)
    {
        var n = cluster.Nodes.Length;
        if (n > 1)
        {
            yield return WithoutNodes(cluster, Enumerable.Range(n / 2, n - (n / 2)));
            yield return WithoutNodes(cluster, Enumerable.Range(0, n / 2));
        }

        for (var i = n - 1; i >= 0; i--)
        {
            yield return WithoutNodes(cluster, [i]);
        }

        if (cluster.LateFrom != n)
        {
            yield return cluster with { LateFrom = n };
        }

        for (var i = 0; i < n; i++)
        {
            var node = cluster.Nodes[i];
            if (node.Fills.Length > 0)
            {
                yield return WithNode(cluster, i, node with { Fills = [] });
            }

            if (node.State != NodeState.Ready)
            {
                yield return WithNode(cluster, i, node with { State = NodeState.Ready });
            }

            if (node.RemovalRank >= 0)
            {
                yield return WithNode(cluster, i, node with { RemovalRank = -1 });
            }
        }
    }

    public static IEnumerable<Scenario> ShrinkScenario(Scenario scenario)
    {
        var ops = scenario.Operations;
        if (ops.Length > 0)
        {
            yield return scenario with { Operations = ops[..(ops.Length / 2)] };
            for (var i = ops.Length - 1; i >= 0; i--)
            {
                yield return scenario with { Operations = [.. ops[..i], .. ops[(i + 1)..]] };
            }
        }

        foreach (var cluster in ShrinkCluster(scenario.Cluster))
        {
            yield return scenario with { Cluster = cluster };
        }
    }

    public static IEnumerable<Decision> ShrinkDecision(Decision decision)
    {
        foreach (var cluster in ShrinkCluster(decision.Cluster))
        {
            yield return decision with { Cluster = cluster };
        }

        for (var d = 0; d < decision.Weights.Length; d++)
        {
            if (decision.Weights[d] != 1.0)
            {
                var weights = (double[])decision.Weights.Clone();
                weights[d] = 1.0;
                yield return decision with { Weights = weights };
            }
        }
    }

    private static Gen<NodeModel> Node(int dimensions, long[][] types, int removalPercent, int downPercent, int oneOffWeight) =>
        from capacity in oneOffWeight == 0 ? Gen.Elements(types) : Gen.Frequency((3, Gen.Elements(types)), (oneOffWeight, Gen.ArrayOf(CapacityAmount(), dimensions)))
        from fillCount in Gen.Frequency((3, Gen.Constant(0)), (4, Gen.Constant(1)), (2, Gen.Constant(2)), (1, Gen.Constant(3)))
        from fractions in Gen.ArrayOf(Gen.ArrayOf(Permille(), dimensions), fillCount)
        from stateRoll in Gen.Choose(0, 99)
        from down in Gen.Elements(false, true)
        from removedRoll in Gen.Choose(0, 99)
        from rank in Gen.Choose(0, 1000)
        select new NodeModel(
            capacity,
            Fills(capacity, fractions),
            stateRoll >= downPercent ? NodeState.Ready : down ? NodeState.Down : NodeState.Cordoned,
            removedRoll < removalPercent ? rank : -1);

    private static Gen<int> Permille() => Gen.Frequency((1, Gen.Constant(0)), (1, Gen.Constant(1000)), (3, Gen.Choose(0, 1000)));

    /// <summary>Each fill takes a share of what the earlier fills left, so they always fit.</summary>
    private static long[][] Fills(long[] capacity, int[][] permilles)
    {
        var remaining = (long[])capacity.Clone();
        var fills = new long[permilles.Length][];
        for (var f = 0; f < permilles.Length; f++)
        {
            fills[f] = new long[capacity.Length];
            for (var d = 0; d < capacity.Length; d++)
            {
                fills[f][d] = remaining[d] * permilles[f][d] / 1000;
                remaining[d] -= fills[f][d];
            }
        }

        return fills;
    }

    private static ClusterModel WithoutNodes(ClusterModel cluster, IEnumerable<int> drop)
    {
        var dropped = new HashSet<int>(drop);
        var nodes = cluster.Nodes.Where((_, i) => !dropped.Contains(i)).ToArray();
        var lateFrom = cluster.LateFrom - dropped.Count(i => i < cluster.LateFrom);
        return cluster with { Nodes = nodes, LateFrom = lateFrom };
    }

    private static ClusterModel WithNode(ClusterModel cluster, int index, NodeModel node)
    {
        var nodes = (NodeModel[])cluster.Nodes.Clone();
        nodes[index] = node;
        return cluster with { Nodes = nodes };
    }
}
