using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace ContainerScheduling;

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
/// <para>
/// Given a <see cref="PatternScan"/> (branch-and-price hands one over once it has enumerated the maximal patterns),
/// <see cref="Best"/> scans them instead of searching: same answer, found differently.
/// </para>
/// </summary>
internal sealed class KnapsackPricing
{
    /// <summary>The most patterns below the best that one exact search hands back.</summary>
    public const int MaxFound = 100;

    /// <summary>The most one-swap neighbours of the best pattern that one exact search hands back.</summary>
    public const int MaxNeighbours = 50;

    private const double Epsilon = 1e-9;

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
    private readonly double[] _ones; // per dimension: 1, the weights of the plain normalised sum
    private readonly double[] _gradient;
    private readonly double[] _surrogateWeight; // per position: the surrogate size in table units
    private readonly int[] _surrogateSize; // per position: the same, rounded down
    private float[] _surrogate = [];
    private bool _useSurrogate;
    private double _multiplierSum;
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
        _ones = new double[_d];
        Array.Fill(_ones, 1.0);
        _gradient = new double[_d];
        _surrogateWeight = new double[_n];
        _surrogateSize = new int[_n];
    }

    /// <summary>When set, <see cref="Best"/> scans the maximal patterns instead of searching.</summary>
    public PatternScan? Scan { get; set; }

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
                        1 => y[i] / (SizeSum(i, _ones) + 1e-9),
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

    /// <summary>The item's sizes over the capacities, summed with the weights.</summary>
    private double SizeSum(int item, double[] weights)
    {
        var sum = 0.0;
        for (var k = 0; k < _d; k++)
        {
            sum += weights[k] * _normalised[item * _d + k];
        }

        return sum;
    }

    private bool Permitted(int item, ulong set) => _conflicts is null || (_conflicts[item] & set) == 0;

    /// <summary>The best pattern's total price and the pattern; (0, 0) if the deadline passed first.</summary>
    public (double Value, ulong Pattern) Best(double[] y, double floor, long deadline)
    {
        _found.Clear();
        if (Scan is not null)
        {
            var scanned = Scan.Best(y, floor, _found, MaxFound, deadline, out _timedOut);
            return _timedOut ? (0, 0) : scanned;
        }

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
        _multiplierSum = 0;
        for (var k = 0; k < _d; k++)
        {
            _multiplierSum += _multiplier[k];
        }

        _useSurrogate = _multiplierSum > 1e-12;
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

        var width = SurrogateCapacity + 1;
        for (var p = 0; p < _count; p++)
        {
            _surrogateWeight[p] = SizeSum(_order[p], _multiplier) / _multiplierSum * SurrogateCapacity;
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
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
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

    /// <summary>
    /// The depth-first search from position <paramref name="p"/>: the item there put in (a call), then left out (the
    /// loop's next turn, so a run of items left out costs no calls). A node is cut when a table's entry is at most the
    /// margin to the best, rounded down to float so no cut is looser than in double. Compiled optimised at once: it runs
    /// millions of times in the first call, before tiered compilation would get to it.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private void Search(int p, double value, ulong set)
    {
        ref var table = ref MemoryMarshal.GetArrayDataReference(_table);
        ref var surrogate = ref MemoryMarshal.GetArrayDataReference(_surrogate);
        ref var offset = ref MemoryMarshal.GetArrayDataReference(_offset);
        ref var width = ref MemoryMarshal.GetArrayDataReference(_width);
        ref var room = ref MemoryMarshal.GetArrayDataReference(_room);
        var tables = _room.Length;
        while (true)
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

            var limit = _best + Epsilon - value;
            var cut = (float)limit;
            if (cut > limit)
            {
                cut = MathF.BitDecrement(cut);
            }

            if (_useSurrogate)
            {
                var r = (int)Math.Clamp(Math.Floor(SurrogateCapacity - _surrogateLoad + 1e-7), 0, SurrogateCapacity);
                if (Unsafe.Add(ref surrogate, (p * (SurrogateCapacity + 1)) + r) <= cut)
                {
                    return;
                }
            }

            for (var t = 0; t < tables; t++)
            {
                if (Unsafe.Add(ref table, Unsafe.Add(ref offset, t) + (p * Unsafe.Add(ref width, t)) + Unsafe.Add(ref room, t)) <= cut)
                {
                    return;
                }
            }

            var item = _order[p];
            if (FitsItem(item) && Allowed(p, set))
            {
                Add(p, 1);
                Search(p + 1, value + _price[p], set | (1UL << item));
                Add(p, -1);
            }

            p++;
        }
    }

    /// <summary><see cref="PackingMeasures.Fits"/> for the current load, without bounds checks.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private bool FitsItem(int item)
    {
        ref var size = ref Unsafe.Add(ref MemoryMarshal.GetArrayDataReference(_sizes), item * _d);
        ref var load = ref MemoryMarshal.GetArrayDataReference(_load);
        ref var capacity = ref MemoryMarshal.GetArrayDataReference(_capacity);
        for (var k = 0; k < _d; k++)
        {
            if (Unsafe.Add(ref load, k) + Unsafe.Add(ref size, k) > Unsafe.Add(ref capacity, k))
            {
                return false;
            }
        }

        return true;
    }

    private bool Fits(int p) => FitsItem(_order[p]);

    private bool Allowed(int p, ulong set) => _conflicts is null || (_conflicts[_order[p]] & set) == 0;

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
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
