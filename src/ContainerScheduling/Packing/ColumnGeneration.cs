using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Numerics;

namespace ContainerScheduling;

/// <summary>
/// The lower bound of the bin packing LP relaxation (Gilmore–Gomory): minimise the number of bins Σ x_p over bin
/// patterns p (sets of items that fit one bin together) with every item covered, x ≥ 0. Solved by column generation:
/// a revised simplex on the patterns found so far, each round pricing a new pattern by an exact multi-dimensional
/// knapsack on the dual prices y (at most <see cref="MaxItems"/> items, one bit each).
/// <para>
/// Every pattern generated stays in a pool. Before each knapsack, the pool is priced (cheap) and its best pattern
/// enters while one prices out, so a pattern that left the basis is never searched for twice. Then quick greedy fills
/// improved by swaps; only when they find no pattern worth more than 1 does the exact knapsack run, adding its
/// incumbents, up to <see cref="KnapsackPricing.MaxFound"/> other patterns worth more than 1 that it met, and up to
/// <see cref="KnapsackPricing.MaxNeighbours"/> one-swap neighbours of its best (see <see cref="KnapsackPricing"/>).
/// </para>
/// <para>
/// The bound does not trust the simplex: for any prices y ≥ 0 and the knapsack's exact best pattern value v, every
/// plan needs at least Σ y / v bins (Farley), because each bin covers at most v of the total price. So the bound
/// reported is ⌈Σ y / v − 10⁻⁹⌉ of the best prices seen, valid at every round and whatever the rounding inside the
/// simplex. It stops when the bound reaches the target (a plan of that many bins is then optimal), when no pattern
/// prices out (the LP optimum), when the master's value z rounds up to no more than the bound already proven (the LP
/// is at most z, so its bound cannot rise), or at the deadline or the round limit. When only the target matters (branch-
/// and-price), it also stops once z ≤ target − 1: the LP then cannot reach the target.
/// </para>
/// </summary>
internal static class ColumnGeneration
{
    /// <summary>The most items the bound handles: patterns are 64-bit masks.</summary>
    public const int MaxItems = 64;

    private const double Epsilon = 1e-9;
    private const int RefactorEvery = 32;
    private const int MaxPoolPivots = 200;
    private const double FloorMargin = 1e-6;

    /// <summary>A proven lower bound on the bins, at least <paramref name="floor"/>; the floor itself for more than <see cref="MaxItems"/> items.</summary>
    /// <param name="instance">The instance.</param>
    /// <param name="floor">A bound already known (returned if this one is not higher).</param>
    /// <param name="target">Stop once the bound reaches this (the bins of a known plan).</param>
    /// <param name="deadline">A <see cref="Stopwatch"/> timestamp to stop at.</param>
    /// <param name="patterns">Where to add the patterns generated (sets of the instance's items that fit one bin), for
    /// <see cref="BranchAndPrice"/> to start from; none for none.</param>
    /// <param name="scan">Where pricing may switch to scanning the instance's maximal patterns; none to search throughout.</param>
    public static int Bound(PackingInstance instance, int floor, int target, long deadline, List<ulong>? patterns = null, PatternSwitch? scan = null)
    {
        if (instance.ItemCount == 0 || instance.ItemCount > MaxItems || floor >= target)
        {
            return floor;
        }

        var lp = Solve(instance, target, deadline, patterns: scan);
        patterns?.AddRange(lp.Pool);
        return Math.Max(floor, lp.Bound);
    }

