using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Threading;

namespace ContainerScheduling;

/// <summary>
/// An exact solver for small instances (30 items within a second, as a rule; 40 usually). Each step runs only while the
/// plan and the bound have not met:
/// <list type="number">
/// <item><description>The upper bound U: the portfolio's plan, improved by the bin-emptying search of <see cref="PackingOptimizer.Improve"/> for 20,000
/// moves; then, one bin fewer at a time while it succeeds (down to the combinatorial lower bound), the overflow search of
/// <see cref="OverflowSearch"/> for 2,000 steps or a quarter of the time left. Where bins hold many items, plans one bin
/// below the bin-emptying search's are found there in a few milliseconds, where the LP bound converges
/// slowly.</description></item>
/// <item><description>The lower bound L: the larger of <see cref="PackingBounds.LowerBound"/> and the LP relaxation's
/// bound, rounded up (Gilmore–Gomory column generation with an exact knapsack pricing, on up to 64 items; it is valid
/// whatever the simplex's rounding, and is seldom more than one bin below the optimum), within half the time
/// left.</description></item>
/// <item><description>Branch-and-price on "fewer than U bins" (up to 64 items), with all the time left: first a dive (the
/// LP of the items left, its largest pattern made a bin, repeated), then the LP at every node, branching on a pair of
/// items the LP splits (together, or apart). It either finds a plan with fewer bins (and runs again to beat that one) or
/// proves there is none, so U is optimal. The LP bound and branch-and-price share one <see cref="PatternSwitch"/>: once
/// their knapsack searches have cost about what enumerating the maximal patterns would, pricing scans those
/// instead.</description></item>
/// <item><description>Only for more than 64 items (or a branch left open without running out of time): 200,000 more
/// moves (or half the time left), then for k = L, L + 1, … U − 1, whether k bins suffice, by a depth-first
/// branch-and-bound: items in decreasing size order, each tried in every open bin it fits and in one new bin (bins are
/// interchangeable, so one empty bin and one of several bins with the same load are enough); a node is cut when, per
/// dimension, the pending items' total exceeds the room left in bins that can still take some pending item (a bin
/// whose room is below the smallest pending size in some dimension is closed: its room is waste); and a state (depth,
/// sorted bin loads) already shown to fail is not searched again. The first k that succeeds is the optimum; every k
/// that fails raises the proven lower bound.</description></item>
/// </list>
/// At the time limit it returns the best plan and bound. Without a time limit the result is deterministic; with one,
/// where a step stops can depend on the machine's speed.
/// </summary>
public static class ExactPacker
{
    private const long HeuristicMoves = 20_000;
    private const long SecondHeuristicMoves = 200_000;
    private const long OverflowSteps = 2_000;
    private const int MemoLimit = 2_000_000;

    /// <summary>Solves the instance to proven optimality, or returns the best plan and bound found within the time limit.</summary>
    /// <param name="instance">The instance.</param>
    /// <param name="timeLimit">The wall-clock budget, the portfolio's plan included (the 20,000 moves that first improve it are bounded by moves, not time); <see cref="Timeout.InfiniteTimeSpan"/> for none.</param>
    /// <returns>The best plan and a proven lower bound; <see cref="ExactPackingResult.IsOptimal"/> when they meet.</returns>
    /// <exception cref="ArgumentOutOfRangeException">A negative time limit other than infinite.</exception>
    public static ExactPackingResult Solve(PackingInstance instance, TimeSpan timeLimit)
    {
        ArgumentNullException.ThrowIfNull(instance);
        var deadline = Deadline(timeLimit);
        return Solve(BatchPackers.Default().Pack(instance), deadline);
    }

