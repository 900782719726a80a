using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Numerics;

namespace ContainerScheduling;

/// <summary>
/// Whether the items fit in fewer bins than a plan already has, by branch-and-price: the LP of
/// <see cref="ColumnGeneration"/> at every node, and Ryan–Foster branching on a pair of items the LP splits between
/// patterns (in one branch the two share every bin, in the other no bin). A branch is closed when its LP bound reaches
/// the bins to beat; a node whose LP solution is integral is a plan. Every generated pattern is kept (as a set of the
/// instance's items) and seeds the LP of every later node whose branching it respects.
/// <para>
/// "Together" is made exact by merging the two into one item of their summed sizes; "apart" is a conflict the pricing
/// knapsack will not put in one pattern. Both children of a node cover all its plans, so when every branch is closed no
/// plan with fewer bins exists. Used for up to <see cref="ColumnGeneration.MaxItems"/> items.
/// </para>
/// </summary>
internal static class BranchAndPrice
{
    private const double Tolerance = 1e-6;

    /// <summary>An assignment with fewer than <paramref name="toBeat"/> bins; or none, with whether none exists (proven) or time ran out.</summary>
    /// <param name="instance">The instance, at most <see cref="ColumnGeneration.MaxItems"/> items.</param>
    /// <param name="toBeat">The bins of the best plan known.</param>
    /// <param name="deadline">A <see cref="Stopwatch"/> timestamp to stop at.</param>
    /// <param name="seed">Patterns already known (sets of the instance's items that fit one bin), to start the LPs with.</param>
    /// <param name="scan">When pricing switches to scanning the maximal patterns: none for once it pays (see
    /// <see cref="PatternSwitch"/>), true for at once, false for never (the knapsack search throughout).</param>
    /// <param name="patternSwitch">The switch to share (the LP bound's, whose searches count too); none for a new one as <paramref name="scan"/> says.</param>
    public static (int[]? Assignment, bool Proven) Search(PackingInstance instance, int toBeat, long deadline, IEnumerable<ulong>? seed = null, bool? scan = null, PatternSwitch? patternSwitch = null)
    {
        var n = instance.ItemCount;
        if (n == 0 || n > ColumnGeneration.MaxItems)
        {
            return (null, false);
        }

        var groups = new List<ulong>(n);
        for (var i = 0; i < n; i++)
        {
            groups.Add(1UL << i);
        }

        var search = new Tree(instance, toBeat, deadline, patternSwitch ?? (scan == false ? null : new PatternSwitch(instance, deadline, atOnce: scan == true)));
        search.Keep(seed ?? []);
        var dived = search.Dive();
        if (dived is not null)
        {
            return (dived, false);
        }

        var found = search.Node(groups, new ulong[n]);
        return found is not null ? (found, false) : (null, !search.Incomplete);
    }

    /// <summary>
    /// The depth-first search over branching decisions. Its LPs may switch from the knapsack search to scanning the
    /// maximal patterns (<see cref="PatternSwitch"/>). On 30 class-4-like items (about 700,000 maximal patterns,
    /// enumerated in 0.1–0.15 s), a scan costs 4–8 ms where a late search cost 10–20, and the slowest of 400 such
    /// instances (after the first of the process, which pays for the JIT) went from 1.0–1.4 s to about 0.7 s.
    /// </summary>
    private sealed class Tree(PackingInstance instance, int toBeat, long deadline, PatternSwitch? patterns)
    {
        private readonly int _d = instance.Dimensions;
        private readonly HashSet<ulong> _poolSet = [];
        private readonly List<ulong> _pool = []; // patterns as sets of the instance's items

        /// <summary>True once a branch was left open: time ran out, or a solution did not check.</summary>
        public bool Incomplete { get; private set; }

