using System;
using System.Collections.Generic;
using System.Linq;
using FsCheck;
using FsCheck.Fluent;
using Xunit;

namespace ContainerScheduling.Tests.Cluster;

/// <summary>
/// Cordon, uncordon, down and remove: a node that is not ready takes no new work but keeps its containers;
/// removal keeps the order of the others; many removals compact the columns and every query stays right.
/// </summary>
public sealed class NodeLifecycleTests
{
    private static readonly Config Quick = Config.QuickThrowOnFailure.WithMaxTest(200).WithQuietOnSuccess(true);

    public static IEnumerable<object[]> StrategyNames => StrategyCatalog.BuiltInNames;

    public static IEnumerable<object[]> NotReady => [[NodeState.Cordoned], [NodeState.Down]];

    [Theory]
    [MemberData(nameof(NotReady))]
    public void SetNodeState_NotReady_ExcludesTheNodeButKeepsItsContainers(NodeState state)
    {
        var cluster = Cluster(3, cpu: 4);
        cluster.Bind(Container("kept", 2), "n0");
        cluster.SetNodeState("n0", state);
        var scheduler = new Scheduler(cluster, PlacementStrategies.FirstFit());

        Assert.Equal("n1", scheduler.Place(Container("new", 1)).Node);
        Assert.Equal(state, cluster.GetNodeState("n0"));
        Assert.Equal(["kept"], cluster.GetContainersOn("n0"));
        Assert.Equal(2, cluster.GetAllocated("n0", "cpu"));
        Assert.Equal(2, cluster.GetFree("n0", "cpu"));

        // Releasing from a node that is not ready returns the resources but still gives it no work.
        Assert.Equal("n0", cluster.Release("kept"));
        Assert.Equal(4, cluster.GetFree("n0", "cpu"));
        Assert.Equal("n1", scheduler.Place(Container("newer", 1)).Node);

        cluster.Uncordon("n0");
        Assert.Equal(NodeState.Ready, cluster.GetNodeState("n0"));
        Assert.Equal("n0", scheduler.Place(Container("newest", 4)).Node);
        Assert.Null(ClusterInvariants.Violation(cluster));
    }

    [Fact]
    public void Cordon_EveryNode_LeavesEverythingUnplacedAsCordoned()
    {
        var cluster = Cluster(3, cpu: 4);
        foreach (var node in cluster.Nodes)
        {
            cluster.Cordon(node.Name);
        }

        var result = new Scheduler(cluster).Place(Container("c", 0));
        Assert.Equal("0/3 nodes fit: 3 cordoned", result.Failure!.Message);
    }

    [Fact]
    public void RemoveNode_InTheMiddle_KeepsTheOrderAndFirstFitTakesTheNext()
    {
        var cluster = Cluster(5, cpu: 4);
        cluster.Bind(Container("busy", 4), "n0");
        cluster.RemoveNode("n1");

        Assert.Equal(["n0", "n2", "n3", "n4"], cluster.Nodes.Select(n => n.Name));
        Assert.False(cluster.ContainsNode("n1"));
        Assert.Equal(16, cluster.GetTotalCapacity("cpu"));
        Assert.Equal("n2", new Scheduler(cluster, PlacementStrategies.FirstFit()).Place(Container("next", 1)).Node);

        // A node added later goes after the others, and a removed name can be added again (at the end).
        cluster.AddNode(Node("n1", 4));
        Assert.Equal(["n0", "n2", "n3", "n4", "n1"], cluster.Nodes.Select(n => n.Name));
    }

    [Fact]
    public void RemoveNode_ManyRemovals_CompactsAndKeepsContainersOnTheirNodesInPlacementOrder()
    {
        // 100 nodes; containers on every third node, three each, one released from the middle.
        var cluster = Cluster(100, cpu: 10);
        var expectedOn = new Dictionary<string, List<string>>();
        for (var i = 0; i < 100; i += 3)
        {
            var node = $"n{i}";
            expectedOn[node] = [];
            for (var k = 0; k < 3; k++)
            {
                cluster.Bind(Container($"{node}-c{k}", k + 1), node);
                expectedOn[node].Add($"{node}-c{k}");
            }

            cluster.Release($"{node}-c1");
            expectedOn[node].Remove($"{node}-c1");
        }

        var slotsBefore = cluster.SlotCount;
        var removed = 0;
        for (var i = 0; i < 100; i++)
        {
            if (i % 3 != 0 && i % 5 != 0)
            {
                cluster.RemoveNode($"n{i}");
                removed++;
            }
        }

        Assert.True(cluster.SlotCount < slotsBefore, "compaction ran");
        Assert.True(cluster.SlotCount < 100 - removed + ClusterState.LaneMultiple, "most holes are gone");
        var survivors = Enumerable.Range(0, 100).Where(i => i % 3 == 0 || i % 5 == 0).Select(i => $"n{i}").ToArray();
        Assert.Equal(survivors, cluster.Nodes.Select(n => n.Name));
        foreach (var (node, containers) in expectedOn)
        {
            Assert.Equal(containers, cluster.GetContainersOn(node));
            Assert.All(containers, c => Assert.Equal(node, cluster.GetNodeOf(c)));
            Assert.Equal(4, cluster.GetAllocated(node, "cpu"));
        }

        Assert.Null(ClusterInvariants.Violation(cluster));
        Assert.Null(Placement.ClusterViewTests.ViewProblem(cluster));

        // Placement and release still work on the compacted columns.
        var scheduler = new Scheduler(cluster, PlacementStrategies.FirstFit());
        Assert.Equal("n0", scheduler.Place(Container("after", 6)).Node);
        Assert.Equal("n0", cluster.Release("n0-c0"));
        Assert.Equal(["n0-c2", "after"], cluster.GetContainersOn("n0"));
        Assert.Equal("n5", scheduler.Place(Container("after-2", 7)).Node); // n0 has 1 free, n3 has 6
    }

