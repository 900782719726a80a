using System;

namespace ContainerScheduling;

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
