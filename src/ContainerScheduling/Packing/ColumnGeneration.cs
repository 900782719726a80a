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
/// enters while one prices out, so a pattern that left the basis is never searched for twice; each knapsack adds its
/// incumbents and up to <see cref="MaxFound"/> other patterns worth more than 1 that it met.
/// </para>
/// <para>
/// The bound does not trust the simplex: for any prices y ≥ 0 and the knapsack's exact best pattern value v, every
/// plan needs at least Σ y / v bins (Farley), because each bin covers at most v of the total price. So the bound
/// reported is ⌈Σ y / v − 10⁻⁹⌉ of the best prices seen, valid at every round and whatever the rounding inside the
/// simplex. It stops when the bound reaches the target (a plan of that many bins is then optimal), when no pattern
/// prices out (the LP optimum), when the master's value z rounds up to no more than the bound already proven (the LP
/// is at most z, so its bound cannot rise), or at the deadline or the round limit.
/// </para>
/// </summary>
internal static class ColumnGeneration
{
    /// <summary>The most items the bound handles: patterns are 64-bit masks.</summary>
    public const int MaxItems = 64;

    private const double Epsilon = 1e-9;
    private const int RefactorEvery = 32;
    private const int MaxPoolPivots = 200;
    private const int MaxFound = 100;

