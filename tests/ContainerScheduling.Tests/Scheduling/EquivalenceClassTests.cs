using System.Collections.Generic;
using System.Linq;
using FsCheck;
using FsCheck.Fluent;
using Xunit;

namespace ContainerScheduling.Tests.Scheduling;

/// <summary>
/// A batch derives the decision for a request equal to the previous one without a scan where the definition allows
/// (first-fit and best-fit while the node still fits; any built-in when the previous one fitted nowhere). That
/// shortcut must never change a decision: a batch of runs of identical requests places exactly as placing the
/// containers one by one does, and explains the unplaced ones identically.
/// </summary>
public sealed class EquivalenceClassTests
{
    private static readonly Config Quick = Config.QuickThrowOnFailure.WithMaxTest(200).WithQuietOnSuccess(true);

    public static IEnumerable<object[]> StrategyNames => StrategyCatalog.BuiltInNames;

    [Theory]
    [MemberData(nameof(StrategyNames))]
    public void PlaceBatch_RunsOfIdenticalRequests_DecideAsPlacingOneByOne(string strategy)
    {
        var cases =
            from cluster in ClusterGenerators.Clusters()
            from distinctCount in Gen.Choose(1, 4)
            from distinct in Gen.ArrayOf(ClusterGenerators.SmallRequest(cluster.Dimensions.Length), distinctCount)
            from runCount in Gen.Choose(1, 10)
            from runs in Gen.ArrayOf(
                from which in Gen.Choose(0, distinctCount - 1)
                from length in Gen.Choose(1, 8)
                select (which, length),
                runCount)
            select (cluster, requests: runs.SelectMany(run => Enumerable.Repeat(distinct[run.which], run.length)).ToArray());
        Check.One(Quick, Prop.ForAll(Arb.From(cases), c =>
        {
            var specs = c.requests.Select((r, i) => ClusterModel.Container($"c{i}", c.cluster.Dimensions, r)).ToArray();
            var batched = new Scheduler(c.cluster.Build(), PlacementStrategies.Create(strategy)).PlaceBatch(specs);
            return OneByOne.Matches(batched, new Scheduler(c.cluster.Build(), PlacementStrategies.Create(strategy)), specs);
        }));
    }

    [Fact]
    public void PlaceBatch_ReplicasOnPartlyFullNodes_FillTheBestFitNodeThenMoveOn()
    {
        // Best-fit puts replicas on the fullest node that fits until it is full, then on the next fullest.
        var cluster = new ClusterState(new ResourceSchema("cpu"));
        cluster.AddNode(new NodeSpec("roomy", new Dictionary<string, long> { ["cpu"] = 10 }));
        cluster.AddNode(new NodeSpec("tight", new Dictionary<string, long> { ["cpu"] = 10 }));
        cluster.Bind(new ContainerSpec("existing", new Dictionary<string, long> { ["cpu"] = 6 }), "tight");
        var replicas = Enumerable.Range(0, 5).Select(i => new ContainerSpec($"r{i}", new Dictionary<string, long> { ["cpu"] = 2 }));

        var scheduler = new Scheduler(cluster, PlacementStrategies.BestFit());
        var result = scheduler.PlaceBatch(replicas);

        Assert.Equal(["tight", "tight", "roomy", "roomy", "roomy"], result.Placements.Select(p => p.Node));
        Assert.Empty(result.Unplaced);

        // Scans for r0 and for r2 (tight is full); r1, r3 and r4 follow from the decision before them.
        Assert.Equal(3, scheduler.DerivedDecisions);
    }

    [Fact]
    public void PlaceBatch_RepeatedRequestThatFitsNowhere_SharesTheExplanationWithoutAScan()
    {
        var cluster = new ClusterState(new ResourceSchema("cpu"));
        cluster.AddNode(new NodeSpec("small", new Dictionary<string, long> { ["cpu"] = 4 }));
        var huge = Enumerable.Range(0, 3).Select(i => new ContainerSpec($"h{i}", new Dictionary<string, long> { ["cpu"] = 8 }));
        var scheduler = new Scheduler(cluster, PlacementStrategies.LeastLoaded());

        var result = scheduler.PlaceBatch(huge);

        Assert.Equal(3, result.Unplaced.Count);
        Assert.All(result.Unplaced, u => Assert.Equal("0/1 nodes fit: 1 insufficient cpu", u.Failure.Message));
        Assert.Equal(2, scheduler.DerivedDecisions);
    }
}