        /// <summary>Searches one node: <paramref name="groups"/> are the (merged) items, <paramref name="apart"/> per item the items it may not share a bin with.</summary>
        public int[]? Node(List<ulong> groups, ulong[] apart)
        {
            if (Incomplete || Stopwatch.GetTimestamp() >= deadline)
            {
                Incomplete = true;
                return null;
            }

            var m = groups.Count;
            var node = Instance(groups);
            if (node is null)
            {
                return null; // a merged pair that fits no bin: this branch holds no plan
            }

            var conflicts = new ulong[m];
            for (var g = 0; g < m; g++)
            {
                ulong banned = 0;
                for (var rest = groups[g]; rest != 0; rest &= rest - 1)
                {
                    banned |= apart[BitOperations.TrailingZeroCount(rest)];
                }

                for (var h = 0; h < m; h++)
                {
                    if ((banned & groups[h]) != 0)
                    {
                        conflicts[g] |= 1UL << h;
                    }
                }
            }

            var lp = ColumnGeneration.Solve(node, toBeat, deadline, conflicts, Seed(groups, apart), decide: true, patterns: patterns, groups: groups);
            if (lp.TimedOut)
            {
                Incomplete = true;
                return null;
            }

            Keep(ExpandAll(lp.Pool, groups));

            if (lp.Bound >= toBeat)
            {
                return null;
            }

            var (a, b) = FractionalPair(lp, m);
            if (a < 0)
            {
                var assignment = Integral(lp, groups);
                if (assignment is null)
                {
                    Incomplete = true; // the LP looked integral but did not check: leave the branch open rather than trust it
                }

                return assignment;
            }

            // Together: one item of the two.
            var merged = new List<ulong>(groups);
            merged[a] = groups[a] | groups[b];
            merged.RemoveAt(b);
            var together = Node(merged, apart);
            if (together is not null || Incomplete)
            {
                return together;
            }

            // Apart: every item of one conflicts with every item of the other.
            var split = (ulong[])apart.Clone();
            for (var rest = groups[a]; rest != 0; rest &= rest - 1)
            {
                split[BitOperations.TrailingZeroCount(rest)] |= groups[b];
            }

            for (var rest = groups[b]; rest != 0; rest &= rest - 1)
            {
                split[BitOperations.TrailingZeroCount(rest)] |= groups[a];
            }

            return Node(groups, split);
        }

        /// <summary>
        /// A plan of fewer than to-beat bins by diving, or null: solve the LP of the items left, make its pattern of the
        /// largest value (the fuller on ties) a bin, and repeat on the rest with one bin fewer, until no item is left or an
        /// LP proves the rest needs more bins than are left. One LP per bin, on fewer items each time; when the LP's
        /// optimum is an optimal plan's (as on most instances), its largest pattern is often one of that plan's bins. The
        /// dive's patterns do not seed the tree: they steer its branching at random, and a failed dive should cost only
        /// its own time (with them, 3 of 6 slow class-4 draws got slower, one from 0.8 to 1.7 s).
        /// </summary>
        public int[]? Dive()
        {
            var n = instance.ItemCount;
            var residual = n == 64 ? ulong.MaxValue : (1UL << n) - 1;
            var assignment = new int[n];
            var bins = 0;
            for (var left = toBeat - 1; residual != 0; left--)
            {
                if (left == 0 || Stopwatch.GetTimestamp() >= deadline)
                {
                    return null;
                }

                var groups = new List<ulong>();
                for (var rest = residual; rest != 0; rest &= rest - 1)
                {
                    groups.Add(1UL << BitOperations.TrailingZeroCount(rest));
                }

                var lp = ColumnGeneration.Solve(Instance(groups)!, left + 1, deadline, null, Seed(groups, new ulong[n]), decide: true, patterns: patterns, groups: groups);
                if (lp.TimedOut || lp.Bound > left)
                {
                    return null;
                }

                var pick = -1;
                for (var r = 0; r < lp.Patterns.Length; r++)
                {
                    var x = lp.Values[r];
                    if (x > Tolerance && (pick < 0 || x > lp.Values[pick] + Tolerance
                        || (x > lp.Values[pick] - Tolerance && BitOperations.PopCount(lp.Patterns[r]) > BitOperations.PopCount(lp.Patterns[pick]))))
                    {
                        pick = r;
                    }
                }

                if (pick < 0)
                {
                    return null;
                }

                var items = Expand(lp.Patterns[pick], groups);
                for (var rest = items; rest != 0; rest &= rest - 1)
                {
                    assignment[BitOperations.TrailingZeroCount(rest)] = bins;
                }

                bins++;
                residual &= ~items;
            }

            return bins < toBeat && Fits(assignment, bins) ? assignment : null;
        }

        /// <summary>The instance of the (merged) items <paramref name="groups"/>, each one item of their summed sizes; null if one fits no bin.</summary>
        private PackingInstance? Instance(List<ulong> groups)
        {
            var m = groups.Count;
            var sizes = new long[m * _d];
            var capacity = instance.Capacity;
            for (var g = 0; g < m; g++)
            {
                for (var rest = groups[g]; rest != 0; rest &= rest - 1)
                {
                    var item = instance.Item(BitOperations.TrailingZeroCount(rest));
                    for (var k = 0; k < _d; k++)
                    {
                        sizes[g * _d + k] += item[k];
                    }
                }

                for (var k = 0; k < _d; k++)
                {
                    if (sizes[g * _d + k] > capacity[k])
                    {
                        return null;
                    }
                }
            }

            return new PackingInstance(instance.Name, capacity.ToArray(), sizes);
        }

