using System;
using System.Collections.Generic;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace ContainerScheduling;

/// <content>
/// The narrow columns the scored scans read: the available amounts again as 32-bit integers; per node one byte
/// naming its capacity type — the index of its capacity vector among the distinct ones added so far — whose
/// reciprocal capacities live in a table of <see cref="MaxNarrowTypes"/> entries per dimension; and, per weight
/// vector a strategy scores with, a key column holding the node-only part of the score. A scored scan then reads
/// 4 bytes per node and dimension, 8 for the key and 1 for the type, instead of 16 per dimension (a 64-bit amount
/// and a 64-bit reciprocal). Real clusters have a handful of machine shapes and no node with 2^31 MiB; a cluster
/// beyond either limit keeps the wide columns' scan, with the same decisions.
/// </content>
public sealed partial class ClusterState
{
    /// <summary>The most distinct capacity vectors for which the narrow scan runs (two 512-bit registers of reciprocals).</summary>
    internal const int MaxNarrowTypes = 16;

    /// <summary>The dimensions the unrolled narrow scans handle; schemas with more use the wide scans.</summary>
    internal const int NarrowDimensions = 4;

    /// <summary>The most weight vectors for which a cluster keeps key columns (each costs a fused multiply-add per dimension per update).</summary>
    internal const int MaxScoreKeys = 8;

    private readonly List<ScoreKey> _scoreKeys = [];

    private readonly Dictionary<long[], int> _capacityTypes = new(CapacityComparer.Instance);
    private int[] _available32 = [];
    private byte[] _capacityType = [];
    private double[] _typeInverse = [];
    private bool _wideAmounts;

    /// <summary>
    /// Whether the narrow columns describe the cluster exactly: at most <see cref="MaxNarrowTypes"/> distinct
    /// capacity vectors were ever added and no capacity exceeds <see cref="int.MaxValue"/>.
    /// </summary>
    internal bool NarrowReady => !_wideAmounts && _capacityTypes.Count <= MaxNarrowTypes;

    /// <summary>
    /// Whether the unrolled narrow scans (keyed scores, cause counts) run: AVX-512, <see cref="NarrowReady"/> and at
    /// most <see cref="NarrowDimensions"/> dimensions.
    /// </summary>
    internal bool NarrowScansApply => Avx512F.IsSupported && NarrowReady && _dims <= NarrowDimensions;

    /// <summary>The available amounts as 32-bit integers, laid out like <see cref="AvailableColumns"/>.</summary>
    internal int[] Available32Columns => _available32;

    /// <summary>Per node index, its capacity type (0 for padding and removed nodes, whose amounts are −1).</summary>
    internal byte[] CapacityTypeColumn => _capacityType;

    /// <summary>
    /// Writes at [t] the demand of the request on capacity type t: Σ_d request_d · (1 / capacity_t,d · weight_d),
    /// fused per dimension from 0.0 in dimension order — the value the scalar score forms for a node of that type.
    /// </summary>
    /// <returns>The number of types written; the entries after them are 0.</returns>
    internal int TypeDemands(ReadOnlySpan<long> request, ReadOnlySpan<double> weights, Span<double> demands)
    {
        demands.Clear();
        var types = Math.Min(_capacityTypes.Count, MaxNarrowTypes);
        for (var t = 0; t < types; t++)
        {
            var demand = 0.0;
            for (var d = 0; d < _dims; d++)
            {
                demand = Math.FusedMultiplyAdd(request[d], _typeInverse[(t * _dims) + d] * weights[d], demand);
            }

            demands[t] = demand;
        }

        return types;
    }

    /// <summary>
    /// Writes the request as 32-bit amounts into the first <see cref="NarrowDimensions"/> entries of
    /// <paramref name="narrow"/>, 0 past the schema's dimensions; false when an amount exceeds
    /// <see cref="int.MaxValue"/>, so that no narrow node can hold it.
    /// </summary>
    internal static bool TryNarrowRequest(ReadOnlySpan<long> request, Span<int> narrow)
    {
        narrow.Clear();
        for (var d = 0; d < request.Length; d++)
        {
            if (request[d] > int.MaxValue)
            {
                return false;
            }

            narrow[d] = (int)request[d];
        }

        return true;
    }

