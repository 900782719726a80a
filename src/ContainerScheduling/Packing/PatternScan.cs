using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace ContainerScheduling;

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

            var upper = Value(set); // the pairs apart can only lower it
            if (upper <= threshold)
            {
                continue;
            }

            var (value, allowed) = Resolve(set, upper);
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

    /// <summary>The total price of the set's original items, read from the byte tables.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
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

    /// <summary>The best subset of <paramref name="set"/> (whole groups) that keeps every pair apart, and its value: each pair both in the set loses one side, tried every way. <paramref name="whole"/> is the set's own value.</summary>
    private (double Value, ulong Set) Resolve(ulong set, double whole)
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
            return (whole, set);
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