    /// <summary>Solves to proven optimality starting from a plan already made (instead of the portfolio's), or returns the best plan and bound found within the time limit.</summary>
    /// <param name="start">The plan to start from; the result never has more bins.</param>
    /// <param name="timeLimit">The wall-clock budget (the 20,000 moves that first improve the start are bounded by moves, not time); <see cref="Timeout.InfiniteTimeSpan"/> for none.</param>
    /// <returns>The best plan and a proven lower bound; <see cref="ExactPackingResult.IsOptimal"/> when they meet.</returns>
    /// <exception cref="ArgumentOutOfRangeException">A negative time limit other than infinite.</exception>
    public static ExactPackingResult Solve(PackingPlan start, TimeSpan timeLimit)
    {
        ArgumentNullException.ThrowIfNull(start);
        return Solve(start, Deadline(timeLimit));
    }

    private static long Deadline(TimeSpan timeLimit)
    {
        if (timeLimit < TimeSpan.Zero && timeLimit != Timeout.InfiniteTimeSpan)
        {
            throw new ArgumentOutOfRangeException(nameof(timeLimit), timeLimit, "The time limit must be 0 or more, or infinite.");
        }

        return timeLimit == Timeout.InfiniteTimeSpan
            ? long.MaxValue
            : Stopwatch.GetTimestamp() + (long)(timeLimit.TotalSeconds * Stopwatch.Frequency);
    }

    private static ExactPackingResult Solve(PackingPlan start, long deadline)
    {
        var instance = start.Instance;
        var best = start;
        var lowerBound = PackingBounds.LowerBound(instance);
        if (best.BinCount > lowerBound)
        {
            best = BinEmptyingSearch.Improve(best, new PackingOptimizerOptions { MaxIterations = HeuristicMoves, TimeLimit = Timeout.InfiniteTimeSpan });
        }

        // Fewer bins by letting bins overflow, one bin fewer at a time while that succeeds.
        while (best.BinCount > lowerBound)
        {
            var packed = OverflowSearch.Pack(instance, best.BinCount - 1, OverflowSteps, ShareDeadline(deadline, 4));
            if (packed is null)
            {
                break;
            }

            best = new PackingPlan(instance, packed);
        }

        var patterns = new List<ulong>();
        var scan = instance.ItemCount <= ColumnGeneration.MaxItems ? new PatternSwitch(instance, deadline) : null;
        lowerBound = ColumnGeneration.Bound(instance, lowerBound, best.BinCount, ShareDeadline(deadline, 2), patterns, scan);

        while (lowerBound < best.BinCount)
        {
            var (fewer, proven) = BranchAndPrice.Search(instance, best.BinCount, deadline, patterns, patternSwitch: scan);
            if (fewer is not null)
            {
                best = new PackingPlan(instance, fewer);
            }
            else if (proven)
            {
                lowerBound = best.BinCount;
            }
            else
            {
                break;
            }
        }

        if (lowerBound < best.BinCount)
        {
            // A longer local search, bounded by moves (deterministic) and by half the time left.
            best = BinEmptyingSearch.Improve(best, new PackingOptimizerOptions { MaxIterations = SecondHeuristicMoves, TimeLimit = Share(deadline, 2) });
        }

        var search = new Search(instance, deadline);
        while (lowerBound < best.BinCount)
        {
            var found = search.Feasible(lowerBound);
            if (found is null)
            {
                if (search.TimedOut)
                {
                    break;
                }

                lowerBound++;
            }
            else
            {
                best = new PackingPlan(instance, found);
                break;
            }
        }

        return new ExactPackingResult(best, lowerBound);
    }

    /// <summary>One part in <paramref name="parts"/> of the time left before the deadline (infinite for none).</summary>
    private static TimeSpan Share(long deadline, int parts) =>
        deadline == long.MaxValue
            ? Timeout.InfiniteTimeSpan
            : TimeSpan.FromSeconds(Math.Max(0, deadline - Stopwatch.GetTimestamp()) / (double)parts / Stopwatch.Frequency);