    /// <summary>Assigns the node at <paramref name="slot"/> the type of its capacity, registering a new type when needed.</summary>
    private void AssignCapacityType(int slot, long[] capacity)
    {
        foreach (var amount in capacity)
        {
            _wideAmounts |= amount > int.MaxValue;
        }

        if (!_capacityTypes.TryGetValue(capacity, out var type))
        {
            type = _capacityTypes.Count;
            _capacityTypes.Add(capacity, type);
            if (type < MaxNarrowTypes)
            {
                Array.Resize(ref _typeInverse, (type + 1) * _dims);
                for (var d = 0; d < _dims; d++)
                {
                    _typeInverse[(type * _dims) + d] = capacity[d] == 0 ? 0.0 : 1.0 / capacity[d];
                }
            }
        }

        _capacityType[slot] = (byte)Math.Min(type, MaxNarrowTypes - 1);
    }

    /// <summary>Copies one node's available amounts into the narrow column (clamped; only read when <see cref="NarrowReady"/>).</summary>
    private void SyncNarrow(int slot)
    {
        for (var d = 0; d < _dims; d++)
        {
            var at = (d * _stride) + slot;
            _available32[at] = (int)Math.Min(_available[at], int.MaxValue);
        }

        foreach (var key in _scoreKeys)
        {
            key.Values[slot] = KeyOf(slot, key.Weights);
        }

        _buckets?.Update(slot);
    }

    private void GrowNarrowColumns(int stride)
    {
        _available32 = GrowColumns(_available32, stride, (int)Unavailable);
        Array.Resize(ref _capacityType, stride);
        foreach (var key in _scoreKeys)
        {
            Array.Resize(ref key.Values, stride);
        }
    }

    /// <summary>
    /// The key column for these weights: per node index, Σ_d available_d · (inverseCapacity_d · weight_d) fused in
    /// dimension order, with its per-block bounds, all kept current on every change to a node. Registered on first
    /// use (one allocation per distinct weight vector); null once <see cref="MaxScoreKeys"/> weight vectors are
    /// registered.
    /// </summary>
    internal ScoreKey? ScoreKeyColumn(ReadOnlySpan<double> weights)
    {
        foreach (var key in _scoreKeys)
        {
            if (weights.SequenceEqual(key.Weights))
            {
                return key;
            }
        }

        if (_scoreKeys.Count == MaxScoreKeys)
        {
            return null;
        }

        var added = new ScoreKey(weights.ToArray(), new double[_stride], _blockStride);
        for (var slot = 0; slot < _slotCount; slot++)
        {
            added.Values[slot] = KeyOf(slot, added.Weights);
        }

        for (var block = 0; block < BlockCount; block++)
        {
            RefreshKeyBounds(added, block);
        }

        _scoreKeys.Add(added);
        _buckets?.Attach(added);
        return added;
    }

    /// <summary>Recomputes every key column's bounds for <paramref name="block"/> after a node in it changed.</summary>
    private void RefreshKeyBounds(int block)
    {
        foreach (var key in _scoreKeys)
        {
            RefreshKeyBounds(key, block);
        }
    }

