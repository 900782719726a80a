using System;
using System.Buffers;
using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace ContainerScheduling;

/// <content>
/// The keyed scans: the score key − demand split so that the part that depends on the node alone (its key) is a
/// column the cluster keeps current, and the part that depends on the request (its demand) takes one value per
/// capacity type, looked up from two registers. Per node a scan reads 4 bytes per dimension to test the fit, 8 for
/// the key and 1 for the type, and does one subtraction instead of a conversion and a fused multiply-add per
/// dimension. Its running best is no compare-and-select chain: each block of 128 nodes reduces to its lanes' best
/// scores with min (max), the block wins only if it strictly beats the best so far — a branch taken a few times
/// per scan — and only the winning block is searched again, for its lowest index with that score.
/// </content>
internal static partial class PlacementKernels
{
    /// <summary>
    /// The nodes reduced together before their best is compared with the best so far: the eight index blocks whose
    /// maxima one vector compare tests.
    /// </summary>
    private const int KeyedBlock = Lanes * ClusterState.BlockSize;

    /// <summary>
    /// The key column the keyed scans can use for this call, or null where they cannot run: not
    /// <see cref="ClusterState.NarrowScansApply"/>, or no key column to spare.
    /// </summary>
    internal static double[]? KeyColumnFor(ClusterState cluster, ReadOnlySpan<long> request, ReadOnlySpan<double> weights) =>
        cluster.NarrowScansApply ? cluster.ScoreKeyColumn(weights) : null;

