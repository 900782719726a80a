using System;
using System.Numerics;

namespace ContainerScheduling;

/// <summary>
/// <c>fgd-cpu</c>, this library's policy: fragmentation gradient descent on a CPU-aware measure, at a finer
/// resolution than FGD, with a share kept on GPUs that frequent shares can still fill.
/// <list type="bullet">
/// <item><description>
/// The measure: F*(n) = Σ_m p_m · (f(n, m) + b(n, m) / 10) + s(n), and for a share also 20 times the rise of the
/// chosen GPU's reachable waste, W(free − milli) − W(free).
/// <list type="bullet">
/// <item><description>f is the paper's fragment.</description></item>
/// <item><description>b(n, m) is the GPU milli that shape m could use on n by its GPUs alone but that n's free CPU
/// cannot feed: max(0, gpuCopies − cpuCopies) · k_m · milli_m.</description></item>
/// <item><description>s(n) is the idle milli-GPU that n's free CPU cannot feed at the workload's average CPU per
/// milli-GPU: max(0, idle − cpuFree · Σp·k·milli / Σp·cpu), over the GPU shapes.</description></item>
/// <item><description>W(r) is the least milli-GPU a GPU with r free must leave idle if one-GPU shares fill it, each
/// as often as wanted, plus a wait cost for every share used: round(0.5 / p_m) milli-GPU for a shape of share p_m
/// (the expected number of tasks until it comes, times 0.5). W(r) = min(r, min_m W(r − milli_m) + c_m). It rises when
/// a share leaves a remainder that frequent shares cannot fill as closely as before.</description></item>
/// </list>
/// </description></item>
/// <item><description>
/// The score: ⌊ΔF* / 10 milli⌋, where ΔF* is the decrease of F* that the placement causes. FGD instead uses
/// (int)(100 · sigmoid(ΔF / 1000)), steps of about 40 milli-GPU near 0 and coarser further out.
/// </description></item>
/// <item><description>
/// The GPU choice and tie-breaking are FGD's: every fitting GPU is tried for a share, the lowest-index wholly free
/// GPUs for whole GPUs, and equal nodes go by the fixed random order.
/// </description></item>
/// </list>
/// </summary>
/// <remarks>
/// <para>
/// Why the CPU terms work: the paper's f only notices CPU when a node can no longer fit a shape at all. Until then a
/// node's CPU can be spent freely, so CPU-heavy tasks drain the CPU of nodes whose GPUs are still idle, and those GPUs
/// are stranded later. On the default trace at 100% arrivals, under FGD (seed 42), 54,120 idle milli-GPU sat on GPUs
/// big enough for some task shape but on nodes without the CPU to run it.
/// b sees that stranding coming one copy of a shape at a time; s sees it for the workload as a whole, and steers
/// CPU-only tasks away from CPU-poor nodes whose GPUs are still idle. With both, the same figure falls to 12,740
/// (11,180 with the floor-based W term below).
/// b's weight of 1/10 keeps f in charge: larger weights did worse on every shared workload.
/// </para>
/// <para>
/// Why W works: f is the waste if the cluster froze now, so it fills any hole a share fits, even when the remainder is
/// one that no common share completes. On the default trace a 320 share went into the 530 left by a 470 (f falls, as
/// 530 was stranded for 650, 810 and whole GPUs) and left 210 that only the rare 50–160 shares could use, while a
/// fresh GPU would have kept room for a 650 (970 in all) and the 530 would have taken another 470 (940). By 100%
/// arrivals all but about one GPU of that trace are in use, so the idle milli-GPU is almost exactly the sum of such
/// remainders (seed 42: 253,730 idle before W, 237,590 with its first, floor-based form). W keeps shares on GPUs whose remainder common shares
/// can still close.
/// </para>
/// <para>
/// Why the wait cost: W assumes every share it counts comes as often as wanted. An earlier W counted the shapes with a
/// share of at least 1%, at no cost, and fell off a cliff when more shapes were counted: with the 0.5% shapes too
/// (160, 220, 370, 550, 590) nearly every remainder above 160 looks fillable (530 = 370 + 160), so W rises only when a
/// share closes a hole tightly, and at 20 times that outweighs f: shares open fresh GPUs and leave holes that rare
/// shares never fill. Default trace 8.61% unallocated, against FGD's 4.73; the same 1% floor gave 8.54 on the default
/// trace with those five shapes' tasks doubled. With a cost per use, a fill through rare shapes costs what waiting for
/// them is worth, and a shape's weight moves smoothly with its share: no floor, no cliff. Halving or doubling the
/// cost (the same as doubling or halving every share) still beats FGD on all ten workloads tried; a quarter of it
/// (every share ×4) falls off the cliff on a mix with the rare shares' tasks raised by 60%.
/// </para>
/// <para>
/// W replaced an expected-waste term (the average over the next fitting share) that weighed a fifth: it gained at most
/// 0.07 points; W, counted 20 times, gains 0.16 on the default trace.
/// The finer score lets b, s, W and small differences of f decide between nodes, rather than the random order.
/// </para>
/// <para>
/// Measured with <c>csched simulate</c> (mean of seeds 42–51, unallocated GPU % at arrival 100%; lower is better);
/// the README has the table from the final code.
/// </para>
/// </remarks>
internal sealed class CpuAwareFgdGpuStrategy : FragmentationGradientStrategy
{
    /// <summary>The score's step: 10 milli-GPU of F*, in the kernel's fixed point (F* is held ×10).</summary>
    private const long Step = 100L << 24;

