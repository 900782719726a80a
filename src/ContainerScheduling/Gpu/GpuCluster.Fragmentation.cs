using System;

namespace ContainerScheduling;

public sealed partial class GpuCluster
{
    private const double FragmentationScale = FragmentationKernel.Scale;

    private readonly FragmentationKernel? _shapes;
    private readonly long[]? _fragmentation;
    private long _fragmentationTotal;

    /// <summary>Gets the fragmentation measure the cluster keeps, or null when it keeps none.</summary>
    public GpuFragmentationModel? Fragmentation { get; }

    /// <summary>Gets the cluster's fragmentation Σ F(n) in milli-GPU (0 when the cluster keeps no measure).</summary>
    public double TotalFragmentation => _fragmentationTotal / FragmentationScale;

    /// <summary>Gets a node's fragmentation F(n) in milli-GPU.</summary>
    /// <param name="node">The node's index.</param>
    /// <returns>F(n); 0 when the cluster keeps no measure.</returns>
    public double GetFragmentation(int node) => _fragmentation is null ? 0 : _fragmentation[CheckNode(node)] / FragmentationScale;

    /// <summary>
    /// Gets the change of a node's fragmentation, F(before) − F(after), if a demand were placed on it with
    /// <paramref name="gpuMask"/>; positive when the placement lowers fragmentation. Changes nothing.
    /// </summary>
    /// <param name="node">The node's index.</param>
    /// <param name="demand">The demand (assumed to fit).</param>
    /// <param name="gpuMask">The GPUs it would take.</param>
    /// <returns>The decrease in milli-GPU; 0 when the cluster keeps no measure.</returns>
    /// <exception cref="ArgumentException">The mask names the wrong number of GPUs, a GPU the node lacks or one without room.</exception>
    public double FragmentationDecrease(int node, in GpuDemand demand, ulong gpuMask)
    {
        CheckNode(node);
        CheckMask(node, demand, gpuMask);
        return FragmentationDecreaseUnchecked(node, demand.CpuMilli, demand.GpuMilli, gpuMask) / FragmentationScale;
    }

    /// <summary>F(before) − F(after) in fixed point, without argument checks: the FGD hot path.</summary>
    internal long FragmentationDecreaseUnchecked(int node, long cpuMilli, int gpuMilli, ulong gpuMask)
    {
        if (_shapes is null)
        {
            return 0;
        }

        Span<int> after = stackalloc int[GpuStride];
        GpuRow(node).CopyTo(after);
        for (var mask = gpuMask; mask != 0; mask &= mask - 1)
        {
            after[System.Numerics.BitOperations.TrailingZeroCount(mask)] -= gpuMilli;
        }

        return _fragmentation![node] - _shapes.Evaluate(_cpuFree[node] - cpuMilli, _modelBit[node], after);
    }

    /// <summary>Recomputes every node's fragmentation from scratch: the oracle for the incremental upkeep.</summary>
    internal long RecomputeFragmentationTotal(bool scalar)
    {
        long total = 0;
        for (var i = 0; i < _nodes.Length; i++)
        {
            total += scalar ? _shapes!.EvaluateScalar(_cpuFree[i], _modelBit[i], GpuRow(i)) : _shapes!.Evaluate(_cpuFree[i], _modelBit[i], GpuRow(i));
        }

        return total;
    }

    internal long FragmentationTotalFixed => _fragmentationTotal;

    /// <summary>Gets the compiled measure, or null when the cluster keeps none.</summary>
    internal FragmentationKernel? Kernel => _shapes;
}
