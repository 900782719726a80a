using System;

namespace ContainerScheduling;

/// <summary>DotProd: 100 · (1 − (c/128000 · cr/128000 + G/8000 · gr/8000) / 2), free amounts before placing; the tightest GPU.</summary>
internal sealed class DotProductGpuStrategy : IGpuPlacementStrategy
{
    public string Name => GpuPlacementStrategies.DotProductName;

    public void Score(GpuCluster cluster, in GpuDemand demand, ReadOnlySpan<int> candidates, Span<long> scores)
    {
        var cpu = cluster.CpuFreeColumn;
        var gpu = cluster.GpuFreeTotalColumn;
        var cr = demand.CpuMilli / PublishedScale.CpuMilli;
        var gr = demand.TotalGpuMilli / PublishedScale.GpuMilli;
        for (var i = 0; i < candidates.Length; i++)
        {
            var n = candidates[i];
            var dot = cpu[n] / PublishedScale.CpuMilli * cr + gpu[n] / PublishedScale.GpuMilli * gr;
            scores[i] = (long)(100 * (1 - dot / 2));
        }
    }

    public ulong SelectGpus(GpuCluster cluster, int node, in GpuDemand demand) => GpuChoice.Tightest(cluster, node, demand);
}
