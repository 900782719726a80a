using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using FsCheck;
using FsCheck.Fluent;

namespace ContainerScheduling.Tests.Packing;

/// <summary>A small random instance, printed with its sizes so a shrunk counterexample can be read.</summary>
internal sealed record SmallInstance(PackingInstance Instance)
{
    public override string ToString()
    {
        var d = Instance.Dimensions;
        var items = Enumerable.Range(0, Instance.ItemCount).Select(i => "(" + string.Join(",", Instance.Item(i).ToArray()) + ")");
        return $"capacity ({string.Join(",", Instance.Capacity.ToArray())}), {d}-d items {string.Join(" ", items)}";
    }
}

/// <summary>
/// FsCheck generators of small packing instances: 1..4 dimensions (or exactly one), 1..12 items, capacities 5..20,
/// sizes 0..capacity, mostly between a fifth and two thirds of it so that bins hold two to four items.
/// </summary>
internal static class PackingGenerators
{
    public static Gen<SmallInstance> Instances(int maxItems, int minDims, int maxDims) =>
        from d in Gen.Choose(minDims, maxDims)
        from n in Gen.Choose(1, maxItems)
        from capacity in Gen.ArrayOf(Gen.Choose(5, 20), d)
        from fractions in Gen.ArrayOf(Gen.Frequency((1, Gen.Choose(0, 1000)), (4, Gen.Choose(200, 670))), n * d)
        select Build(capacity, fractions);

    public static Arbitrary<SmallInstance> Arb(int maxItems, int minDims = 1, int maxDims = 4) =>
        FsCheck.Fluent.Arb.From(Instances(maxItems, minDims, maxDims), Shrink);

    /// <summary>Drops one item at a time (the last first).</summary>
    public static IEnumerable<SmallInstance> Shrink(SmallInstance small)
    {
        var instance = small.Instance;
        var d = instance.Dimensions;
        var sizes = instance.Sizes.ToArray();
        for (var drop = instance.ItemCount - 1; drop >= 0 && instance.ItemCount > 1; drop--)
        {
            var kept = sizes.Take(drop * d).Concat(sizes.Skip((drop + 1) * d)).ToArray();
            yield return new SmallInstance(new PackingInstance(instance.Name, instance.Capacity.ToArray(), kept));
        }
    }

    private static SmallInstance Build(int[] capacity, int[] fractions)
    {
        var d = capacity.Length;
        var sizes = new long[fractions.Length];
        for (var i = 0; i < sizes.Length; i++)
        {
            sizes[i] = (long)Math.Round(fractions[i] / 1000.0 * capacity[i % d]);
        }

        return new SmallInstance(new PackingInstance($"random-{fractions.Length / d}x{d.ToString(CultureInfo.InvariantCulture)}", capacity.Select(c => (long)c).ToArray(), sizes));
    }

    /// <summary>The optimum by brute force over every set partition (restricted growth strings): for up to about 9 items.</summary>
    public static int BruteForceOptimum(PackingInstance instance)
    {
        var n = instance.ItemCount;
        var d = instance.Dimensions;
        var load = new long[n * d];
        var best = n;
        void Place(int item, int bins)
        {
            if (bins >= best)
            {
                return;
            }

            if (item == n)
            {
                best = bins;
                return;
            }

            var size = instance.Item(item);
            for (var b = 0; b <= bins && b < n; b++)
            {
                var fits = true;
                for (var k = 0; k < d && fits; k++)
                {
                    fits = load[b * d + k] + size[k] <= instance.Capacity[k];
                }

                if (!fits)
                {
                    continue;
                }

                for (var k = 0; k < d; k++)
                {
                    load[b * d + k] += size[k];
                }

                Place(item + 1, Math.Max(bins, b + 1));
                for (var k = 0; k < d; k++)
                {
                    load[b * d + k] -= size[k];
                }
            }
        }

        Place(0, 0);
        return best;
    }
}
