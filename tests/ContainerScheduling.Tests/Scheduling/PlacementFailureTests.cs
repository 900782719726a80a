using System.Collections.Generic;
using System.Linq;
using System.Text.RegularExpressions;
using FsCheck;
using FsCheck.Fluent;
using Xunit;

namespace ContainerScheduling.Tests.Scheduling;

/// <summary>
/// "Could not place" is a result with per-cause counts: <c>{fit}/{n} nodes fit: {count} {cause}, …</c>, causes by
/// descending count then name, each node counted once under every cause that excludes it.
/// </summary>
public sealed partial class PlacementFailureTests
{
    private static readonly Config Quick = Config.QuickThrowOnFailure.WithMaxTest(300).WithQuietOnSuccess(true);

    [Fact]
    public void Place_LargerThanEveryNode_ReportsAllNodesShortOfThatDimension()
    {
        var cluster = new ClusterState(new ResourceSchema("cpu", "memory"));
        for (var i = 0; i < 12; i++)
        {
            cluster.AddNode(Node($"n{i}", cpu: 4000 + i, memory: 8192));
        }

        var result = new Scheduler(cluster).Place(Container("huge", cpu: 64_000, memory: 1));

        Assert.False(result.IsPlaced);
        Assert.Null(result.Node);
        Assert.Equal("0/12 nodes fit: 12 insufficient cpu", result.Failure.Message);
        Assert.Equal([new FailureCause("insufficient cpu", 12)], result.Failure.Causes);
        Assert.Equal(12, result.Failure.NodeCount);
        Assert.Equal(0, result.Failure.FittingNodeCount);
        Assert.Equal("huge unplaced: 0/12 nodes fit: 12 insufficient cpu", result.ToString());
        Assert.Equal(0, cluster.ContainerCount);
    }

    [Fact]
    public void Place_HandBuiltMixOfCauses_CountsEachCauseAndOrdersByCountThenName()
    {
        // 3 cordoned, 2 down, 4 short of memory only, 5 short of cpu of which 2 also short of memory.
        var cluster = new ClusterState(new ResourceSchema("cpu", "memory"));
        var n = 0;
        void Add(long cpu, long memory, NodeState state)
        {
            var name = $"n{n++}";
            cluster.AddNode(Node(name, cpu, memory));
            cluster.SetNodeState(name, state);
        }

        for (var i = 0; i < 3; i++)
        {
            Add(100_000, 100_000, NodeState.Cordoned);
        }

        for (var i = 0; i < 2; i++)
        {
            Add(100_000, 100_000, NodeState.Down);
        }

        for (var i = 0; i < 4; i++)
        {
            Add(8000, 1000, NodeState.Ready);
        }

        for (var i = 0; i < 3; i++)
        {
            Add(1000, 8000, NodeState.Ready);
        }

        for (var i = 0; i < 2; i++)
        {
            Add(1000, 1000, NodeState.Ready);
        }

        var result = new Scheduler(cluster, PlacementStrategies.Spread()).Place(Container("web", cpu: 2000, memory: 2000));

        Assert.False(result.IsPlaced);
        Assert.Equal(
            [
                new FailureCause("insufficient memory", 6),
                new FailureCause("insufficient cpu", 5),
                new FailureCause("cordoned", 3),
                new FailureCause("down", 2),
            ],
            result.Failure.Causes);
        Assert.Equal("0/14 nodes fit: 6 insufficient memory, 5 insufficient cpu, 3 cordoned, 2 down", result.Failure.Message);
        Assert.Equal(14, result.Failure.NodeCount);
    }

    [Fact]
    public void Place_EqualCounts_OrdersCausesByOrdinalName()
    {
        var cluster = new ClusterState(new ResourceSchema("memory", "cpu", "Gpu"));
        cluster.AddNodes(Enumerable.Range(0, 6).Select(i => new NodeSpec($"n{i}", new Dictionary<string, long> { ["cpu"] = 1, ["memory"] = 1, ["Gpu"] = 1 })));
        cluster.SetNodeState("n0", NodeState.Down);
        cluster.SetNodeState("n1", NodeState.Down);
        cluster.Cordon("n2");
        cluster.Cordon("n3");

        var result = new Scheduler(cluster, PlacementStrategies.FirstFit())
            .Place(new ContainerSpec("c", new Dictionary<string, long> { ["cpu"] = 2, ["memory"] = 2, ["Gpu"] = 2 }));

        // Ordinal: "Gpu" sorts before lower-case names.
        Assert.Equal(
            "0/6 nodes fit: 2 cordoned, 2 down, 2 insufficient Gpu, 2 insufficient cpu, 2 insufficient memory",
            result.Failure!.Message);
    }

