using System.Collections.Generic;
using System.Linq;
using FsCheck;
using FsCheck.Fluent;
using Xunit;

namespace ContainerScheduling.Tests.Placement;

/// <summary>A strategy written by a user, reading the view's spans, runs through the scheduler like a built-in.</summary>
public sealed class CustomStrategyTests
{
    private static readonly Config Quick = Config.QuickThrowOnFailure.WithMaxTest(200).WithQuietOnSuccess(true);

    [Fact]
    public void Place_LastFitOverRandomSequences_ChoosesTheLastReadyNodeThatFitsAndKeepsTheLaws() =>
        Check.One(Quick, Prop.ForAll(ClusterGenerators.ScenarioArb(), scenario =>
            PropertyFailure.None(new ScenarioRunner(scenario, LastFitStrategy.StrategyName, weighted: false).Run(checkInvariants: true, checkReference: true))));

    [Fact]
    public void PlaceBatch_LastFit_ReportsUnplacedLikeABuiltIn()
    {
        var cluster = new ClusterState(new ResourceSchema("cpu"));
        cluster.AddNodes(new[] { "a", "b", "c" }.Select(n => new NodeSpec(n, new Dictionary<string, long> { ["cpu"] = 2 })));
        cluster.Cordon("c");
        var scheduler = new Scheduler(cluster, new LastFitStrategy());

        var result = scheduler.PlaceBatch(Enumerable.Range(0, 5).Select(i => new ContainerSpec($"c{i}", new Dictionary<string, long> { ["cpu"] = 1 })));

        Assert.Equal(
            [new ContainerScheduling.Placement("c0", "b"), new ContainerScheduling.Placement("c1", "b"), new ContainerScheduling.Placement("c2", "a"), new ContainerScheduling.Placement("c3", "a")],
            result.Placements);
        Assert.Equal("c4", Assert.Single(result.Unplaced).Container);
        Assert.Equal("0/3 nodes fit: 2 insufficient cpu, 1 cordoned", result.Unplaced[0].Failure.Message);
        Assert.Equal("last-fit", scheduler.Strategy.Name);
    }
}
