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
/// The bound does not trust the simplex: for any prices y ≥ 0 and the knapsack's exact best pattern value v, every
/// plan needs at least Σ y / v bins (Farley), because each bin covers at most v of the total price. So the bound
/// reported is ⌈Σ y / v − 10⁻⁹⌉ of the best prices seen, valid at every round and whatever the rounding inside the
/// simplex. It stops when the bound reaches the target (a plan of that many bins is then optimal), when no pattern
/// prices out (the LP optimum), or at the deadline or the round limit.
/// </para>
/// <para>
/// <see cref="Dive"/> turns the LP into plans: fix the pattern the LP uses most as one bin, solve the LP of the items
/// left, and repeat; a dive is abandoned as soon as the bins fixed plus the bound of the rest reach the bins to beat.
/// </para>
/// </summary>
internal static class ColumnGeneration
{
    /// <summary>The most items the bound handles: patterns are 64-bit masks.</summary>
    public const int MaxItems = 64;

    private const double Epsilon = 1e-9;
    private const int RefactorEvery = 32;

    /// <summary>A proven lower bound on the bins, at least <paramref name="floor"/>; the floor itself for more than <see cref="MaxItems"/> items.</summary>
    /// <param name="instance">The instance.</param>
    /// <param name="floor">A bound already known (returned if this one is not higher).</param>
    /// <param name="target">Stop once the bound reaches this (the bins of a known plan).</param>
    /// <param name="deadline">A <see cref="Stopwatch"/> timestamp to stop at.</param>
    public static int Bound(PackingInstance instance, int floor, int target, long deadline) =>
        instance.ItemCount == 0 || instance.ItemCount > MaxItems || floor >= target
            ? floor
            : Math.Max(floor, Solve(instance, target, deadline).Bound);

    /// <summary>
    /// Plans by diving on the LP: an assignment with fewer than <paramref name="toBeat"/> bins, or null if none is found
    /// (or the deadline passes). A limited-discrepancy search: the dive with no discrepancy always fixes the pattern the
    /// LP uses most (ties: more items, then the lower mask); then dives that once or twice take the second or third
    /// choice instead, up to <paramref name="maxDiscrepancies"/>. Deterministic.
    /// </summary>
    /// <param name="instance">The instance, at most <see cref="MaxItems"/> items.</param>
    /// <param name="toBeat">The bins of the best plan known.</param>
    /// <param name="deadline">A <see cref="Stopwatch"/> timestamp to stop at.</param>
    /// <param name="maxDiscrepancies">The most departures from the LP's first choice in one dive.</param>
    public static int[]? Dive(PackingInstance instance, int toBeat, long deadline, int maxDiscrepancies = 4)
    {
        var n = instance.ItemCount;
        if (n == 0 || n > MaxItems)
        {
            return null;
        }

        var diver = new Diver(instance, toBeat, deadline);
        var left = new List<int>(n);
        for (var i = 0; i < n; i++)
        {
            left.Add(i);
        }

        for (var discrepancies = 0; discrepancies <= maxDiscrepancies && !diver.TimedOut; discrepancies++)
        {
            if (diver.From(left, 0, discrepancies))
            {
                return diver.Assignment;
            }
        }

        return null;
    }

