using System;
using System.Diagnostics;
using System.Numerics;
using System.Runtime.CompilerServices;

namespace ContainerScheduling;

/// <summary>
/// Every maximal pattern of an instance (a set of items that fits one bin, to which no other item can be added),
/// enumerated once, so that pricing can scan them instead of searching. Every pattern is a subset of a maximal one, so
/// with prices of no sign below 0 the best pattern is found among them; with the items merged or kept apart by
/// branch-and-price, or only some items left, the best is among their projections (see <see cref="PatternScan"/>).
/// <para>
/// Worth it where bins hold few items: 30 items of class-4-like sizes (about 8 per bin) have about 700,000, enumerated
/// in 0.1–0.15 s, a fraction of what a hard branch-and-price tree spends searching knapsacks; 30 items of 15 per bin
/// have hundreds of millions, which <see cref="EstimatedNodes"/> tells beforehand, so the search is kept there.
/// </para>
/// </summary>
internal sealed class MaximalPatterns
{
    /// <summary>The most patterns kept (8 bytes each); beyond it the enumeration gives up.</summary>
    public const int Limit = 2_000_000;

    /// <summary>The most room units over all dimensions (the fit tables hold one mask per unit).</summary>
    public const long MaxRooms = 1 << 20;

    /// <summary>The random descents of the estimate.</summary>
    public const int Probes = 4096;

    private readonly long[] _sizes;
    private readonly long[] _capacity;
    private readonly long[] _room; // per dimension: the room left by the current set
    private readonly ulong[] _after; // [i]: the items i..
    private readonly ulong[][] _fitting; // [k][r]: the items of size at most r in dimension k
    private readonly int _n;
    private readonly int _d;
    private long _deadline;
    private ulong[] _sets = new ulong[1024];
    private bool _abandoned;
    private long _nodes;

    private MaximalPatterns(PackingInstance instance)
    {
        _n = instance.ItemCount;
        _d = instance.Dimensions;
        _sizes = instance.Sizes.ToArray();
        _capacity = instance.Capacity.ToArray();
        _room = instance.Capacity.ToArray();
        _after = new ulong[_n + 1];
        for (var i = _n - 1; i >= 0; i--)
        {
            _after[i] = _after[i + 1] | (1UL << i);
        }

        // Per dimension and room r: the items of size at most r there.
        _fitting = new ulong[_d][];
        for (var k = 0; k < _d; k++)
        {
            var fitting = new ulong[_room[k] + 1];
            for (var i = 0; i < _n; i++)
            {
                var size = _sizes[i * _d + k];
                if (size <= _room[k])
                {
                    fitting[size] |= 1UL << i;
                }
            }

            for (var r = 1; r < fitting.Length; r++)
            {
                fitting[r] |= fitting[r - 1];
            }

            _fitting[k] = fitting;
        }

        EstimatedNodes = Estimate();
    }

    /// <summary>The number of maximal patterns.</summary>
    public int Count { get; private set; }

    /// <summary>The maximal patterns, as sets of the instance's items (the first <see cref="Count"/> entries).</summary>
    public ReadOnlySpan<ulong> Sets => _sets.AsSpan(0, Count);

    /// <summary>Knuth's estimate of the nodes <see cref="Enumerate"/> visits (the mean over seeded random descents).</summary>
    public double EstimatedNodes { get; }

    /// <summary>
    /// Prepares the enumeration of the instance's maximal patterns and estimates its cost; null when it has no items,
    /// more than <see cref="ColumnGeneration.MaxItems"/>, or capacities summing to more than <see cref="MaxRooms"/> units.
    /// </summary>
    public static MaximalPatterns? Prepare(PackingInstance instance)
    {
        long rooms = 0;
        foreach (var capacity in instance.Capacity)
        {
            rooms += Math.Min(capacity, MaxRooms) + 1;
        }

        return instance.ItemCount == 0 || instance.ItemCount > ColumnGeneration.MaxItems || rooms > MaxRooms
            ? null
            : new MaximalPatterns(instance);
    }

    /// <summary>Enumerates the maximal patterns; false (and none kept) when there are more than <see cref="Limit"/> or the deadline passes first.</summary>
    public bool Enumerate(long deadline)
    {
        _deadline = deadline;
        _capacity.CopyTo(_room, 0);
        Count = 0;
        _abandoned = false;
        Walk(0, 0);
        if (_abandoned)
        {
            Count = 0;
            _sets = [];
        }

        return !_abandoned;
    }

    /// <summary>The mean over <see cref="Probes"/> random descents of Σ over depths of the product of the branchings above (Knuth, 1975).</summary>
    private double Estimate()
    {
        var random = new Random(Probes);
        var total = 0.0;
        for (var probe = 0; probe < Probes; probe++)
        {
            _capacity.CopyTo(_room, 0);
            var weight = 1.0;
            total += 1;
            for (var next = 0; ;)
            {
                var candidates = Fitting() & _after[next];
                if (candidates == 0)
                {
                    break;
                }

                var item = BitOperations.TrailingZeroCount(candidates);
                var both = (candidates & (candidates - 1)) != 0;
                weight *= both ? 2 : 1;
                total += weight;
                if (!both || random.Next(2) == 0)
                {
                    Take(item, -1);
                }

                next = item + 1;
            }
        }

        _capacity.CopyTo(_room, 0);
        return total / Probes;
    }

    /// <summary>The items that fit the room left: the AND over dimensions of one lookup each.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private ulong Fitting()
    {
        var fit = ulong.MaxValue;
        for (var k = 0; k < _d; k++)
        {
            fit &= _fitting[k][_room[k]];
        }

        return fit;
    }

    /// <summary>
    /// The depth-first enumeration: the items that fit the room left are the AND over dimensions of a lookup each; the
    /// next of them from <paramref name="next"/> on is put in, then left out (items in between fit no more, now or
    /// later; the last candidate is never left out, as it would still fit). With none left, the set is maximal when no
    /// item outside it fits.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)] // runs once per instance, millions of times: no tiering up
    private void Walk(int next, ulong set)
    {
        if (_abandoned)
        {
            return;
        }

        if ((++_nodes & 65535) == 0 && Stopwatch.GetTimestamp() >= _deadline)
        {
            _abandoned = true;
            return;
        }

        var fit = Fitting();
        var candidates = fit & _after[next];
        if (candidates == 0)
        {
            if ((fit & ~set) == 0)
            {
                Add(set);
            }

            return;
        }

        var item = BitOperations.TrailingZeroCount(candidates);
        Take(item, -1);
        Walk(item + 1, set | (1UL << item));
        Take(item, 1);
        if ((candidates & (candidates - 1)) != 0)
        {
            Walk(item + 1, set); // left out, the last candidate would still fit at the end: only with others can it be left out
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private void Take(int item, long sign)
    {
        for (var k = 0; k < _d; k++)
        {
            _room[k] += sign * _sizes[(item * _d) + k];
        }
    }

    private void Add(ulong set)
    {
        if (Count == Limit)
        {
            _abandoned = true;
            return;
        }

        if (Count == _sets.Length)
        {
            Array.Resize(ref _sets, Math.Clamp(_sets.Length * 2, 1024, Limit));
        }

        _sets[Count++] = set;
    }
}
