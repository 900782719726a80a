using System;
using System.Collections.Generic;

namespace ContainerScheduling;

/// <summary>
/// Multi-item bin filling with a one-pair lookahead (the "pairing" idea of Mommessin et al.'s multi-bin family): one
/// bin open at a time, opened with the largest unplaced item; then, while something fits, the bin takes the
/// <em>pair</em> of unplaced items that fits together and fills the most (the largest Σ w·s/C over both items, so the
/// least residual), or the largest single item when no pair fits. A pair that completes the bin exactly in every
/// dimension is the most a pair can fill, so it is always taken when one exists: on instances built from bins filled
/// exactly by three items (the Falkenauer triplets) the largest item's two partners are found together, where a
/// one-item-at-a-time rule takes the largest second item and strands the third.
/// Weights: 1 per dimension, or (<paramref name="dynamicPower"/> above 0) the scarcity of the items still unplaced,
/// recomputed at each new bin and raised to that power, as in the <c>-dynamic</c> bin-centric packers.
/// The pair search runs over the items that fit alone, sorted by decreasing fill; each item's partners start at the
/// first one whose fill fits the room left (binary search: a pair never adds more than the room's weighted sum), the
/// search stops as soon as no later pair can fill more (or a pair fills the bin exactly), and
/// <see cref="MaxFitChecksPerStep"/> bounds it, keeping the best pair found so far: a step costs O(n·d) plus at most
/// that many pair checks (deterministic: a count, not a clock).
/// </summary>
internal sealed class PairFillPacker(string name, int dynamicPower = 0) : IBatchPacker
{
    /// <summary>The most pair fit checks one filling step makes before it settles for the best pair found.</summary>
    internal const int MaxFitChecksPerStep = 20_000;

    public string Name { get; } = name;

    public PackingPlan Pack(PackingInstance instance)
    {
        ArgumentNullException.ThrowIfNull(instance);
        var n = instance.ItemCount;
        var d = instance.Dimensions;
        var sizes = instance.Sizes;
        var capacity = instance.Capacity;
        var normalised = PackingMeasures.Normalised(instance);
        var weight = new double[d];
        Array.Fill(weight, 1.0);
        var value = new double[n];
        var unplaced = new int[n];
        for (var i = 0; i < n; i++)
        {
            unplaced[i] = i;
        }

        var placed = new bool[n];
        var candidates = new int[n];
        var assignment = new int[n];
        var load = new long[d];
        Comparison<int> byValue = (a, b) =>
        {
            var c = value[b].CompareTo(value[a]);
            return c != 0 ? c : a.CompareTo(b);
        };
        var comparer = Comparer<int>.Create(byValue);

        if (dynamicPower <= 0)
        {
            Values(normalised, weight, unplaced, n, d, value);
            Array.Sort(unplaced, byValue);
        }

        var left = n;
        var bin = -1;
        while (left > 0)
        {
            bin++;
            Array.Clear(load);
            if (dynamicPower > 0)
            {
                PackingMeasures.DynamicWeights(normalised, unplaced, left, dynamicPower, weight);

                Values(normalised, weight, unplaced, left, d, value);
                Array.Sort(unplaced, 0, left, comparer);
            }

            // The bin opens with the largest unplaced item (every item fits an empty bin).
            Place(unplaced[0]);
            while (true)
            {
                // Drop the placed items from the sorted list and gather the ones that still fit alone, in value order.
                var kept = 0;
                var count = 0;
                for (var u = 0; u < left; u++)
                {
                    var item = unplaced[u];
                    if (placed[item])
                    {
                        continue;
                    }

                    unplaced[kept++] = item;
                    if (FitsAlone(sizes, capacity, load, item))
                    {
                        candidates[count++] = item;
                    }
                }

                left = kept;
                if (count == 0)
                {
                    break;
                }

                var first = -1;
                var second = -1;
                var bestFill = double.NegativeInfinity;
                var checks = 0;

                // A pair that fits adds at most the room left, weighted like the values: Σ w·(C − load)/C (with a
                // little slack for rounding). The candidates are sorted by decreasing value, so each item's partners
                // start at the first one small enough, found by binary search.
                var roomValue = 0.0;
                for (var k = 0; k < d; k++)
                {
                    roomValue += weight[k] * (capacity[k] - load[k]) / capacity[k];
                }

                var limit = roomValue + (1e-9 * (1.0 + Math.Abs(roomValue)));
                for (var a = 0; a + 1 < count && checks < MaxFitChecksPerStep; a++)
                {
                    var va = value[candidates[a]];
                    if (va + value[candidates[a + 1]] <= bestFill)
                    {
                        break;
                    }

                    var exact = false;
                    for (var b = FirstAtMost(value, candidates, a + 1, count, limit - va); b < count; b++)
                    {
                        var fill = va + value[candidates[b]];
                        if (fill <= bestFill || ++checks > MaxFitChecksPerStep)
                        {
                            break;
                        }

                        var fit = FitsPair(sizes, capacity, load, candidates[a], candidates[b]);
                        if (fit != PairFit.None)
                        {
                            first = candidates[a];
                            second = candidates[b];
                            bestFill = fill;
                            exact = fit == PairFit.Exact;
                            break;
                        }
                    }

                    if (exact)
                    {
                        break;
                    }
                }

                if (first < 0)
                {
                    Place(candidates[0]);
                }
                else
                {
                    Place(first);
                    Place(second);
                }
            }

            // The loop ends with the list compacted: left counts the items still unplaced.
        }

        return new PackingPlan(instance, assignment);

        void Place(int item)
        {
            placed[item] = true;
            assignment[item] = bin;
            for (var k = 0; k < load.Length; k++)
            {
                load[k] += instance.Sizes[item * load.Length + k];
            }
        }
    }

    private enum PairFit
    {
        None,
        Fits,
        Exact,
    }

    /// <summary>The first position in [<paramref name="from"/>, <paramref name="to"/>) whose item's value is at most <paramref name="bound"/> (values decrease along <paramref name="items"/>); <paramref name="to"/> if none.</summary>
    private static int FirstAtMost(double[] value, int[] items, int from, int to, double bound)
    {
        while (from < to)
        {
            var middle = from + ((to - from) >> 1);
            if (value[items[middle]] <= bound)
            {
                to = middle;
            }
            else
            {
                from = middle + 1;
            }
        }

        return from;
    }

    private static void Values(double[] normalised, double[] weight, int[] items, int count, int d, double[] value)
    {
        for (var u = 0; u < count; u++)
        {
            var item = items[u];
            var v = 0.0;
            for (var k = 0; k < d; k++)
            {
                v += weight[k] * normalised[item * d + k];
            }

            value[item] = v;
        }
    }

    private static bool FitsAlone(ReadOnlySpan<long> sizes, ReadOnlySpan<long> capacity, long[] load, int item)
    {
        var d = capacity.Length;
        for (var k = 0; k < d; k++)
        {
            if (load[k] + sizes[item * d + k] > capacity[k])
            {
                return false;
            }
        }

        return true;
    }

    private static PairFit FitsPair(ReadOnlySpan<long> sizes, ReadOnlySpan<long> capacity, long[] load, int a, int b)
    {
        var d = capacity.Length;
        var exact = true;
        for (var k = 0; k < d; k++)
        {
            var total = load[k] + sizes[a * d + k] + sizes[b * d + k];
            if (total > capacity[k])
            {
                return PairFit.None;
            }

            exact &= total == capacity[k];
        }

        return exact ? PairFit.Exact : PairFit.Fits;
    }
}