    /// <summary>The timestamp one part in <paramref name="parts"/> of the time left from now (none for none).</summary>
    private static long ShareDeadline(long deadline, int parts)
    {
        if (deadline == long.MaxValue)
        {
            return long.MaxValue;
        }

        var now = Stopwatch.GetTimestamp();
        return now + (Math.Max(0, deadline - now) / parts);
    }

    /// <summary>The depth-first search of one instance.</summary>
    private sealed class Search
    {
        private readonly long[] _sizes; // in search order
        private readonly long[] _capacity;
        private readonly int[] _order; // search position → item
        private readonly long[] _suffixSum; // [p·d + k]: Σ sizes of positions p.. in dimension k
        private readonly int _n;
        private readonly int _d;
        private readonly long _deadline;
        private readonly HashSet<string> _failed = new(StringComparer.Ordinal);
        private readonly char[] _key;
        private readonly long[] _usable;
        private readonly long[] _fitting;
        private readonly bool[] _fitsSomewhere;
        private long[] _load = [];
        private int[] _bin = [];
        private int _bins;
        private int _open;
        private long _nodes;

        public Search(PackingInstance instance, long deadline)
        {
            _n = instance.ItemCount;
            _d = instance.Dimensions;
            _deadline = deadline;
            _capacity = instance.Capacity.ToArray();
            var normalised = PackingMeasures.Normalised(instance);
            var key = new double[_n];
            for (var i = 0; i < _n; i++)
            {
                var max = 0.0;
                var sum = 0.0;
                for (var k = 0; k < _d; k++)
                {
                    max = Math.Max(max, normalised[i * _d + k]);
                    sum += normalised[i * _d + k];
                }

                key[i] = max + sum / (_d + 1);
            }

            _order = PackingMeasures.DecreasingOrder(key);
            var sizes = instance.Sizes;
            _sizes = new long[_n * _d];
            for (var p = 0; p < _n; p++)
            {
                sizes.Slice(_order[p] * _d, _d).CopyTo(_sizes.AsSpan(p * _d, _d));
            }

            _suffixSum = new long[(_n + 1) * _d];

            for (var p = _n - 1; p >= 0; p--)
            {
                for (var k = 0; k < _d; k++)
                {
                    _suffixSum[p * _d + k] = _suffixSum[(p + 1) * _d + k] + _sizes[p * _d + k];
                }
            }

            _key = new char[2 + (_n * _d * 4)];
            _usable = new long[_d];
            _fitting = new long[_d];
            _fitsSomewhere = new bool[_n];
        }

        public bool TimedOut { get; private set; }

        /// <summary>An assignment into at most <paramref name="bins"/> bins, or null if none exists (or time ran out: <see cref="TimedOut"/>).</summary>
        public int[]? Feasible(int bins)
        {
            _bins = bins;
            _open = 0;
            _load = new long[bins * _d];
            _bin = new int[_n];
            _failed.Clear();
            if (!Dfs(0))
            {
                return null;
            }

            var assignment = new int[_n];
            for (var p = 0; p < _n; p++)
            {
                assignment[_order[p]] = _bin[p];
            }

            return assignment;
        }

        private bool Dfs(int p)
        {
            if (p == _n)
            {
                return true;
            }

            if ((++_nodes & 1023) == 0 && Stopwatch.GetTimestamp() >= _deadline)
            {
                TimedOut = true;
            }

            if (TimedOut || !RoomSuffices(p))
            {
                return false;
            }

            string? key = null;
            if (p >= 2 && p <= _n - 3)
            {
                key = StateKey(p);
                if (_failed.Contains(key))
                {
                    return false;
                }
            }

            for (var b = 0; b < _open; b++)
            {
                if (!Fits(b, p) || SameLoadAsEarlier(b))
                {
                    continue;
                }

                if (Place(b, p))
                {
                    return true;
                }
            }

            if (_open < _bins)
            {
                _open++;
                var done = Place(_open - 1, p);
                _open--;
                if (done)
                {
                    return true;
                }
            }

            if (key is not null && !TimedOut && _failed.Count < MemoLimit)
            {
                _failed.Add(key);
            }

            return false;
        }

