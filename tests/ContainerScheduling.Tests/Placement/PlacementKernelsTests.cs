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
    public void KeyedKernels_RandomClusters_EqualScalarAndDefinitionsWithKeysKeptCurrent()
    {
        var keyedRuns = 0;
        Check.One(Quick, Prop.ForAll(ClusterGenerators.DecisionArb(), decision =>
        {
            var request = decision.Request;
            var weights = decision.Weights;

            // The key column is registered before the first node arrives, so every value in it was kept current
            // through additions, fills, releases, removals, compaction and state changes.
            ClusterState.ScoreKey? registered = null;
            var cluster = decision.Cluster.Build(decision.Cluster.Schema(), c => registered = c.ScoreKeyColumn(weights));
            var shapes = decision.Cluster.Nodes.Select(n => string.Join(',', n.Capacity)).Distinct().Count();
            var narrowFits = shapes <= ClusterState.MaxNarrowTypes && decision.Cluster.Nodes.All(n => n.Capacity.All(c => c <= int.MaxValue));
            if (cluster.NarrowReady != narrowFits)
            {
                return false;
            }

            // Growing the cluster replaces the column; the one registered first is still the only one.
            var current = cluster.ScoreKeyColumn(weights);
            if (registered is null || current is null || cluster.ScoreKeyCount != 1)
            {
                return false;
            }

            var zero = new long[request.Length];
            for (var slot = 0; slot < cluster.SlotCount; slot++)
            {
                if (cluster.CreateView().Fits(slot, zero) && current.Values[slot].CompareTo(PlacementKernels.ScoreScalar(cluster, zero, weights, slot)) != 0)
                {
                    return false;
                }
            }

            var keys = PlacementKernels.KeyColumnFor(cluster, request, weights);
            if (keys is null)
            {
                // Only without AVX-512, beyond four dimensions or beyond the narrow limits.
                return !System.Runtime.Intrinsics.X86.Avx512F.IsSupported || request.Length > 4 || !narrowFits;
            }

            var lowest = PlacementKernels.BestScoreKeyed<LowestScore, PlacementKernels.AnyCount>(cluster, request, weights, keys, 0);
            var highest = PlacementKernels.BestScoreKeyed<HighestScore, PlacementKernels.AnyCount>(cluster, request, weights, keys, 0);
            var spread = PlacementKernels.SpreadKeyed(cluster, request, weights, keys);
            keyedRuns++;
            return ReferenceEquals(keys, current)
                && lowest == PlacementKernels.BestScoreScalar<LowestScore>(cluster, request, weights)
                && highest == PlacementKernels.BestScoreScalar<HighestScore>(cluster, request, weights)
                && spread == PlacementKernels.SpreadScalar(cluster, request, weights)
                && NameOf(cluster, lowest) == Definition(cluster, PlacementStrategies.BestFitName, decision)
                && NameOf(cluster, highest) == Definition(cluster, PlacementStrategies.LeastLoadedName, decision)
                && NameOf(cluster, spread) == Definition(cluster, PlacementStrategies.SpreadName, decision);
        }));

        // Most generated clusters have a few machine shapes and at most four dimensions: the keyed scans must
        // have been compared often.
        Assert.True(!System.Runtime.Intrinsics.X86.Avx512F.IsSupported || keyedRuns >= 100, $"keyed kernels ran in {keyedRuns} of 400 cases");
    }

    [Fact]
    public void ScoreKeyColumn_NinthWeightVector_IsRefusedAndTheWideScanDecidesTheSame()
    {
        var cluster = new ClusterState(new ResourceSchema("cpu", "memory"));
        cluster.AddNode(Node("a", 4000, 8192));
        cluster.AddNode(Node("b", 8000, 8192));
        for (var w = 0; w < ClusterState.MaxScoreKeys; w++)
        {
            Assert.NotNull(cluster.ScoreKeyColumn([1.0, w]));
        }

        double[] ninth = [2.0, 0.5];
        Assert.Null(cluster.ScoreKeyColumn(ninth));
        Assert.Same(cluster.ScoreKeyColumn([1.0, 3.0]), cluster.ScoreKeyColumn([1.0, 3.0]));
        long[] request = [1000, 1024];
        Assert.Equal(PlacementKernels.BestScoreScalar<LowestScore>(cluster, request, ninth), PlacementKernels.BestScore<LowestScore>(cluster, request, ninth));
        Assert.Equal(0, PlacementKernels.BestScore<LowestScore>(cluster, request, ninth));
        Assert.Equal(1, PlacementKernels.BestScore<HighestScore>(cluster, request, ninth));
    }

    [Fact]
    public void NarrowReady_SeventeenShapesOrCapacityAbove2Pow31_FallsBackToTheWideScanWithTheSameChoice()
    {
        var schema = new ResourceSchema("cpu", "memory");
        var shapes = new ClusterState(schema);
        for (var i = 0; i < ClusterState.MaxNarrowTypes; i++)
        {
            shapes.AddNode(Node($"n{i}", 1000 + i, 4096));
            shapes.AddNode(Node($"m{i}", 1000 + i, 4096));
        }

        Assert.True(shapes.NarrowReady);
        shapes.AddNode(Node("odd", 999, 4096));
        Assert.False(shapes.NarrowReady);

        var huge = new ClusterState(schema);
        huge.AddNode(Node("small", 1000, 4096));
        Assert.True(huge.NarrowReady);
        huge.AddNode(Node("big", 1000, (long)int.MaxValue + 1));
        Assert.False(huge.NarrowReady);

        long[] request = [500, 4096];
        double[] weights = [1.0, 1.0];
        foreach (var cluster in new[] { shapes, huge })
        {
            Assert.Null(PlacementKernels.KeyColumnFor(cluster, request, weights));
            Assert.Equal(PlacementKernels.BestScoreScalar<LowestScore>(cluster, request, weights), PlacementKernels.BestScore<LowestScore>(cluster, request, weights));
            Assert.Equal(PlacementKernels.SpreadScalar(cluster, request, weights), PlacementKernels.Spread(cluster, request, weights));
        }

        // A request above 2^31 fits the big node alone.
        Assert.Equal(1, PlacementKernels.BestScore<LowestScore>(huge, [1, (long)int.MaxValue + 1], weights));
    }

    [Fact]
    public void AllKernels_ClustersOfSeveralIndexGroups_EqualScalar()
    {
        // 257–900 nodes: past one group of eight index blocks (256 nodes), so that whole groups and single blocks
        // are skipped by their maxima, and the few machine shapes make equal scores in different groups, where
        // the earlier group must keep the win.
        var decisions =
            from dimensions in ClusterGenerators.Dimensions()
            from cluster in ClusterGenerators.Clusters(dimensions, 257, 900, typesOnly: true)
            from request in Gen.OneOf(ClusterGenerators.Request(cluster.Dimensions.Length), ClusterGenerators.SmallRequest(cluster.Dimensions.Length))
            from weights in ClusterGenerators.Weights(cluster.Dimensions.Length)
            select new Decision(cluster, request, weights);
        var fitted = 0;
        var keyed = 0;
        Check.One(Quick.WithMaxTest(150), Prop.ForAll(Arb.From(decisions), decision =>
        {
            var cluster = decision.Cluster.Build();
            var request = decision.Request;
            var weights = decision.Weights;
            var lowest = PlacementKernels.BestScoreScalar<LowestScore>(cluster, request, weights);
            fitted += lowest >= 0 ? 1 : 0;
            keyed += PlacementKernels.KeyColumnFor(cluster, request, weights) is null ? 0 : 1;
            return PlacementKernels.FirstFitVector(cluster, request) == PlacementKernels.FirstFitScalar(cluster, request)
                && PlacementKernels.BestScore<LowestScore>(cluster, request, weights) == lowest
                && PlacementKernels.BestScoreVector<LowestScore>(cluster, request, weights) == lowest
                && PlacementKernels.BestScore<HighestScore>(cluster, request, weights) == PlacementKernels.BestScoreScalar<HighestScore>(cluster, request, weights)
                && PlacementKernels.Spread(cluster, request, weights) == PlacementKernels.SpreadScalar(cluster, request, weights)
                && PlacementKernels.SpreadVector(cluster, request, weights) == PlacementKernels.SpreadScalar(cluster, request, weights);
        }));

        Assert.True(fitted >= 50, $"only {fitted} of 150 requests fitted anywhere");
        Assert.True(!System.Runtime.Intrinsics.X86.Avx512F.IsSupported || keyed >= 75, $"keyed scans ran in {keyed} of 150 cases");
    }

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
                && PlacementKernels.BestScore<LowestScore>(cluster, request, weights) == PlacementKernels.BestScoreScalar<LowestScore>(cluster, request, weights)
                && PlacementKernels.Spread(cluster, request, weights) == PlacementKernels.SpreadScalar(cluster, request, weights)
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
    public void AllKernels_LargestWeightsAndAmounts_ScoresStayFiniteAndIdenticalNodesTieToTheLowestIndex()
    {
        // Three identical nodes with the largest amounts the schema allows and the largest weights.
        var cluster = new ClusterState(new ResourceSchema("cpu", "memory"));
        for (var i = 0; i < 3; i++)
        {
            cluster.AddNode(Node($"n{i}", long.MaxValue / 4, int.MaxValue));
        }

        long[] request = [1, 1];
        double[] weights = [PlacementStrategies.MaxWeight, PlacementStrategies.MaxWeight];
        Assert.True(double.IsFinite(PlacementKernels.ScoreScalar(cluster, request, weights, 0)));
        Assert.Equal(0, PlacementKernels.BestScoreScalar<LowestScore>(cluster, request, weights));
        Assert.Equal(0, PlacementKernels.BestScoreVector<LowestScore>(cluster, request, weights));
        Assert.Equal(0, PlacementKernels.BestScoreVector<HighestScore>(cluster, request, weights));
        Assert.Equal(0, PlacementKernels.SpreadVector(cluster, request, weights));
        Assert.Equal(0, PlacementKernels.BestScore<LowestScore>(cluster, request, weights));
        Assert.Equal(0, PlacementKernels.BestScore<HighestScore>(cluster, request, weights));
        Assert.Equal(0, PlacementKernels.Spread(cluster, request, weights));
    }

    [Theory]
    [InlineData(-1.0)]
    [InlineData(double.NaN)]
    [InlineData(double.PositiveInfinity)]
    [InlineData(PlacementStrategies.MaxWeight * 2)]
    public void BestFit_WeightOutOfRange_ThrowsNamingWeightsAndTheValue(double weight)
    {
        var error = Assert.Throws<System.ArgumentOutOfRangeException>(
            () => PlacementStrategies.BestFit(new System.Collections.Generic.Dictionary<string, double> { ["cpu"] = weight }));
        Assert.Equal("weights", error.ParamName);
        Assert.Contains("'cpu'", error.Message, System.StringComparison.Ordinal);
        Assert.Equal(weight, error.ActualValue);
    }

    private static NodeSpec Node(string name, long cpu, long memory) =>
        new(name, new System.Collections.Generic.Dictionary<string, long> { ["cpu"] = cpu, ["memory"] = memory });

    private static string? NameOf(ClusterState cluster, int slot) => slot < 0 ? null : cluster.CreateView().GetNodeName(slot);

    private static string? Definition(ClusterState cluster, string strategy, Decision decision) =>
        ReferenceCluster.Of(cluster).ChooseName(strategy, decision.Request, decision.Weights);
}
