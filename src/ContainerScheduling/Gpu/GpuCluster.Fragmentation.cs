using System;
using System.Runtime.Intrinsics;

namespace ContainerScheduling;

public sealed partial class GpuCluster
{
    /// <summary>Fixed-point scale of fragmentation amounts: shares are held as multiples of 2^-24, so sums are exact integers.</summary>
    private const double FragmentationScale = 1 << 24;

    private readonly CompiledShapes? _shapes;
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

    /// <summary>The typical shapes as columns, with the model lists turned into masks over this cluster's models.</summary>
    private sealed class CompiledShapes
    {
        private readonly long[] _cpu;
        private readonly int[] _milli;
        private readonly int[] _count;
        private readonly ulong[] _models;
        private readonly long[] _share;
        private readonly long _noGpuShare;

        public CompiledShapes(GpuFragmentationModel model, GpuCluster cluster)
        {
            var gpuShapes = 0;
            foreach (var shape in model.Shapes)
            {
                if (shape.GpuCount > 0)
                {
                    gpuShapes++;
                }
                else
                {
                    _noGpuShare += (long)Math.Round(shape.Share * FragmentationScale);
                }
            }

            _cpu = new long[gpuShapes];
            _milli = new int[gpuShapes];
            _count = new int[gpuShapes];
            _models = new ulong[gpuShapes];
            _share = new long[gpuShapes];
            var i = 0;
            foreach (var shape in model.Shapes)
            {
                if (shape.GpuCount == 0)
                {
                    continue;
                }

                _cpu[i] = shape.CpuMilli;
                _milli[i] = shape.GpuMilli;
                _count[i] = shape.GpuCount;
                _models[i] = cluster.ModelMaskOf(shape.GpuCount, shape.GpuModels);
                _share[i] = (long)Math.Round(shape.Share * FragmentationScale);
                i++;
            }
        }

        /// <summary>F(n) in fixed point for a node with free CPU <paramref name="cpuFree"/> and GPU row <paramref name="gpus"/> (padding zeros).</summary>
        public long Evaluate(long cpuFree, ulong modelBit, ReadOnlySpan<int> gpus)
        {
            if (!Vector256.IsHardwareAccelerated || gpus.Length != Vector256<int>.Count)
            {
                return EvaluateScalar(cpuFree, modelBit, gpus);
            }

            var row = Vector256.Create(gpus);
            var idle = Vector256.Sum(row);
            var total = _noGpuShare * idle;
            for (var m = 0; m < _share.Length; m++)
            {
                if ((modelBit & _models[m]) == 0 || cpuFree < _cpu[m])
                {
                    total += _share[m] * idle;
                    continue;
                }

                // GPUs with room for the shape, and the idle milli of those without.
                var room = Vector256.GreaterThanOrEqual(row, Vector256.Create(_milli[m]));
                var fitting = System.Numerics.BitOperations.PopCount(room.ExtractMostSignificantBits());
                var stranded = Vector256.Sum(Vector256.AndNot(row, room));
                total += _share[m] * (fitting >= _count[m] ? stranded : idle);
            }

            return total;
        }

        /// <summary>The scalar version of <see cref="Evaluate"/>: the fallback and the test oracle.</summary>
        public long EvaluateScalar(long cpuFree, ulong modelBit, ReadOnlySpan<int> gpus)
        {
            var idle = 0;
            foreach (var free in gpus)
            {
                idle += free;
            }

            var total = _noGpuShare * idle;
            for (var m = 0; m < _share.Length; m++)
            {
                int fitting = 0, stranded = 0;
                foreach (var free in gpus)
                {
                    if (free >= _milli[m])
                    {
                        fitting++;
                    }
                    else
                    {
                        stranded += free;
                    }
                }

                var usable = (modelBit & _models[m]) != 0 && cpuFree >= _cpu[m] && fitting >= _count[m];
                total += _share[m] * (usable ? stranded : idle);
            }

            return total;
        }
    }
}
