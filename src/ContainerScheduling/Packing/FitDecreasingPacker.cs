using System;

namespace ContainerScheduling;

/// <summary>Which open bin an item goes to in a fit-decreasing packer.</summary>
internal enum FitRule
{
    /// <summary>The first bin (lowest number) it fits.</summary>
    First,

    /// <summary>The bin it leaves the least normalised room in (Σ (C − load − s)/C smallest).</summary>
    Best,

    /// <summary>The bin it leaves the most normalised room in: spreads over every open bin (a multi-bin method).</summary>
    Worst,
}

/// <summary>
/// Item-centric packing: items sorted by a decreasing size measure, each put in an open bin chosen by a
/// <see cref="FitRule"/>, a new bin opened when none fits.
/// </summary>
internal sealed class FitDecreasingPacker(string name, SizeMeasure measure, FitRule rule) : IBatchPacker
{
    public string Name { get; } = name;

    public PackingPlan Pack(PackingInstance instance)
    {
        ArgumentNullException.ThrowIfNull(instance);
        var n = instance.ItemCount;
        var d = instance.Dimensions;
        var sizes = instance.Sizes;
        var capacity = instance.Capacity;
        var reciprocal = new double[d];
        for (var k = 0; k < d; k++)
        {
            reciprocal[k] = 1.0 / capacity[k];
        }

        var order = PackingMeasures.DecreasingOrder(PackingMeasures.Measure(instance, measure));
        var load = new long[Math.Max(n, 1) * d];
        var assignment = new int[n];
        var bins = 0;
        foreach (var item in order)
        {
            var chosen = -1;
            var chosenRoom = 0.0;
            for (var b = 0; b < bins; b++)
            {
                if (!PackingMeasures.Fits(sizes, capacity, load, b, item))
                {
                    continue;
                }

                if (rule == FitRule.First)
                {
                    chosen = b;
                    break;
                }

                var room = 0.0;
                for (var k = 0; k < d; k++)
                {
                    room += (capacity[k] - load[b * d + k] - sizes[item * d + k]) * reciprocal[k];
                }

                if (chosen < 0 || (rule == FitRule.Best ? room < chosenRoom : room > chosenRoom))
                {
                    chosen = b;
                    chosenRoom = room;
                }
            }

            if (chosen < 0)
            {
                chosen = bins++;
            }

            PackingMeasures.Add(sizes, load, d, chosen, item, 1);
            assignment[item] = chosen;
        }

        return new PackingPlan(instance, assignment);
    }
}
