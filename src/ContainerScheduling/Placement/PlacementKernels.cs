using System;
using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace ContainerScheduling;

/// <summary>
/// The hot loops behind the built-in strategies, over the struct-of-arrays columns of a <see cref="ClusterState"/>.
/// Each has a scalar version — a plain linear scan, the fallback without hardware vectors and the oracle in
/// tests — and a <see cref="Vector512"/> version that must return exactly the same node. The vector versions
/// read the block maxima of eight blocks (256 nodes) at a time and skip every block that cannot hold the request.
/// </summary>
/// <remarks>
/// The score of node i for request r is Σ_d ((double)(available_d[i] − r_d) · inverseCapacity_d[i]) · w_d,
/// accumulated from 0.0 in dimension order; the vector loops perform the same operations in the same order per
/// lane, so both versions compute bit-identical scores. Ties go to the lowest node index. No loop allocates.
/// </remarks>
internal static class PlacementKernels
{
    private const int Lanes = 8;

    /// <summary>
    /// Whether the vector loops run. Where only 256-bit vectors are accelerated, <see cref="Vector512{T}"/>
    /// operations are carried out as two 256-bit halves.
    /// </summary>
    internal static bool UseVectors => Vector512.IsHardwareAccelerated || Vector256.IsHardwareAccelerated;

    internal static int FirstFit(ClusterState cluster, ReadOnlySpan<long> request) =>
        UseVectors ? FirstFitVector(cluster, request) : FirstFitScalar(cluster, request);

    internal static int BestScore<TOrder>(ClusterState cluster, ReadOnlySpan<long> request, ReadOnlySpan<double> weights)
        where TOrder : struct, IScoreOrder =>
        UseVectors ? BestScoreVector<TOrder>(cluster, request, weights) : BestScoreScalar<TOrder>(cluster, request, weights);

    internal static int Spread(ClusterState cluster, ReadOnlySpan<long> request, ReadOnlySpan<double> weights) =>
        UseVectors ? SpreadVector(cluster, request, weights) : SpreadScalar(cluster, request, weights);

    internal static int FirstFitScalar(ClusterState cluster, ReadOnlySpan<long> request)
    {
        var count = cluster.SlotCount;
        for (var i = 0; i < count; i++)
        {
            if (FitsScalar(cluster, request, i))
            {
                return i;
            }
        }

        return -1;
    }

    /// <summary>
    /// First-fit over the narrow fit filter: one compare tests eight nodes on 8 bytes each, and only groups the
    /// filter lets through are checked exactly. Per-block maxima are no help here: first-fit exhausts its early
    /// nodes each in some dimension, so every block holds a node with room in each dimension but none in all.
    /// </summary>
    internal static int FirstFitVector(ClusterState cluster, ReadOnlySpan<long> request)
    {
        var count = cluster.PaddedSlotCount;
        var stride = (nuint)cluster.Stride;
        ref var available = ref MemoryMarshal.GetArrayDataReference(cluster.AvailableColumns);
        ref var filter = ref MemoryMarshal.GetArrayDataReference(cluster.FitFilterColumn);
        ref var firstRequest = ref MemoryMarshal.GetReference(request);
        Span<short> lanes = stackalloc short[ClusterState.FilterLanes];
        cluster.FilterRequest(request, lanes);
        var required = Vector512.Create(MemoryMarshal.Read<long>(MemoryMarshal.AsBytes(lanes))).AsInt16();
        for (var i = 0; i < count; i += Lanes)
        {
            var lanesPass = Vector512.GreaterThanOrEqual(Vector512.LoadUnsafe(ref filter, (nuint)(i * ClusterState.FilterLanes)), required);
            var nodesPass = Vector512.Equals(lanesPass.AsInt64(), Vector512<long>.AllBitsSet);
            if (nodesPass == Vector512<long>.Zero)
            {
                continue;
            }

            var fit = FitMask(ref available, (nuint)i, stride, ref firstRequest, request.Length);
            if (fit != Vector512<long>.Zero)
            {
                return i + BitOperations.TrailingZeroCount(fit.ExtractMostSignificantBits());
            }
        }

        return -1;
    }

    internal static int BestScoreScalar<TOrder>(ClusterState cluster, ReadOnlySpan<long> request, ReadOnlySpan<double> weights)
        where TOrder : struct, IScoreOrder
    {
        var best = -1;
        var bestScore = TOrder.Worst;
        var count = cluster.SlotCount;
        for (var i = 0; i < count; i++)
        {
            if (!FitsScalar(cluster, request, i))
            {
                continue;
            }

            var score = ScoreScalar(cluster, request, weights, i);
            if (best < 0 || TOrder.Better(score, bestScore))
            {
                best = i;
                bestScore = score;
            }
        }

        return best;
    }

