using System;

namespace ContainerScheduling;

/// <summary>Lower bounds on the number of bins an instance needs.</summary>
public static class PackingBounds
{
    /// <summary>The volume bound: max over dimensions of ⌈Σ sizes / capacity⌉ (at least 1 when there are items).</summary>
    /// <param name="instance">The instance.</param>
    /// <returns>The bound.</returns>
    public static int Volume(PackingInstance instance)
    {
        ArgumentNullException.ThrowIfNull(instance);
        var d = instance.Dimensions;
        var sizes = instance.Sizes;
        var bound = instance.ItemCount > 0 ? 1L : 0;
        for (var k = 0; k < d; k++)
        {
            long sum = 0;
            for (var i = k; i < sizes.Length; i += d)
            {
                sum += sizes[i];
            }

            bound = Math.Max(bound, (sum + instance.Capacity[k] - 1) / instance.Capacity[k]);
        }

        return (int)bound;
    }

    /// <summary>
    /// Martello and Toth's L2, per dimension, the best over dimensions. For a threshold K ≤ C/2, the items above C − K
    /// each need a bin of their own (J1); those in (C/2, C − K] too (J2), and can share it only with items below K;
    /// those in [K, C/2] (J3) fill what J2 leaves and then need ⌈(Σ J3 − (|J2|·C − Σ J2)) / C⌉ more bins.
    /// L2 = max over K (0 and every size ≤ C/2) of |J1| + |J2| + that, and never below the volume bound.
    /// </summary>
    /// <param name="instance">The instance.</param>
    /// <returns>The bound.</returns>
    public static int MartelloToth(PackingInstance instance)
    {
        ArgumentNullException.ThrowIfNull(instance);
        var d = instance.Dimensions;
        var n = instance.ItemCount;
        var sizes = instance.Sizes;
        var best = Volume(instance);
        var column = new long[n];
        for (var k = 0; k < d; k++)
        {
            var capacity = instance.Capacity[k];
            for (var i = 0; i < n; i++)
            {
                column[i] = sizes[i * d + k];
            }

            Array.Sort(column);
            foreach (var threshold in Thresholds(column, capacity))
            {
                long j1 = 0, j2 = 0, sumJ2 = 0, sumJ3 = 0;
                foreach (var w in column)
                {
                    if (w > capacity - threshold)
                    {
                        j1++;
                    }
                    else if (2 * w > capacity)
                    {
                        j2++;
                        sumJ2 += w;
                    }
                    else if (w >= threshold)
                    {
                        sumJ3 += w;
                    }
                }

                var rest = sumJ3 - (j2 * capacity - sumJ2);
                var extra = rest > 0 ? (rest + capacity - 1) / capacity : 0;
                best = Math.Max(best, (int)(j1 + j2 + extra));
            }
        }

        return best;
    }

    /// <summary>
    /// The incompatibility bound: a set J of items no two of which fit one bin together (in some dimension their sizes
    /// add up to more than the capacity) needs |J| bins; the other items then need, per dimension, ⌈(Σ their sizes −
    /// Σ over J of the room J leaves) / C⌉ more. J is built greedily (items by decreasing largest normalised size, and
    /// again by decreasing normalised sum, kept if incompatible with every item already in J); the better of the two.
    /// Strong where items are large in different dimensions (one bin each), where per-dimension bounds see little.
    /// </summary>
    /// <param name="instance">The instance.</param>
    /// <returns>The bound.</returns>
    public static int Incompatibility(PackingInstance instance)
    {
        ArgumentNullException.ThrowIfNull(instance);
        var best = instance.ItemCount > 0 ? 1 : 0;
        foreach (var measure in (SizeMeasure[])[SizeMeasure.Max, SizeMeasure.Sum])
        {
            best = Math.Max(best, IncompatibleSetBound(instance, PackingMeasures.DecreasingOrder(PackingMeasures.Measure(instance, measure))));
        }

        return best;
    }

    /// <summary>The best lower bound this library knows for the instance: the larger of <see cref="MartelloToth"/> (which includes <see cref="Volume"/>) and <see cref="Incompatibility"/>.</summary>
    /// <param name="instance">The instance.</param>
    /// <returns>The bound.</returns>
    public static int LowerBound(PackingInstance instance) => Math.Max(MartelloToth(instance), Incompatibility(instance));

    private static int IncompatibleSetBound(PackingInstance instance, int[] order)
    {
        var d = instance.Dimensions;
        var sizes = instance.Sizes;
        var capacity = instance.Capacity;
        var clique = new int[order.Length];
        var inClique = new bool[order.Length];
        var count = 0;
        foreach (var item in order)
        {
            var incompatible = true;
            for (var c = 0; c < count && incompatible; c++)
            {
                var other = clique[c];
                var clash = false;
                for (var k = 0; k < d && !clash; k++)
                {
                    clash = sizes[item * d + k] + sizes[other * d + k] > capacity[k];
                }

                incompatible = clash;
            }

            if (incompatible)
            {
                clique[count++] = item;
                inClique[item] = true;
            }
        }

        long extra = 0;
        for (var k = 0; k < d; k++)
        {
            long excess = 0;
            for (var i = 0; i < order.Length; i++)
            {
                excess += inClique[i] ? sizes[i * d + k] - capacity[k] : sizes[i * d + k];
            }

            if (excess > 0)
            {
                extra = Math.Max(extra, (excess + capacity[k] - 1) / capacity[k]);
            }
        }

        return (int)(count + extra);
    }

    private static System.Collections.Generic.IEnumerable<long> Thresholds(long[] sorted, long capacity)
    {
        yield return 0;
        long last = -1;
        foreach (var w in sorted)
        {
            if (2 * w > capacity)
            {
                yield break;
            }

            if (w != last && w > 0)
            {
                yield return w;
                last = w;
            }
        }
    }
}
