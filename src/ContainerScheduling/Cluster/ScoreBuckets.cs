using System;
using System.Collections.Generic;
using System.Numerics;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace ContainerScheduling;

/// <summary>
/// The score buckets: the ready nodes of a large cluster grouped by capacity type, taint and, per dimension, the
/// octave of their available amount (its bit length: 0, 1, 2–3, 4–7, …). Per bucket and key column the index keeps
/// a lower and an upper bound of its nodes' keys, so best-fit and least-loaded need not read every node.
/// </summary>
/// <remarks>
/// <para>Why: on a fragmented cluster most nodes that would score better than the winner lack room in some
/// dimension, and they sit in every index block, so the block maxima cannot skip them (measured on the CLI's
/// 1M × 100k pair: 41,720 such nodes in 2,832 of 3,125 blocks per decision). Grouped by octave they fall into
/// buckets whose largest possible amount is below the request, which one vector compare per eight buckets rules
/// out. Of the buckets that may fit, the one with the best bound is searched first and then only those whose bound
/// can still match the best score found — typically a few hundred nodes instead of every node.</para>
/// <para>Decisions are exactly the keyed scan's: the score of a node is the same subtraction (key − the demand on
/// its type), a bucket is skipped only when no node of it can fit or can beat (or tie with a lower index) the best
/// found, and ties go to the lowest node index. Bounds are loose after a node's key moves away from them and are
/// made exact whenever a bucket is searched to its end.</para>
/// <para>Upkeep: every change to a node (<see cref="Update"/>) recomputes its bucket; it moves only when an amount
/// crosses an octave, which happens a few dozen times over a node's fill. Members are kept in node order, so a
/// search can stop at the first node that reaches the bucket's bound.</para>
/// </remarks>
internal sealed class ScoreBuckets
{
    /// <summary>Bits per dimension's octave (0–31) in a bucket key.</summary>
    private const int LevelBits = 6;

    /// <summary>Bit position of the first octave: below it, the capacity type (4 bits) and the taint flag.</summary>
    private const int LevelShift = 5;

    private const int Lanes = 8;

    private readonly ClusterState _cluster;
    private readonly int _dims;
    private readonly Dictionary<long, int> _ids = [];
    private long[] _slotKey = [];
    private int[] _slotBucket = [];
    private int _count;
    private int _capacity;
    private int[][] _members = [];
    private int[] _sizes = [];
    private int[] _upper = [];
    private int[] _lower = [];
    private int[] _taintedLanes = [];
    private byte[] _types = [];
    private double[] _bounds = [];

    private ScoreBuckets(ClusterState cluster)
    {
        _cluster = cluster;
        _dims = cluster.Schema.Count;
        if (_dims > ClusterState.NarrowDimensions)
        {
            throw new InvalidOperationException($"Score buckets cover at most {ClusterState.NarrowDimensions} dimensions; the schema has {_dims}.");
        }

        ResizeSlots(cluster.Stride);
        Grow(64);
    }

    /// <summary>Follows the cluster's columns to <paramref name="stride"/> node indexes; new indexes are in no bucket.</summary>
    internal void ResizeSlots(int stride)
    {
        var old = _slotKey.Length;
        Array.Resize(ref _slotKey, stride);
        Array.Resize(ref _slotBucket, stride);
        _slotKey.AsSpan(old).Fill(-1);
        _slotBucket.AsSpan(old).Fill(-1);
    }

    /// <summary>The number of buckets made so far (for tests; empty ones stay).</summary>
    internal int Count => _count;

    /// <summary>Builds the index over every node of <paramref name="cluster"/>, for its registered key columns.</summary>
    internal static ScoreBuckets Build(ClusterState cluster)
    {
        var buckets = new ScoreBuckets(cluster);
        foreach (var key in cluster.ScoreKeys)
        {
            buckets.Attach(key);
        }

        for (var slot = 0; slot < cluster.SlotCount; slot++)
        {
            buckets.Update(slot);
        }

        return buckets;
    }

    /// <summary>Gives a key column its per-bucket bounds (±∞ until nodes join).</summary>
    internal void Attach(ClusterState.ScoreKey key)
    {
        key.BucketLow = Filled(_capacity, double.PositiveInfinity);
        key.BucketHigh = Filled(_capacity, double.NegativeInfinity);
        for (var bucket = 0; bucket < _count; bucket++)
        {
            Tighten(key, bucket);
        }
    }

