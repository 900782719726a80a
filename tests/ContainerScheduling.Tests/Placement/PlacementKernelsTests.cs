using System.Linq;
using FsCheck;
using FsCheck.Fluent;
using Xunit;

namespace ContainerScheduling.Tests.Placement;

/// <summary>
/// Every vectorised kernel returns exactly the node its scalar oracle returns, and both return what the
/// strategy's definition says, over random clusters of 0–70 nodes at random fill levels with random weights,
/// with holes left by removed nodes and after compaction.
/// </summary>
public sealed class PlacementKernelsTests
{
    private static readonly Config Quick = Config.QuickThrowOnFailure.WithMaxTest(400).WithQuietOnSuccess(true);

    [Fact]
    public void FirstFitVector_RandomClusters_EqualsScalarAndDefinition() =>
        Check.One(Quick, Prop.ForAll(ClusterGenerators.DecisionArb(), decision =>
        {
            var cluster = decision.Cluster.Build();
            var scalar = PlacementKernels.FirstFitScalar(cluster, decision.Request);
            var vector = PlacementKernels.FirstFitVector(cluster, decision.Request);
            return vector == scalar && NameOf(cluster, scalar) == Definition(cluster, PlacementStrategies.FirstFitName, decision);
        }));

    [Fact]
    public void BestScoreVector_LowestScore_EqualsScalarAndBestFitDefinition() =>
        Check.One(Quick, Prop.ForAll(ClusterGenerators.DecisionArb(), decision =>
        {
            var cluster = decision.Cluster.Build();
            var scalar = PlacementKernels.BestScoreScalar<LowestScore>(cluster, decision.Request, decision.Weights);
            var vector = PlacementKernels.BestScoreVector<LowestScore>(cluster, decision.Request, decision.Weights);
            return vector == scalar && NameOf(cluster, scalar) == Definition(cluster, PlacementStrategies.BestFitName, decision);
        }));

    [Fact]
    public void BestScoreVector_HighestScore_EqualsScalarAndLeastLoadedDefinition() =>
        Check.One(Quick, Prop.ForAll(ClusterGenerators.DecisionArb(), decision =>
        {
            var cluster = decision.Cluster.Build();
            var scalar = PlacementKernels.BestScoreScalar<HighestScore>(cluster, decision.Request, decision.Weights);
            var vector = PlacementKernels.BestScoreVector<HighestScore>(cluster, decision.Request, decision.Weights);
            return vector == scalar && NameOf(cluster, scalar) == Definition(cluster, PlacementStrategies.LeastLoadedName, decision);
        }));

    [Fact]
    public void SpreadVector_RandomClusters_EqualsScalarAndDefinition() =>
        Check.One(Quick, Prop.ForAll(ClusterGenerators.DecisionArb(), decision =>
        {
            var cluster = decision.Cluster.Build();
            var scalar = PlacementKernels.SpreadScalar(cluster, decision.Request, decision.Weights);
            var vector = PlacementKernels.SpreadVector(cluster, decision.Request, decision.Weights);
            return vector == scalar && NameOf(cluster, scalar) == Definition(cluster, PlacementStrategies.SpreadName, decision);
        }));

    [Fact]
    public void AllKernels_ManyRemovedNodes_VectorEqualsScalarOverHolesAndAfterCompaction()
    {
        // At least 50 nodes with 70% removed (35 or more, compaction needs LaneMultiple = 32 and half the slots):
        // compaction runs at least once and later removals leave holes behind it.
        var decisions =
            from cluster in ClusterGenerators.Clusters(50, ClusterGenerators.MaxNodes)
            let removing = cluster with
            {
                LateFrom = cluster.Nodes.Length,
                Nodes = cluster.Nodes.Select((n, i) => n with { RemovalRank = i % 10 < 7 ? (i * 7919) % 1000 : -1 }).ToArray(),
            }
            from request in ClusterGenerators.Request(cluster.Dimensions.Length)
            from weights in ClusterGenerators.Weights(cluster.Dimensions.Length)
            select new Decision(removing, request, weights);
        Check.One(Quick, Prop.ForAll(Arb.From(decisions), decision =>
        {
            var cluster = decision.Cluster.Build();
            var request = decision.Request;
            var weights = decision.Weights;
            var compacted = cluster.SlotCount < decision.Cluster.Nodes.Length;
            return compacted
                && PlacementKernels.FirstFitVector(cluster, request) == PlacementKernels.FirstFitScalar(cluster, request)
                && PlacementKernels.BestScoreVector<LowestScore>(cluster, request, weights) == PlacementKernels.BestScoreScalar<LowestScore>(cluster, request, weights)
                && PlacementKernels.BestScoreVector<HighestScore>(cluster, request, weights) == PlacementKernels.BestScoreScalar<HighestScore>(cluster, request, weights)
                && PlacementKernels.SpreadVector(cluster, request, weights) == PlacementKernels.SpreadScalar(cluster, request, weights)
                && NameOf(cluster, PlacementKernels.SpreadVector(cluster, request, weights)) == Definition(cluster, PlacementStrategies.SpreadName, decision);
        }));
    }

    [Fact]
    public void ScoreScalar_AnyFittingNode_EqualsTheDefinitionBitForBit() =>
        Check.One(Quick, Prop.ForAll(ClusterGenerators.DecisionArb(), decision =>
        {
            var cluster = decision.Cluster.Build();
            var reference = ReferenceCluster.Of(cluster);
            var view = cluster.CreateView();
            for (var slot = 0; slot < view.NodeCount; slot++)
            {
                if (!view.Fits(slot, decision.Request))
                {
                    continue;
                }

                var index = reference.IndexOf(view.GetNodeName(slot));
                var expected = reference.Score(index, decision.Request, decision.Weights);
                var actual = PlacementKernels.ScoreScalar(cluster, decision.Request, decision.Weights, slot);
                if (actual.CompareTo(expected) != 0)
                {
                    return false;
                }
            }

            return true;
        }));

    [Fact]
    public void BestScoreVector_WeightsOverflowingToInfinity_StillChoosesTheLowestIndex()
    {
        // Three identical empty nodes: with both weights double.MaxValue every score is +∞, a tie.
        var cluster = new ClusterState(new ResourceSchema("cpu", "memory"));
        for (var i = 0; i < 3; i++)
        {
            cluster.AddNode(new NodeSpec($"n{i}", new System.Collections.Generic.Dictionary<string, long> { ["cpu"] = 4, ["memory"] = 4 }));
        }

        long[] request = [1, 1];
        double[] weights = [double.MaxValue, double.MaxValue];
        Assert.True(double.IsPositiveInfinity(PlacementKernels.ScoreScalar(cluster, request, weights, 0)));
        Assert.Equal(0, PlacementKernels.BestScoreScalar<LowestScore>(cluster, request, weights));
        Assert.Equal(0, PlacementKernels.BestScoreVector<LowestScore>(cluster, request, weights));
        Assert.Equal(0, PlacementKernels.BestScoreVector<HighestScore>(cluster, request, weights));
        Assert.Equal(0, PlacementKernels.SpreadVector(cluster, request, weights));
    }

    private static string? NameOf(ClusterState cluster, int slot) => slot < 0 ? null : cluster.CreateView().GetNodeName(slot);

    private static string? Definition(ClusterState cluster, string strategy, Decision decision) =>
        ReferenceCluster.Of(cluster).ChooseName(strategy, decision.Request, decision.Weights);
}