    /// <summary>
    /// Best-fit (<see cref="LowestScore"/>) or least-loaded (<see cref="HighestScore"/>) over the key column,
    /// among the nodes whose container count <typeparamref name="TCount"/> admits. Requires a column from
    /// <see cref="KeyColumnFor"/>. <paramref name="blockFewest"/>, when given, holds per index block of
    /// <see cref="ClusterState.BlockSize"/> nodes (padded to whole groups of eight) a fewest container count, and
    /// blocks where it is not <paramref name="requiredCount"/> are skipped: the caller knows they hold no node
    /// with that count that fits.
    /// </summary>
    internal static int BestScoreKeyed<TOrder, TCount>(
        ClusterState cluster, ReadOnlySpan<long> request, ReadOnlySpan<double> weights, double[] keys, int requiredCount,
        ReadOnlySpan<int> blockFewest = default)
        where TOrder : struct, IScoreOrder
        where TCount : struct, ICountFilter
    {
        if (!KeyedColumns.TryCreate(cluster, request, out var columns))
        {
            return -1;
        }

        Span<double> demands = stackalloc double[ClusterState.MaxNarrowTypes];
        cluster.TypeDemands(request, weights, demands);
        var demandLow = Vector512.Create((ReadOnlySpan<double>)demands[..Lanes]);
        var demandHigh = Vector512.Create((ReadOnlySpan<double>)demands[Lanes..]);
        ref var available = ref MemoryMarshal.GetArrayDataReference(cluster.Available32Columns);
        ref var key = ref MemoryMarshal.GetArrayDataReference(keys);
        ref var types = ref MemoryMarshal.GetArrayDataReference(cluster.CapacityTypeColumn);
        ref var containers = ref MemoryMarshal.GetArrayDataReference(cluster.ContainerCount32Column);
        ref var blockMax = ref MemoryMarshal.GetArrayDataReference(cluster.BlockMaxColumns);
        ref var firstRequest = ref MemoryMarshal.GetReference(request);
        var blockStride = (nuint)cluster.BlockStride;
        var required = Vector256.Create(requiredCount);
        var worst = Vector512.Create(TOrder.Worst);
        var best = TOrder.Worst;
        var bestBlock = -1;
        var count = cluster.PaddedSlotCount;
        ref var fewestOfBlock = ref MemoryMarshal.GetReference(blockFewest);
        var requiredBlocks = Vector256.Create(requiredCount);
        for (var block = 0; block < count; block += KeyedBlock)
        {
            // The eight index blocks whose maxima admit the request; the others hold no node that fits. Spread
            // visits only the blocks whose fewest count is the one required.
            var candidates = (uint)FitMask(ref blockMax, (nuint)(block / ClusterState.BlockSize), blockStride, ref firstRequest, request.Length)
                .ExtractMostSignificantBits();
            if (!blockFewest.IsEmpty)
            {
                candidates &= Vector256.Equals(Vector256.LoadUnsafe(ref fewestOfBlock, (nuint)(block / ClusterState.BlockSize)), requiredBlocks)
                    .ExtractMostSignificantBits();
            }

            if (candidates == 0)
            {
                continue;
            }

            var low = worst;
            var high = worst;
            do
            {
                var first = block + (BitOperations.TrailingZeroCount(candidates) * ClusterState.BlockSize);
                candidates &= candidates - 1;
                for (var i = first; i < first + ClusterState.BlockSize; i += 2 * Lanes)
                {
                    var fit = columns.Fit(ref available, i);
                    if (fit == Vector512<int>.Zero)
                    {
                        continue;
                    }

                    var fitLow = Avx512F.ConvertToVector512Int64(fit.GetLower()) & TCount.Admits(ref containers, i, required);
                    var fitHigh = Avx512F.ConvertToVector512Int64(fit.GetUpper()) & TCount.Admits(ref containers, i + Lanes, required);
                    low = TOrder.Pick(low, Vector512.ConditionalSelect(fitLow.AsDouble(), ScoresAt(ref key, ref types, i, demandLow, demandHigh), worst));
                    high = TOrder.Pick(high, Vector512.ConditionalSelect(fitHigh.AsDouble(), ScoresAt(ref key, ref types, i + Lanes, demandLow, demandHigh), worst));
                }
            }
            while (candidates != 0);

            var lanes = TOrder.Pick(low, high);
            if (TOrder.Better(lanes, Vector512.Create(best)) != Vector512<double>.Zero)
            {
                best = BestLane<TOrder>(lanes);
                bestBlock = block;
            }
        }

        if (bestBlock < 0)
        {
            return -1;
        }

        // The lowest index in the winning block whose score is the best: no earlier block reached that score.
        var target = Vector512.Create(best);
        for (var i = bestBlock; i < Math.Min(bestBlock + KeyedBlock, count); i += 2 * Lanes)
        {
            var fit = columns.Fit(ref available, i);
            var hits = WinnersAt<TCount>(Avx512F.ConvertToVector512Int64(fit.GetLower()), ref key, ref types, ref containers, i, required, demandLow, demandHigh, target)
                | (WinnersAt<TCount>(Avx512F.ConvertToVector512Int64(fit.GetUpper()), ref key, ref types, ref containers, i + Lanes, required, demandLow, demandHigh, target) << Lanes);
            if (hits != 0)
            {
                return i + BitOperations.TrailingZeroCount(hits);
            }
        }

        throw new InvalidOperationException("The winning block holds a node with the winning score.");
    }

    /// <summary>
    /// Spread over the key column: among fitting nodes the fewest containers, then the least-loaded rule.
    /// First the fewest count the index allows — the smallest <see cref="ClusterState.BlockFewestColumn"/> over
    /// the blocks whose maxima admit the request, a count no fitting node can be below. If a fitting node has it,
    /// it is the answer's count and only blocks with that fewest count can hold such nodes, so the least-loaded
    /// rule runs over those alone. At a steady state with empty nodes that is a few dozen blocks. Otherwise a
    /// pass finds each block's fewest count among its fitting nodes — skipping blocks whose index says more than
    /// the fewest found so far — and the rule runs over the blocks holding the overall fewest. That pass's block
    /// list comes from the shared array pool, so a decision allocates nothing once the pool holds it.
    /// </summary>
    internal static int SpreadKeyed(ClusterState cluster, ReadOnlySpan<long> request, ReadOnlySpan<double> weights, double[] keys)
    {
        if (!KeyedColumns.TryCreate(cluster, request, out var columns))
        {
            return -1;
        }

        ref var blockMax = ref MemoryMarshal.GetArrayDataReference(cluster.BlockMaxColumns);
        ref var indexFewest = ref MemoryMarshal.GetArrayDataReference(cluster.BlockFewestColumn);
        ref var firstRequest = ref MemoryMarshal.GetReference(request);
        var blockStride = (nuint)cluster.BlockStride;
        var blocks = cluster.BlockCount;
        var none = Vector256.Create(int.MaxValue);
        var bound = none;
        for (var group = 0; group < blocks; group += Lanes)
        {
            var admitted = Avx512F.ConvertToVector256Int32(FitMask(ref blockMax, (nuint)group, blockStride, ref firstRequest, request.Length));
            bound = Vector256.Min(bound, Vector256.ConditionalSelect(admitted, Vector256.LoadUnsafe(ref indexFewest, (nuint)group), none));
        }

        var lowest = ClusterState.MinLane(Vector512.Create(bound, none));
        if (lowest == int.MaxValue)
        {
            return -1;
        }

        var found = BestScoreKeyed<HighestScore, ExactCount>(cluster, request, weights, keys, lowest, cluster.BlockFewestColumn);
        return found >= 0 ? found : SpreadKeyedByPass(cluster, request, weights, keys, columns);
    }

