using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Threading;

namespace ContainerScheduling;

/// <summary>
/// The bin-emptying tabu search behind <see cref="PackingOptimizer.Improve"/> (described there), also run by
/// <see cref="ExactPacker"/> for its upper bound. One instance is the mutable state of one run.
/// </summary>
internal sealed class BinEmptyingSearch
{
    private const int TabuBase = 7;

    private readonly PackingInstance _instance;
    private readonly long[] _sizes;
    private readonly long[] _capacity;
    private readonly double[] _weight;
    private readonly int _n;
    private readonly int _d;
    private readonly int _lowerBound;
    private readonly long _maxIterations;
    private readonly long _deadline;
    private readonly int[] _assign;
    private readonly long[] _load;
    private readonly int[] _head; // bin → its first item, −1 when empty; the items of a bin form a doubly linked list
    private readonly int[] _next;
    private readonly int[] _previous;
    private readonly int[] _pending;
    private readonly Dictionary<long, long> _pairTabu = []; // (item << 32 | bin) → the move until which the item may not enter the bin
    private int _pendingCount;
    private int _bins;
    private long _moves;
    private SplitMix64 _random;
    private readonly int _startBins;
    private int[] _best;
    private int _bestBins;

    /// <summary>Improves the plan within the options' budget (already checked); the start itself when nothing better is found or it is at the lower bound.</summary>
    public static PackingPlan Improve(PackingPlan start, PackingOptimizerOptions options)
    {
        var instance = start.Instance;
        var lowerBound = PackingBounds.LowerBound(instance);
        if (start.BinCount <= lowerBound)
        {
            return start;
        }

        var improved = new BinEmptyingSearch(start, options, lowerBound).Run();
        return improved is null ? start : new PackingPlan(instance, improved);
    }

    private BinEmptyingSearch(PackingPlan start, PackingOptimizerOptions options, int lowerBound)
    {
        _instance = start.Instance;
        _sizes = _instance.Sizes.ToArray();
        _capacity = _instance.Capacity.ToArray();
        _n = _instance.ItemCount;
        _d = _instance.Dimensions;
        _lowerBound = lowerBound;
        _maxIterations = options.MaxIterations;
        _deadline = options.TimeLimit == Timeout.InfiniteTimeSpan
            ? long.MaxValue
            : Stopwatch.GetTimestamp() + (long)(options.TimeLimit.TotalSeconds * Stopwatch.Frequency);
        _random = new SplitMix64(options.Seed);
        var normalised = PackingMeasures.Normalised(_instance);
        _weight = new double[_n];
        for (var i = 0; i < _n; i++)
        {
            for (var k = 0; k < _d; k++)
            {
                _weight[i] += normalised[i * _d + k];
            }
        }

        _assign = new int[_n];
        _load = new long[_n * _d];
        _head = new int[_n];
        _next = new int[_n];
        _previous = new int[_n];
        _pending = new int[_n];
        var assignment = start.Assignment;
        for (var i = 0; i < _n; i++)
        {
            _assign[i] = assignment[i];
        }

        _startBins = start.BinCount;
        _bestBins = start.BinCount;
        _best = (int[])_assign.Clone();
        Load(_best, _bestBins);
    }

    /// <summary>Runs the search; the best assignment found if it beats the start, else null.</summary>
    public int[]? Run()
    {
        var attempt = 0;
        while (_bestBins > _lowerBound && !OutOfBudget())
        {
            // A fresh attempt from the best plan: remove one bin, its items pending.
            if (attempt > 0)
            {
                Load(_best, _bestBins);
            }

            RemoveBin(attempt == 0 ? LeastLoadedBin() : (int)_random.Next((ulong)_bins));
            attempt++;
            var limit = _moves + 200L + 20L * _n;
            while (!OutOfBudget() && _moves < limit)
            {
                if (_pendingCount == 0)
                {
                    _bestBins = _bins;
                    _best = (int[])_assign.Clone();
                    if (_bins <= _lowerBound)
                    {
                        break;
                    }

                    RemoveBin(LeastLoadedBin());
                    limit = _moves + 200L + 20L * _n;
                    continue;
                }

                Move();
            }
        }

        return _bestBins < _startBins ? _best : null;
    }

    private bool OutOfBudget() =>
        _moves >= _maxIterations || ((_moves & 31) == 0 && Stopwatch.GetTimestamp() >= _deadline);

    private void Load(int[] assignment, int bins)
    {
        _bins = bins;
        _pendingCount = 0;
        Array.Clear(_load);
        Array.Fill(_head, -1);
        _pairTabu.Clear();
        for (var i = _n - 1; i >= 0; i--)
        {
            Insert(i, assignment[i]);
        }
    }

    private int LeastLoadedBin()
    {
        var best = 0;
        var bestLoad = double.MaxValue;
        for (var b = 0; b < _bins; b++)
        {
            var load = 0.0;
            for (var k = 0; k < _d; k++)
            {
                load += (double)_load[b * _d + k] / _capacity[k];
            }

            if (load < bestLoad)
            {
                best = b;
                bestLoad = load;
            }
        }

        return best;
    }

