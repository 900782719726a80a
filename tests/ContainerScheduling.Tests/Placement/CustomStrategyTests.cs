using System;
using System.Collections.Generic;
using System.Linq;
using FsCheck;
using FsCheck.Fluent;
using Xunit;

namespace ContainerScheduling.Tests.Placement;

/// <summary>
/// A strategy written by a user, reading the view's spans or composing its built-in searches, runs through the
/// scheduler like a built-in; the view's searches are the built-in kernels, with their answers.
/// </summary>
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

    [Fact]
    public void ViewSearches_RandomClusters_EqualTheScalarOraclesAndTheBlockMaximaHoldTheirBlocks() =>
        Check.One(Quick, Prop.ForAll(ClusterGenerators.DecisionArb(), decision =>
        {
            var cluster = decision.Cluster.Build();
            var view = cluster.CreateView();
            var request = decision.Request;
            var weights = decision.Weights;
            for (var d = 0; d < view.DimensionCount; d++)
            {
                var maxima = view.BlockMaxima(d);
                if (maxima.Length != view.PaddedNodeCount / ClusterView.BlockSize)
                {
                    return false;
                }

                for (var b = 0; b < maxima.Length; b++)
                {
                    if (maxima[b] != view.Available(d).Slice(b * ClusterView.BlockSize, ClusterView.BlockSize).ToArray().Max())
                    {
                        return false;
                    }
                }
            }

            return view.FindFirstFit(request) == PlacementKernels.FirstFitScalar(cluster, request)
                && view.FindLowestScore(request, weights) == PlacementKernels.BestScoreScalar<LowestScore>(cluster, request, weights)
                && view.FindHighestScore(request, weights) == PlacementKernels.BestScoreScalar<HighestScore>(cluster, request, weights)
                && view.FindSpread(request, weights) == PlacementKernels.SpreadScalar(cluster, request, weights);
        }));

    [Fact]
    public void Place_ComposedStrategyOverRandomSequences_ChoosesWeightedBestFitAndKeepsTheLaws() =>
        Check.One(Quick, Prop.ForAll(ClusterGenerators.ScenarioArb(), scenario =>
        {
            var cluster = scenario.Cluster.Build();
            var scheduler = new Scheduler(cluster, new ComposedStrategy());
            var weights = ComposedStrategy.WeightsFor(cluster.Schema.Count);
            var i = 0;
            foreach (var operation in scenario.Operations.OfType<PlaceOperation>())
            {
                var expected = PlacementKernels.BestScoreScalar<LowestScore>(cluster, operation.Request, weights);
                var name = $"composed-{i++}";
                var result = scheduler.Place(new ContainerSpec(name, cluster.Schema.Names.Select((n, d) => new KeyValuePair<string, long>(n, operation.Request[d]))));
                if (result.Node != (expected < 0 ? null : cluster.CreateView().GetNodeName(expected)) || PropertyFailure.None(ClusterInvariants.Violation(cluster)) is false)
                {
                    return false;
                }
            }

            return true;
        }));

    [Theory]
    [InlineData(new long[] { 1 }, new[] { 1.0, 1.0 }, "request", "1 amount(s)")]
    [InlineData(new long[] { 1, -5 }, new[] { 1.0, 1.0 }, "request", "'memory' must be non-negative, but was -5")]
    [InlineData(new long[] { 1, 1 }, new[] { 1.0 }, "weights", "1 weight(s)")]
    [InlineData(new long[] { 1, 1 }, new[] { 1.0, double.NaN }, "weights", "'memory' must be a number from 0 to 1e9, but was NaN")]
    [InlineData(new long[] { 1, 1 }, new[] { -1.0, 1.0 }, "weights", "'cpu' must be a number from 0 to 1e9, but was -1")]
    [InlineData(new long[] { 1, 1 }, new[] { 1.0, 2e9 }, "weights", "'memory' must be a number from 0 to 1e9, but was 2000000000")]
    public void ViewSearches_BadRequestOrWeights_ThrowNamingTheParameterAndValue(long[] request, double[] weights, string parameter, string message)
    {
        var cluster = new ClusterState(new ResourceSchema("cpu", "memory"));
        cluster.AddNode(new NodeSpec("a", new Dictionary<string, long> { ["cpu"] = 4, ["memory"] = 4 }));
        var keysBefore = cluster.ScoreKeyCount;
        var searches = new Func<ClusterState, int>[]
        {
            c => c.CreateView().FindLowestScore(request, weights),
            c => c.CreateView().FindHighestScore(request, weights),
            c => c.CreateView().FindSpread(request, weights),
        };
        foreach (var search in parameter == "request" ? searches.Append(c => c.CreateView().FindFirstFit(request)) : searches)
        {
            var thrown = Assert.Throws<ArgumentException>(() => search(cluster));
            Assert.Equal(parameter, thrown.ParamName);
            Assert.Contains(message, thrown.Message, StringComparison.Ordinal);
        }

        Assert.Equal(keysBefore, cluster.ScoreKeyCount);
        Assert.Throws<ArgumentOutOfRangeException>(() => cluster.CreateView().BlockMaxima(2).Length);
        Assert.Throws<ArgumentOutOfRangeException>(() => cluster.CreateView().BlockMaxima(-1).Length);
    }
}
