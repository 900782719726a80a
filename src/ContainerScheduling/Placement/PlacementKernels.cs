using System;
using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace ContainerScheduling;

/// <summary>
/// The hot loops behind the built-in strategies, over the struct-of-arrays columns of a <see cref="ClusterState"/>.
/// Each has a scalar version — a plain linear scan, the fallback without hardware vectors and the oracle in
/// tests — and a <see cref="Vector512"/> version that visits only the blocks whose block maxima admit the
/// request and must return exactly the same node.
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

    internal static int FirstFitVector(ClusterState cluster, ReadOnlySpan<long> request)
    {
        var scan = new FirstFitScan();
        ScanCandidateBlocks(cluster, request, ref scan);
        return scan.Found;
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
        var scan = new BestScoreScan<TOrder>(cluster, request, weights);
        ScanCandidateBlocks(cluster, request, ref scan);
        return scan.Result();
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
        var scan = new SpreadScan(cluster, request, weights);
        ScanCandidateBlocks(cluster, request, ref scan);
        return scan.Result();
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

    /// <summary>
    /// Calls <paramref name="scan"/> for each vector of <see cref="Lanes"/> nodes, in node order, inside every
    /// block whose per-dimension maxima admit the request, and stops when the scan asks to.
    /// </summary>
    private static void ScanCandidateBlocks<TScan>(ClusterState cluster, ReadOnlySpan<long> request, ref TScan scan)
        where TScan : struct, IVectorScan, allows ref struct
    {
        var blocks = cluster.BlockCount;
        var stride = (nuint)cluster.Stride;
        var blockStride = (nuint)cluster.BlockStride;
        ref var available = ref MemoryMarshal.GetArrayDataReference(cluster.AvailableColumns);
        ref var blockMax = ref MemoryMarshal.GetArrayDataReference(cluster.BlockMaxColumns);
        ref var firstRequest = ref MemoryMarshal.GetReference(request);
        for (var group = 0; group < blocks; group += Lanes)
        {
            var candidates = FitMask(ref blockMax, (nuint)group, blockStride, ref firstRequest, request.Length).ExtractMostSignificantBits();
            while (candidates != 0)
            {
                var start = (group + BitOperations.TrailingZeroCount(candidates)) * ClusterState.BlockSize;
                candidates &= candidates - 1;
                for (var i = start; i < start + ClusterState.BlockSize; i += Lanes)
                {
                    var fit = FitMask(ref available, (nuint)i, stride, ref firstRequest, request.Length);
                    if (fit != Vector512<long>.Zero && scan.Visit(i, fit))
                    {
                        return;
                    }
                }
            }
        }
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
    private static Vector512<double> ScoreVector(ClusterState cluster, ReadOnlySpan<long> request, ReadOnlySpan<double> weights, int i)
    {
        ref var available = ref MemoryMarshal.GetArrayDataReference(cluster.AvailableColumns);
        ref var inverse = ref MemoryMarshal.GetArrayDataReference(cluster.InverseCapacityColumns);
        ref var firstRequest = ref MemoryMarshal.GetReference(request);
        ref var firstWeight = ref MemoryMarshal.GetReference(weights);
        var stride = (nuint)cluster.Stride;
        var score = Vector512<double>.Zero;
        for (var d = 0; d < request.Length; d++)
        {
            var at = ((nuint)d * stride) + (nuint)i;
            var free = Vector512.LoadUnsafe(ref available, at) - Vector512.Create(Unsafe.Add(ref firstRequest, d));
            var term = Vector512.ConvertToDouble(free) * Vector512.LoadUnsafe(ref inverse, at);
            score += term * Vector512.Create(Unsafe.Add(ref firstWeight, d));
        }

        return score;
    }

    /// <summary>What a vector scan does with each group of lanes that has at least one fitting node.</summary>
    private interface IVectorScan
    {
        /// <summary>Visits nodes [start, start + 8) where <paramref name="fit"/> marks the fitting lanes; true stops the scan.</summary>
        bool Visit(int start, Vector512<long> fit);
    }

    private struct FirstFitScan() : IVectorScan
    {
        public int Found { get; private set; } = -1;

        public bool Visit(int start, Vector512<long> fit)
        {
            Found = start + BitOperations.TrailingZeroCount(fit.ExtractMostSignificantBits());
            return true;
        }
    }

    private ref struct BestScoreScan<TOrder>(ClusterState cluster, ReadOnlySpan<long> request, ReadOnlySpan<double> weights) : IVectorScan
        where TOrder : struct, IScoreOrder
    {
        private readonly ReadOnlySpan<long> _request = request;
        private readonly ReadOnlySpan<double> _weights = weights;
        private Vector512<double> _bestScore = Vector512.Create(TOrder.Worst);
        private Vector512<long> _bestIndex = Vector512.Create(-1L);

        public bool Visit(int start, Vector512<long> fit)
        {
            var score = ScoreVector(cluster, _request, _weights, start);

            // A lane's first fitting node always wins, as in the scalar loop, even when its score is Worst itself
            // (+∞ when huge weights overflow the sum): a strict comparison alone would never take it.
            var empty = Vector512.LessThan(_bestIndex, Vector512<long>.Zero).AsDouble();
            var better = fit.AsDouble() & (TOrder.Better(score, _bestScore) | empty);
            _bestScore = Vector512.ConditionalSelect(better, score, _bestScore);
            _bestIndex = Vector512.ConditionalSelect(better.AsInt64(), Vector512.Create((long)start) + Vector512<long>.Indices, _bestIndex);
            return false;
        }

        public readonly int Result()
        {
            var best = -1L;
            var winning = TOrder.Worst;
            for (var lane = 0; lane < Lanes; lane++)
            {
                var laneIndex = _bestIndex.GetElement(lane);
                var laneScore = _bestScore.GetElement(lane);
                if (laneIndex >= 0 && (best < 0 || TOrder.Better(laneScore, winning) || (laneScore == winning && laneIndex < best)))
                {
                    best = laneIndex;
                    winning = laneScore;
                }
            }

            return (int)best;
        }
    }

    private ref struct SpreadScan(ClusterState cluster, ReadOnlySpan<long> request, ReadOnlySpan<double> weights) : IVectorScan
    {
        private readonly ReadOnlySpan<long> _request = request;
        private readonly ReadOnlySpan<double> _weights = weights;
        private Vector512<long> _bestCount = Vector512.Create(long.MaxValue);
        private Vector512<double> _bestScore = Vector512.Create(double.NegativeInfinity);
        private Vector512<long> _bestIndex = Vector512.Create(-1L);

        public bool Visit(int start, Vector512<long> fit)
        {
            var score = ScoreVector(cluster, _request, _weights, start);
            var count = Vector512.LoadUnsafe(ref MemoryMarshal.GetArrayDataReference(cluster.ContainerCountColumn), (nuint)start);
            var better = fit & (Vector512.LessThan(count, _bestCount)
                | (Vector512.Equals(count, _bestCount) & Vector512.GreaterThan(score, _bestScore).AsInt64()));
            _bestCount = Vector512.ConditionalSelect(better, count, _bestCount);
            _bestScore = Vector512.ConditionalSelect(better.AsDouble(), score, _bestScore);
            _bestIndex = Vector512.ConditionalSelect(better, Vector512.Create((long)start) + Vector512<long>.Indices, _bestIndex);
            return false;
        }

        public readonly int Result()
        {
            var best = -1L;
            var winningCount = long.MaxValue;
            var winningScore = double.NegativeInfinity;
            for (var lane = 0; lane < Lanes; lane++)
            {
                var laneIndex = _bestIndex.GetElement(lane);
                if (laneIndex < 0)
                {
                    continue;
                }

                var laneCount = _bestCount.GetElement(lane);
                var laneScore = _bestScore.GetElement(lane);
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
    }
}