        private bool Place(int b, int p)
        {
            PackingMeasures.Add(_sizes, _load, _d, b, p, 1);
            _bin[p] = b;
            var done = Dfs(p + 1);
            PackingMeasures.Add(_sizes, _load, _d, b, p, -1);

            return done;
        }

        private bool Fits(int b, int p) => PackingMeasures.Fits(_sizes, _capacity, _load, b, p);

        private bool SameLoadAsEarlier(int b)
        {
            for (var a = 0; a < b; a++)
            {
                var same = true;
                for (var k = 0; k < _d && same; k++)
                {
                    same = _load[a * _d + k] == _load[b * _d + k];
                }

                if (same)
                {
                    return true;
                }
            }

            return false;
        }

        /// <summary>
        /// Per dimension, whether the usable room covers the pending total. An unopened bin's room is all usable; an open
        /// bin's, in dimension k, is at most its room and at most the total of the pending items that fit it on their own.
        /// A pending item that fits no open bin while none is left unopened fails at once.
        /// </summary>
        private bool RoomSuffices(int p)
        {
            var d = _d;
            var usable = _usable;
            for (var k = 0; k < d; k++)
            {
                usable[k] = (long)(_bins - _open) * _capacity[k];
            }

            var fitsSomewhere = _fitsSomewhere;
            Array.Clear(fitsSomewhere, p, _n - p);
            var fitting = _fitting;
            for (var b = 0; b < _open; b++)
            {
                Array.Clear(fitting);
                var any = false;
                for (var q = p; q < _n; q++)
                {
                    if (Fits(b, q))
                    {
                        any = true;
                        fitsSomewhere[q] = true;
                        for (var k = 0; k < d; k++)
                        {
                            fitting[k] += _sizes[q * d + k];
                        }
                    }
                }

                if (any)
                {
                    for (var k = 0; k < d; k++)
                    {
                        usable[k] += Math.Min(_capacity[k] - _load[b * d + k], fitting[k]);
                    }
                }
            }

            for (var k = 0; k < d; k++)
            {
                if (usable[k] < _suffixSum[p * d + k])
                {
                    return false;
                }
            }

            if (_open == _bins)
            {
                for (var q = p; q < _n; q++)
                {
                    if (!fitsSomewhere[q])
                    {
                        return false;
                    }
                }
            }

            return true;
        }

        /// <summary>The depth and the open bins' loads, sorted: bins are interchangeable, so this is the state.</summary>
        private string StateKey(int p)
        {
            Span<int> index = stackalloc int[_open];
            for (var b = 0; b < _open; b++)
            {
                index[b] = b;
            }

            // Insertion sort of the bins by load vector (few bins).
            for (var i = 1; i < _open; i++)
            {
                var x = index[i];
                var j = i - 1;
                while (j >= 0 && Compare(index[j], x) > 0)
                {
                    index[j + 1] = index[j];
                    j--;
                }

                index[j + 1] = x;
            }

            var length = 0;
            _key[length++] = (char)p;
            _key[length++] = (char)_open;
            for (var i = 0; i < _open; i++)
            {
                for (var k = 0; k < _d; k++)
                {
                    var v = _load[index[i] * _d + k];
                    for (var w = 0; w < 4; w++)
                    {
                        _key[length++] = (char)((v >> (16 * w)) & 0xFFFF);
                    }
                }
            }

            return new string(_key, 0, length);
        }

        private int Compare(int a, int b)
        {
            for (var k = 0; k < _d; k++)
            {
                var c = _load[a * _d + k].CompareTo(_load[b * _d + k]);
                if (c != 0)
                {
                    return c;
                }
            }

            return 0;
        }
    }
}