    internal static int BestScoreVector<TOrder>(ClusterState cluster, ReadOnlySpan<long> request, ReadOnlySpan<double> weights)
        where TOrder : struct, IScoreOrder
    {
        var stride = (nuint)cluster.Stride;
        ref var available = ref MemoryMarshal.GetArrayDataReference(cluster.AvailableColumns);
        ref var inverse = ref MemoryMarshal.GetArrayDataReference(cluster.InverseCapacityColumns);
        ref var firstRequest = ref MemoryMarshal.GetReference(request);
        ref var firstWeight = ref MemoryMarshal.GetReference(weights);
        ref var blockMax = ref MemoryMarshal.GetArrayDataReference(cluster.BlockMaxColumns);
        var blockStride = (nuint)cluster.BlockStride;
        var blocks = cluster.BlockCount;
        var bestScore = Vector512.Create(TOrder.Worst);
        var bestIndex = Vector512.Create(-1L);
        for (var group = 0; group < blocks; group += Lanes)
        {
            var candidates = FitMask(ref blockMax, (nuint)group, blockStride, ref firstRequest, request.Length).ExtractMostSignificantBits();
            if (candidates == 0)
            {
                continue;
            }

            var first = group * ClusterState.BlockSize;
            var end = Math.Min(group + Lanes, blocks) * ClusterState.BlockSize;
            for (var i = first; i < end; i += Lanes)
            {
                if (((candidates >> ((i - first) / ClusterState.BlockSize)) & 1) == 0)
                {
                    i += ClusterState.BlockSize - Lanes;
                    continue;
                }

                var fit = FitMask(ref available, (nuint)i, stride, ref firstRequest, request.Length);
                if (fit == Vector512<long>.Zero)
                {
                    continue;
                }

                var score = ScoreVector(ref available, ref inverse, (nuint)i, stride, ref firstRequest, ref firstWeight, request.Length);

                // A lane's first fitting node always wins, as in the scalar loop, even when its score is Worst itself
                // (+∞ when huge weights overflow the sum): a strict comparison alone would never take it.
                var empty = Vector512.LessThan(bestIndex, Vector512<long>.Zero).AsDouble();
                var better = fit.AsDouble() & (TOrder.Better(score, bestScore) | empty);
                bestScore = Vector512.ConditionalSelect(better, score, bestScore);
                bestIndex = Vector512.ConditionalSelect(better.AsInt64(), Vector512.Create((long)i) + Vector512<long>.Indices, bestIndex);
            }
        }

        var best = -1L;
        var winning = TOrder.Worst;
        for (var lane = 0; lane < Lanes; lane++)
        {
            var laneIndex = bestIndex.GetElement(lane);
            var laneScore = bestScore.GetElement(lane);
            if (laneIndex >= 0 && (best < 0 || TOrder.Better(laneScore, winning) || (laneScore == winning && laneIndex < best)))
            {
                best = laneIndex;
                winning = laneScore;
            }
        }

        return (int)best;
    }

    internal static int SpreadScalar(ClusterState cluster, ReadOnlySpan<long> request, ReadOnlySpan<double> weights)
    {
        var counts = cluster.ContainerCountColumn;
        var best = -1;
        var bestCount = long.MaxValue;
        var bestScore = double.NegativeInfinity;
        var count = cluster.SlotCount;
        for (var i = 0; i < count; i++)
        {
            if (!FitsScalar(cluster, request, i))
            {
                continue;
            }

            var score = ScoreScalar(cluster, request, weights, i);
            if (best < 0 || counts[i] < bestCount || (counts[i] == bestCount && score > bestScore))
            {
                best = i;
                bestCount = counts[i];
                bestScore = score;
            }
        }

        return best;
    }

