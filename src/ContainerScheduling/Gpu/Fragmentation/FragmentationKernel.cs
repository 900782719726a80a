using System;
using System.Runtime.Intrinsics;

namespace ContainerScheduling;

/// <summary>
/// A <see cref="GpuFragmentationModel"/> compiled against one cluster: the typical shapes as columns, model lists as
/// masks over the cluster's models, shares in fixed point (multiples of 2^-24) so that sums are exact integers.
/// Evaluates F(n) (the paper's measure) and F*(n) (the CPU-aware measure of <see cref="CpuAwareFgdGpuStrategy"/>).
/// </summary>
internal sealed class FragmentationKernel
{
    /// <summary>Fixed-point scale: a share p is held as round(p · 2^24).</summary>
    public const double Scale = 1 << 24;

    private const double FragmentationScale = Scale;

    private readonly long[] _cpu;
    private readonly int[] _milli;
    private readonly int[] _count;
    private readonly ulong[] _models;
    private readonly long[] _share;
    private readonly long _noGpuShare;

    /// <summary>Σ p_m · cpu_m and Σ p_m · k_m · milli_m over the GPU shapes (fixed point): the workload's CPU per milli-GPU is their ratio.</summary>
    private readonly long _mixCpu;
    private readonly long _mixGpu;

    public FragmentationKernel(GpuFragmentationModel model, GpuCluster cluster)
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
            _mixCpu += _share[i] * shape.CpuMilli;
            _mixGpu += _share[i] * shape.GpuMilli * shape.GpuCount;
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

    /// <summary>
    /// F*(n) in fixed point, times 10: 10 · s(n) + Σ_m p_m · (10 · f(n, m) + b(n, m)), where f is the paper's
    /// fragment; b(n, m) the GPU milli that m could use on n by its GPUs alone but that n's free CPU cannot feed,
    /// max(0, gpuCopies − cpuCopies) · k_m · milli_m, with gpuCopies = Σ_g ⌊free_g / milli_m⌋ for a share,
    /// ⌊wholly free / k_m⌋ for whole GPUs, and cpuCopies = ⌊free CPU / cpu_m⌋ (so b weighs a tenth of f); and
    /// s(n) the idle milli-GPU that the node's free CPU cannot feed at the workload's mix,
    /// max(0, idle − free CPU · Σ p·k·milli / Σ p·cpu) over the GPU shapes.
    /// </summary>
    public long EvaluateCpuAware(long cpuFree, ulong modelBit, ReadOnlySpan<int> gpus)
    {
        int idle = 0, whole = 0;
        foreach (var free in gpus)
        {
            idle += free;
            whole += free == GpuCluster.MilliPerGpu ? 1 : 0;
        }

        var total = 10 * _noGpuShare * idle;
        for (var m = 0; m < _share.Length; m++)
        {
            if ((modelBit & _models[m]) == 0 || cpuFree < _cpu[m])
            {
                total += 10 * _share[m] * idle;
                continue;
            }

            int fitting = 0, stranded = 0;
            long gpuCopies = 0;
            foreach (var free in gpus)
            {
                if (free >= _milli[m])
                {
                    fitting++;
                    gpuCopies += free / _milli[m];
                }
                else
                {
                    stranded += free;
                }
            }

            if (fitting < _count[m])
            {
                total += 10 * _share[m] * idle;
                continue;
            }

            if (_count[m] > 1)
            {
                gpuCopies = whole / _count[m];
            }

            var cpuCopies = _cpu[m] == 0 ? long.MaxValue : cpuFree / _cpu[m];
            var blocked = Math.Max(0, gpuCopies - cpuCopies) * _milli[m] * _count[m];
            total += _share[m] * (10L * stranded + blocked);
        }

        if (idle > 0 && _mixCpu > 0)
        {
            var feedable = cpuFree * _mixGpu / _mixCpu;
            total += Math.Max(0, idle - feedable) * (10L << 24);
        }

        return total;
    }
}
