using System;
using System.Numerics;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace ContainerScheduling;

/// <content>
/// The searches for a container with placement rules: the same decisions as the unrestricted searches, taken over
/// only the nodes an eligibility bitset (one bit per node index, built by the cluster from the rules) lets through.
/// Each 64-bit word is two index blocks; a block whose maxima cannot take the request is cleared from the word
/// first, so the per-node work is on eligible nodes of blocks that may fit. The per-node test and score are the
/// scalar oracle's, so the decisions equal the scalar strategies restricted to the eligible nodes.
/// </content>
internal static partial class PlacementKernels
{
    /// <summary>First-fit among the eligible nodes.</summary>
    internal static int FirstFitMasked(ClusterState cluster, ReadOnlySpan<long> request, ReadOnlySpan<ulong> eligible, long[] maxima, int from = 0)
    {
        for (var word = from / 64; word < eligible.Length; word++)
        {
            var bits = AdmittedBits(cluster, request, eligible[word], word, maxima);
            if (word == from / 64)
            {
                bits &= ~0UL << (from % 64);
            }

            while (bits != 0)
            {
                var node = (word * 64) + BitOperations.TrailingZeroCount(bits);
                bits &= bits - 1;
                if (FitsScalar(cluster, request, node))
                {
                    return node;
                }
            }
        }

        return -1;
    }

    /// <summary>Best-fit (<see cref="LowestScore"/>) or least-loaded (<see cref="HighestScore"/>) among the eligible nodes.</summary>
    internal static int BestScoreMasked<TOrder>(
        ClusterState cluster, ReadOnlySpan<long> request, ReadOnlySpan<double> weights, ReadOnlySpan<ulong> eligible, long[] maxima)
        where TOrder : struct, IScoreOrder
    {
        var best = -1;
        var bestScore = TOrder.Worst;
        for (var word = 0; word < eligible.Length; word++)
        {
            var bits = AdmittedBits(cluster, request, eligible[word], word, maxima);
            while (bits != 0)
            {
                var node = (word * 64) + BitOperations.TrailingZeroCount(bits);
                bits &= bits - 1;
                if (!FitsScalar(cluster, request, node))
                {
                    continue;
                }

                var score = ScoreScalar(cluster, request, weights, node);
                if (best < 0 || TOrder.Better(score, bestScore))
                {
                    best = node;
                    bestScore = score;
                }
            }
        }

        return best;
    }

    /// <summary>Spread among the eligible nodes: fewest containers, then the highest score, then the lowest index.</summary>
    internal static int SpreadMasked(
        ClusterState cluster, ReadOnlySpan<long> request, ReadOnlySpan<double> weights, ReadOnlySpan<ulong> eligible, long[] maxima)
    {
        var counts = cluster.ContainerCountColumn;
        var best = -1;
        var bestCount = long.MaxValue;
        var bestScore = double.NegativeInfinity;
        for (var word = 0; word < eligible.Length; word++)
        {
            var bits = AdmittedBits(cluster, request, eligible[word], word, maxima);
            while (bits != 0)
            {
                var node = (word * 64) + BitOperations.TrailingZeroCount(bits);
                bits &= bits - 1;
                if (!FitsScalar(cluster, request, node))
                {
                    continue;
                }

                var score = ScoreScalar(cluster, request, weights, node);
                if (best < 0 || counts[node] < bestCount || (counts[node] == bestCount && score > bestScore))
                {
                    best = node;
                    bestCount = counts[node];
                    bestScore = score;
                }
            }
        }

        return best;
    }

    /// <summary>
    /// The number of eligible nodes that take new work and fit the request — what an explanation reports as fitting
    /// for a container with rules. Sixteen nodes per step over the 32-bit columns where the narrow scans run
    /// (groups without an eligible node are skipped); otherwise one test per set bit.
    /// </summary>
    internal static int CountFittingEligible(ClusterState cluster, ReadOnlySpan<long> request, ReadOnlySpan<ulong> eligible)
    {
        var count = 0;
        if (cluster.NarrowScansApply)
        {
            if (!KeyedColumns.TryCreate(cluster, request, out var columns))
            {
                return 0;
            }

            ref var available = ref MemoryMarshal.GetArrayDataReference(cluster.Available32Columns);
            for (var i = 0; i < cluster.PaddedSlotCount; i += 16)
            {
                var lanes = (uint)(eligible[i >> 6] >> (i & 63)) & 0xFFFF;
                if (lanes != 0)
                {
                    count += BitOperations.PopCount((uint)columns.Fit(ref available, i).ExtractMostSignificantBits() & lanes);
                }
            }

            return count;
        }

        for (var word = 0; word < eligible.Length; word++)
        {
            for (var bits = eligible[word]; bits != 0; bits &= bits - 1)
            {
                var node = (word * 64) + BitOperations.TrailingZeroCount(bits);
                count += node < cluster.SlotCount && FitsScalar(cluster, request, node) ? 1 : 0;
            }
        }

        return count;
    }

    /// <summary>The eligible bits of one word, less the index blocks (32 bits each) whose maxima cannot take the request.</summary>
    private static ulong AdmittedBits(ClusterState cluster, ReadOnlySpan<long> request, ulong bits, int word, long[] maxima)
    {
        if (bits == 0)
        {
            return 0;
        }

        var stride = cluster.BlockStride;
        var blocks = cluster.BlockCount;
        for (var half = 0; half < 2; half++)
        {
            var block = (word * 2) + half;
            var halfMask = half == 0 ? 0xFFFF_FFFFUL : 0xFFFF_FFFF_0000_0000UL;
            if ((bits & halfMask) == 0)
            {
                continue;
            }

            if (block >= blocks)
            {
                bits &= ~halfMask;
                continue;
            }

            for (var d = 0; d < request.Length; d++)
            {
                if (maxima[(d * stride) + block] < request[d])
                {
                    bits &= ~halfMask;
                    break;
                }
            }
        }

        return bits;
    }
}