    /// <summary>The column generation: the bound (at least 1 for items), the last basis and its values, and whether time ran out.</summary>
    private static LpSolution Solve(PackingInstance instance, int target, long deadline, int maxRounds = 5_000)
    {
        var n = instance.ItemCount;

        var pricing = new KnapsackPricing(instance);
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

            var (value, pattern) = pricing.Best(y, deadline);
            if (pattern == 0)
            {
                timedOut = true; // out of time inside the pricing: no exact v this round
                break;
            }

            var total = 0.0;
            for (var j = 0; j < n; j++)
            {
                total += Math.Max(y[j], 0);
            }

            var bound = (int)Math.Ceiling((total / value) - Epsilon);
            best = Math.Max(best, bound);
            if (best >= target || value <= 1 + Epsilon)
            {
                break;
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

        return new LpSolution(best, basis, x, timedOut);
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

    /// <summary>The recursive dive of <see cref="Dive"/>.</summary>
    private sealed class Diver(PackingInstance instance, int toBeat, long deadline)
    {
        private readonly long[] _capacity = instance.Capacity.ToArray();

        public int[] Assignment { get; } = new int[instance.ItemCount];

        public bool TimedOut { get; private set; }

        /// <summary>Packs the items <paramref name="left"/> into bins numbered from <paramref name="bin"/>; true if done in fewer than the bins to beat.</summary>
        public bool From(List<int> left, int bin, int discrepancies)
        {
            if (left.Count == 0)
            {
                return true;
            }

            var sizes = new List<long>(left.Count * _capacity.Length);
            foreach (var item in left)
            {
                foreach (var s in instance.Item(item))
                {
                    sizes.Add(s);
                }
            }

            var lp = Solve(new PackingInstance(instance.Name, _capacity, sizes), int.MaxValue, deadline);
            if (lp.TimedOut)
            {
                TimedOut = true;
                return false;
            }

            if (bin + lp.Bound >= toBeat)
            {
                return false;
            }

            var order = new int[lp.Patterns.Length];
            for (var r = 0; r < order.Length; r++)
            {
                order[r] = r;
            }

            Array.Sort(order, (a, b) =>
            {
                var c = lp.Values[b].CompareTo(lp.Values[a]);
                if (c == 0)
                {
                    c = BitOperations.PopCount(lp.Patterns[b]).CompareTo(BitOperations.PopCount(lp.Patterns[a]));
                }

                return c != 0 ? c : lp.Patterns[a].CompareTo(lp.Patterns[b]);
            });

            for (var choice = 0; choice <= discrepancies && choice < order.Length && !TimedOut; choice++)
            {
                var pattern = lp.Patterns[order[choice]];
                if (choice > 0 && lp.Values[order[choice]] <= Epsilon)
                {
                    break; // the LP does not use it: no better a guess than the dive's own next step
                }

                var rest = new List<int>(left.Count);
                for (var j = 0; j < left.Count; j++)
                {
                    if ((pattern >> j & 1) != 0)
                    {
                        Assignment[left[j]] = bin;
                    }
                    else
                    {
                        rest.Add(left[j]);
                    }
                }

                if (From(rest, bin + 1, discrepancies - choice))
                {
                    return true;
                }
            }

            return false;
        }
    }

    /// <summary>A column generation's outcome: the proven bound, the basis patterns and their LP values.</summary>
    private readonly record struct LpSolution(int Bound, ulong[] Patterns, double[] Values, bool TimedOut);

    /// <summary>
    /// The exact pricing problem: the set of items of greatest total price that fits one bin. Depth-first over the items
    /// of positive price in decreasing price order, cut when even the best-priced pending items, as many as the smallest
    /// sizes of each dimension would let fit, cannot beat the best set found.
    /// </summary>
    private sealed class KnapsackPricing
    {
        private readonly long[] _sizes;
        private readonly long[] _capacity;
        private readonly int _n;
        private readonly int _d;
        private readonly long[] _smallestPrefix; // [k·(n+1) + c]: Σ of the c smallest sizes in dimension k
        private readonly int[] _order;
        private readonly double[] _price;
        private readonly double[] _pricePrefix;
        private readonly long[] _load;
        private int _count;
        private double _best;
        private ulong _bestSet;
        private long _deadline;
        private long _nodes;
        private bool _timedOut;

        public KnapsackPricing(PackingInstance instance)
        {
            _n = instance.ItemCount;
            _d = instance.Dimensions;
            _sizes = instance.Sizes.ToArray();
            _capacity = instance.Capacity.ToArray();
            _smallestPrefix = new long[_d * (_n + 1)];
            var column = new long[_n];
            for (var k = 0; k < _d; k++)
            {
                for (var i = 0; i < _n; i++)
                {
                    column[i] = _sizes[i * _d + k];
                }

                Array.Sort(column);
                for (var c = 0; c < _n; c++)
                {
                    _smallestPrefix[k * (_n + 1) + c + 1] = _smallestPrefix[k * (_n + 1) + c] + column[c];
                }
            }

            _order = new int[_n];
            _price = new double[_n];
            _pricePrefix = new double[_n + 1];
            _load = new long[_d];
        }

        /// <summary>The best pattern's total price and the pattern; (0, 0) if the deadline passed first.</summary>
        public (double Value, ulong Pattern) Best(double[] y, long deadline)
        {
            _count = 0;
            for (var i = 0; i < _n; i++)
            {
                if (y[i] > Epsilon)
                {
                    _order[_count++] = i;
                }
            }

            Array.Sort(_order, 0, _count, Comparer.For(y));
            for (var p = 0; p < _count; p++)
            {
                _price[p] = y[_order[p]];
                _pricePrefix[p + 1] = _pricePrefix[p] + _price[p];
            }

            // Start from the greedy set, so the bound cuts from the first node.
            Array.Clear(_load);
            _best = 0;
            _bestSet = 0;
            ulong set = 0;
            double value = 0;
            for (var p = 0; p < _count; p++)
            {
                if (Fits(p))
                {
                    Add(p, 1);
                    set |= 1UL << _order[p];
                    value += _price[p];
                }
            }

            _best = value;
            _bestSet = set;
            Array.Clear(_load);
            _deadline = deadline;
            _timedOut = false;
            Search(0, 0, 0);
            return _timedOut || _bestSet == 0 ? (0, 0) : (_best, _bestSet);
        }

        private void Search(int p, double value, ulong set)
        {
            if (value > _best + Epsilon)
            {
                _best = value;
                _bestSet = set;
            }

            if (p == _count || _timedOut)
            {
                return;
            }

            if ((++_nodes & 4095) == 0 && Stopwatch.GetTimestamp() >= _deadline)
            {
                _timedOut = true;
                return;
            }

            // How many more items can fit at all: in each dimension, the smallest sizes of all items against the room.
            var more = _count - p;
            for (var k = 0; k < _d && more > 0; k++)
            {
                var room = _capacity[k] - _load[k];
                var prefix = _smallestPrefix.AsSpan(k * (_n + 1), _n + 1);
                var fit = 0;
                while (fit < more && prefix[fit + 1] <= room)
                {
                    fit++;
                }

                more = fit;
            }

            // The pending items are in decreasing price: the next `more` of them are the most any fitting set adds.
            if (value + (_pricePrefix[p + more] - _pricePrefix[p]) <= _best + Epsilon)
            {
                return;
            }

            if (Fits(p))
            {
                Add(p, 1);
                Search(p + 1, value + _price[p], set | (1UL << _order[p]));
                Add(p, -1);
            }

            Search(p + 1, value, set);
        }

        private bool Fits(int p) => PackingMeasures.Fits(_sizes, _capacity, _load, 0, _order[p]);

        private void Add(int p, long sign) => PackingMeasures.Add(_sizes, _load, _d, 0, _order[p], sign);

        /// <summary>Decreasing price, ties by item index.</summary>
        private sealed class Comparer(double[] y) : System.Collections.Generic.IComparer<int>
        {
            public static Comparer For(double[] y) => new(y);

            public int Compare(int a, int b)
            {
                var c = y[b].CompareTo(y[a]);
                return c != 0 ? c : a.CompareTo(b);
            }
        }
    }
}