    /// <summary>The column generation: the bound (at least 1 for items), the last basis and its values, and whether time ran out.</summary>
    /// <param name="instance">The items, at most <see cref="MaxItems"/>.</param>
    /// <param name="target">Stop once the bound reaches this.</param>
    /// <param name="deadline">A <see cref="Stopwatch"/> timestamp to stop at.</param>
    /// <param name="conflicts">Per item, the items no pattern may hold with it (symmetric); none for none.</param>
    /// <param name="seed">Patterns to start the pool with (each fits and respects the conflicts); none for none.</param>
    /// <param name="maxRounds">The most simplex pivots.</param>
    /// <param name="decide">Only whether the bound reaches <paramref name="target"/> matters: stop as soon as the master's
    /// value is at most target − 1 (the LP cannot reach it), not only once it rounds up to the bound proven.</param>
    /// <param name="patterns">Where pricing may switch to scanning maximal patterns (see <see cref="PatternSwitch"/>), with
    /// the original items of each item here (<paramref name="groups"/>, one item each when none); none to search throughout.</param>
    /// <param name="groups">Per item, the original items it stands for (see <paramref name="patterns"/>).</param>
    internal static LpSolution Solve(PackingInstance instance, int target, long deadline, ulong[]? conflicts = null, IEnumerable<ulong>? seed = null, int maxRounds = 50_000, bool decide = false, PatternSwitch? patterns = null, IReadOnlyList<ulong>? groups = null)
    {
        var n = instance.ItemCount;

        var pricing = new KnapsackPricing(instance, conflicts);
        var counted = 0L;
        groups ??= Singletons(n);
        var basis = new ulong[n];
        var inverse = new double[n * n];
        var x = new double[n];
        var y = new double[n];
        var column = new double[n];
        for (var i = 0; i < n; i++)
        {
            basis[i] = 1UL << i;
            inverse[i * n + i] = 1;
            x[i] = 1;
        }

        var best = 1;
        var timedOut = false;
        var pool = new List<ulong>();
        var poolSet = new HashSet<ulong>();
        foreach (var pattern in seed ?? [])
        {
            if (poolSet.Add(pattern))
            {
                pool.Add(pattern);
            }
        }

        var poolPivots = 0;
        for (var round = 0; round < maxRounds && Stopwatch.GetTimestamp() < deadline; round++)
        {
            // y = c_B B⁻¹ with every cost 1: the column sums of B⁻¹.
            Array.Clear(y);
            for (var r = 0; r < n; r++)
            {
                for (var j = 0; j < n; j++)
                {
                    y[j] += inverse[r * n + j];
                }
            }

            ulong pattern = 0;
            if (poolPivots < MaxPoolPivots)
            {
                var bestPool = 1 + 1e-7;
                foreach (var candidate in pool)
                {
                    var v = 0.0;
                    for (var rest = candidate; rest != 0; rest &= rest - 1)
                    {
                        v += y[BitOperations.TrailingZeroCount(rest)];
                    }

                    if (v > bestPool)
                    {
                        bestPool = v;
                        pattern = candidate;
                    }
                }
            }

            if (pattern != 0)
            {
                poolPivots++;
            }
            else
            {
                poolPivots = 0;
                var z = 0.0;
                for (var r = 0; r < n; r++)
                {
                    z += x[r];
                }

                if (Math.Ceiling(z - 1e-7) <= best || (decide && z <= target - 1 + 1e-7))
                {
                    break; // the LP's value is at most z: its bound cannot rise above the one proven (or reach the target)
                }

                var (quickValue, quick) = pricing.Quick(y);
                if (quickValue > 1 + 1e-7)
                {
                    pattern = quick;
                }
                else
                {
                    var total = 0.0;
                    for (var j = 0; j < n; j++)
                    {
                        total += Math.Max(y[j], 0);
                    }

                    // Only a pattern worth more than the floor matters: below 1 none prices out, and below
                    // total / (target − 1) the bound reaches the target. So "none above the floor" means v ≤ floor.
                    var floor = target > 1 ? Math.Max(1, total / (target - 1 + FloorMargin)) : 1;
                    if (patterns is not null && pricing.Scan is null)
                    {
                        patterns.Spent(pricing.Nodes - counted);
                        counted = pricing.Nodes;
                        pricing.Scan = patterns.Scan(groups, conflicts);
                    }

                    (var value, pattern) = pricing.Best(y, floor, deadline);
                    if (pricing.TimedOut)
                    {
                        timedOut = true; // out of time inside the pricing: no exact v this round
                        break;
                    }

                    best = Math.Max(best, (int)Math.Ceiling((total / value) - Epsilon));
                    if (pattern == 0 || best >= target || value <= 1 + Epsilon)
                    {
                        break; // the bound is reached, or no pattern prices out: the LP optimum
                    }

                    pricing.Found.Add(pattern);
                    pricing.AddNeighbours(y, pattern);
                }

                foreach (var found in pricing.Found)
                {
                    if (poolSet.Add(found))
                    {
                        pool.Add(found);
                    }
                }
            }

            // Enter the pattern: column = B⁻¹ a, ratio test, pivot.
            for (var r = 0; r < n; r++)
            {
                var sum = 0.0;
                for (var j = 0; j < n; j++)
                {
                    if ((pattern >> j & 1) != 0)
                    {
                        sum += inverse[r * n + j];
                    }
                }

                column[r] = sum;
            }

            var leave = -1;
            var ratio = double.PositiveInfinity;
            for (var r = 0; r < n; r++)
            {
                if (column[r] > Epsilon)
                {
                    var t = x[r] / column[r];
                    if (t < ratio - Epsilon || (t < ratio + Epsilon && leave >= 0 && basis[r] < basis[leave]))
                    {
                        ratio = t;
                        leave = r;
                    }
                }
            }

            if (leave < 0)
            {
                break; // cannot happen for a bounded LP; stop rather than loop
            }

            basis[leave] = pattern;
            if ((round + 1) % RefactorEvery == 0)
            {
                if (!Refactor(basis, inverse, x, n))
                {
                    break;
                }

                continue;
            }

            var pivot = column[leave];
            for (var j = 0; j < n; j++)
            {
                inverse[leave * n + j] /= pivot;
            }

            x[leave] /= pivot;
            for (var r = 0; r < n; r++)
            {
                if (r == leave || column[r] == 0)
                {
                    continue;
                }

                var f = column[r];
                for (var j = 0; j < n; j++)
                {
                    inverse[r * n + j] -= f * inverse[leave * n + j];
                }

                x[r] = Math.Max(0, x[r] - (f * x[leave]));
            }
        }

        if (Stopwatch.GetTimestamp() >= deadline)
        {
            timedOut = true;
        }

        patterns?.Spent(pricing.Nodes - counted);
        return new LpSolution(best, basis, x, timedOut, pool);
    }

