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
/// incumbents, up to <see cref="MaxFound"/> other patterns worth more than 1 that it met, and up to
/// <see cref="MaxNeighbours"/> one-swap neighbours of its best.
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
    private const int MaxFound = 100;
    private const double FloorMargin = 1e-6;
    private const int MaxNeighbours = 50;

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
    /// <param name="decide">Only whether the bound reaches <paramref name="target"/> matters: stop as soon as the master's
    /// value is at most target − 1 (the LP cannot reach it), not only once it rounds up to the bound proven.</param>
    internal static LpSolution Solve(PackingInstance instance, int target, long deadline, ulong[]? conflicts = null, IEnumerable<ulong>? seed = null, int maxRounds = 50_000, bool decide = false)
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
    /// The pricing problem: a set of items that fits one bin, of total price above 1 (it enters the master) or, to bound, of
    /// greatest total price. <see cref="Quick"/> tries greedy fills improved by swaps first (microseconds); only when they
    /// find nothing above 1 does <see cref="Best"/> search exactly.
    /// <para>
    /// The exact search is depth-first over the items of positive price (include first), cut by tables built once per call:
    /// for each of up to <see cref="TableDimensions"/> dimensions (the fullest), the exact one-dimensional knapsack of the
    /// items from each position on, at every room; and one surrogate table, the same knapsack over the dimensions summed
    /// with multipliers near the LP relaxation's dual prices (<see cref="SurrogateTable"/>). A node is cut when its value
    /// plus the least of those tables at its room cannot beat the best set found, or the floor: the column generation
    /// needs no set worth less than 1 (none prices out) or less than the price total over target − 1 (the bound then
    /// reaches the target), so the search starts with that as its best and "none found" answers the question.
    /// Capacities above <see cref="TableCapacity"/> are scaled down and sizes rounded down, so a set that fits still fits
    /// and the table stays an upper bound. The tables cost dimensions × items × capacity steps per call; in exchange each
    /// node costs one lookup per table. When the search finds a set, its one-swap neighbours worth more than 1 are added
    /// too, so the next rounds often need no search. (Tried and dropped: a per-dimension fractional bound, a surrogate
    /// with equal weights, and Lagrangian multipliers inside the per-dimension tables: none cut more nodes than they cost;
    /// coarser tables (256 or 512 units): 10–15% more nodes and slower.)
    /// </para>
    /// </summary>
    private sealed class KnapsackPricing
    {
        /// <summary>The most room units per dimension in the table.</summary>
        public const int TableCapacity = 1024;

        /// <summary>The most dimensions with a table (the fullest, by total size over capacity).</summary>
        public const int TableDimensions = 16;

        /// <summary>The room units of the surrogate table.</summary>
        public const int SurrogateCapacity = 2048;

        /// <summary>The most subgradient steps for the surrogate multipliers per call.</summary>
        public const int MultiplierIterations = 100;


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
        private readonly double[] _normalised; // [i·d + k]: size over capacity
        private readonly double[] _quickKey;
        private readonly int[] _room; // per table: the room left in its units (sizes rounded down, so never below the true room)
        private readonly int[] _offset; // per table: where it starts in _table
        private readonly int[] _positionSize; // per position: the item's size in the table being filled
        private readonly double[] _multiplier; // per dimension, kept from call to call as the next call's start
        private readonly double[] _bestMultiplier;
        private readonly double[] _gradient;
        private readonly double[] _surrogateWeight; // per position: the surrogate size in table units
        private readonly int[] _surrogateSize; // per position: the same, rounded down
        private float[] _surrogate = [];
        private bool _useSurrogate;
        private double _surrogateLoad;
        private float[] _table = [];
        private double[] _next = [];
        private double[] _row = [];
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
            _normalised = PackingMeasures.Normalised(instance);
            var fullness = new double[_d];
            for (var i = 0; i < _normalised.Length; i++)
            {
                fullness[i % _d] += _normalised[i];
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
            _multiplier = new double[_d];
            _quickKey = new double[_n];
            _room = new int[_width.Length];
            _offset = new int[_width.Length];
            _positionSize = new int[_n];
            _bestMultiplier = new double[_d];
            _gradient = new double[_d];
            _surrogateWeight = new double[_n];
            _surrogateSize = new int[_n];
        }

        /// <summary>The search nodes visited over all calls (for tests and tuning).</summary>
        public long Nodes { get; private set; }

        /// <summary>Whether the last call stopped at the deadline.</summary>
        public bool TimedOut => _timedOut;

        /// <summary>Patterns worth more than 1 that the last call met: each incumbent, and some complete sets below it.</summary>
        public List<ulong> Found => _found;

        /// <summary>
        /// A quick pattern of high price, not necessarily the best: greedy fills in three orders (price, price per normalised
        /// size, price per surrogate size), each improved by adding items and by swapping one item in for one out while the
        /// price rises. Every distinct result worth more than 1 goes to <see cref="Found"/>.
        /// </summary>
        public (double Value, ulong Pattern) Quick(double[] y)
        {
            _found.Clear();
            var bestValue = 0.0;
            ulong bestSet = 0;
            for (var variant = 0; variant < 3; variant++)
            {
                _count = 0;
                for (var i = 0; i < _n; i++)
                {
                    if (y[i] > Epsilon)
                    {
                        _quickKey[i] = variant switch
                        {
                            0 => y[i],
                            1 => y[i] / (SizeSum(i, null) + 1e-9),
                            _ => y[i] / (SizeSum(i, _multiplier) + 1e-9),
                        };
                        _order[_count++] = i;
                    }
                }

                Array.Sort(_order, 0, _count, Comparer.For(_quickKey));
                Array.Clear(_load);
                ulong set = 0;
                var value = 0.0;
                for (var (improved, pass) = (true, 0); improved && pass < 4 * _n; pass++)
                {
                    improved = false;
                    for (var p = 0; p < _count; p++)
                    {
                        var item = _order[p];
                        if ((set >> item & 1) == 0 && PackingMeasures.Fits(_sizes, _capacity, _load, 0, item) && Permitted(item, set))
                        {
                            PackingMeasures.Add(_sizes, _load, _d, 0, item, 1);
                            set |= 1UL << item;
                            value += y[item];
                        }
                    }

                    // The best swap of one item out for one item in.
                    var gain = 1e-12;
                    int swapOut = -1, swapIn = -1;
                    for (var rest = set; rest != 0; rest &= rest - 1)
                    {
                        var a = BitOperations.TrailingZeroCount(rest);
                        PackingMeasures.Add(_sizes, _load, _d, 0, a, -1);
                        for (var p = 0; p < _count; p++)
                        {
                            var b = _order[p];
                            if ((set >> b & 1) == 0 && y[b] - y[a] > gain && PackingMeasures.Fits(_sizes, _capacity, _load, 0, b) && Permitted(b, set & ~(1UL << a)))
                            {
                                gain = y[b] - y[a];
                                (swapOut, swapIn) = (a, b);
                            }
                        }

                        PackingMeasures.Add(_sizes, _load, _d, 0, a, 1);
                    }

                    if (swapOut >= 0)
                    {
                        PackingMeasures.Add(_sizes, _load, _d, 0, swapOut, -1);
                        PackingMeasures.Add(_sizes, _load, _d, 0, swapIn, 1);
                        set = (set & ~(1UL << swapOut)) | (1UL << swapIn);
                        value += gain;
                        improved = true;
                    }
                }

                if (value > 1 + Epsilon && !_found.Contains(set))
                {
                    _found.Add(set);
                }

                if (value > bestValue)
                {
                    (bestValue, bestSet) = (value, set);
                }
            }

            Array.Clear(_load);
            return (bestValue, bestSet);
        }

        /// <summary>Adds to <see cref="Found"/> the sets one swap (one item out, one in) from <paramref name="set"/> worth more than 1.</summary>
        public void AddNeighbours(double[] y, ulong set)
        {
            var added = 0;
            var value = 0.0;
            Array.Clear(_load);
            for (var rest = set; rest != 0; rest &= rest - 1)
            {
                var a = BitOperations.TrailingZeroCount(rest);
                value += y[a];
                PackingMeasures.Add(_sizes, _load, _d, 0, a, 1);
            }

            for (var rest = set; rest != 0 && added < MaxNeighbours; rest &= rest - 1)
            {
                var a = BitOperations.TrailingZeroCount(rest);
                PackingMeasures.Add(_sizes, _load, _d, 0, a, -1);
                for (var b = 0; b < _n && added < MaxNeighbours; b++)
                {
                    if ((set >> b & 1) == 0 && value - y[a] + y[b] > 1 + 1e-7 && PackingMeasures.Fits(_sizes, _capacity, _load, 0, b) && Permitted(b, set & ~(1UL << a)))
                    {
                        _found.Add((set & ~(1UL << a)) | (1UL << b));
                        added++;
                    }
                }

                PackingMeasures.Add(_sizes, _load, _d, 0, a, 1);
            }

            Array.Clear(_load);
        }

        private double SizeSum(int item, double[]? weights)
        {
            var sum = 0.0;
            for (var k = 0; k < _d; k++)
            {
                sum += (weights?[k] ?? 1) * _normalised[item * _d + k];
            }

            return sum;
        }

        private bool Permitted(int item, ulong set) => _conflicts is null || (_conflicts[item] & set) == 0;

        /// <summary>The best pattern's total price and the pattern; (0, 0) if the deadline passed first.</summary>
        public (double Value, ulong Pattern) Best(double[] y, double floor, long deadline)
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

            (_best, _bestSet) = value > floor ? (value, set) : (floor, 0UL);
            Array.Clear(_load);
            _surrogateLoad = 0;
            Multipliers(value);
            if (_useSurrogate)
            {
                // Search in decreasing price per surrogate size: the include-first descent then meets good sets early.
                for (var p = 0; p < _count; p++)
                {
                    var item = _order[p];
                    _quickKey[item] = y[item] / (SizeSum(item, _multiplier) + 1e-9);
                }

                Array.Sort(_order, 0, _count, Comparer.For(_quickKey));
                for (var p = 0; p < _count; p++)
                {
                    _price[p] = y[_order[p]];
                }
            }

            SurrogateTable();
            BuildTable();
            _deadline = deadline;
            _timedOut = false;
            Search(0, 0, 0);
            return _timedOut ? (0, 0) : (_best, _bestSet);
        }

        /// <summary>
        /// The multipliers μ ≥ 0 of the surrogate table (see <see cref="SurrogateTable"/>): an approximation of the LP
        /// relaxation's dual prices, found by minimising the Lagrangian bound Σ μ + Σ_p max(0, price_p − μ·size_p/capacity)
        /// with a projected subgradient (Polyak steps towards <paramref name="lower"/>, a value some set reaches, halved after
        /// ten steps without a better bound), started from the last call's. Any μ ≥ 0 gives a valid table; good ones a tight one.
        /// </summary>
        private void Multipliers(double lower)
        {
            var bestBound = double.PositiveInfinity;
            var scale = 1.0;
            var sinceBetter = 0;
            for (var iteration = 0; iteration < MultiplierIterations; iteration++)
            {
                var bound = 0.0;
                for (var k = 0; k < _d; k++)
                {
                    bound += _multiplier[k];
                    _gradient[k] = 1;
                }

                for (var p = 0; p < _count; p++)
                {
                    var item = _order[p];
                    var reduced = _price[p];
                    for (var k = 0; k < _d; k++)
                    {
                        reduced -= _multiplier[k] * _normalised[item * _d + k];
                    }

                    if (reduced > 0)
                    {
                        bound += reduced;
                        for (var k = 0; k < _d; k++)
                        {
                            _gradient[k] -= _normalised[item * _d + k];
                        }
                    }
                }

                if (bound < bestBound - 1e-12)
                {
                    bestBound = bound;
                    _multiplier.CopyTo(_bestMultiplier, 0);
                    sinceBetter = 0;
                }
                else if (++sinceBetter >= 10)
                {
                    scale /= 2;
                    sinceBetter = 0;
                }

                var norm = 0.0;
                for (var k = 0; k < _d; k++)
                {
                    if (_multiplier[k] > 0 || _gradient[k] < 0)
                    {
                        norm += _gradient[k] * _gradient[k];
                    }
                }

                if (norm < 1e-18 || bound - lower < 1e-9)
                {
                    break;
                }

                var step = scale * (bound - lower) / norm;
                for (var k = 0; k < _d; k++)
                {
                    _multiplier[k] = Math.Max(0, _multiplier[k] - (step * _gradient[k]));
                }
            }

            _bestMultiplier.CopyTo(_multiplier, 0);
            var total = 0.0;
            for (var k = 0; k < _d; k++)
            {
                total += _bestMultiplier[k];
            }

            _useSurrogate = total > 1e-12;
        }

        /// <summary>
        /// The surrogate table: one constraint, the dimensions summed with the multipliers as weights
        /// (Σ_k μ_k·size_k/capacity_k ≤ Σ_k μ_k), which every set that fits also meets, so its exact knapsack is an upper
        /// bound too; scaled to <see cref="SurrogateCapacity"/> units with sizes rounded down, so it stays one. Where about
        /// fifteen items fill a bin (class 5 draws), the per-dimension tables overestimate the best set by 20–50% and this
        /// one by 1–3%, and the search visits about a quarter of the nodes.
        /// </summary>
        private void SurrogateTable()
        {
            if (!_useSurrogate)
            {
                return;
            }

            var total = 0.0;
            for (var k = 0; k < _d; k++)
            {
                total += _bestMultiplier[k];
            }

            var width = SurrogateCapacity + 1;
            for (var p = 0; p < _count; p++)
            {
                var item = _order[p];
                var weight = 0.0;
                for (var k = 0; k < _d; k++)
                {
                    weight += _bestMultiplier[k] * _normalised[item * _d + k];
                }

                _surrogateWeight[p] = weight / total * SurrogateCapacity;
                _surrogateSize[p] = (int)Math.Min(width, Math.Floor(_surrogateWeight[p]));
            }

            if (_surrogate.Length < (_count + 1) * width)
            {
                _surrogate = new float[(_count + 1) * width];
            }

            Fill(_surrogate, 0, width, _surrogateSize);
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
                _table = new float[size];
            }

            var offset = 0;
            for (var t = 0; t < _width.Length; t++)
            {
                var width = _width[t];
                _offset[t] = offset;
                _room[t] = width - 1;
                for (var p = 0; p < _count; p++)
                {
                    _positionSize[p] = _itemSize[(t * _n) + _order[p]];
                }

                Fill(_table, offset, width, _positionSize);
                offset += (_count + 1) * width;
            }
        }

        /// <summary>
        /// One table of exact 1-D knapsacks: row p, room c holds the best price of positions p.. whose sizes fit c. Computed
        /// in double and stored as float rounded up, so every entry stays an upper bound at half the memory (the search
        /// reads one entry per table per node, and the tables outgrow the cache).
        /// </summary>
        private void Fill(float[] table, int offset, int width, int[] size)
        {
            if (_next.Length < width)
            {
                _next = new double[width];
                _row = new double[width];
            }

            var next = _next;
            var row = _row;
            Array.Clear(next, 0, width);
            table.AsSpan(offset + (_count * width), width).Clear();
            for (var p = _count - 1; p >= 0; p--)
            {
                var price = _price[p];
                var s = Math.Min(size[p], width);
                Array.Copy(next, row, s);
                for (var c = s; c < width; c++)
                {
                    row[c] = Math.Max(next[c], next[c - s] + price);
                }

                var target = table.AsSpan(offset + (p * width), width);
                for (var c = 0; c < width; c++)
                {
                    var rounded = (float)row[c];
                    target[c] = rounded < row[c] ? MathF.BitIncrement(rounded) : rounded;
                }

                (next, row) = (row, next);
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

            if (_useSurrogate)
            {
                var room = (int)Math.Clamp(Math.Floor(SurrogateCapacity - _surrogateLoad + 1e-7), 0, SurrogateCapacity);
                if (value + _surrogate[(p * (SurrogateCapacity + 1)) + room] <= _best + Epsilon)
                {
                    return;
                }
            }

            for (var t = 0; t < _room.Length; t++)
            {
                if (value + _table[_offset[t] + (p * _width[t]) + _room[t]] <= _best + Epsilon)
                {
                    return;
                }
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

        private void Add(int p, int sign)
        {
            var item = _order[p];
            PackingMeasures.Add(_sizes, _load, _d, 0, item, sign);
            _surrogateLoad += sign * _surrogateWeight[p];
            for (var t = 0; t < _room.Length; t++)
            {
                _room[t] -= sign * _itemSize[(t * _n) + item];
            }
        }

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