    /// <summary>A proven lower bound on the bins, at least <paramref name="floor"/>; the floor itself for more than <see cref="MaxItems"/> items.</summary>
    /// <param name="instance">The instance.</param>
    /// <param name="floor">A bound already known (returned if this one is not higher).</param>
    /// <param name="target">Stop once the bound reaches this (the bins of a known plan).</param>
    /// <param name="deadline">A <see cref="Stopwatch"/> timestamp to stop at.</param>
    /// <param name="patterns">Where to add the patterns generated (sets of the instance's items that fit one bin), for
    /// <see cref="BranchAndPrice"/> to start from; none for none.</param>
    public static int Bound(PackingInstance instance, int floor, int target, long deadline, List<ulong>? patterns = null)
    {
        if (instance.ItemCount == 0 || instance.ItemCount > MaxItems || floor >= target)
        {
            return floor;
        }

        var lp = Solve(instance, target, deadline);
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
    internal static LpSolution Solve(PackingInstance instance, int target, long deadline, ulong[]? conflicts = null, IEnumerable<ulong>? seed = null, int maxRounds = 50_000)
    {
        var n = instance.ItemCount;

        var pricing = new KnapsackPricing(instance, conflicts);
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

                if (Math.Ceiling(z - 1e-7) <= best)
                {
                    break; // the LP's value is at most z: its bound cannot rise above the one proven
                }

                (var value, pattern) = pricing.Best(y, deadline);
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

                best = Math.Max(best, (int)Math.Ceiling((total / value) - Epsilon));
                if (best >= target || value <= 1 + Epsilon)
                {
                    break; // the bound is reached, or no pattern prices out: the LP optimum
                }

                pricing.Found.Add(pattern);
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

        return new LpSolution(best, basis, x, timedOut, pool);
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

    /// <summary>
    /// The exact pricing problem: the set of items of greatest total price that fits one bin. Depth-first over the items
    /// of positive price in decreasing price order (include first), cut by a table built once per call: for each of up to
    /// <see cref="TableDimensions"/> dimensions (the fullest), the exact one-dimensional knapsack of the items from each
    /// position on, at every room. A node is cut when its value plus the least of those tables at its room cannot beat
    /// the best set found. Capacities above <see cref="TableCapacity"/> are scaled down and sizes rounded down, so a set
    /// that fits still fits and the table stays an upper bound. The table costs dimensions × items × capacity steps per
    /// call; in exchange each node costs one lookup per dimension. (Tried and dropped: a per-dimension fractional bound,
    /// a surrogate dimension, and Lagrangian multipliers on the other dimensions; none cut more nodes than they cost.)
    /// </summary>
    private sealed class KnapsackPricing
    {
        /// <summary>The most room units per dimension in the table.</summary>
        public const int TableCapacity = 1024;

        /// <summary>The most dimensions with a table (the fullest, by total size over capacity).</summary>
        public const int TableDimensions = 16;


        private readonly long[] _sizes;
        private readonly long[] _capacity;
        private readonly int _n;
        private readonly int _d;
        private readonly int[] _tableDimension; // the dimensions with a table
        private readonly int[] _width; // per table: scaled capacity + 1
        private readonly int[] _itemSize; // [t·n + i]: item i's size in table t's units, rounded down
        private readonly int[] _order;
        private readonly double[] _price;
        private readonly long[] _load;
        private readonly List<ulong> _found = [];
        private readonly ulong[]? _conflicts;
        private double[] _table = [];
        private int _count;
        private double _best;
        private ulong _bestSet;
        private long _deadline;
        private bool _timedOut;

        public KnapsackPricing(PackingInstance instance, ulong[]? conflicts)
        {
            _conflicts = conflicts;
            _n = instance.ItemCount;
            _d = instance.Dimensions;
            _sizes = instance.Sizes.ToArray();
            _capacity = instance.Capacity.ToArray();
            var fullness = new double[_d];
            for (var k = 0; k < _d; k++)
            {
                for (var i = 0; i < _n; i++)
                {
                    fullness[k] += _capacity[k] == 0 ? 0 : (double)_sizes[i * _d + k] / _capacity[k];
                }
            }

            _tableDimension = PackingMeasures.DecreasingOrder(fullness)[..Math.Min(_d, TableDimensions)];
            _width = new int[_tableDimension.Length];
            _itemSize = new int[_tableDimension.Length * _n];
            for (var t = 0; t < _width.Length; t++)
            {
                var k = _tableDimension[t];
                _width[t] = (int)Math.Min(_capacity[k], TableCapacity) + 1;
                for (var i = 0; i < _n; i++)
                {
                    _itemSize[t * _n + i] = Scaled(_sizes[i * _d + k], k, _width[t]);
                }
            }

            _order = new int[_n];
            _price = new double[_n];
            _load = new long[_d];
        }

        /// <summary>The search nodes visited over all calls (for tests and tuning).</summary>
        public long Nodes { get; private set; }

        /// <summary>Patterns worth more than 1 that the last call met: each incumbent, and some complete sets below it.</summary>
        public List<ulong> Found => _found;

        /// <summary>The best pattern's total price and the pattern; (0, 0) if the deadline passed first.</summary>
        public (double Value, ulong Pattern) Best(double[] y, long deadline)
        {
            _found.Clear();
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
            }

            // Start from the greedy set, so the bound cuts from the first node.
            Array.Clear(_load);
            ulong set = 0;
            double value = 0;
            for (var p = 0; p < _count; p++)
            {
                if (Fits(p) && Allowed(p, set))
                {
                    Add(p, 1);
                    set |= 1UL << _order[p];
                    value += _price[p];
                }
            }

            _best = value;
            _bestSet = set;
            Array.Clear(_load);
            BuildTable();
            _deadline = deadline;
            _timedOut = false;
            Search(0, 0, 0);
            return _timedOut || _bestSet == 0 ? (0, 0) : (_best, _bestSet);
        }

        /// <summary>Fills the tables: [offset of table t + p·width + c] = the best price of items p.. whose scaled sizes fit c.</summary>
        private void BuildTable()
        {
            var size = 0;
            foreach (var width in _width)
            {
                size += (_count + 1) * width;
            }

            if (_table.Length < size)
            {
                _table = new double[size];
            }

            var offset = 0;
            for (var t = 0; t < _width.Length; t++)
            {
                var width = _width[t];
                _table.AsSpan(offset + (_count * width), width).Clear();
                for (var p = _count - 1; p >= 0; p--)
                {
                    ReadOnlySpan<double> next = _table.AsSpan(offset + ((p + 1) * width), width);
                    var row = _table.AsSpan(offset + (p * width), width);
                    var price = _price[p];
                    var s = _itemSize[t * _n + _order[p]];
                    next[..Math.Min(s, width)].CopyTo(row);
                    for (var c = s; c < width; c++)
                    {
                        row[c] = Math.Max(next[c], next[c - s] + price);
                    }
                }

                offset += (_count + 1) * width;
            }
        }

        /// <summary>A size or room in table units, rounded down (exact when the capacity fits the table).</summary>
        private int Scaled(long amount, int k, int width) =>
            width - 1 == _capacity[k] ? (int)amount : (int)((Int128)amount * (width - 1) / _capacity[k]);

        private void Search(int p, double value, ulong set)
        {
            if (value > _best + Epsilon)
            {
                _best = value;
                _bestSet = set;
                if (value > 1 + Epsilon)
                {
                    _found.Add(set);
                }
            }
            else if (p == _count && value > 1 + Epsilon && _found.Count < MaxFound)
            {
                _found.Add(set);
            }

            if (p == _count || _timedOut)
            {
                return;
            }

            if ((++Nodes & 4095) == 0 && Stopwatch.GetTimestamp() >= _deadline)
            {
                _timedOut = true;
                return;
            }

            var offset = 0;
            for (var t = 0; t < _width.Length; t++)
            {
                var k = _tableDimension[t];
                var width = _width[t];
                var room = Scaled(_capacity[k] - _load[k], k, width);
                if (value + _table[offset + (p * width) + room] <= _best + Epsilon)
                {
                    return;
                }

                offset += (_count + 1) * width;
            }

            if (Fits(p) && Allowed(p, set))
            {
                Add(p, 1);
                Search(p + 1, value + _price[p], set | (1UL << _order[p]));
                Add(p, -1);
            }

            Search(p + 1, value, set);
        }

        private bool Fits(int p) => PackingMeasures.Fits(_sizes, _capacity, _load, 0, _order[p]);

        private bool Allowed(int p, ulong set) => _conflicts is null || (_conflicts[_order[p]] & set) == 0;

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