    /// <summary>One original item per item: 1, 2, 4, ….</summary>
    private static ulong[] Singletons(int n)
    {
        var groups = new ulong[n];
        for (var i = 0; i < n; i++)
        {
            groups[i] = 1UL << i;
        }

        return groups;
    }

    /// <summary>Recomputes B⁻¹ and x = B⁻¹·1 from the basis patterns (Gauss–Jordan with partial pivoting); false if singular.</summary>
    private static bool Refactor(ulong[] basis, double[] inverse, double[] x, int n)
    {
        var a = new double[n * n];
        for (var r = 0; r < n; r++)
        {
            for (var i = 0; i < n; i++)
            {
                a[i * n + r] = (basis[r] >> i & 1) != 0 ? 1 : 0; // B's column r is pattern r
            }
        }

        Array.Clear(inverse);
        for (var i = 0; i < n; i++)
        {
            inverse[i * n + i] = 1;
        }

        for (var c = 0; c < n; c++)
        {
            var p = c;
            for (var r = c + 1; r < n; r++)
            {
                if (Math.Abs(a[r * n + c]) > Math.Abs(a[p * n + c]))
                {
                    p = r;
                }
            }

            if (Math.Abs(a[p * n + c]) < 1e-12)
            {
                return false;
            }

            if (p != c)
            {
                for (var j = 0; j < n; j++)
                {
                    (a[p * n + j], a[c * n + j]) = (a[c * n + j], a[p * n + j]);
                    (inverse[p * n + j], inverse[c * n + j]) = (inverse[c * n + j], inverse[p * n + j]);
                }
            }

            var pivot = a[c * n + c];
            for (var j = 0; j < n; j++)
            {
                a[c * n + j] /= pivot;
                inverse[c * n + j] /= pivot;
            }

            for (var r = 0; r < n; r++)
            {
                var f = a[r * n + c];
                if (r == c || f == 0)
                {
                    continue;
                }

                for (var j = 0; j < n; j++)
                {
                    a[r * n + j] -= f * a[c * n + j];
                    inverse[r * n + j] -= f * inverse[c * n + j];
                }
            }
        }

        for (var r = 0; r < n; r++)
        {
            var sum = 0.0;
            for (var j = 0; j < n; j++)
            {
                sum += inverse[r * n + j];
            }

            x[r] = Math.Max(0, sum);
        }

        return true;
    }

    /// <summary>
    /// A column generation's outcome: the proven bound, the basis patterns (over the items solved, in their order) and
    /// their LP values, whether time ran out, and every pattern generated or seeded.
    /// </summary>
    internal readonly record struct LpSolution(int Bound, ulong[] Patterns, double[] Values, bool TimedOut, List<ulong> Pool);
}
