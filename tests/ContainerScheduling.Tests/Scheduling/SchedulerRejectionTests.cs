using System;
using System.Collections.Generic;
using System.Linq;
using Xunit;
using static ContainerScheduling.Tests.RejectedCall;

namespace ContainerScheduling.Tests.Scheduling;

/// <summary>
/// Every bad call on a <see cref="Scheduler"/> — bad input, or a strategy that answers a node that cannot take
/// the request part-way through a batch or a task — throws naming the parameter and the offending value and
/// leaves the cluster exactly as it was (a batch rolls back), on random clusters.
/// </summary>
public sealed class SchedulerRejectionTests
{
    private static readonly RejectedCall[] Calls =
    [
        new("Place already placed", typeof(ArgumentException), "container", ["'anchor-c'", "'anchor'"], s => s.Scheduler.Place(s.Small(AnchorContainer))),
        new("Place unknown dimension", typeof(ArgumentException), "container", ["'new-c'", "'bogus'"], s => s.Scheduler.Place(s.Unknown("new-c"))),
        new("Place null", typeof(ArgumentNullException), "container", [], s => s.Scheduler.Place(null!)),
        new("PlaceBatch duplicate names", typeof(ArgumentException), "containers", ["'dup'"],
            s => s.Scheduler.PlaceBatch([s.Small("dup"), s.Small("other"), s.Small("dup")])),
        new("PlaceBatch already placed", typeof(ArgumentException), "containers", ["'anchor-c'"],
            s => s.Scheduler.PlaceBatch([s.Small("new-1"), s.Small(AnchorContainer)])),
        new("PlaceBatch unknown dimension in the third", typeof(ArgumentException), "containers", ["'new-3'", "'bogus'"],
            s => s.Scheduler.PlaceBatch([s.Small("new-1"), s.Small("new-2"), s.Unknown("new-3")])),
        new("PlaceBatch null element", typeof(ArgumentException), "containers", ["#1"], s => s.Scheduler.PlaceBatch([s.Small("new-1"), null!])),
        new("PlaceBatch null", typeof(ArgumentNullException), "containers", [], s => s.Scheduler.PlaceBatch(null!)),
        new("PlaceBatch undefined ordering", typeof(ArgumentOutOfRangeException), "ordering", ["42"],
            s => s.Scheduler.PlaceBatch([s.Small("new-1")], (OrderingPolicy)42)),
        new("PlaceTask already placed", typeof(ArgumentException), "task", ["'anchor-c'"],
            s => s.Scheduler.PlaceTask(new TaskSpec("t", [s.Small("new-1"), s.Small(AnchorContainer)]))),
        new("PlaceTask unknown dimension", typeof(ArgumentException), "task", ["'new-2'", "'bogus'"],
            s => s.Scheduler.PlaceTask(new TaskSpec("t", [s.Small("new-1"), s.Unknown("new-2")]))),
        new("PlaceTask null", typeof(ArgumentNullException), "task", [], s => s.Scheduler.PlaceTask(null!)),
        new("PlaceTasks duplicate task name", typeof(ArgumentException), "tasks", ["'t'"],
            s => s.Scheduler.PlaceTasks([new TaskSpec("t", [s.Small("new-1")]), new TaskSpec("t", [s.Small("new-2")])])),
        new("PlaceTasks container in two tasks", typeof(ArgumentException), "tasks", ["'new-1'"],
            s => s.Scheduler.PlaceTasks([new TaskSpec("t1", [s.Small("new-1")]), new TaskSpec("t2", [s.Small("new-1")])])),
        new("PlaceTasks already placed", typeof(ArgumentException), "tasks", ["'anchor-c'"],
            s => s.Scheduler.PlaceTasks([new TaskSpec("t1", [s.Small("new-1")]), new TaskSpec("t2", [s.Small(AnchorContainer)])])),
        new("PlaceTasks unknown dimension", typeof(ArgumentException), "tasks", ["'new-2'", "'bogus'"],
            s => s.Scheduler.PlaceTasks([new TaskSpec("t1", [s.Small("new-1")]), new TaskSpec("t2", [s.Unknown("new-2")])])),
        new("PlaceTasks null task", typeof(ArgumentException), "tasks", ["#1"], s => s.Scheduler.PlaceTasks([new TaskSpec("t1", [s.Small("new-1")]), null!])),
        new("PlaceTasks null", typeof(ArgumentNullException), "tasks", [], s => s.Scheduler.PlaceTasks(null!)),
        new("PlaceTasks undefined ordering", typeof(ArgumentOutOfRangeException), "ordering", ["-1"],
            s => s.Scheduler.PlaceTasks([new TaskSpec("t1", [s.Small("new-1")])], (OrderingPolicy)(-1))),
        new("Remove unknown", typeof(ArgumentException), "containerName", ["'ghost'"], s => s.Scheduler.Remove(Ghost)),
        new("Remove null", typeof(ArgumentNullException), "containerName", [], s => s.Scheduler.Remove(null!)),
    ];

    public static IEnumerable<object[]> Cases => Calls.Select(c => new object[] { c.Name });

