using System;
using System.Collections.Generic;

namespace ContainerScheduling.Cli.BinPacking;

/// <summary>
/// The planners <c>csched binpack</c> offers. Until the core's batch planners land, only a first-fit-decreasing
/// fallback (by the sum over dimensions of size / capacity) so that the reader, the JSON and the report can be built
/// and tested.
/// </summary>
internal static class BinpackPlanners
{
    /// <summary>The fallback's name.</summary>
    public const string DefaultName = "ffd-sum";

    /// <summary>The names <c>--strategy</c> takes.</summary>
    public static IReadOnlyList<string> Names { get; } = [DefaultName];

    /// <summary>Packs an instance with the named planner.</summary>
    public static PackingPlan Pack(string name, PackingInstance instance)
    {
        ArgumentNullException.ThrowIfNull(instance);
        if (!string.Equals(name, DefaultName, StringComparison.Ordinal))
        {
            throw new ArgumentException($"Unknown planner '{name}'.", nameof(name));
        }

        var n = instance.ItemCount;
        var d = instance.Dimensions;
        var sizes = instance.Sizes;
        var capacity = instance.Capacity;
        var keys = new double[n];
        var order = new int[n];
        for (var i = 0; i < n; i++)
        {
            order[i] = i;
            for (var k = 0; k < d; k++)
            {
                keys[i] -= (double)sizes[i * d + k] / capacity[k];
            }
        }

        Array.Sort(keys, order);
        var loads = new List<long[]>();
        var assignment = new int[n];
        foreach (var item in order)
        {
            var bin = 0;
            for (; bin < loads.Count; bin++)
            {
                if (Fits(loads[bin], sizes.Slice(item * d, d), capacity))
                {
                    break;
                }
            }

            if (bin == loads.Count)
            {
                loads.Add(new long[d]);
            }

            for (var k = 0; k < d; k++)
            {
                loads[bin][k] += sizes[item * d + k];
            }

            assignment[item] = bin;
        }

        return new PackingPlan(instance, assignment);
    }

    private static bool Fits(long[] load, ReadOnlySpan<long> size, ReadOnlySpan<long> capacity)
    {
        for (var k = 0; k < load.Length; k++)
        {
            if (load[k] + size[k] > capacity[k])
            {
                return false;
            }
        }

        return true;
    }
}
