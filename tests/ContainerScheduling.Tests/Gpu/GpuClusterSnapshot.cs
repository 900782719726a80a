using System.Globalization;
using System.Text;

namespace ContainerScheduling.Tests.Gpu;

/// <summary>
/// A canonical text of everything a <see cref="GpuCluster"/> shows: every column (the padding of the GPU rows
/// included), the task counts per kind, the fragmentation per node and in total (fixed point), and the totals.
/// Two snapshots are equal exactly when nothing observable differs. <see cref="GpuCluster.VersionColumn"/> is a
/// change counter, not state: it is in the snapshot unless <c>withVersions</c> is false.
/// </summary>
internal static class GpuClusterSnapshot
{
    public static string Take(GpuCluster cluster, bool withVersions = true)
    {
        var text = new StringBuilder();
        var c = CultureInfo.InvariantCulture;
        text.Append(c, $"nodes {cluster.NodeCount} stride {cluster.GpuStride} capacity {cluster.CapacityGpuMilli}/{cluster.CapacityCpuMilli}")
            .Append(c, $" allocated {cluster.AllocatedGpuMilli}/{cluster.AllocatedCpuMilli} fragmentation {cluster.FragmentationTotalFixed}")
            .AppendLine();
        var gpuFree = cluster.GpuFreeColumn;
        for (var n = 0; n < cluster.NodeCount; n++)
        {
            text.Append(c, $"{n} cpu {cluster.CpuFreeColumn[n]} memory {cluster.MemoryFreeColumn[n]} gpus {cluster.GpuCountColumn[n]}")
                .Append(c, $" model {cluster.ModelBitColumn[n]} total {cluster.GpuFreeTotalColumn[n]} max {cluster.MaxGpuFreeColumn[n]}")
                .Append(c, $" whole {cluster.WholeFreeGpusColumn[n]} tasks {cluster.TaskCount(n)} frag {cluster.GetFragmentation(n):R}");
            if (withVersions)
            {
                text.Append(c, $" version {cluster.VersionColumn[n]}");
            }

            text.Append(" row");
            for (var g = 0; g < cluster.GpuStride; g++)
            {
                text.Append(c, $" {gpuFree[(n * cluster.GpuStride) + g]}");
            }

            text.Append(" kinds");
            for (var kind = -1; kind <= GpuNodeSpec.MaxGpus; kind++)
            {
                var count = cluster.TasksOfKind(n, kind);
                if (count != 0)
                {
                    text.Append(c, $" {kind}:{count}");
                }
            }

            text.AppendLine();
        }

        return text.ToString();
    }
}