    [Theory]
    [MemberData(nameof(StrategyNames))]
    public void RemoveNode_RandomRemovalsAndReAdds_AllQueriesAndDecisionsStayRight(string strategy)
    {
        var inputs =
            from model in ClusterGenerators.Clusters(0, ClusterGenerators.MaxNodes)
            from removals in Gen.ArrayOf(Gen.Choose(0, 1000), 60)
            from requests in Gen.ArrayOf(ClusterGenerators.Request(model.Dimensions.Length), 5)
            select (Model: model, Removals: removals, Requests: requests);
        Check.One(Quick, Prop.ForAll(Arb.From(inputs), input =>
        {
            var cluster = input.Model.Build();
            var dimensions = input.Model.Dimensions;
            var added = 0;
            foreach (var pick in input.Removals)
            {
                var nodes = cluster.Nodes;
                if (pick % 4 == 0 || nodes.Count == 0)
                {
                    cluster.AddNode(new NodeSpec($"late{added++}", ClusterModel.Amounts(dimensions, Enumerable.Repeat((long)pick, dimensions.Length).ToArray())));
                    continue;
                }

                var name = nodes[pick % nodes.Count].Name;
                var order = nodes.Select(n => n.Name).Where(n => n != name).ToList();
                foreach (var container in cluster.GetContainersOn(name))
                {
                    cluster.Release(container);
                }

                cluster.RemoveNode(name);
                if (!cluster.Nodes.Select(n => n.Name).SequenceEqual(order))
                {
                    return false;
                }
            }

            var scenario = new Scenario(input.Model, input.Requests.Select(r => (Operation)new PlaceOperation(r)).ToArray(), StrategyCatalog.DefaultWeights(dimensions.Length));
            return PropertyFailure.None(ClusterInvariants.Violation(cluster))
                && PropertyFailure.None(Placement.ClusterViewTests.ViewProblem(cluster))
                && PropertyFailure.None(new ScenarioRunner(scenario, strategy, weighted: false, cluster).Run(checkInvariants: true, checkReference: true));
        }));
    }

    [Fact]
    public void BlockIndex_AfterAnySequence_HoldsEachBlocksMaximumAvailableFewestContainersAndKeyBounds()
    {
        var withKeys = 0;
        Check.One(Quick, Prop.ForAll(ClusterGenerators.ScenarioArb(), scenario =>
        {
            var runner = new ScenarioRunner(scenario, PlacementStrategies.BestFitName, weighted: false);
            runner.Run(checkInvariants: false, checkReference: false);
            withKeys += runner.Cluster.ScoreKeyCount > 0 ? 1 : 0;
            return PropertyFailure.None(BlockIndexProblem(runner.Cluster));
        }));

        // Best-fit registers a key column on its first decision wherever the keyed scans run.
        Assert.True(!System.Runtime.Intrinsics.X86.Avx512F.IsSupported || withKeys >= 50, $"key columns existed in {withKeys} cases");
    }

    [Fact]
    public void FitFilter_AfterAnySequence_HoldsEveryNodesQuantisedAvailableAmounts() =>
        Check.One(Quick, Prop.ForAll(ClusterGenerators.ScenarioArb(), scenario =>
        {
            var runner = new ScenarioRunner(scenario, PlacementStrategies.FirstFitName, weighted: false);
            runner.Run(checkInvariants: false, checkReference: false);
            return PropertyFailure.None(FitFilterProblem(runner.Cluster));
        }));

