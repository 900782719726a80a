using System;

namespace ContainerScheduling;

/// <summary>How an item's size vector is reduced to one number to sort items by (each dimension normalised by its capacity).</summary>
internal enum SizeMeasure
{
    /// <summary>Σ s/C.</summary>
    Sum,

    /// <summary>max s/C.</summary>
    Max,

    /// <summary>√Σ (s/C)².</summary>
    L2,

    /// <summary>Π s/C.</summary>
    Product,

    /// <summary>Σ a·s/C, each dimension weighted by its scarcity a: the instance's total demand in it over the capacity.</summary>
    Weighted,
}

/// <summary>Shared arithmetic of the packers: normalised sizes, measures, fit tests.</summary>
internal static class PackingMeasures
{
    /// <summary>Each item's sizes divided by the capacities, row-major like <see cref="PackingInstance.Sizes"/>.</summary>
    public static double[] Normalised(PackingInstance instance)
    {
        var d = instance.Dimensions;
        var sizes = instance.Sizes;
        var capacity = instance.Capacity;
        var result = new double[sizes.Length];
        for (var i = 0; i < sizes.Length; i++)
        {
            result[i] = (double)sizes[i] / capacity[i % d];
        }

        return result;
    }

    /// <summary>The measure of every item.</summary>
    public static double[] Measure(PackingInstance instance, SizeMeasure measure)
    {
        var d = instance.Dimensions;
        var n = instance.ItemCount;
        var normalised = Normalised(instance);
        var scarcity = Scarcity(instance);
        var result = new double[n];
        for (var i = 0; i < n; i++)
        {
            double value = measure switch
            {
                SizeMeasure.Max => 0,
                SizeMeasure.Product => 1,
                _ => 0,
            };
            for (var k = 0; k < d; k++)
            {
                var x = normalised[i * d + k];
                value = measure switch
                {
                    SizeMeasure.Sum => value + x,
                    SizeMeasure.Max => Math.Max(value, x),
                    SizeMeasure.L2 => value + x * x,
                    SizeMeasure.Weighted => value + scarcity[k] * x,
                    _ => value * x,
                };
            }

            result[i] = measure == SizeMeasure.L2 ? Math.Sqrt(value) : value;
        }

        return result;
    }

    /// <summary>Per dimension, the instance's total demand over the capacity (how many bins the dimension alone fills).</summary>
    public static double[] Scarcity(PackingInstance instance)
    {
        var d = instance.Dimensions;
        var sizes = instance.Sizes;
        var result = new double[d];
        for (var i = 0; i < sizes.Length; i++)
        {
            result[i % d] += sizes[i];
        }

        for (var k = 0; k < d; k++)
        {
            result[k] /= instance.Capacity[k];
        }

        return result;
    }

    /// <summary>
    /// The dynamic scarcity weights into <paramref name="weight"/>: per dimension, the total normalised size of the first
    /// <paramref name="left"/> items of <paramref name="unplaced"/>, raised to <paramref name="power"/>.
    /// </summary>
    public static void DynamicWeights(double[] normalised, int[] unplaced, int left, int power, double[] weight)
    {
        var d = weight.Length;
        Array.Clear(weight);
        for (var u = 0; u < left; u++)
        {
            for (var k = 0; k < d; k++)
            {
                weight[k] += normalised[unplaced[u] * d + k];
            }
        }

        for (var k = 0; k < d; k++)
        {
            weight[k] = Math.Pow(weight[k], power);
        }
    }

    /// <summary>Item indices sorted by decreasing key, ties by increasing index (deterministic).</summary>
    public static int[] DecreasingOrder(double[] key)
    {
        var order = new int[key.Length];
        for (var i = 0; i < order.Length; i++)
        {
            order[i] = i;
        }

        Array.Sort(order, (a, b) =>
        {
            var c = key[b].CompareTo(key[a]);
            return c != 0 ? c : a.CompareTo(b);
        });
        return order;
    }

    /// <summary>Whether item <paramref name="item"/> fits a bin whose load starts at <paramref name="load"/>[bin·d].</summary>
    public static bool Fits(ReadOnlySpan<long> sizes, ReadOnlySpan<long> capacity, long[] load, int bin, int item)
    {
        var d = capacity.Length;
        var l = bin * d;
        var s = item * d;
        for (var k = 0; k < d; k++)
        {
            if (load[l + k] + sizes[s + k] > capacity[k])
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>Adds (sign 1) or removes (sign −1) an item's sizes to a bin's load.</summary>
    public static void Add(ReadOnlySpan<long> sizes, long[] load, int d, int bin, int item, long sign)
    {
        var l = bin * d;
        var s = item * d;
        for (var k = 0; k < d; k++)
        {
            load[l + k] += sign * sizes[s + k];
        }
    }
}
