using System;
using System.Collections.Generic;

namespace ContainerScheduling;

/// <summary>
/// The built-in GPU placement policies: the six of the FGD paper (Weng et al., USENIX ATC'23) with its whole-number
/// 0..100 scores and in-node GPU choices, and this library's own <see cref="CpuAwareFgd"/>.
/// </summary>
public static class GpuPlacementStrategies
{
    /// <summary>The name of <see cref="Random"/>.</summary>
    public const string RandomName = "random";

    /// <summary>The name of <see cref="DotProduct"/>.</summary>
    public const string DotProductName = "dotprod";

    /// <summary>The name of <see cref="Clustering"/>.</summary>
    public const string ClusteringName = "clustering";

    /// <summary>The name of <see cref="Packing"/>.</summary>
    public const string PackingName = "packing";

    /// <summary>The name of <see cref="BestFit"/>.</summary>
    public const string BestFitName = "bestfit";

    /// <summary>The name of <see cref="Fgd"/>.</summary>
    public const string FgdName = "fgd";

    /// <summary>The name of <see cref="CpuAwareFgd"/>.</summary>
    public const string CpuAwareFgdName = "fgd-cpu";

    /// <summary>The name of the policy to use when none is chosen (<c>csched simulate</c>'s default): this library's own.</summary>
    public const string DefaultName = CpuAwareFgdName;

    /// <summary>Gets the names of the six published policies, in the paper's order.</summary>
    public static IReadOnlyList<string> PublishedNames { get; } = [RandomName, DotProductName, ClusteringName, PackingName, BestFitName, FgdName];

    /// <summary>Gets every built-in name: the published six, then ours.</summary>
    public static IReadOnlyList<string> Names { get; } = [.. PublishedNames, CpuAwareFgdName];

    /// <summary>Random: one feasible node chosen uniformly, and a random GPU that fits.</summary>
    /// <param name="seed">The seed of its random choices.</param>
    /// <returns>The strategy.</returns>
    public static IGpuPlacementStrategy Random(int seed) => new RandomGpuStrategy(seed);

    /// <summary>DotProd: the node whose free (CPU, GPU) vector has the smallest dot product with the request.</summary>
    /// <returns>The strategy.</returns>
    public static IGpuPlacementStrategy DotProduct() => new DotProductGpuStrategy();

    /// <summary>GpuClustering: GPU tasks gather with tasks of their kind (a share of one GPU, or k whole GPUs).</summary>
    /// <returns>The strategy.</returns>
    public static IGpuPlacementStrategy Clustering() => new ClusteringGpuStrategy();

    /// <summary>GpuPacking: partly used GPUs first, then idle GPUs of busy nodes, then idle nodes with few GPUs.</summary>
    /// <returns>The strategy.</returns>
    public static IGpuPlacementStrategy Packing() => new PackingGpuStrategy();

    /// <summary>The paper's BestFit: the least free CPU and GPU left after placing, rescaled 0..100 over the feasible nodes.</summary>
    /// <returns>The strategy.</returns>
    public static IGpuPlacementStrategy BestFit() => new BestFitGpuStrategy();

    /// <summary>FGD: the node (and GPU) whose fragmentation falls most, as 100 · sigmoid(Δ / 1000) in whole numbers.</summary>
    /// <returns>The strategy; the cluster must keep a <see cref="GpuFragmentationModel"/>.</returns>
    public static IGpuPlacementStrategy Fgd() => new FgdGpuStrategy();

    /// <summary>
    /// This library's policy, <c>fgd-cpu</c>: fragmentation gradient descent on a CPU-aware measure. F*(n) adds two
    /// terms to the paper's fragment, and a share's score a third:
    /// <list type="bullet">
    /// <item><description>at a tenth of its weight, the GPU capacity each typical shape could use but the node's free
    /// CPU cannot feed;</description></item>
    /// <item><description>the idle GPU that the node's free CPU cannot feed at the workload's average CPU per
    /// GPU;</description></item>
    /// <item><description>for a share, 20 times the rise of the chosen GPU's reachable waste: the least it must leave
    /// idle if shares fill it, plus a wait cost per share used that grows as the share gets rarer.</description></item>
    /// </list>
    /// Nodes are scored in steps of 10 milli-GPU.
    /// It leaves fewer GPUs unallocated than FGD on all five shared workloads (the README has the table). It looks
    /// ahead to GPUs stranded by spent CPU, which the paper's measure notices only once a shape no longer fits, and to
    /// remainders that frequent shares cannot fill, which the paper's measure counts only once they are left.
    /// </summary>
    /// <returns>The strategy; the cluster must keep a <see cref="GpuFragmentationModel"/>.</returns>
    public static IGpuPlacementStrategy CpuAwareFgd() => new CpuAwareFgdGpuStrategy();

    /// <summary>Creates a built-in strategy by name.</summary>
    /// <param name="name">One of <see cref="Names"/>.</param>
    /// <param name="seed">The seed for strategies with random choices (<see cref="Random"/>); the others ignore it.</param>
    /// <returns>A new strategy.</returns>
    /// <exception cref="ArgumentException">The name is not a built-in strategy.</exception>
    public static IGpuPlacementStrategy Create(string name, int seed = 0)
    {
        ArgumentNullException.ThrowIfNull(name);
        return name switch
        {
            RandomName => Random(seed),
            DotProductName => DotProduct(),
            ClusteringName => Clustering(),
            PackingName => Packing(),
            BestFitName => BestFit(),
            FgdName => Fgd(),
            CpuAwareFgdName => CpuAwareFgd(),
            _ => throw new ArgumentException($"Unknown GPU placement strategy '{name}'; expected one of {string.Join(", ", Names)}.", nameof(name)),
        };
    }
}