    /// <summary>Moves the node at <paramref name="slot"/> to the bucket its current amounts belong to and widens that bucket's bounds by its keys.</summary>
    internal void Update(int slot)
    {
        var key = BucketKeyOf(slot);
        var bucket = _slotBucket[slot];
        if (key != _slotKey[slot])
        {
            if (bucket >= 0)
            {
                Leave(bucket, slot);
            }

            bucket = key < 0 ? -1 : IdOf(key);
            if (bucket >= 0)
            {
                Join(bucket, slot);
            }

            _slotKey[slot] = key;
            _slotBucket[slot] = bucket;
        }

        if (bucket < 0)
        {
            return;
        }

        foreach (var scoreKey in _cluster.ScoreKeys)
        {
            var value = scoreKey.Values[slot];
            scoreKey.BucketLow[bucket] = Math.Min(scoreKey.BucketLow[bucket], value);
            scoreKey.BucketHigh[bucket] = Math.Max(scoreKey.BucketHigh[bucket], value);
        }
    }

    /// <summary>The bucket of a node index, or −1 where it is in none (for tests).</summary>
    internal int BucketOf(int slot) => _slotBucket[slot];

    /// <summary>The members of a bucket in node order (for tests).</summary>
    internal ReadOnlySpan<int> MembersOf(int bucket) => _members[bucket].AsSpan(0, _sizes[bucket]);

    /// <summary>
    /// The fitting node with the best score (key − the request's demand on its type) in the order
    /// <typeparamref name="TOrder"/>, ties to the lowest index; among untainted nodes only when
    /// <paramref name="untaintedOnly"/>. −1 when none fits.
    /// </summary>
    /// <param name="request">The request as 32-bit amounts, <see cref="ClusterState.NarrowDimensions"/> entries.</param>
    /// <param name="demands">The request's demand per capacity type (<see cref="ClusterState.TypeDemands"/>).</param>
    /// <param name="key">The key column of the weights.</param>
    /// <param name="untaintedOnly">Whether tainted nodes are excluded.</param>
    internal int Best<TOrder>(ReadOnlySpan<int> request, ReadOnlySpan<double> demands, ClusterState.ScoreKey key, bool untaintedOnly)
        where TOrder : struct, IScoreOrder
    {
        var first = BoundAll<TOrder>(request, demands, key, untaintedOnly);
        if (first < 0)
        {
            return -1;
        }

        var best = TOrder.Worst;
        var bestSlot = -1;
        Search<TOrder>(first, request, demands, key, ref best, ref bestSlot);
        _bounds[first] = TOrder.Worst;

        // Every other bucket whose bound can still beat the best, or equal it with a lower first member.
        var worst = Vector512.Create(TOrder.Worst);
        ref var bounds = ref MemoryMarshal.GetArrayDataReference(_bounds);
        for (var group = 0; group < _count; group += Lanes)
        {
            var lanes = Vector512.LoadUnsafe(ref bounds, (nuint)group);
            var open = (uint)(~TOrder.Better(Vector512.Create(best), lanes) & ~Vector512.Equals(lanes, worst)).ExtractMostSignificantBits();
            while (open != 0)
            {
                var bucket = group + BitOperations.TrailingZeroCount(open);
                open &= open - 1;
                var bound = _bounds[bucket];
                if (TOrder.Better(best, bound) || (bound == best && _members[bucket][0] > bestSlot))
                {
                    continue;
                }

                Search<TOrder>(bucket, request, demands, key, ref best, ref bestSlot);
            }
        }

        return bestSlot;
    }

