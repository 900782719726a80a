using System;

namespace ContainerScheduling;

/// <summary>
/// Bin-centric packing (Panigrahy et al.): one bin open at a time, repeatedly given the fitting item that scores best
/// against the bin's remaining capacity, the next bin opened when nothing fits. Dot product: the largest
/// Σ (s/C)·(r/C); norm: the smallest Σ ((r − s)/C)², the room left after it. Weighted: each dimension's term
/// multiplied by its scarcity (<see cref="PackingMeasures.Scarcity"/>), so the scarce dimensions are packed first;
/// dynamic: by the scarcity of the items still unplaced, recomputed at each new bin, raised to
/// <paramref name="dynamicPower"/>. A power above 1 leans harder on the scarcest dimension: with 8 the bin is packed
/// almost lexicographically by what the remaining items need most.
/// </summary>
internal sealed class BinCentricPacker(string name, bool dotProduct, bool weighted = false, bool dynamic = false, int dynamicPower = 1) : IBatchPacker
{
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
        var scarcity = PackingMeasures.Scarcity(instance);
        for (var k = 0; k < d; k++)
        {
            weight[k] = weighted ? scarcity[k] : 1.0;
        }

        var unplaced = new int[n];
        for (var i = 0; i < n; i++)
        {
            unplaced[i] = i;
        }

        var left = n;
        var assignment = new int[n];
        var load = new long[d];
        var room = new double[d];
        var bin = -1;
        while (left > 0)
        {
            bin++;
            Array.Clear(load);
            if (dynamic)
            {
                PackingMeasures.DynamicWeights(normalised, unplaced, left, dynamicPower, weight);
            }

            while (true)
            {
                for (var k = 0; k < d; k++)
                {
                    room[k] = (double)(capacity[k] - load[k]) / capacity[k];
                }

                var best = -1;
                var bestScore = double.NegativeInfinity;
                for (var u = 0; u < left; u++)
                {
                    var item = unplaced[u];
                    var score = 0.0;
                    var fits = true;
                    for (var k = 0; k < d; k++)
                    {
                        if (load[k] + sizes[item * d + k] > capacity[k])
                        {
                            fits = false;
                            break;
                        }

                        var s = normalised[item * d + k];
                        score += weight[k] * (dotProduct ? s * room[k] : -(room[k] - s) * (room[k] - s));
                    }

                    // Ties go to the lowest item index, whatever the order of the unplaced list.
                    if (fits && (score > bestScore || (score == bestScore && item < unplaced[best])))
                    {
                        best = u;
                        bestScore = score;
                    }
                }

                if (best < 0)
                {
                    break;
                }

                var chosen = unplaced[best];
                assignment[chosen] = bin;
                for (var k = 0; k < d; k++)
                {
                    load[k] += sizes[chosen * d + k];
                }

                unplaced[best] = unplaced[--left];
            }
        }

        return new PackingPlan(instance, assignment);
    }
}