    /// <summary>Spread where no fitting node has the index's fewest count: a pass for each block's fewest count among its fitting nodes first.</summary>
    private static int SpreadKeyedByPass(ClusterState cluster, ReadOnlySpan<long> request, ReadOnlySpan<double> weights, double[] keys, KeyedColumns columns)
    {
        ref var available = ref MemoryMarshal.GetArrayDataReference(cluster.Available32Columns);
        ref var containers = ref MemoryMarshal.GetArrayDataReference(cluster.ContainerCount32Column);
        ref var blockMax = ref MemoryMarshal.GetArrayDataReference(cluster.BlockMaxColumns);
        var indexFewest = cluster.BlockFewestColumn;
        ref var firstRequest = ref MemoryMarshal.GetReference(request);
        var blockStride = cluster.BlockStride;
        var none = Vector512.Create(int.MaxValue);
        var rented = ArrayPool<int>.Shared.Rent(blockStride);
        try
        {
            var fewest = int.MaxValue;
            for (var group = 0; group < blockStride; group += Lanes)
            {
                var candidates = (uint)FitMask(ref blockMax, (nuint)group, (nuint)blockStride, ref firstRequest, request.Length).ExtractMostSignificantBits();
                for (var block = group; block < group + Lanes; block++)
                {
                    rented[block] = int.MaxValue;
                    if ((candidates & (1u << (block - group))) == 0 || indexFewest[block] > fewest)
                    {
                        continue;
                    }

                    var first = block * ClusterState.BlockSize;
                    var lanes = none;
                    for (var i = first; i < first + ClusterState.BlockSize; i += 2 * Lanes)
                    {
                        lanes = Vector512.Min(lanes, Vector512.ConditionalSelect(columns.Fit(ref available, i), Vector512.LoadUnsafe(ref containers, (nuint)i), none));
                    }

                    rented[block] = ClusterState.MinLane(lanes);
                    fewest = Math.Min(fewest, rented[block]);
                }
            }

            return fewest == int.MaxValue ? -1
                : BestScoreKeyed<HighestScore, ExactCount>(cluster, request, weights, keys, fewest, rented.AsSpan(0, blockStride));
        }
        finally
        {
            ArrayPool<int>.Shared.Return(rented);
        }
    }

