using System;

namespace ContainerScheduling;

/// <summary>
/// The paper's BestFit: s = 0.5 · (c − cr)/128000 + 0.5 · (G − gr)/8000, score (int)(100 · (1 − s)), then rescaled
/// to 0..100 over the feasible nodes: (score − min) · 100 / (max − min), in whole numbers (all 0 when max = min).
/// </summary>
internal sealed class BestFitGpuStrategy : IGpuPlacementStrategy
{
    public string Name => GpuPlacementStrategies.BestFitName;

    public void Score(GpuCluster cluster, in GpuDemand demand, ReadOnlySpan<int> candidates, Span<long> scores)
    {
        var cpu = cluster.CpuFreeColumn;
        var gpu = cluster.GpuFreeTotalColumn;
        long min = long.MaxValue, max = long.MinValue;
        for (var i = 0; i < candidates.Length; i++)
        {
            var n = candidates[i];
            var s = 0.5 * (cpu[n] - demand.CpuMilli) / PublishedScale.CpuMilli + 0.5 * (gpu[n] - demand.TotalGpuMilli) / PublishedScale.GpuMilli;
            var score = (long)(100 * (1 - s));
            scores[i] = score;
            min = Math.Min(min, score);
            max = Math.Max(max, score);
        }

        if (max == min)
        {
            // A zero range cannot be stretched to 0..100: like the published normaliser, every node gets the minimum.
            scores[..candidates.Length].Clear();
            return;
        }

        for (var i = 0; i < candidates.Length; i++)
        {
            scores[i] = (scores[i] - min) * 100 / (max - min);
        }
    }

    public ulong SelectGpus(GpuCluster cluster, int node, in GpuDemand demand) => GpuChoice.Tightest(cluster, node, demand);
}