    internal static int SpreadVector(ClusterState cluster, ReadOnlySpan<long> request, ReadOnlySpan<double> weights)
    {
        var stride = (nuint)cluster.Stride;
        ref var available = ref MemoryMarshal.GetArrayDataReference(cluster.AvailableColumns);
        ref var inverse = ref MemoryMarshal.GetArrayDataReference(cluster.InverseCapacityColumns);
        ref var containers = ref MemoryMarshal.GetArrayDataReference(cluster.ContainerCountColumn);
        ref var firstRequest = ref MemoryMarshal.GetReference(request);
        ref var firstWeight = ref MemoryMarshal.GetReference(weights);
        ref var blockMax = ref MemoryMarshal.GetArrayDataReference(cluster.BlockMaxColumns);
        var blockStride = (nuint)cluster.BlockStride;
        var blocks = cluster.BlockCount;
        var bestCount = Vector512.Create(long.MaxValue);
        var bestScore = Vector512.Create(double.NegativeInfinity);
        var bestIndex = Vector512.Create(-1L);
        for (var group = 0; group < blocks; group += Lanes)
        {
            var candidates = FitMask(ref blockMax, (nuint)group, blockStride, ref firstRequest, request.Length).ExtractMostSignificantBits();
            if (candidates == 0)
            {
                continue;
            }

            var first = group * ClusterState.BlockSize;
            var end = Math.Min(group + Lanes, blocks) * ClusterState.BlockSize;
            for (var i = first; i < end; i += Lanes)
            {
                if (((candidates >> ((i - first) / ClusterState.BlockSize)) & 1) == 0)
                {
                    i += ClusterState.BlockSize - Lanes;
                    continue;
                }

                var fit = FitMask(ref available, (nuint)i, stride, ref firstRequest, request.Length);
                if (fit == Vector512<long>.Zero)
                {
                    continue;
                }

                var score = ScoreVector(ref available, ref inverse, (nuint)i, stride, ref firstRequest, ref firstWeight, request.Length);
                var count = Vector512.LoadUnsafe(ref containers, (nuint)i);
                var better = fit & (Vector512.LessThan(count, bestCount)
                    | (Vector512.Equals(count, bestCount) & Vector512.GreaterThan(score, bestScore).AsInt64()));
                bestCount = Vector512.ConditionalSelect(better, count, bestCount);
                bestScore = Vector512.ConditionalSelect(better.AsDouble(), score, bestScore);
                bestIndex = Vector512.ConditionalSelect(better, Vector512.Create((long)i) + Vector512<long>.Indices, bestIndex);
            }
        }

        var best = -1L;
        var winningCount = long.MaxValue;
        var winningScore = double.NegativeInfinity;
        for (var lane = 0; lane < Lanes; lane++)
        {
            var laneIndex = bestIndex.GetElement(lane);
            if (laneIndex < 0)
            {
                continue;
            }

            var laneCount = bestCount.GetElement(lane);
            var laneScore = bestScore.GetElement(lane);
            if (best < 0 || laneCount < winningCount
                || (laneCount == winningCount && (laneScore > winningScore || (laneScore == winningScore && laneIndex < best))))
            {
                best = laneIndex;
                winningCount = laneCount;
                winningScore = laneScore;
            }
        }

        return (int)best;
    }

    /// <summary>The score of one node, in exactly the operation order of <see cref="ScoreVector"/>.</summary>
    internal static double ScoreScalar(ClusterState cluster, ReadOnlySpan<long> request, ReadOnlySpan<double> weights, int node)
    {
        var available = cluster.AvailableColumns;
        var inverse = cluster.InverseCapacityColumns;
        var stride = cluster.Stride;
        var score = 0.0;
        for (var d = 0; d < request.Length; d++)
        {
            var at = (d * stride) + node;
            score += ((double)(available[at] - request[d]) * inverse[at]) * weights[d];
        }

        return score;
    }

    private static bool FitsScalar(ClusterState cluster, ReadOnlySpan<long> request, int node)
    {
        var available = cluster.AvailableColumns;
        var stride = cluster.Stride;
        for (var d = 0; d < request.Length; d++)
        {
            if (available[(d * stride) + node] < request[d])
            {
                return false;
            }
        }

        return true;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector512<long> FitMask(ref long columns, nuint i, nuint stride, ref long request, int dimensions)
    {
        var fit = Vector512.GreaterThanOrEqual(Vector512.LoadUnsafe(ref columns, i), Vector512.Create(request));
        for (var d = 1; d < dimensions; d++)
        {
            var at = ((nuint)d * stride) + i;
            fit &= Vector512.GreaterThanOrEqual(Vector512.LoadUnsafe(ref columns, at), Vector512.Create(Unsafe.Add(ref request, d)));
        }

        return fit;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector512<double> ScoreVector(
        ref long available, ref double inverse, nuint i, nuint stride, ref long request, ref double weight, int dimensions)
    {
        var score = Vector512<double>.Zero;
        for (var d = 0; d < dimensions; d++)
        {
            var at = ((nuint)d * stride) + i;
            var free = Vector512.LoadUnsafe(ref available, at) - Vector512.Create(Unsafe.Add(ref request, d));
            var term = Vector512.ConvertToDouble(free) * Vector512.LoadUnsafe(ref inverse, at);
            score += term * Vector512.Create(Unsafe.Add(ref weight, d));
        }

        return score;
    }
}
