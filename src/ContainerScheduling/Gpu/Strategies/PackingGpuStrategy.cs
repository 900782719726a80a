using System;

namespace ContainerScheduling;

/// <summary>
/// GpuPacking: tasks without GPU score 0. A node with all GPUs free scores max(33 − #GPUs, #GPUs); otherwise the
/// fitting GPUs are picked in ascending free order: if a picked GPU is wholly free, max(50 − #wholly free picked,
/// 33); else max(100 − Σ picked (free · 100 / 1000) / 10, 50).
/// </summary>
internal sealed class PackingGpuStrategy : IGpuPlacementStrategy
{
    public string Name => GpuPlacementStrategies.PackingName;

    public void Score(GpuCluster cluster, in GpuDemand demand, ReadOnlySpan<int> candidates, Span<long> scores)
    {
        if (demand.GpuCount == 0)
        {
            scores[..candidates.Length].Clear();
            return;
        }

        var counts = cluster.GpuCountColumn;
        var whole = cluster.WholeFreeGpusColumn;
        for (var i = 0; i < candidates.Length; i++)
        {
            var n = candidates[i];
            if (whole[n] == counts[n])
            {
                scores[i] = Math.Max(33 - counts[n], counts[n]);
                continue;
            }

            var row = cluster.GetGpuFree(n);
            var picked = GpuChoice.Tightest(cluster, n, demand);
            int wholePicked = 0, percentSum = 0;
            for (var mask = picked; mask != 0; mask &= mask - 1)
            {
                var free = row[System.Numerics.BitOperations.TrailingZeroCount(mask)];
                wholePicked += free == GpuCluster.MilliPerGpu ? 1 : 0;
                percentSum += free * 100 / GpuCluster.MilliPerGpu;
            }

            scores[i] = wholePicked > 0 ? Math.Max(50 - wholePicked, 33) : Math.Max(100 - percentSum / 10, 50);
        }
    }

    public ulong SelectGpus(GpuCluster cluster, int node, in GpuDemand demand) => GpuChoice.Tightest(cluster, node, demand);
}
