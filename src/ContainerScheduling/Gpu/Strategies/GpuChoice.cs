using System;

namespace ContainerScheduling;

/// <summary>The in-node GPU choices the published policies share.</summary>
public static class GpuChoice
{
    /// <summary>
    /// The paper's "best" choice: a share of one GPU goes to the fitting GPU with the least free milli (ties: the
    /// lowest index); whole GPUs are the lowest-index wholly free ones.
    /// </summary>
    /// <param name="cluster">The cluster.</param>
    /// <param name="node">The node, which must fit the demand.</param>
    /// <param name="demand">The demand.</param>
    /// <returns>The GPU mask; 0 for a demand without GPU or when the node cannot serve it.</returns>
    public static ulong Tightest(GpuCluster cluster, int node, in GpuDemand demand)
    {
        ArgumentNullException.ThrowIfNull(cluster);
        var row = cluster.GetGpuFree(node);
        if (demand.GpuCount == 0)
        {
            return 0;
        }

        if (demand.IsSharing)
        {
            var best = -1;
            for (var i = 0; i < row.Length; i++)
            {
                if (row[i] >= demand.GpuMilli && (best < 0 || row[i] < row[best]))
                {
                    best = i;
                }
            }

            return best < 0 ? 0 : 1UL << best;
        }

        return LowestWhollyFree(row, demand.GpuCount);
    }

    /// <summary>The lowest-index <paramref name="count"/> wholly free GPUs of a row, or 0 when there are fewer.</summary>
    /// <param name="row">Free milli-GPU per GPU.</param>
    /// <param name="count">How many.</param>
    /// <returns>The mask.</returns>
    public static ulong LowestWhollyFree(ReadOnlySpan<int> row, int count)
    {
        var mask = 0UL;
        var taken = 0;
        for (var i = 0; i < row.Length && taken < count; i++)
        {
            if (row[i] == GpuCluster.MilliPerGpu)
            {
                mask |= 1UL << i;
                taken++;
            }
        }

        return taken == count ? mask : 0;
    }
}