    /// <summary>Empties bin <paramref name="bin"/> into the pending set and renumbers the last bin as it.</summary>
    private void RemoveBin(int bin)
    {
        for (var item = _head[bin]; item >= 0; item = _next[item])
        {
            _pending[_pendingCount++] = item;
            _assign[item] = -1;
        }

        var last = _bins - 1;
        _head[bin] = -1;
        if (bin != last)
        {
            _head[bin] = _head[last];
            Array.Copy(_load, last * _d, _load, bin * _d, _d);
            for (var item = _head[bin]; item >= 0; item = _next[item])
            {
                _assign[item] = bin;
            }
        }

        // Bins were renumbered: the tabu marks start afresh.
        _pairTabu.Clear();

        _head[last] = -1;
        Array.Clear(_load, last * _d, _d);
        _bins--;
    }

    /// <summary>One move: a pending item into a bin, ejecting up to two items when it does not fit.</summary>
    private void Move()
    {
        _moves++;
        var slot = (int)_random.Next((ulong)_pendingCount);
        var item = _pending[slot];
        var bestBin = -1;
        int bestOut1 = -1, bestOut2 = -1;
        var bestScore = double.MaxValue;
        var ties = 0;
        for (var b = 0; b < _bins; b++)
        {
            if (_pairTabu.TryGetValue(((long)item << 32) | (uint)b, out var until) && until > _moves)
            {
                continue;
            }

            if (FitsWithout(b, item, -1, -1))
            {
                // Fits as it is: the best possible kind of move; prefer the fullest bin.
                var score = -_weight[item] - 1e-3 * (1.0 - Room(b));
                Consider(score, b, -1, -1, ref bestScore, ref bestBin, ref bestOut1, ref bestOut2, ref ties);
                continue;
            }

            for (var out1 = _head[b]; out1 >= 0; out1 = _next[out1])
            {
                if (FitsWithout(b, item, out1, -1))
                {
                    Consider(_weight[out1] - _weight[item], b, out1, -1, ref bestScore, ref bestBin, ref bestOut1, ref bestOut2, ref ties);
                }

                for (var out2 = _next[out1]; out2 >= 0; out2 = _next[out2])
                {
                    if (FitsWithout(b, item, out1, out2))
                    {
                        Consider(_weight[out1] + _weight[out2] - _weight[item], b, out1, out2, ref bestScore, ref bestBin, ref bestOut1, ref bestOut2, ref ties);
                    }
                }
            }
        }

        if (bestBin < 0)
        {
            return;
        }

        _pending[slot] = _pending[--_pendingCount];
        if (bestOut1 >= 0)
        {
            Eject(bestOut1, bestBin);
        }

        if (bestOut2 >= 0)
        {
            Eject(bestOut2, bestBin);
        }

        Insert(item, bestBin);
    }

    private void Insert(int item, int bin)
    {
        _assign[item] = bin;
        _previous[item] = -1;
        _next[item] = _head[bin];
        if (_head[bin] >= 0)
        {
            _previous[_head[bin]] = item;
        }

        _head[bin] = item;
        PackingMeasures.Add(_sizes, _load, _d, bin, item, 1);
    }

    private void Consider(double score, int bin, int out1, int out2, ref double bestScore, ref int bestBin, ref int bestOut1, ref int bestOut2, ref int ties)
    {
        if (score < bestScore - 1e-12)
        {
            ties = 1;
        }
        else if (score <= bestScore + 1e-12)
        {
            // Reservoir choice among equal moves.
            ties++;
            if (_random.Next((ulong)ties) != 0)
            {
                return;
            }
        }
        else
        {
            return;
        }

        bestScore = score;
        bestBin = bin;
        bestOut1 = out1;
        bestOut2 = out2;
    }

    private void Eject(int item, int bin)
    {
        if (_previous[item] >= 0)
        {
            _next[_previous[item]] = _next[item];
        }
        else
        {
            _head[bin] = _next[item];
        }

        if (_next[item] >= 0)
        {
            _previous[_next[item]] = _previous[item];
        }

        PackingMeasures.Add(_sizes, _load, _d, bin, item, -1);
        _assign[item] = -1;
        _pending[_pendingCount++] = item;
        if (_pairTabu.Count >= 4 * _n)
        {
            foreach (var (key, until) in _pairTabu)
            {
                if (until <= _moves)
                {
                    _pairTabu.Remove(key);
                }
            }
        }

        _pairTabu[((long)item << 32) | (uint)bin] = _moves + TabuBase + (long)_random.Next((ulong)(_pendingCount + 3));
    }

    private double Room(int bin)
    {
        var room = 0.0;
        for (var k = 0; k < _d; k++)
        {
            room += (double)(_capacity[k] - _load[bin * _d + k]) / _capacity[k];
        }

        return room / _d;
    }

    private bool FitsWithout(int bin, int item, int out1, int out2)
    {
        var l = bin * _d;
        for (var k = 0; k < _d; k++)
        {
            var load = _load[l + k] + _sizes[item * _d + k];
            if (out1 >= 0)
            {
                load -= _sizes[out1 * _d + k];
            }

            if (out2 >= 0)
            {
                load -= _sizes[out2 * _d + k];
            }

            if (load > _capacity[k])
            {
                return false;
            }
        }

        return true;
    }
}