    /// <summary>
    /// Writes every bucket's bound for this request into <see cref="_bounds"/> — its key bound less the demand on
    /// its type, or <typeparamref name="TOrder"/>'s worst where no node of it can fit — and returns the bucket with
    /// the best bound, or −1 where none can fit.
    /// </summary>
    private int BoundAll<TOrder>(ReadOnlySpan<int> request, ReadOnlySpan<double> demands, ClusterState.ScoreKey key, bool untaintedOnly)
        where TOrder : struct, IScoreOrder
    {
        var demandLow = Vector512.Create(demands[..Lanes]);
        var demandHigh = Vector512.Create(demands[Lanes..(2 * Lanes)]);
        var lowest = typeof(TOrder) == typeof(LowestScore);
        ref var keyBound = ref MemoryMarshal.GetArrayDataReference(lowest ? key.BucketLow : key.BucketHigh);
        ref var upper = ref MemoryMarshal.GetArrayDataReference(_upper);
        ref var tainted = ref MemoryMarshal.GetArrayDataReference(_taintedLanes);
        ref var types = ref MemoryMarshal.GetArrayDataReference(_types);
        ref var bounds = ref MemoryMarshal.GetArrayDataReference(_bounds);
        var worst = Vector512.Create(TOrder.Worst);
        var excluded = untaintedOnly ? Vector256<int>.AllBitsSet : Vector256<int>.Zero;
        var best = worst;
        var capacity = (nuint)_capacity;
        for (var group = 0; group < _count; group += Lanes)
        {
            var at = (nuint)group;
            var misfit = Vector256.LoadUnsafe(ref tainted, at) & excluded;
            for (var d = 0; d < _dims; d++)
            {
                misfit |= Vector256.LessThan(Vector256.LoadUnsafe(ref upper, ((nuint)d * capacity) + at), Vector256.Create(request[d]));
            }

            var bound = Vector512.LoadUnsafe(ref keyBound, at) - Avx512F.PermuteVar8x64x2(demandLow, PlacementKernels.TypesAt(ref types, group), demandHigh);
            bound = Vector512.ConditionalSelect(Avx512F.ConvertToVector512Int64(misfit).AsDouble(), worst, bound);
            bound.StoreUnsafe(ref bounds, at);
            best = TOrder.Pick(best, bound);
        }

        var target = PlacementKernels.BestLane<TOrder>(best);
        if (target == TOrder.Worst)
        {
            return -1;
        }

        var wanted = Vector512.Create(target);
        for (var group = 0; ; group += Lanes)
        {
            var hits = (uint)Vector512.Equals(Vector512.LoadUnsafe(ref bounds, (nuint)group), wanted).ExtractMostSignificantBits();
            if (hits != 0)
            {
                return group + BitOperations.TrailingZeroCount(hits);
            }
        }
    }

    /// <summary>Searches one bucket's members in node order, improving <paramref name="best"/>; makes its bounds exact when it reads them all.</summary>
    private void Search<TOrder>(int bucket, ReadOnlySpan<int> request, ReadOnlySpan<double> demands, ClusterState.ScoreKey key, ref double best, ref int bestSlot)
        where TOrder : struct, IScoreOrder
    {
        // Only dimensions where the bucket's smallest amount may fall short need a test.
        Span<int> offsets = stackalloc int[ClusterState.NarrowDimensions];
        Span<int> amounts = stackalloc int[ClusterState.NarrowDimensions];
        var tests = 0;
        var stride = _cluster.Stride;
        for (var d = 0; d < _dims; d++)
        {
            if (_lower[(d * _capacity) + bucket] < request[d])
            {
                offsets[tests] = d * stride;
                amounts[tests++] = request[d];
            }
        }

        var lowest = typeof(TOrder) == typeof(LowestScore);
        var reach = lowest ? key.BucketLow[bucket] : key.BucketHigh[bucket];
        var demand = demands[_types[bucket]];
        var available = _cluster.Available32Columns;
        var values = key.Values;
        var members = _members[bucket];
        var size = _sizes[bucket];
        var low = double.PositiveInfinity;
        var high = double.NegativeInfinity;
        for (var m = 0; m < size; m++)
        {
            var slot = members[m];
            var value = values[slot];
            low = Math.Min(low, value);
            high = Math.Max(high, value);
            var fits = true;
            for (var t = 0; t < tests && fits; t++)
            {
                fits = available[offsets[t] + slot] >= amounts[t];
            }

            if (!fits)
            {
                continue;
            }

            var score = value - demand;
            if (TOrder.Better(score, best) || (score == best && slot < bestSlot))
            {
                best = score;
                bestSlot = slot;
            }

            if (value == reach)
            {
                // No later member (a higher index) can score better than the bound this one reaches.
                return;
            }
        }

        key.BucketLow[bucket] = low;
        key.BucketHigh[bucket] = high;
    }

    /// <summary>
    /// The bucket key of a node: its capacity type, its taint flag and the octave of each available amount; −1 for
    /// a node that takes no new work (its amounts read −1).
    /// </summary>
    private long BucketKeyOf(int slot)
    {
        var available = _cluster.Available32Columns;
        var stride = _cluster.Stride;
        if (available[slot] < 0)
        {
            return -1;
        }

        long key = _cluster.CapacityTypeColumn[slot] | (_cluster.IsTaintedSlot(slot) ? 16L : 0L);
        for (var d = 0; d < _dims; d++)
        {
            key |= (long)Octave(available[(d * stride) + slot]) << (LevelShift + (d * LevelBits));
        }

        return key;
    }