    /// <summary>One bit per node of the eight from <paramref name="i"/> that fits, is admitted and scores exactly <paramref name="target"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static uint WinnersAt<TCount>(
        Vector512<long> fit, ref double key, ref byte types, ref int containers, int i, Vector256<int> required,
        Vector512<double> demandLow, Vector512<double> demandHigh, Vector512<double> target)
        where TCount : struct, ICountFilter
    {
        var score = ScoresAt(ref key, ref types, i, demandLow, demandHigh);
        return (uint)((fit & TCount.Admits(ref containers, i, required)).AsDouble() & Vector512.Equals(score, target)).ExtractMostSignificantBits();
    }

    /// <summary>The scores of the eight nodes from <paramref name="i"/>: key − the demand of each node's capacity type.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector512<double> ScoresAt(ref double key, ref byte types, int i, Vector512<double> demandLow, Vector512<double> demandHigh) =>
        Vector512.LoadUnsafe(ref key, (nuint)i) - Avx512F.PermuteVar8x64x2(demandLow, TypesAt(ref types, i), demandHigh);

    /// <summary>The best of eight lanes (taken only when a block improves on the best so far).</summary>
    private static double BestLane<TOrder>(Vector512<double> scores)
        where TOrder : struct, IScoreOrder
    {
        var best = scores.GetElement(0);
        for (var lane = 1; lane < Lanes; lane++)
        {
            var score = scores.GetElement(lane);
            best = TOrder.Better(score, best) ? score : best;
        }

        return best;
    }

    /// <summary>The capacity types of eight nodes, widened to 64-bit permute indexes.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector512<long> TypesAt(ref byte types, int i) =>
        Avx512F.ConvertToVector512Int64(Vector128.CreateScalarUnsafe(Unsafe.ReadUnaligned<ulong>(ref Unsafe.Add(ref types, i))).AsByte());

    /// <summary>Which container counts a keyed scan admits, chosen at compile time.</summary>
    internal interface ICountFilter
    {
        /// <summary>All-ones in the 64-bit lanes of the eight nodes from <paramref name="i"/> that are admitted.</summary>
        static abstract Vector512<long> Admits(ref int counts, int i, Vector256<int> required);
    }

    /// <summary>Every node is admitted, whatever it runs.</summary>
    internal readonly struct AnyCount : ICountFilter
    {
        public static Vector512<long> Admits(ref int counts, int i, Vector256<int> required) => Vector512<long>.AllBitsSet;
    }

    /// <summary>Only nodes running exactly the required number of containers are admitted.</summary>
    internal readonly struct ExactCount : ICountFilter
    {
        public static Vector512<long> Admits(ref int counts, int i, Vector256<int> required) =>
            Avx512F.ConvertToVector512Int64(Vector256.Equals(Vector256.LoadUnsafe(ref counts, (nuint)i), required));
    }

    /// <summary>
    /// Where the narrow available columns of up to four dimensions start, and the request, for sixteen nodes per
    /// test. A schema with fewer dimensions repeats column 0 with request 0: that ORs in a sign the lane already has.
    /// Plain offsets and vectors, so that the JIT keeps them all in registers.
    /// </summary>
    private readonly struct KeyedColumns
    {
        private readonly nuint _offset1;
        private readonly nuint _offset2;
        private readonly nuint _offset3;
        private readonly Vector512<int> _request0;
        private readonly Vector512<int> _request1;
        private readonly Vector512<int> _request2;
        private readonly Vector512<int> _request3;

        private KeyedColumns(int stride, int dims, ReadOnlySpan<int> request)
        {
            _offset1 = (nuint)(dims > 1 ? stride : 0);
            _offset2 = (nuint)(dims > 2 ? 2 * stride : 0);
            _offset3 = (nuint)(dims > 3 ? 3 * stride : 0);
            _request0 = Vector512.Create(request[0]);
            _request1 = Vector512.Create(request[1]);
            _request2 = Vector512.Create(request[2]);
            _request3 = Vector512.Create(request[3]);
        }

        /// <summary>False when an amount exceeds every narrow capacity, so that nothing fits.</summary>
        public static bool TryCreate(ClusterState cluster, ReadOnlySpan<long> request, out KeyedColumns columns)
        {
            columns = default;
            Span<int> narrow = stackalloc int[ClusterState.NarrowDimensions];
            if (!ClusterState.TryNarrowRequest(request, narrow))
            {
                return false;
            }

            columns = new KeyedColumns(cluster.Stride, request.Length, narrow);
            return true;
        }

        /// <summary>
        /// All-ones in the lanes of the sixteen nodes from <paramref name="i"/> that fit: available − request is
        /// never negative in any dimension (available ≥ −1 and request ≥ 0, so the difference cannot overflow).
        /// </summary>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public Vector512<int> Fit(ref int available, int i)
        {
            var at = (nuint)i;
            var misfit = (Vector512.LoadUnsafe(ref available, at) - _request0) | (Vector512.LoadUnsafe(ref available, _offset1 + at) - _request1);
            misfit |= (Vector512.LoadUnsafe(ref available, _offset2 + at) - _request2) | (Vector512.LoadUnsafe(ref available, _offset3 + at) - _request3);
            return Vector512.GreaterThanOrEqual(misfit, Vector512<int>.Zero);
        }
    }
}
