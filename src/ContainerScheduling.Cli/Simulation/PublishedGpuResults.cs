using System;
using System.Collections.Generic;
using System.IO;
using System.Text.RegularExpressions;

namespace ContainerScheduling.Cli.Simulation;

/// <summary>
/// The headline numbers of the FGD paper — Weng et al., "Beware of Fragmentation: Scheduling GPU-Sharing Workloads
/// with Fragmentation Gradient Descent", USENIX ATC'23 — for its five workloads of the Alibaba
/// <c>cluster-trace-gpu-v2023</c>: the unallocated GPU % when arrivals reach 100% of capacity, mean of seeds 42..51,
/// on the 1213 GPU nodes of <c>openb_node_list_gpu_node.csv</c>. <c>csched simulate</c> prints ours beside them.
/// </summary>
internal static partial class PublishedGpuResults
{
    /// <summary>The node file the published runs used.</summary>
    public const string NodeFileName = "openb_node_list_gpu_node.csv";

    // Policy order: random, dotprod, clustering, packing, bestfit, fgd (GpuPlacementStrategies.PublishedNames).
    private static readonly Dictionary<string, double[]> UnallocatedAt100 = new(StringComparer.Ordinal)
    {
        ["default"] = [13.70, 9.38, 8.35, 8.22, 7.14, 4.77],
        ["gpushare40"] = [15.14, 10.70, 10.24, 10.23, 8.56, 6.04],
        ["gpuspec10"] = [13.74, 9.83, 8.04, 7.76, 6.90, 5.34],
        ["multigpu20"] = [13.08, 8.15, 6.66, 6.50, 6.27, 4.47],
        ["cpu050"] = [10.98, 6.97, 6.48, 6.54, 6.44, 5.00],
    };

    /// <summary>Gets the published workload a task file holds, judged by its name (<c>openb_pod_list_&lt;workload&gt;.csv</c>), or null.</summary>
    /// <param name="tasksPath">The task file.</param>
    /// <returns><c>default</c>, <c>gpushare40</c>, <c>gpuspec10</c>, <c>multigpu20</c>, <c>cpu050</c>, or null.</returns>
    public static string? WorkloadOf(string tasksPath)
    {
        var match = PublishedFileName().Match(Path.GetFileName(tasksPath));
        return match.Success && UnallocatedAt100.ContainsKey(match.Groups[1].Value) ? match.Groups[1].Value : null;
    }

    /// <summary>Gets the published unallocated GPU % at 100% arrival of a policy on a workload, or null when the paper has none.</summary>
    /// <param name="workload">A workload name from <see cref="WorkloadOf"/>.</param>
    /// <param name="policy">A policy name.</param>
    /// <returns>The mean over the paper's ten seeds, or null.</returns>
    public static double? UnallocatedGpuPctAtArrival100(string? workload, string policy)
    {
        if (workload is null || !UnallocatedAt100.TryGetValue(workload, out var values))
        {
            return null;
        }

        for (var i = 0; i < GpuPlacementStrategies.PublishedNames.Count; i++)
        {
            if (string.Equals(GpuPlacementStrategies.PublishedNames[i], policy, StringComparison.Ordinal))
            {
                return values[i];
            }
        }

        return null;
    }

    [GeneratedRegex(@"^openb_pod_list_([a-z0-9]+)\.csv$", RegexOptions.CultureInvariant)]
    private static partial Regex PublishedFileName();
}
