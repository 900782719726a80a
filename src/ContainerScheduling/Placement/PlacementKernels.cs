using System;
using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace ContainerScheduling;

/// <summary>
/// The hot loops behind the built-in strategies, over the struct-of-arrays columns of a <see cref="ClusterState"/>.
/// Each has a scalar version — a plain linear scan, the fallback without hardware vectors and the oracle in
/// tests — and a <see cref="Vector512"/> version that must return exactly the same node. The vector versions
/// read the block maxima of eight blocks (256 nodes) at a time and skip every block that cannot hold the request.
/// </summary>
/// <remarks>
/// The score of node i for request r is key_i − demand_i(r) with k_d = inverseCapacity_d[i] · w_d,
/// key_i = Σ_d available_d[i] · k_d and demand_i(r) = Σ_d r_d · k_d, each accumulated from 0.0 in dimension
/// order with one fused multiply-add per dimension: Σ_d w_d · (free_d − r_d) / capacity_d in exact arithmetic.
/// Every version — scalar, wide vector and keyed — computes bit-identical scores. Ties go to the lowest node
/// index. No loop allocates.
/// </remarks>
internal static partial class PlacementKernels
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
        KeyColumnFor(cluster, request, weights) is { } keys
            ? cluster.BucketsApply ? BestScoreBucketed<TOrder>(cluster, request, weights, keys, untaintedOnly: false) : BestScoreKeyed<TOrder, AnyCount>(cluster, request, weights, keys, 0)
        : UseVectors ? BestScoreVector<TOrder>(cluster, request, weights)
        : BestScoreScalar<TOrder>(cluster, request, weights);

    internal static int Spread(ClusterState cluster, ReadOnlySpan<long> request, ReadOnlySpan<double> weights) =>
        KeyColumnFor(cluster, request, weights) is { } keys ? SpreadKeyed(cluster, request, weights, keys)
        : UseVectors ? SpreadVector(cluster, request, weights)
        : SpreadScalar(cluster, request, weights);

    internal static int FirstFitScalar(ClusterState cluster, ReadOnlySpan<long> request, int from = 0)
    {
        var count = cluster.SlotCount;
        for (var i = from; i < count; i++)
        {
            if (FitsScalar(cluster, request, i))
            {
                return i;
            }
        }

        return -1;
    }

    /// <summary>
    /// First-fit over both node indexes: the block maxima of eight blocks (256 nodes) are tested at once and every
    /// block whose largest free amount falls short in some dimension is skipped; inside a block that may fit, the
    /// narrow fit filter tests eight nodes on 8 bytes each, and only groups it lets through are checked exactly.
    /// On a cluster churned by first-fit most early blocks are ruled out by their maxima; where blocks hold nodes
    /// with room in each dimension but none in all (first-fit filling an empty cluster), the filter does the work.
    /// </summary>
    internal static int FirstFitVector(ClusterState cluster, ReadOnlySpan<long> request) =>
        FirstFitVector<AllEligible>(cluster, request, default, cluster.BlockMaxColumns);

    /// <summary>
    /// <see cref="FirstFitVector(ClusterState, ReadOnlySpan{long})"/> among the nodes <typeparamref name="TEligible"/>
    /// admits: index blocks without an eligible node are skipped with those the maxima rule out, and each group of
    /// eight nodes keeps only its eligible lanes. <paramref name="maxima"/> are block maxima that bound every eligible
    /// node (<see cref="ClusterState.BlockMaximaFor"/>).
    /// </summary>
    /// <param name="cluster">The cluster.</param>
    /// <param name="request">The request.</param>
    /// <param name="eligible">The eligible nodes' bits (unread with <see cref="AllEligible"/>).</param>
    /// <param name="maxima">Block maxima that bound every eligible node.</param>
    /// <param name="from">The first node index to consider: the caller knows that no earlier node fits.</param>
    internal static int FirstFitVector<TEligible>(ClusterState cluster, ReadOnlySpan<long> request, ReadOnlySpan<ulong> eligible, long[] maxima, int from = 0)
        where TEligible : struct, IEligibility
    {
        ref var words = ref MemoryMarshal.GetReference(eligible);
        var stride = (nuint)cluster.Stride;
        ref var available = ref MemoryMarshal.GetArrayDataReference(cluster.AvailableColumns);
        ref var filter = ref MemoryMarshal.GetArrayDataReference(cluster.FitFilterColumn);
        ref var blockMax = ref MemoryMarshal.GetArrayDataReference(maxima);
        ref var firstRequest = ref MemoryMarshal.GetReference(request);
        var blockStride = (nuint)cluster.BlockStride;
        var blocks = cluster.BlockCount;
        var required = FilterRequired(cluster, request);
        for (var group = (from / ClusterState.BlockSize) & ~(Lanes - 1); group < blocks; group += Lanes)
        {
            var candidates = FitMask(ref blockMax, (nuint)group, blockStride, ref firstRequest, request.Length).ExtractMostSignificantBits()
                & TEligible.Blocks(ref words, group * ClusterState.BlockSize);
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

                var lanes = TEligible.Eight(ref words, i);
                if (i < from)
                {
                    lanes &= i + Lanes <= from ? 0u : ~0u << (from - i);
                }

                if (lanes == 0 || FilterPasses(ref filter, i, required) == 0)
                {
                    continue;
                }

                var fit = FitMask(ref available, (nuint)i, stride, ref firstRequest, request.Length).ExtractMostSignificantBits() & lanes;
                if (fit != 0)
                {
                    return i + BitOperations.TrailingZeroCount(fit);
                }
            }
        }

        return -1;
    }

    /// <summary>The request's fit-filter lanes, broadcast to every node's word.</summary>
    private static Vector512<short> FilterRequired(ClusterState cluster, ReadOnlySpan<long> request)
    {
        Span<short> lanes = stackalloc short[ClusterState.FilterLanes];
        cluster.FilterRequest(request, lanes);
        return Vector512.Create(MemoryMarshal.Read<long>(MemoryMarshal.AsBytes(lanes))).AsInt16();
    }

    /// <summary>
    /// One bit per node (bit 4k for node i + k) for the eight nodes from <paramref name="i"/> that pass the fit
    /// filter; zero means none of them can fit, read from 64 bytes instead of the exact columns.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static ulong FilterPasses(ref short filter, int i, Vector512<short> required)
    {
        var lanes = Vector512.GreaterThanOrEqual(Vector512.LoadUnsafe(ref filter, (nuint)(i * ClusterState.FilterLanes)), required)
            .ExtractMostSignificantBits();
        return lanes & (lanes >> 1) & (lanes >> 2) & (lanes >> 3) & 0x1111_1111UL;
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

                // A lane's first fitting node always wins, as in the scalar loop, whatever its score.
                var empty = Vector512.LessThan(bestIndex, Vector512<long>.Zero).AsDouble();
                var better = fit.AsDouble() & (TOrder.Better(score, bestScore) | empty);
                bestScore = Vector512.ConditionalSelect(better, score, bestScore);
                bestIndex = Vector512.ConditionalSelect(better.AsInt64(), Vector512.Create((long)i) + Vector512<long>.Indices, bestIndex);
            }
        }

        return ReduceBest<TOrder>(bestScore, bestIndex);
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

        return ReduceSpread(bestCount, bestScore, bestIndex);
    }

    private static int ReduceBest<TOrder>(Vector512<double> bestScore, Vector512<long> bestIndex)
        where TOrder : struct, IScoreOrder
    {
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

    private static int ReduceSpread(Vector512<long> bestCount, Vector512<double> bestScore, Vector512<long> bestIndex)
    {
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

    /// <summary>
    /// The score of one node: key − demand, where key = Σ_d available_d · k_d and demand = Σ_d request_d · k_d are
    /// each accumulated from 0.0 in dimension order with one fused multiply-add per dimension, and
    /// k_d = inverseCapacity_d · w_d. <see cref="ScoreVector"/> and the keyed scans compute exactly these values.
    /// </summary>
    internal static double ScoreScalar(ClusterState cluster, ReadOnlySpan<long> request, ReadOnlySpan<double> weights, int node)
    {
        var available = cluster.AvailableColumns;
        var inverse = cluster.InverseCapacityColumns;
        var stride = cluster.Stride;
        var key = 0.0;
        var demand = 0.0;
        for (var d = 0; d < request.Length; d++)
        {
            var at = (d * stride) + node;
            var factor = inverse[at] * weights[d];
            key = Math.FusedMultiplyAdd(available[at], factor, key);
            demand = Math.FusedMultiplyAdd(request[d], factor, demand);
        }

        return key - demand;
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
        var key = Vector512<double>.Zero;
        var demand = Vector512<double>.Zero;
        for (var d = 0; d < dimensions; d++)
        {
            var at = ((nuint)d * stride) + i;
            var factor = Vector512.LoadUnsafe(ref inverse, at) * Vector512.Create(Unsafe.Add(ref weight, d));
            key = Vector512.FusedMultiplyAdd(Vector512.ConvertToDouble(Vector512.LoadUnsafe(ref available, at)), factor, key);
            demand = Vector512.FusedMultiplyAdd(Vector512.Create((double)Unsafe.Add(ref request, d)), factor, demand);
        }

        return key - demand;
    }
}
