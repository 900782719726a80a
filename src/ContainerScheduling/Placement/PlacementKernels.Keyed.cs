using System;
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
    internal static ClusterState.ScoreKey? KeyColumnFor(ClusterState cluster, ReadOnlySpan<long> request, ReadOnlySpan<double> weights) =>
        cluster.NarrowScansApply ? cluster.ScoreKeyColumn(weights) : null;

    /// <summary>
    /// Best-fit (<see cref="LowestScore"/>) or least-loaded (<see cref="HighestScore"/>) over the key column,
    /// among the nodes whose container count <typeparamref name="TCount"/> admits. Requires a column from
    /// <see cref="KeyColumnFor"/>. With <typeparamref name="TCount"/> <see cref="ExactCount"/> the blocks whose
    /// <see cref="ClusterState.BlockFewestColumn"/> exceeds <paramref name="requiredCount"/> are skipped: no node
    /// of theirs runs that few.
    /// </summary>
    internal static int BestScoreKeyed<TOrder, TCount>(
        ClusterState cluster, ReadOnlySpan<long> request, ReadOnlySpan<double> weights, ClusterState.ScoreKey keys, int requiredCount)
        where TOrder : struct, IScoreOrder
        where TCount : struct, ICountFilter =>
        BestScoreKeyed<TOrder, TCount, AllEligible>(cluster, request, weights, keys, requiredCount, default, cluster.BlockMaxColumns);

    /// <summary>
    /// <see cref="BestScoreKeyed{TOrder, TCount}"/> among the nodes <typeparamref name="TEligible"/> admits: with
    /// <see cref="EligibleBits"/>, those whose bit is set in <paramref name="eligible"/>
    /// (<see cref="ClusterState.EligibilityWords"/> words). Index blocks without an eligible node are skipped whole;
    /// <paramref name="maxima"/> are block maxima that bound every eligible node (<see cref="ClusterState.BlockMaximaFor"/>).
    /// </summary>
    internal static int BestScoreKeyed<TOrder, TCount, TEligible>(
        ClusterState cluster, ReadOnlySpan<long> request, ReadOnlySpan<double> weights, ClusterState.ScoreKey keys, int requiredCount,
        ReadOnlySpan<ulong> eligible, long[] maxima)
        where TOrder : struct, IScoreOrder
        where TCount : struct, ICountFilter
        where TEligible : struct, IEligibility
    {
        if (!KeyedColumns.TryCreate(cluster, request, out var columns))
        {
            return -1;
        }

        Span<double> demands = stackalloc double[ClusterState.MaxNarrowTypes];
        var typeCount = cluster.TypeDemands(request, weights, demands);
        var demandLow = Vector512.Create((ReadOnlySpan<double>)demands[..Lanes]);
        var demandHigh = Vector512.Create((ReadOnlySpan<double>)demands[Lanes..]);

        // The most optimistic score per block: its best key less the demand that helps most — the largest for
        // best-fit (lowest score), the smallest for least-loaded. A block that cannot strictly beat the best so
        // far is skipped: an equal score there would lose to the earlier node anyway.
        var lowest = typeof(TOrder) == typeof(LowestScore);
        var helpful = demands[0];
        for (var t = 1; t < typeCount; t++)
        {
            helpful = lowest ? Math.Max(helpful, demands[t]) : Math.Min(helpful, demands[t]);
        }

        var helpfulDemand = Vector512.Create(helpful);
        ref var bound = ref MemoryMarshal.GetArrayDataReference(lowest ? keys.BlockLow : keys.BlockHigh);
        ref var available = ref MemoryMarshal.GetArrayDataReference(cluster.Available32Columns);
        ref var key = ref MemoryMarshal.GetArrayDataReference(keys.Values);
        ref var types = ref MemoryMarshal.GetArrayDataReference(cluster.CapacityTypeColumn);
        ref var containers = ref MemoryMarshal.GetArrayDataReference(cluster.ContainerCount32Column);
        ref var blockMax = ref MemoryMarshal.GetArrayDataReference(maxima);
        ref var firstRequest = ref MemoryMarshal.GetReference(request);
        var blockStride = (nuint)cluster.BlockStride;
        var required = Vector256.Create(requiredCount);
        var worst = Vector512.Create(TOrder.Worst);
        var best = TOrder.Worst;
        var bestBlock = -1;
        var count = cluster.PaddedSlotCount;
        ref var fewestOfBlock = ref MemoryMarshal.GetArrayDataReference(cluster.BlockFewestColumn);
        ref var words = ref MemoryMarshal.GetReference(eligible);
        for (var block = 0; block < count; block += KeyedBlock)
        {
            // The eight index blocks whose maxima admit the request (the others hold no node that fits), whose
            // fewest count is not above the required one (for spread), and whose key bound can beat the best so far.
            var candidates = (uint)FitMask(ref blockMax, (nuint)(block / ClusterState.BlockSize), blockStride, ref firstRequest, request.Length)
                .ExtractMostSignificantBits();
            if (typeof(TCount) == typeof(ExactCount))
            {
                candidates &= ~Vector256.GreaterThan(Vector256.LoadUnsafe(ref fewestOfBlock, (nuint)(block / ClusterState.BlockSize)), required)
                    .ExtractMostSignificantBits();
            }

            var optimistic = Vector512.LoadUnsafe(ref bound, (nuint)(block / ClusterState.BlockSize)) - helpfulDemand;
            candidates &= (uint)TOrder.Better(optimistic, Vector512.Create(best)).ExtractMostSignificantBits();
            candidates &= TEligible.Blocks(ref words, block);

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
                    var fit = columns.Fit(ref available, i) & TEligible.Lanes(ref words, i);
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
            var fit = columns.Fit(ref available, i) & TEligible.Lanes(ref words, i);
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
    /// Best-fit (<see cref="LowestScore"/>) or least-loaded (<see cref="HighestScore"/>) through the score buckets
    /// (<see cref="ScoreBuckets"/>): the same decision as <see cref="BestScoreKeyed{TOrder, TCount}"/>, among all
    /// nodes or, with <paramref name="untaintedOnly"/>, the untainted ones. Requires <see cref="ClusterState.BucketsApply"/>.
    /// </summary>
    internal static int BestScoreBucketed<TOrder>(
        ClusterState cluster, ReadOnlySpan<long> request, ReadOnlySpan<double> weights, ClusterState.ScoreKey keys, bool untaintedOnly)
        where TOrder : struct, IScoreOrder
    {
        Span<int> narrow = stackalloc int[ClusterState.NarrowDimensions];
        if (!ClusterState.TryNarrowRequest(request, narrow))
        {
            return -1;
        }

        Span<double> demands = stackalloc double[ClusterState.MaxNarrowTypes];
        cluster.TypeDemands(request, weights, demands);
        return cluster.Buckets.Best<TOrder>(narrow, demands, keys, untaintedOnly);
    }

    /// <summary>
    /// Spread over the key column: among fitting nodes the fewest containers, then the least-loaded rule.
    /// First the fewest count the index allows — the smallest <see cref="ClusterState.BlockFewestColumn"/> over
    /// the blocks whose maxima admit the request, a count no fitting node can be below. If a fitting node has it,
    /// it is the answer's count and the least-loaded rule over nodes with that count, in blocks whose fewest
    /// count is not above it, is the answer. At a steady state with empty nodes that is a few dozen blocks.
    /// Otherwise a pass finds the fewest count among fitting nodes — skipping blocks whose index says more than
    /// the fewest found so far — and the rule runs for that count. Nothing is allocated.
    /// </summary>
    internal static int SpreadKeyed(ClusterState cluster, ReadOnlySpan<long> request, ReadOnlySpan<double> weights, ClusterState.ScoreKey keys) =>
        SpreadKeyed<AllEligible>(cluster, request, weights, keys, default, cluster.BlockMaxColumns);

    /// <summary><see cref="SpreadKeyed(ClusterState, ReadOnlySpan{long}, ReadOnlySpan{double}, ClusterState.ScoreKey)"/> among the nodes <typeparamref name="TEligible"/> admits.</summary>
    internal static int SpreadKeyed<TEligible>(
        ClusterState cluster, ReadOnlySpan<long> request, ReadOnlySpan<double> weights, ClusterState.ScoreKey keys, ReadOnlySpan<ulong> eligible,
        long[] maxima)
        where TEligible : struct, IEligibility
    {
        if (!KeyedColumns.TryCreate(cluster, request, out var columns))
        {
            return -1;
        }

        ref var blockMax = ref MemoryMarshal.GetArrayDataReference(maxima);
        ref var indexFewest = ref MemoryMarshal.GetArrayDataReference(cluster.BlockFewestColumn);
        ref var firstRequest = ref MemoryMarshal.GetReference(request);
        var blockStride = (nuint)cluster.BlockStride;
        var blocks = cluster.BlockCount;
        var none = Vector256.Create(int.MaxValue);
        var bound = none;
        ref var words = ref MemoryMarshal.GetReference(eligible);
        for (var group = 0; group < blocks; group += Lanes)
        {
            var admitted = Avx512F.ConvertToVector256Int32(FitMask(ref blockMax, (nuint)group, blockStride, ref firstRequest, request.Length))
                & BlockLanes(TEligible.Blocks(ref words, group * ClusterState.BlockSize));
            bound = Vector256.Min(bound, Vector256.ConditionalSelect(admitted, Vector256.LoadUnsafe(ref indexFewest, (nuint)group), none));
        }

        var lowest = ClusterState.MinLane(Vector512.Create(bound, none));
        if (lowest == int.MaxValue)
        {
            return -1;
        }

        var found = BestScoreKeyed<HighestScore, ExactCount, TEligible>(cluster, request, weights, keys, lowest, eligible, maxima);
        if (found >= 0)
        {
            return found;
        }

        var fewest = FewestFitting<TEligible>(cluster, request, columns, eligible, maxima);
        return fewest == int.MaxValue ? -1 : BestScoreKeyed<HighestScore, ExactCount, TEligible>(cluster, request, weights, keys, fewest, eligible, maxima);
    }

    /// <summary>All-ones in the 32-bit lanes of the set bits of an eight-block mask.</summary>
    private static Vector256<int> BlockLanes(uint blocks) =>
        ~Vector256.Equals(Vector256.Create((int)blocks) & Vector256.Create(1, 2, 4, 8, 16, 32, 64, 128), Vector256<int>.Zero);

    /// <summary>The fewest containers on an admitted node that fits, or <see cref="int.MaxValue"/> where none fits.</summary>
    private static int FewestFitting<TEligible>(ClusterState cluster, ReadOnlySpan<long> request, KeyedColumns columns, ReadOnlySpan<ulong> eligible, long[] maxima)
        where TEligible : struct, IEligibility
    {
        ref var available = ref MemoryMarshal.GetArrayDataReference(cluster.Available32Columns);
        ref var containers = ref MemoryMarshal.GetArrayDataReference(cluster.ContainerCount32Column);
        ref var blockMax = ref MemoryMarshal.GetArrayDataReference(maxima);
        var indexFewest = cluster.BlockFewestColumn;
        ref var firstRequest = ref MemoryMarshal.GetReference(request);
        var blockStride = (nuint)cluster.BlockStride;
        var none = Vector512.Create(int.MaxValue);
        var fewest = int.MaxValue;
        ref var words = ref MemoryMarshal.GetReference(eligible);
        for (var group = 0; group < cluster.BlockCount; group += Lanes)
        {
            var candidates = (uint)FitMask(ref blockMax, (nuint)group, blockStride, ref firstRequest, request.Length).ExtractMostSignificantBits()
                & TEligible.Blocks(ref words, group * ClusterState.BlockSize);
            while (candidates != 0)
            {
                var block = group + BitOperations.TrailingZeroCount(candidates);
                candidates &= candidates - 1;
                if (indexFewest[block] >= fewest)
                {
                    continue;
                }

                var lanes = none;
                for (var i = block * ClusterState.BlockSize; i < (block + 1) * ClusterState.BlockSize; i += 2 * Lanes)
                {
                    var fit = columns.Fit(ref available, i) & TEligible.Lanes(ref words, i);
                    lanes = Vector512.Min(lanes, Vector512.ConditionalSelect(fit, Vector512.LoadUnsafe(ref containers, (nuint)i), none));
                }

                fewest = Math.Min(fewest, ClusterState.MinLane(lanes));
            }
        }

        return fewest;
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
    internal static double BestLane<TOrder>(Vector512<double> scores)
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
    internal static Vector512<long> TypesAt(ref byte types, int i) =>
        Avx512F.ConvertToVector512Int64(Vector128.CreateScalarUnsafe(Unsafe.ReadUnaligned<ulong>(ref Unsafe.Add(ref types, i))).AsByte());

    /// <summary>Which nodes a keyed scan may choose, by the container's placement rules; chosen at compile time.</summary>
    internal interface IEligibility
    {
        /// <summary>One bit per index block of the eight from node <paramref name="node"/> (a multiple of 256) that holds an eligible node.</summary>
        static abstract uint Blocks(ref ulong words, int node);

        /// <summary>All-ones in the lanes of the sixteen nodes from <paramref name="node"/> (a multiple of 16) that are eligible.</summary>
        static abstract Vector512<int> Lanes(ref ulong words, int node);

        /// <summary>One bit per eligible node of the eight from <paramref name="node"/> (a multiple of 8).</summary>
        static abstract uint Eight(ref ulong words, int node);
    }

    /// <summary>Every node is eligible: no rule restricts the container. The words are never read.</summary>
    internal readonly struct AllEligible : IEligibility
    {
        public static uint Blocks(ref ulong words, int node) => 0xFF;

        public static Vector512<int> Lanes(ref ulong words, int node) => Vector512<int>.AllBitsSet;

        public static uint Eight(ref ulong words, int node) => 0xFF;
    }

    /// <summary>
    /// The eligible nodes are the set bits of a bitset of <see cref="ClusterState.EligibilityWords"/> words (a
    /// multiple of four, so that every group of eight blocks reads whole words).
    /// </summary>
    internal readonly struct EligibleBits : IEligibility
    {
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static uint Blocks(ref ulong words, int node)
        {
            ref var first = ref Unsafe.Add(ref words, node >> 6);
            var blocks = 0u;
            for (var w = 0; w < 4; w++)
            {
                var word = Unsafe.Add(ref first, w);
                blocks |= ((uint)word != 0 ? 1u : 0u) << (2 * w);
                blocks |= ((word >> 32) != 0 ? 1u : 0u) << ((2 * w) + 1);
            }

            return blocks;
        }

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static Vector512<int> Lanes(ref ulong words, int node)
        {
            var bits = (int)((Unsafe.Add(ref words, node >> 6) >> (node & 63)) & 0xFFFF);
            var lane = Vector512.Create(1, 2, 4, 8, 16, 32, 64, 128, 256, 512, 1024, 2048, 4096, 8192, 16384, 32768);
            return ~Vector512.Equals(Vector512.Create(bits) & lane, Vector512<int>.Zero);
        }

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static uint Eight(ref ulong words, int node) => (uint)(Unsafe.Add(ref words, node >> 6) >> (node & 63)) & 0xFF;
    }

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
    /// test. Fewer read dimensions repeat one: that ORs in a sign the lane already has.
    /// Plain offsets and vectors, so that the JIT keeps them all in registers.
    /// </summary>
    private readonly struct KeyedColumns
    {
        private readonly nuint _offset0;
        private readonly nuint _offset1;
        private readonly nuint _offset2;
        private readonly nuint _offset3;
        private readonly Vector512<int> _request0;
        private readonly Vector512<int> _request1;
        private readonly Vector512<int> _request2;
        private readonly Vector512<int> _request3;

        private KeyedColumns(int stride, int dims, ReadOnlySpan<int> request)
        {
            // Only dimensions the request asks for are read: where it asks 0, every ready node fits, and a node
            // that is not ready reads −1 in every column, so any asked-for column (or column 0 when nothing is
            // asked for) already rules it out. Unused slots repeat a read column, which the L1 cache serves.
            Span<int> read = stackalloc int[ClusterState.NarrowDimensions];
            var count = 0;
            for (var d = 0; d < dims; d++)
            {
                if (request[d] > 0)
                {
                    read[count++] = d;
                }
            }

            for (var slot = Math.Max(count, 1); slot < read.Length; slot++)
            {
                read[slot] = read[count == 0 ? 0 : count - 1];
            }

            _offset0 = (nuint)(read[0] * stride);
            _offset1 = (nuint)(read[1] * stride);
            _offset2 = (nuint)(read[2] * stride);
            _offset3 = (nuint)(read[3] * stride);
            _request0 = Vector512.Create(request[read[0]]);
            _request1 = Vector512.Create(request[read[1]]);
            _request2 = Vector512.Create(request[read[2]]);
            _request3 = Vector512.Create(request[read[3]]);
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
            var misfit = (Vector512.LoadUnsafe(ref available, _offset0 + at) - _request0) | (Vector512.LoadUnsafe(ref available, _offset1 + at) - _request1);
            misfit |= (Vector512.LoadUnsafe(ref available, _offset2 + at) - _request2) | (Vector512.LoadUnsafe(ref available, _offset3 + at) - _request3);
            return Vector512.GreaterThanOrEqual(misfit, Vector512<int>.Zero);
        }
    }
}
