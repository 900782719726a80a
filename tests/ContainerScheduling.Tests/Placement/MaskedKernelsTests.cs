using System;
using System.Linq;
using FsCheck;
using FsCheck.Fluent;
using Xunit;

namespace ContainerScheduling.Tests.Placement;

/// <summary>
/// The searches restricted to an eligibility bitset — the vector keyed scans and the scalar masked ones — equal a
/// brute-force loop over the set bits, on clusters of one and of several groups of 256 nodes, with bitsets that
/// are empty, full, sparse, dense, or whole blocks wide.
/// </summary>
public sealed class MaskedKernelsTests
{
    private static readonly Config Quick = Config.QuickThrowOnFailure.WithMaxTest(200).WithQuietOnSuccess(true);

    /// <summary>A bitset over the padded nodes: per 32-node block one of empty, full, or random at some density.</summary>
    private static Gen<ulong[]> Bitsets(int words) =>
        from blocks in Gen.ArrayOf(Gen.Frequency(
            (1, Gen.Constant(0UL)),
            (1, Gen.Constant(0xFFFF_FFFFUL)),
            (3, from density in Gen.Choose(1, 31)
                from bits in Gen.ArrayOf(Gen.Choose(0, 31), 32)
                select bits.Select((b, i) => b < density ? 1UL << i : 0UL).Aggregate(0UL, (a, b) => a | b))), words * 2)
        select Enumerable.Range(0, words).Select(w => blocks[2 * w] | (blocks[(2 * w) + 1] << 32)).ToArray();

    private static Gen<(Decision Decision, ulong[] Eligible)> Cases(int minNodes, int maxNodes) =>
        from dimensions in ClusterGenerators.Dimensions()
        from cluster in ClusterGenerators.Clusters(dimensions, minNodes, maxNodes, typesOnly: true)
        from request in Gen.OneOf(ClusterGenerators.Request(cluster.Dimensions.Length), ClusterGenerators.SmallRequest(cluster.Dimensions.Length))
        from weights in ClusterGenerators.Weights(cluster.Dimensions.Length)
        from eligible in Bitsets(((cluster.Nodes.Length + 32 + 255) / 256) * 4)
        select (new Decision(cluster, request, weights), eligible);

    [Theory]
    [InlineData(0, 70)]
    [InlineData(257, 700)]
    public void MaskedSearches_RandomBitsets_EqualBruteForceOverTheSetBits(int minNodes, int maxNodes)
    {
        var keyedRuns = 0;
        var restricted = 0;
        var cases = minNodes > 0 ? 100 : 300;
        Check.One(Quick.WithMaxTest(cases), Prop.ForAll(Arb.From(Cases(minNodes, maxNodes)), input =>
        {
            var (decision, bits) = input;
            var cluster = decision.Cluster.Build();
            var eligible = bits.AsSpan(0, cluster.EligibilityWords).ToArray();
            var request = decision.Request;
            var weights = decision.Weights;
            var lowest = Brute(cluster, request, weights, eligible, Rule.Lowest);
            var highest = Brute(cluster, request, weights, eligible, Rule.Highest);
            var spread = Brute(cluster, request, weights, eligible, Rule.Spread);
            var first = Brute(cluster, request, weights, eligible, Rule.First);
            var unrestricted = PlacementKernels.BestScoreScalar<LowestScore>(cluster, request, weights);
            restricted += unrestricted >= 0 && lowest != unrestricted ? 1 : 0;

            var keys = PlacementKernels.KeyColumnFor(cluster, request, weights);
            if (keys is not null)
            {
                keyedRuns++;
                if (PlacementKernels.BestScoreKeyed<LowestScore, PlacementKernels.AnyCount, PlacementKernels.EligibleBits>(cluster, request, weights, keys, 0, eligible, cluster.BlockMaxColumns) != lowest
                    || PlacementKernels.BestScoreKeyed<HighestScore, PlacementKernels.AnyCount, PlacementKernels.EligibleBits>(cluster, request, weights, keys, 0, eligible, cluster.BlockMaxColumns) != highest
                    || PlacementKernels.SpreadKeyed<PlacementKernels.EligibleBits>(cluster, request, weights, keys, eligible, cluster.BlockMaxColumns) != spread)
                {
                    return false;
                }
            }

            var fittingEligible = Enumerable.Range(0, cluster.SlotCount).Count(node => (eligible[node >> 6] & (1UL << node)) != 0 && cluster.Fits(node, request));
            if (PlacementKernels.CountFittingEligible(cluster, request, eligible) != fittingEligible)
            {
                return false;
            }

            return PlacementKernels.FirstFitMasked(cluster, request, eligible, cluster.BlockMaxColumns) == first
                && PlacementKernels.FirstFitVector<PlacementKernels.EligibleBits>(cluster, request, eligible, cluster.BlockMaxColumns) == first
                && PlacementKernels.BestScoreMasked<LowestScore>(cluster, request, weights, eligible, cluster.BlockMaxColumns) == lowest
                && PlacementKernels.BestScoreMasked<HighestScore>(cluster, request, weights, eligible, cluster.BlockMaxColumns) == highest
                && PlacementKernels.SpreadMasked(cluster, request, weights, eligible, cluster.BlockMaxColumns) == spread;
        }));

        Assert.True(!System.Runtime.Intrinsics.X86.Avx512F.IsSupported || keyedRuns >= 50, $"keyed scans ran in {keyedRuns} cases");
        Assert.True(restricted >= cases / 20, $"the bitset changed best-fit's answer in only {restricted} of {cases} cases");
    }

    private enum Rule
    {
        First,
        Lowest,
        Highest,
        Spread,
    }

    /// <summary>Every set bit in index order: the first fit, or the best by the rule (strictly better wins, so ties keep the lowest index).</summary>
    private static int Brute(ClusterState cluster, long[] request, double[] weights, ulong[] eligible, Rule rule)
    {
        var view = cluster.CreateView();
        var best = -1;
        var bestScore = 0.0;
        var bestCount = 0L;
        for (var node = 0; node < cluster.SlotCount; node++)
        {
            if ((eligible[node >> 6] & (1UL << node)) == 0 || !view.Fits(node, request))
            {
                continue;
            }

            if (rule == Rule.First)
            {
                return node;
            }

            var score = PlacementKernels.ScoreScalar(cluster, request, weights, node);
            var count = view.ContainerCounts[node];
            var better = best < 0 || rule switch
            {
                Rule.Lowest => score < bestScore,
                Rule.Highest => score > bestScore,
                _ => count < bestCount || (count == bestCount && score > bestScore),
            };
            if (better)
            {
                (best, bestScore, bestCount) = (node, score, count);
            }
        }

        return best;
    }
}
