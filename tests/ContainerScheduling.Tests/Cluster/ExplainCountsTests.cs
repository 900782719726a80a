using System;
using FsCheck;
using FsCheck.Fluent;
using Xunit;

namespace ContainerScheduling.Tests.Cluster;

/// <summary>
/// The vectorised cause counts behind every "0/N nodes fit: …" message equal the scalar pass over every node,
/// over random clusters with cordoned, down and removed nodes and sizes that cross the vector width.
/// </summary>
public sealed class ExplainCountsTests
{
    private static readonly Config Quick = Config.QuickThrowOnFailure.WithMaxTest(400).WithQuietOnSuccess(true);

    [Fact]
    public void CountCausesVector_RandomClusters_EqualsScalar() =>
        Check.One(Quick, Prop.ForAll(ClusterGenerators.DecisionArb(), decision =>
        {
            var cluster = decision.Cluster.Build();
            return CountsEqualScalar(cluster, decision.Request, cluster.CountCausesVector);
        }));

    [Fact]
    public void CountCausesNarrow_RandomClusters_EqualsScalar()
    {
        var narrowRuns = 0;
        Check.One(Quick, Prop.ForAll(ClusterGenerators.DecisionArb(), decision =>
        {
            var cluster = decision.Cluster.Build();
            if (!cluster.CanCountNarrow(decision.Request))
            {
                return true;
            }

            narrowRuns++;
            return CountsEqualScalar(cluster, decision.Request, cluster.CountCausesNarrow);
        }));

        // Requests above 2^31, five dimensions and many machine shapes take the other path; most cases must not.
        Assert.True(!System.Runtime.Intrinsics.X86.Avx512F.IsSupported || narrowRuns >= 100, $"narrow counts ran in {narrowRuns} of 400 cases");
    }

    [Fact]
    public void CountCausesVector_RemovedAndCompactedNodes_EqualsScalar()
    {
        var cluster = new ClusterState(new ResourceSchema("cpu", "memory"));
        for (var i = 0; i < 100; i++)
        {
            cluster.AddNode(new NodeSpec($"n{i}", new System.Collections.Generic.Dictionary<string, long> { ["cpu"] = 10 + (i % 7), ["memory"] = 5 + (i % 3) }));
        }

        // 67 removals: compaction runs at the 50th (half the slots), later ones leave holes behind it.
        for (var i = 0; i < 100; i++)
        {
            if (i % 3 != 2)
            {
                cluster.RemoveNode($"n{i}");
            }
        }

        cluster.Cordon("n5");
        cluster.SetNodeState("n8", NodeState.Down);
        long[] request = [14, 7];
        var scalarShort = new int[2];
        var vectorShort = new int[2];
        var scalar = cluster.CountCausesScalar(request, scalarShort);
        var vector = cluster.CountCausesVector(request, vectorShort);

        Assert.True(cluster.SlotCount < 100, "compaction ran");
        Assert.Equal(33, cluster.NodeCount);
        Assert.Equal((1, 1), (scalar.Down, scalar.Cordoned));
        Assert.Equal((scalar.Down, scalar.Cordoned, scalar.Fitting), (vector.Down, vector.Cordoned, vector.Fitting));
        Assert.Equal(scalarShort, vectorShort);

        // 21 machine shapes (7 × 3) is more than the narrow columns describe; the narrow count must not apply.
        Assert.False(cluster.CanCountNarrow(request));
    }

    private delegate ClusterState.CauseCounts CountCauses(System.ReadOnlySpan<long> request, System.Span<int> shortOf);

    /// <summary>Whether a counting pass gives exactly the scalar oracle's counts for the request.</summary>
    private static bool CountsEqualScalar(ClusterState cluster, long[] request, CountCauses count)
    {
        var scalarShort = new int[request.Length];
        var otherShort = new int[request.Length];
        var scalar = cluster.CountCausesScalar(request, scalarShort);
        var other = count(request, otherShort);
        return scalar.Down == other.Down
            && scalar.Cordoned == other.Cordoned
            && scalar.Fitting == other.Fitting
            && scalarShort.AsSpan().SequenceEqual(otherShort);
    }
}