    [Theory]
    [MemberData(nameof(Cases))]
    public void BadCall_OnRandomCluster_ThrowsNamingParameterAndValueAndChangesNothing(string name) =>
        Calls.Single(c => c.Name == name).Holds();

    [Fact]
    public void PlaceBatch_StrategyAnswersNodeWithoutRoomOnThirdCall_ThrowsAndRollsBackTheBatch() =>
        new RejectedCall(
            "strategy answers 'tiny'", typeof(InvalidOperationException), null, ["'faulty'", "'new-3'", "does not take new work or lacks room"],
            s => s.Scheduler.PlaceBatch([s.Small("new-1"), s.Small("new-2"), s.Small("new-3"), s.Small("new-4")]))
            .Holds(cluster => new FaultyStrategy(goodCalls: 2, index: IndexOfTiny(cluster)));

    [Theory]
    [InlineData(-7)]
    [InlineData(int.MaxValue)]
    [InlineData(0)]
    public void PlaceBatch_StrategyAnswersAnIndexThatIsNoReadyNode_ThrowsNamingTheIndexAndRollsBack(int offsetFromPadding)
    {
        // Indexes at and past the padding, and in the padding lanes themselves.
        new RejectedCall(
            "strategy answers a padding or out-of-range index", typeof(InvalidOperationException), null, ["'faulty'", "node index", "'new-2'"],
            s => s.Scheduler.PlaceBatch([s.Small("new-1"), s.Small("new-2"), s.Small("new-3")]))
            .Holds(cluster => new FaultyStrategy(goodCalls: 1, index: PaddingIndex(cluster, offsetFromPadding)));
    }

    [Fact]
    public void PlaceBatch_StrategyAnswersTheCordonedNode_ThrowsAndRollsBack() =>
        new RejectedCall(
            "strategy answers 'fenced'", typeof(InvalidOperationException), null, ["'faulty'", "'new-2'"],
            s => s.Scheduler.PlaceBatch([s.Small("new-1"), s.Small("new-2")]))
            .Holds(cluster => new FaultyStrategy(goodCalls: 1, index: IndexOf(cluster, Fenced)));

    [Fact]
    public void PlaceBatch_StrategyThrowsOnThirdCall_PropagatesAndRollsBack() =>
        new RejectedCall(
            "strategy throws", typeof(InvalidProgramException), null, ["gave up"],
            s => s.Scheduler.PlaceBatch([s.Small("new-1"), s.Small("new-2"), s.Small("new-3")], OrderingPolicy.LargestFirst))
            .Holds(_ => new FaultyStrategy(goodCalls: 2, index: null));

    [Fact]
    public void PlaceTask_StrategyFailsOnSecondContainer_ThrowsAndReleasesTheFirst() =>
        new RejectedCall(
            "strategy answers 'tiny' inside a task", typeof(InvalidOperationException), null, ["'faulty'", "'new-2'"],
            s => s.Scheduler.PlaceTask(new TaskSpec("t", [s.Small("new-1"), s.Small("new-2")])))
            .Holds(cluster => new FaultyStrategy(goodCalls: 1, index: IndexOfTiny(cluster)));

    [Fact]
    public void PlaceTasks_StrategyFailsInTheThirdTask_ThrowsAndReleasesTheEarlierTasks() =>
        new RejectedCall(
            "strategy throws in the third task", typeof(InvalidProgramException), null, ["gave up"],
            s => s.Scheduler.PlaceTasks(
            [
                new TaskSpec("t1", [s.Small("a1"), s.Small("a2")]),
                new TaskSpec("t2", [s.Small("b1")]),
                new TaskSpec("t3", [s.Small("c1"), s.Small("c2")]),
            ]))
            .Holds(_ => new FaultyStrategy(goodCalls: 4, index: null));

    [Fact]
    public void Place_WeightForADimensionTheSchemaLacks_ThrowsNamingItAndChangesNothing() =>
        new RejectedCall(
            "weight names 'nope'", typeof(InvalidOperationException), null, ["'nope'", "'best-fit'"],
            s => s.Scheduler.PlaceBatch([s.Small("new-1"), s.Small("new-2")]))
            .Holds(_ => PlacementStrategies.BestFit(new Dictionary<string, double> { ["nope"] = 2.0 }));

    [Fact]
    public void Constructor_NullCluster_ThrowsArgumentNullNamingCluster()
    {
        var thrown = Assert.Throws<ArgumentNullException>(() => new Scheduler(null!));
        Assert.Equal("cluster", thrown.ParamName);
    }

    private static int IndexOfTiny(ClusterState cluster) => IndexOf(cluster, Tiny);

    private static int IndexOf(ClusterState cluster, string node) => new Setup(cluster, new Scheduler(cluster), ["cpu"]).IndexOf(node);

    private static int PaddingIndex(ClusterState cluster, int offset)
    {
        var view = cluster.CreateView();
        return offset switch
        {
            int.MaxValue => int.MaxValue,
            < 0 => view.PaddedNodeCount + offset >= view.NodeCount ? view.PaddedNodeCount + offset : view.PaddedNodeCount,
            _ => view.PaddedNodeCount + offset,
        };
    }
}