    /// <summary>
    /// What W charges, in milli-GPU, for each task that a fill waits for: a one-GPU shape with share p costs
    /// WaitCost / p (the expected number of tasks until it comes, times this), rounded.
    /// </summary>
    internal const double WaitCost = 0.5;

    /// <summary>How many milli-GPU of F* one milli-GPU rise of W counts for.</summary>
    private const long ReachableWasteWeight = 20;

    private int[] _reachableWaste = [];
    private GpuCluster? _cluster;
    private long[] _before = [];
    private int[] _stamp = [];

    public override string Name => GpuPlacementStrategies.CpuAwareFgdName;

    protected override long ScoreOf(GpuCluster cluster, int node, in GpuDemand demand, ulong gpuMask)
    {
        var kernel = cluster.Kernel!;
        var row = cluster.GpuRowUnchecked(node);
        var cpu = cluster.CpuFreeColumn[node];
        var model = cluster.ModelBitColumn[node];
        var before = Before(cluster, kernel, node, cpu, model, row);
        Span<int> after = stackalloc int[row.Length];
        row.CopyTo(after);
        for (var mask = gpuMask; mask != 0; mask &= mask - 1)
        {
            after[BitOperations.TrailingZeroCount(mask)] -= demand.GpuMilli;
        }

        var decrease = before - kernel.EvaluateCpuAware(cpu - demand.CpuMilli, model, after);
        if (demand.IsSharing)
        {
            // The chosen GPU's reachable waste changes by W(free) − W(free − milli), counted 20 times (×10 fixed point).
            var free = row[BitOperations.TrailingZeroCount(gpuMask)];
            decrease += (_reachableWaste[free] - _reachableWaste[free - demand.GpuMilli]) * (10 * ReachableWasteWeight << 24);
        }
        return decrease >= 0 ? decrease / Step : -((-decrease + Step - 1) / Step);
    }

    /// <summary>F*(n) of the node as it is, cached until the node changes.</summary>
    private long Before(GpuCluster cluster, FragmentationKernel kernel, int node, long cpu, ulong model, ReadOnlySpan<int> row)
    {
        if (!ReferenceEquals(cluster, _cluster))
        {
            _cluster = cluster;
            _before = new long[cluster.NodeCount];
            _stamp = new int[cluster.NodeCount];
            _reachableWaste = ReachableWaste(cluster.Fragmentation!);
        }

        var version = cluster.VersionColumn[node] + 1;
        if (_stamp[node] != version)
        {
            _before[node] = kernel.EvaluateCpuAware(cpu, model, row);
            _stamp[node] = version;
        }

        return _before[node];
    }

    /// <summary>
    /// W(r) for r = 0..1000: the least milli-GPU a GPU with r free must leave idle if it is filled with one-GPU shapes
    /// (below 1000 milli), each as often as wanted, plus a wait cost for every shape used: shape m costs
    /// c_m = round(<see cref="WaitCost"/> / p_m), p_m its share. W(r) = min(r, min over milli_m ≤ r of W(r − milli_m) + c_m).
    /// Where several shapes share a milli, the most frequent sets the cost.
    /// </summary>
    internal static int[] ReachableWaste(GpuFragmentationModel model)
    {
        Span<int> cost = stackalloc int[GpuCluster.MilliPerGpu];
        cost.Fill(GpuCluster.MilliPerGpu + 1);
        foreach (var shape in model.Shapes)
        {
            if (shape.GpuCount == 1 && shape.GpuMilli < GpuCluster.MilliPerGpu && shape.Share > 0)
            {
                var price = (int)Math.Min(GpuCluster.MilliPerGpu + 1, Math.Round(WaitCost / shape.Share));
                cost[shape.GpuMilli] = Math.Min(cost[shape.GpuMilli], price);
            }
        }

        var waste = new int[GpuCluster.MilliPerGpu + 1];
        for (var r = 1; r <= GpuCluster.MilliPerGpu; r++)
        {
            waste[r] = r;
            for (var milli = 1; milli <= r && milli < GpuCluster.MilliPerGpu; milli++)
            {
                var reached = waste[r - milli] + cost[milli];
                if (reached < waste[r])
                {
                    waste[r] = reached;
                }
            }
        }

        return waste;
    }
}
