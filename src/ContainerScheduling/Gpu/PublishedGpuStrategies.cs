using System;

namespace ContainerScheduling;

/// <summary>The normalisers of the published scores: 128 cores and 8 GPUs, the largest node of the trace.</summary>
internal static class PublishedScale
{
    public const double CpuMilli = 128_000;
    public const double GpuMilli = 8_000;
}

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

/// <summary>
/// GpuClustering: tasks without GPU score 0; a GPU task scores 25 · (8000 − G) / 8000, plus 75 when the node holds
/// only tasks of its kind, 50 when it holds its kind and others, 25 when it holds no GPU task, 0 otherwise.
/// </summary>
internal sealed class ClusteringGpuStrategy : IGpuPlacementStrategy
{
    public string Name => GpuPlacementStrategies.ClusteringName;

    public void Score(GpuCluster cluster, in GpuDemand demand, ReadOnlySpan<int> candidates, Span<long> scores)
    {
        if (demand.GpuCount == 0)
        {
            scores[..candidates.Length].Clear();
            return;
        }

        var gpu = cluster.GpuFreeTotalColumn;
        var kind = demand.Kind;
        for (var i = 0; i < candidates.Length; i++)
        {
            var n = candidates[i];
            var baseScore = 25 * ((long)PublishedScale.GpuMilli - gpu[n]) / (long)PublishedScale.GpuMilli;
            var same = cluster.TasksOfKind(n, kind);
            var gpuTasks = cluster.TaskCount(n) - cluster.TasksOfKind(n, -1);
            var bonus = gpuTasks == 0 ? 25 : same == gpuTasks ? 75 : same > 0 ? 50 : 0;
            scores[i] = baseScore + bonus;
        }
    }

    public ulong SelectGpus(GpuCluster cluster, int node, in GpuDemand demand) => GpuChoice.Tightest(cluster, node, demand);
}

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
