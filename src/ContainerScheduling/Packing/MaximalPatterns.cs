using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

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

/// <summary>
/// Pricing by scanning the <see cref="MaximalPatterns"/> of the original instance for one column generation's items:
/// each (merged) item is a group of original items, some pairs of groups may not share a bin, and the groups may cover
/// only some of the original items (the rest are packed already). A maximal pattern projects to the groups it holds
/// whole; every allowed pattern of the groups lies inside the projection of some maximal pattern, so the best projection
/// (with each pair kept apart resolved every way) is the best pattern. Prices of groups are read at most 0 below: a
/// pattern without its groups of negative price is one too.
/// </summary>
internal sealed class PatternScan
{
    private readonly MaximalPatterns _patterns;
    private readonly ulong[] _groups; // per item of the column generation: its original items
    private readonly ulong _universe; // the original items of all groups
    private readonly ulong[] _merged; // the groups of more than one original item
    private readonly (ulong A, ulong B)[] _apart; // pairs of groups that may not share a bin, as original items
    private readonly int[] _representative; // per group: its lowest original item, which carries the group's price
    private readonly double[] _byte; // [c·256 + b]: the price of the original items of bits b in byte c
    private readonly int _chunks;

    /// <summary>The most pairs kept apart a scan resolves (every way: 2^pairs subsets per pattern at worst).</summary>
    public const int MaxApart = 16;

    /// <summary>Prepares the scan for the groups of <paramref name="groups"/> with the conflicts <paramref name="conflicts"/> (per group, the groups it may not share a bin with; none for none).</summary>
    public PatternScan(MaximalPatterns patterns, IReadOnlyList<ulong> groups, ulong[]? conflicts)
    {
        _patterns = patterns;
        _groups = new ulong[groups.Count];
        _representative = new int[groups.Count];
        var merged = new List<ulong>();
        var apart = new List<(ulong, ulong)>();
        var highest = 0;
        for (var g = 0; g < groups.Count; g++)
        {
            _groups[g] = groups[g];
            _universe |= groups[g];
            _representative[g] = BitOperations.TrailingZeroCount(groups[g]);
            highest = Math.Max(highest, 63 - BitOperations.LeadingZeroCount(groups[g]));
            if (BitOperations.PopCount(groups[g]) > 1)
            {
                merged.Add(groups[g]);
            }

            for (var rest = conflicts?[g] ?? 0; rest != 0; rest &= rest - 1)
            {
                var h = BitOperations.TrailingZeroCount(rest);
                if (h > g)
                {
                    apart.Add((groups[g], groups[h]));
                }
            }
        }

        _merged = [.. merged];
        _apart = [.. apart];
        _chunks = (highest / 8) + 1;
        _byte = new double[_chunks * 256];
    }

    /// <summary>Whether the scan is exact for these groups: at most <see cref="MaxApart"/> pairs kept apart.</summary>
    public bool Usable => _apart.Length <= MaxApart;

    /// <summary>
    /// The best pattern's total price (each group's price read at least 0) and the pattern over the groups, or
    /// (<paramref name="floor"/>, 0) when none is worth more; patterns worth more than 1 met on the way (the incumbents,
    /// then others up to <paramref name="most"/>) go to <paramref name="found"/>. (0, 0) if the deadline passed first.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public (double Value, ulong Pattern) Best(double[] y, double floor, List<ulong> found, int most, long deadline, out bool timedOut)
    {
        Array.Clear(_byte);
        for (var g = 0; g < _groups.Length; g++)
        {
            var item = _representative[g];
            _byte[((item >> 3) * 256) + (1 << (item & 7))] = Math.Max(0, y[g]);
        }

        for (var c = 0; c < _chunks; c++)
        {
            var row = c * 256;
            for (var b = 3; b < 256; b++)
            {
                if ((b & (b - 1)) != 0)
                {
                    _byte[row + b] = _byte[row + (b & (b - 1))] + _byte[row + (b & -b)];
                }
            }
        }

        var best = floor;
        ulong bestSet = 0;
        var threshold = Math.Min(floor, 1 + 1e-7);
        var sets = _patterns.Sets;
        var universe = _universe;
        var merged = _merged;
        ref var table = ref MemoryMarshal.GetArrayDataReference(_byte);
        var chunks = _chunks;
        timedOut = false;
        for (var i = 0; i < sets.Length; i++)
        {
            if ((i & 65535) == 65535 && Stopwatch.GetTimestamp() >= deadline)
            {
                timedOut = true;
                return (0, 0);
            }

            var set = sets[i] & universe;
            for (var m = 0; m < merged.Length; m++)
            {
                var part = set & merged[m];
                if (part != merged[m])
                {
                    set &= ~part;
                }
            }

            var upper = Unsafe.Add(ref table, (int)(set & 255));
            for (var c = 1; c < chunks; c++)
            {
                upper += Unsafe.Add(ref table, (c * 256) + (int)((set >> (c * 8)) & 255));
            }

            if (upper <= threshold)
            {
                continue;
            }

            var (value, allowed) = Resolve(set);
            if (value > best + 1e-9)
            {
                (best, bestSet) = (value, allowed);
                if (value > 1 + 1e-7)
                {
                    found.Add(Local(allowed, y));
                }
            }
            else if (value > 1 + 1e-7 && found.Count < most)
            {
                found.Add(Local(allowed, y));
            }

            if (found.Count >= most)
            {
                threshold = best;
            }
        }

        return bestSet == 0 ? (floor, 0) : (best, Local(bestSet, y));
    }