    /// <summary>The smallest and largest key among the ready nodes of <paramref name="block"/> (±∞ where there are none).</summary>
    private void RefreshKeyBounds(ScoreKey key, int block)
    {
        var start = block * BlockSize;
        var low = double.PositiveInfinity;
        var high = double.NegativeInfinity;
        if (Avx512F.IsSupported)
        {
            ref var values = ref MemoryMarshal.GetArrayDataReference(key.Values);
            ref var ready = ref MemoryMarshal.GetArrayDataReference(_available32);
            var lows = Vector512.Create(low);
            var highs = Vector512.Create(high);
            for (var i = start; i < start + BlockSize; i += Vector512<double>.Count)
            {
                var usable = Avx512F.ConvertToVector512Int64(Vector256.GreaterThanOrEqual(Vector256.LoadUnsafe(ref ready, (nuint)i), Vector256<int>.Zero)).AsDouble();
                var value = Vector512.LoadUnsafe(ref values, (nuint)i);
                lows = Avx512F.Min(lows, Vector512.ConditionalSelect(usable, value, Vector512.Create(double.PositiveInfinity)));
                highs = Avx512F.Max(highs, Vector512.ConditionalSelect(usable, value, Vector512.Create(double.NegativeInfinity)));
            }

            for (var lane = 0; lane < Vector512<double>.Count; lane++)
            {
                low = Math.Min(low, lows.GetElement(lane));
                high = Math.Max(high, highs.GetElement(lane));
            }
        }
        else
        {
            for (var slot = start; slot < start + BlockSize; slot++)
            {
                if (_available32[slot] >= 0)
                {
                    low = Math.Min(low, key.Values[slot]);
                    high = Math.Max(high, key.Values[slot]);
                }
            }
        }

        key.BlockLow[block] = low;
        key.BlockHigh[block] = high;
    }

    /// <summary>The number of weight vectors with a key column (for tests).</summary>
    internal int ScoreKeyCount => _scoreKeys.Count;

    /// <summary>The registered key columns; a list, so that the score buckets' upkeep iterates them without an enumerator allocation.</summary>
    internal List<ScoreKey> ScoreKeys => _scoreKeys;

    private double KeyOf(int slot, double[] weights)
    {
        var key = 0.0;
        for (var d = 0; d < _dims; d++)
        {
            var at = (d * _stride) + slot;
            key = Math.FusedMultiplyAdd(_available[at], _inverseCapacity[at] * weights[d], key);
        }

        return key;
    }

    /// <summary>
    /// One registered weight vector, its key column and, per index block, the smallest and largest key among the
    /// block's ready nodes. Every score in a block is at least its low bound minus the request's largest demand
    /// (floating-point subtraction is monotonic, so this holds for the rounded scores too), so a best-fit scan skips
    /// blocks that cannot beat the best so far; least-loaded uses the high bound the same way.
    /// </summary>
    internal sealed class ScoreKey(double[] weights, double[] values, int blockStride)
    {
        /// <summary>The weights, one per dimension.</summary>
        public double[] Weights { get; } = weights;

        /// <summary>The key per node index (grown with the columns).</summary>
        public double[] Values = values;

        /// <summary>Per block, the smallest key of a ready node; +∞ for none. <see cref="BlockStride"/> entries.</summary>
        public double[] BlockLow = Filled(blockStride, double.PositiveInfinity);

        /// <summary>Per block, the largest key of a ready node; −∞ for none.</summary>
        public double[] BlockHigh = Filled(blockStride, double.NegativeInfinity);

        /// <summary>Per score bucket, a lower bound of its nodes' keys (<see cref="ScoreBuckets"/>; empty until the buckets are built).</summary>
        public double[] BucketLow = [];

        /// <summary>Per score bucket, an upper bound of its nodes' keys.</summary>
        public double[] BucketHigh = [];

        /// <summary>Replaces the bound arrays after the index was reallocated with a new block stride.</summary>
        public void ResetBounds(int blockStride)
        {
            BlockLow = Filled(blockStride, double.PositiveInfinity);
            BlockHigh = Filled(blockStride, double.NegativeInfinity);
        }

        private static double[] Filled(int length, double value)
        {
            var array = new double[length];
            array.AsSpan().Fill(value);
            return array;
        }
    }

    /// <summary>Compares capacity vectors by value, so that nodes of one machine shape share a type.</summary>
    private sealed class CapacityComparer : IEqualityComparer<long[]>
    {
        public static readonly CapacityComparer Instance = new();

        public bool Equals(long[]? x, long[]? y) => x.AsSpan().SequenceEqual(y);

        public int GetHashCode(long[] obj)
        {
            var hash = default(HashCode);
            hash.AddBytes(MemoryMarshal.AsBytes(obj.AsSpan()));
            return hash.ToHashCode();
        }
    }
}