    /// <summary>The bit length of a non-negative amount: 0 for 0, l for amounts 2^(l−1) … 2^l − 1.</summary>
    private static int Octave(int amount) => 32 - BitOperations.LeadingZeroCount((uint)amount);

    private int IdOf(long key)
    {
        if (_ids.TryGetValue(key, out var id))
        {
            return id;
        }

        id = _count;
        if (id + Lanes > _capacity)
        {
            Grow(_capacity * 2);
        }

        _count++;
        _ids.Add(key, id);
        _types[id] = (byte)(key & 15);
        _taintedLanes[id] = (key & 16) != 0 ? -1 : 0;
        for (var d = 0; d < _dims; d++)
        {
            var octave = (int)((key >> (LevelShift + (d * LevelBits))) & ((1 << LevelBits) - 1));
            _upper[(d * _capacity) + id] = octave == 0 ? 0 : (int)((1L << octave) - 1);
            _lower[(d * _capacity) + id] = octave == 0 ? 0 : 1 << (octave - 1);
        }

        _members[id] = new int[4];
        return id;
    }

    private void Join(int bucket, int slot)
    {
        var members = _members[bucket];
        var size = _sizes[bucket];
        if (size == members.Length)
        {
            Array.Resize(ref _members[bucket], size * 2);
            members = _members[bucket];
        }

        var at = size == 0 || members[size - 1] < slot ? size : ~Array.BinarySearch(members, 0, size, slot);
        Array.Copy(members, at, members, at + 1, size - at);
        members[at] = slot;
        _sizes[bucket] = size + 1;
    }

    private void Leave(int bucket, int slot)
    {
        var members = _members[bucket];
        var size = _sizes[bucket];
        var at = Array.BinarySearch(members, 0, size, slot);
        Array.Copy(members, at + 1, members, at, size - at - 1);
        _sizes[bucket] = size - 1;
        if (size == 1)
        {
            foreach (var key in _cluster.ScoreKeys)
            {
                key.BucketLow[bucket] = double.PositiveInfinity;
                key.BucketHigh[bucket] = double.NegativeInfinity;
            }
        }
    }

    /// <summary>Makes one key column's bounds of one bucket exact.</summary>
    private void Tighten(ClusterState.ScoreKey key, int bucket)
    {
        var low = double.PositiveInfinity;
        var high = double.NegativeInfinity;
        foreach (var slot in MembersOf(bucket))
        {
            low = Math.Min(low, key.Values[slot]);
            high = Math.Max(high, key.Values[slot]);
        }

        key.BucketLow[bucket] = low;
        key.BucketHigh[bucket] = high;
    }

    /// <summary>Grows the per-bucket columns; buckets past <see cref="_count"/> never fit (upper amounts −1) and have the worst bounds.</summary>
    private void Grow(int capacity)
    {
        var upper = new int[_dims * capacity];
        var lower = new int[_dims * capacity];
        upper.AsSpan().Fill(-1);
        for (var d = 0; d < _dims; d++)
        {
            Array.Copy(_upper, d * _capacity, upper, d * capacity, _count);
            Array.Copy(_lower, d * _capacity, lower, d * capacity, _count);
        }

        _upper = upper;
        _lower = lower;
        Array.Resize(ref _members, capacity);
        Array.Resize(ref _sizes, capacity);
        Array.Resize(ref _taintedLanes, capacity);
        Array.Resize(ref _types, capacity);
        _bounds = new double[capacity];
        foreach (var key in _cluster.ScoreKeys)
        {
            if (key.BucketLow.Length != 0)
            {
                key.BucketLow = Resized(key.BucketLow, capacity, double.PositiveInfinity);
                key.BucketHigh = Resized(key.BucketHigh, capacity, double.NegativeInfinity);
            }
        }

        _capacity = capacity;
    }

    private static double[] Resized(double[] old, int length, double fill)
    {
        var grown = Filled(length, fill);
        Array.Copy(old, grown, old.Length);
        return grown;
    }

    private static double[] Filled(int length, double value)
    {
        var array = new double[length];
        array.AsSpan().Fill(value);
        return array;
    }
}