    [Fact]
    public void Place_EmptyCluster_SaysTheClusterHasNoNodes()
    {
        var result = new Scheduler(new ClusterState(new ResourceSchema("cpu"))).Place(Container("c", cpu: 0, memory: 0, withMemory: false));

        Assert.Equal("0/0 nodes fit: the cluster has no nodes", result.Failure!.Message);
        Assert.Empty(result.Failure.Causes);
    }

    [Fact]
    public void Place_StrategyDeclinesFittingNodes_CountsThemAsNotChosen()
    {
        var cluster = new ClusterState(new ResourceSchema("cpu", "memory"));
        cluster.AddNodes([Node("a", 10, 10), Node("b", 10, 10), Node("c", 1, 10)]);

        var result = new Scheduler(cluster, new DecliningStrategy()).Place(Container("c1", cpu: 5, memory: 5));

        Assert.Equal("2/3 nodes fit: 2 not chosen by strategy 'decline', 1 insufficient cpu", result.Failure!.Message);
        Assert.Equal(2, result.Failure.FittingNodeCount);
    }

    [Fact]
    public void Place_ZeroRequestOnFullAndZeroCapacityNodes_Fits()
    {
        var cluster = new ClusterState(new ResourceSchema("cpu", "gpu"));
        cluster.AddNode(Node("zero", 0, 0, withMemory: false));
        var result = new Scheduler(cluster, PlacementStrategies.BestFit()).Place(new ContainerSpec("nothing", new Dictionary<string, long>()));

        Assert.Equal("zero", result.Node);
        Assert.Equal(1, cluster.GetContainerCount("zero"));
    }

    [Fact]
    public void Place_UnplacedOnRandomClusters_ExplainsWithExactCountsAndFormat() =>
        Check.One(Quick, Prop.ForAll(ClusterGenerators.DecisionArb(), decision =>
        {
            var cluster = decision.Cluster.Build();
            var reference = ReferenceCluster.Of(cluster);
            var result = new Scheduler(cluster, PlacementStrategies.FirstFit())
                .Place(ClusterModel.Container("probe", decision.Cluster.Dimensions, decision.Request));
            if (result.IsPlaced)
            {
                return true;
            }

            var (message, causes) = reference.Explain(decision.Request, PlacementStrategies.FirstFitName);
            var failure = result.Failure;
            var ordered = failure.Causes.Zip(failure.Causes.Skip(1), (a, b) =>
                a.NodeCount > b.NodeCount || (a.NodeCount == b.NodeCount && string.CompareOrdinal(a.Reason, b.Reason) < 0)).All(x => x);
            return PropertyFailure.Unless(failure.Message == message, () => $"'{failure.Message}' != '{message}'")
                && failure.Causes.SequenceEqual(causes)
                && ordered
                && FailureFormat().IsMatch(failure.Message)
                && failure.NodeCount == cluster.NodeCount
                && failure.FittingNodeCount == 0
                && !cluster.ContainsContainer("probe");
        }));

    internal static NodeSpec Node(string name, long cpu, long memory, bool withMemory = true) =>
        new(name, withMemory ? new Dictionary<string, long> { ["cpu"] = cpu, ["memory"] = memory } : new Dictionary<string, long> { ["cpu"] = cpu });

    internal static ContainerSpec Container(string name, long cpu, long memory, bool withMemory = true) =>
        new(name, withMemory ? new Dictionary<string, long> { ["cpu"] = cpu, ["memory"] = memory } : new Dictionary<string, long> { ["cpu"] = cpu });

    [GeneratedRegex(@"^\d+/\d+ nodes fit: (the cluster has no nodes|\d+ [^,]+(, \d+ [^,]+)*)$")]
    private static partial Regex FailureFormat();
}