    private double Value(ulong set)
    {
        ref var table = ref MemoryMarshal.GetArrayDataReference(_byte);
        var value = Unsafe.Add(ref table, (int)(set & 255));
        for (var c = 1; c < _chunks; c++)
        {
            value += Unsafe.Add(ref table, (c * 256) + (int)((set >> (c * 8)) & 255));
        }

        return value;
    }

    /// <summary>The best subset of <paramref name="set"/> (whole groups) that keeps every pair apart, and its value: each pair both in the set loses one side, tried every way.</summary>
    private (double Value, ulong Set) Resolve(ulong set)
    {
        Span<int> clashes = stackalloc int[MaxApart];
        var count = 0;
        for (var e = 0; e < _apart.Length; e++)
        {
            if ((set & _apart[e].A) != 0 && (set & _apart[e].B) != 0)
            {
                clashes[count++] = e;
            }
        }

        if (count == 0)
        {
            return (Value(set), set);
        }

        var best = (Value: -1.0, Set: 0UL);
        for (var choice = 0; choice < 1 << count; choice++)
        {
            var kept = set;
            for (var c = 0; c < count; c++)
            {
                var (a, b) = _apart[clashes[c]];
                kept &= ~((choice >> c & 1) == 0 ? a : b);
            }

            var value = Value(kept);
            if (value > best.Value)
            {
                best = (value, kept);
            }
        }

        return best;
    }

    /// <summary>The set of original items as a pattern over the groups, without groups of price 0 or less.</summary>
    private ulong Local(ulong set, double[] y)
    {
        ulong local = 0;
        for (var g = 0; g < _groups.Length; g++)
        {
            if ((set & _groups[g]) == _groups[g] && y[g] > 0)
            {
                local |= 1UL << g;
            }
        }

        return local;
    }
}

/// <summary>
/// When the column generations of one instance switch from the knapsack search to scanning its maximal patterns: once
/// their searches' nodes, at <see cref="EnumeratedNodesPerSearchNode"/> enumeration nodes each, reach the enumeration's
/// estimated nodes, if that estimate is at most <see cref="MaxEnumeratedNodes"/>. Counted in work, not time, so the
/// switch and the result do not depend on the machine's speed. An instance whose LPs end early never pays for the
/// enumeration; a hard one pays about as much again as it searched before the switch. Shared by the LP bound and
/// branch-and-price of <see cref="ExactPacker"/>, so one enumeration serves both.
/// </summary>
internal sealed class PatternSwitch
{
    /// <summary>The enumeration nodes that cost about as much as one knapsack search node (tables and LPs included).</summary>
    public const double EnumeratedNodesPerSearchNode = 5;

    /// <summary>The most estimated enumeration nodes worth visiting (about 0.4 s); beyond, pricing keeps searching.</summary>
    public const double MaxEnumeratedNodes = 8_000_000;

    /// <summary>The time of one enumeration node, about (45–50 ns here), to skip a walk a time limit would cut short.</summary>
    public const double SecondsPerEnumeratedNode = 50e-9;

    private readonly PackingInstance _instance;
    private readonly long _deadline;
    private readonly bool _atOnce;
    private bool _prepared;
    private MaximalPatterns? _enumeration; // once prepared, until tried
    private MaximalPatterns? _maximal; // once enumerated
    private long _searchNodes;

    /// <summary>The switch for <paramref name="instance"/> (its items are the groups' original items).</summary>
    /// <param name="instance">The original instance.</param>
    /// <param name="deadline">A <see cref="Stopwatch"/> timestamp; the enumeration gets at most half the time left.</param>
    /// <param name="atOnce">Switch at the first chance instead of once it pays (for tests).</param>
    public PatternSwitch(PackingInstance instance, long deadline, bool atOnce = false)
    {
        _instance = instance;
        _deadline = deadline;
        _atOnce = atOnce;
    }

    /// <summary>Counts knapsack search nodes spent.</summary>
    public void Spent(long searchNodes) => _searchNodes += searchNodes;

    /// <summary>The scan for these groups (original items each) and conflicts (per group, the groups it may not share a bin with), or null while pricing should keep searching.</summary>
    public PatternScan? Scan(IReadOnlyList<ulong> groups, ulong[]? conflicts)
    {
        if (!_prepared)
        {
            _enumeration = MaximalPatterns.Prepare(_instance); // its tables and estimate only once a search has run
            _prepared = true;
        }

        if (_enumeration is not null
            && (_atOnce || _searchNodes * EnumeratedNodesPerSearchNode >= _enumeration.EstimatedNodes))
        {
            // Within half the time left, and only if the estimate fits in it: a walk cut short is time lost.
            var now = Stopwatch.GetTimestamp();
            var end = _deadline == long.MaxValue ? long.MaxValue : now + ((_deadline - now) / 2);
            var fits = _deadline == long.MaxValue
                || _enumeration.EstimatedNodes * SecondsPerEnumeratedNode * Stopwatch.Frequency <= end - now;
            _maximal = _enumeration.EstimatedNodes <= MaxEnumeratedNodes && fits && _enumeration.Enumerate(end) ? _enumeration : null;
            _enumeration = null;
        }

        if (_maximal is null)
        {
            return null;
        }

        var scan = new PatternScan(_maximal, groups, conflicts);
        return scan.Usable ? scan : null;
    }
}