    [Fact]
    public void FitFilter_LargeCapacities_NeverRulesOutANodeThatFits()
    {
        // Capacities far beyond 16 bits force shifts; a request just under a node's free amount must pass.
        var cluster = new ClusterState(new ResourceSchema("cpu", "memory", "disk", "gpu", "ports"));
        cluster.AddNode(Node4("small", 1_000, 1_000, 1_000, 1_000, 3));
        cluster.AddNode(Node4("huge", 1L << 40, 1L << 50, 123_456_789_012, 70_000, 5));
        long[] request = [(1L << 40) - 1, (1L << 50) - 7, 123_456_789_000, 69_999, 5];
        Span<short> lanes = stackalloc short[ClusterState.FilterLanes];
        cluster.FilterRequest(request, lanes);

        Assert.Equal(1, PlacementKernels.FirstFitVector(cluster, request));
        Assert.Equal(PlacementKernels.FirstFitScalar(cluster, request), PlacementKernels.FirstFitVector(cluster, request));
        Assert.True(lanes[0] > 0 && lanes[1] > 0, "the request's lanes are quantised, not zero");
        Assert.Null(FitFilterProblem(cluster));
    }

    private static NodeSpec Node4(string name, long cpu, long memory, long disk, long gpu, long ports) =>
        new(name, new Dictionary<string, long> { ["cpu"] = cpu, ["memory"] = memory, ["disk"] = disk, ["gpu"] = gpu, ["ports"] = ports });

    private static string? FitFilterProblem(ClusterState cluster)
    {
        for (var slot = 0; slot < cluster.PaddedSlotCount; slot++)
        {
            var expected = cluster.ExpectedFilterAt(slot);
            if (!cluster.FilterAt(slot).SequenceEqual(expected))
            {
                return $"node index {slot}: filter [{string.Join(",", cluster.FilterAt(slot).ToArray())}], columns say [{string.Join(",", expected)}]";
            }

            if (slot >= cluster.SlotCount || !cluster.IsSchedulable(slot))
            {
                if (expected.Any(lane => lane != -1))
                {
                    return $"node index {slot} takes no new work but its filter lanes are [{string.Join(",", expected)}]";
                }
            }
        }

        return null;
    }

    private static string? BlockIndexProblem(ClusterState cluster)
    {
        var view = cluster.CreateView();
        var blocks = cluster.BlockCount;
        for (var d = 0; d < view.DimensionCount; d++)
        {
            var available = view.Available(d);
            for (var block = 0; block < cluster.BlockStride; block++)
            {
                var expected = block < blocks
                    ? available.Slice(block * ClusterState.BlockSize, ClusterState.BlockSize).ToArray().Max()
                    : -1;
                var actual = cluster.BlockMaxColumns[(d * cluster.BlockStride) + block];
                if (actual != expected)
                {
                    return $"dimension {d} block {block} of {blocks} (stride {cluster.BlockStride}): index says {actual}, columns say {expected}";
                }
            }
        }

        // The fewest containers on a node that takes new work, per block.
        var counts = view.ContainerCounts;
        for (var block = 0; block < cluster.BlockStride; block++)
        {
            var expected = int.MaxValue;
            for (var slot = block * ClusterState.BlockSize; slot < Math.Min((block + 1) * ClusterState.BlockSize, cluster.SlotCount); slot++)
            {
                expected = cluster.IsSchedulable(slot) ? (int)Math.Min(expected, counts[slot]) : expected;
            }

            if (cluster.BlockFewestColumn[block] != expected)
            {
                return $"block {block} of {blocks}: fewest-count index says {cluster.BlockFewestColumn[block]}, counts say {expected}";
            }
        }

        // Every key column and its per-block bounds over the nodes that take new work.
        var zero = new long[view.DimensionCount];
        foreach (var key in cluster.ScoreKeys)
        {
            for (var block = 0; block < cluster.BlockStride; block++)
            {
                var ready = Enumerable.Range(block * ClusterState.BlockSize, ClusterState.BlockSize)
                    .Where(slot => slot < cluster.SlotCount && cluster.IsSchedulable(slot))
                    .ToArray();
                foreach (var slot in ready)
                {
                    if (key.Values[slot].CompareTo(PlacementKernels.ScoreScalar(cluster, zero, key.Weights, slot)) != 0)
                    {
                        return $"node index {slot}: key {key.Values[slot]} for weights [{string.Join(",", key.Weights)}] is stale";
                    }
                }

                var low = ready.Length == 0 ? double.PositiveInfinity : ready.Min(slot => key.Values[slot]);
                var high = ready.Length == 0 ? double.NegativeInfinity : ready.Max(slot => key.Values[slot]);
                if (key.BlockLow[block].CompareTo(low) != 0 || key.BlockHigh[block].CompareTo(high) != 0)
                {
                    return $"block {block} of {blocks}: key bounds [{key.BlockLow[block]}, {key.BlockHigh[block]}], keys say [{low}, {high}]";
                }
            }
        }

        return null;
    }

    private static ClusterState Cluster(int nodes, long cpu)
    {
        var cluster = new ClusterState(new ResourceSchema("cpu"));
        cluster.AddNodes(Enumerable.Range(0, nodes).Select(i => Node($"n{i}", cpu)));
        return cluster;
    }

    private static NodeSpec Node(string name, long cpu) => new(name, new Dictionary<string, long> { ["cpu"] = cpu });

    private static ContainerSpec Container(string name, long cpu) => new(name, new Dictionary<string, long> { ["cpu"] = cpu });
}