        /// <summary>Keeps patterns (sets of the instance's items) for the LPs of later nodes.</summary>
        public void Keep(IEnumerable<ulong> patterns)
        {
            foreach (var items in patterns)
            {
                if (_poolSet.Add(items))
                {
                    _pool.Add(items);
                }
            }
        }

        private static IEnumerable<ulong> ExpandAll(List<ulong> patterns, List<ulong> groups)
        {
            foreach (var pattern in patterns)
            {
                yield return Expand(pattern, groups);
            }
        }

        /// <summary>The kept patterns this node's branching allows, over its groups: each group wholly in or out, no two apart.</summary>
        private List<ulong> Seed(List<ulong> groups, ulong[] apart)
        {
            var seed = new List<ulong>();
            foreach (var items in _pool)
            {
                ulong local = 0;
                var allowed = true;
                for (var g = 0; g < groups.Count && allowed; g++)
                {
                    var overlap = items & groups[g];
                    if (overlap == groups[g])
                    {
                        local |= 1UL << g;
                    }
                    else
                    {
                        allowed = overlap == 0;
                    }
                }

                for (var rest = items; rest != 0 && allowed; rest &= rest - 1)
                {
                    allowed = (apart[BitOperations.TrailingZeroCount(rest)] & items) == 0;
                }

                if (allowed)
                {
                    seed.Add(local);
                }
            }

            return seed;
        }

        /// <summary>The pair of groups the LP puts together by a share nearest one half, or (−1, −1) when no share is fractional.</summary>
        private static (int A, int B) FractionalPair(ColumnGeneration.LpSolution lp, int m)
        {
            var together = new double[m * m];
            for (var r = 0; r < lp.Patterns.Length; r++)
            {
                var x = lp.Values[r];
                if (x <= Tolerance)
                {
                    continue;
                }

                for (var outer = lp.Patterns[r]; outer != 0; outer &= outer - 1)
                {
                    var g = BitOperations.TrailingZeroCount(outer);
                    for (var inner = outer & (outer - 1); inner != 0; inner &= inner - 1)
                    {
                        together[g * m + BitOperations.TrailingZeroCount(inner)] += x;
                    }
                }
            }

            var best = (A: -1, B: -1);
            var nearest = double.PositiveInfinity;
            for (var g = 0; g < m; g++)
            {
                for (var h = g + 1; h < m; h++)
                {
                    var share = together[g * m + h];
                    var distance = Math.Abs(share - 0.5);
                    if (share > Tolerance && share < 1 - Tolerance && distance < nearest)
                    {
                        nearest = distance;
                        best = (g, h);
                    }
                }
            }

            return best;
        }

        /// <summary>The plan of an integral LP solution: each pattern at 1 is a bin. Null unless it covers every item once in fewer bins than to beat.</summary>
        private int[]? Integral(ColumnGeneration.LpSolution lp, List<ulong> groups)
        {
            var assignment = new int[instance.ItemCount];
            ulong covered = 0;
            var bins = 0;
            for (var r = 0; r < lp.Patterns.Length; r++)
            {
                var x = lp.Values[r];
                if (x <= Tolerance)
                {
                    continue;
                }

                if (Math.Abs(x - 1) > Tolerance)
                {
                    return null;
                }

                var items = Expand(lp.Patterns[r], groups);
                if ((covered & items) != 0)
                {
                    return null;
                }

                covered |= items;
                for (var rest = items; rest != 0; rest &= rest - 1)
                {
                    assignment[BitOperations.TrailingZeroCount(rest)] = bins;
                }

                bins++;
            }

            var all = instance.ItemCount == 64 ? ulong.MaxValue : (1UL << instance.ItemCount) - 1;
            return covered == all && bins < toBeat && Fits(assignment, bins) ? assignment : null;
        }

        private bool Fits(int[] assignment, int bins)
        {
            var load = new long[bins * _d];
            for (var i = 0; i < assignment.Length; i++)
            {
                PackingMeasures.Add(instance.Sizes, load, _d, assignment[i], i, 1);
            }

            var capacity = instance.Capacity;
            for (var b = 0; b < bins; b++)
            {
                for (var k = 0; k < _d; k++)
                {
                    if (load[b * _d + k] > capacity[k])
                    {
                        return false;
                    }
                }
            }

            return true;
        }

        /// <summary>A pattern over groups as the set of the instance's items.</summary>
        private static ulong Expand(ulong pattern, List<ulong> groups)
        {
            ulong items = 0;
            for (var rest = pattern; rest != 0; rest &= rest - 1)
            {
                items |= groups[BitOperations.TrailingZeroCount(rest)];
            }

            return items;
        }
    }
}
