using System;

namespace ContainerScheduling;

/// <summary>Random: one feasible node chosen uniformly, and a random GPU that fits. Seeded.</summary>
internal sealed class RandomGpuStrategy(int seed) : IGpuPlacementStrategy
{
    private readonly Random _random = new(seed);

    public string Name => GpuPlacementStrategies.RandomName;

    public void Score(GpuCluster cluster, in GpuDemand demand, ReadOnlySpan<int> candidates, Span<long> scores)
    {
        scores[..candidates.Length].Clear();
        scores[_random.Next(candidates.Length)] = 1;
    }

    public ulong SelectGpus(GpuCluster cluster, int node, in GpuDemand demand)
    {
        if (demand.GpuCount == 0)
        {
            return 0;
        }

        // Reservoir-free: count the fitting GPUs, then draw `GpuCount` of them without replacement.
        var row = cluster.GetGpuFree(node);
        Span<int> fitting = stackalloc int[row.Length];
        var n = 0;
        for (var i = 0; i < row.Length; i++)
        {
            if (row[i] >= demand.GpuMilli)
            {
                fitting[n++] = i;
            }
        }

        var mask = 0UL;
        for (var taken = 0; taken < demand.GpuCount && n > 0; taken++)
        {
            var pick = _random.Next(n);
            mask |= 1UL << fitting[pick];
            fitting[pick] = fitting[--n];
        }

        return mask;
    }
}
