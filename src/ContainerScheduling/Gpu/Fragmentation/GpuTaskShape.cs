using System;
using System.Collections.Generic;
using System.Linq;

namespace ContainerScheduling;

/// <summary>
/// One typical task shape of a workload, as the fragmentation measure counts it: CPU, GPUs, milli-GPU per GPU,
/// allowed GPU models, and the share of the workload's tasks that have it. Immutable.
/// </summary>
public sealed class GpuTaskShape
{
    /// <summary>Creates a shape.</summary>
    /// <param name="cpuMilli">CPU in milli-cores, 0 or more.</param>
    /// <param name="gpuCount">0, 1 or k whole GPUs (as in <see cref="GpuRequest"/>).</param>
    /// <param name="gpuMilli">Milli-GPU per GPU (as in <see cref="GpuRequest"/>).</param>
    /// <param name="gpuModels">The allowed GPU models; null or empty for any.</param>
    /// <param name="share">The share of tasks with this shape, in (0, 1].</param>
    /// <exception cref="ArgumentException">An amount out of range (the same rules as <see cref="GpuRequest"/>) or a share outside (0, 1].</exception>
    public GpuTaskShape(long cpuMilli, int gpuCount, int gpuMilli, IEnumerable<string>? gpuModels, double share)
    {
        // The request's constructor holds the amount rules; a shape is a nameless request.
        var request = new GpuRequest("shape", cpuMilli, 0, gpuCount, gpuMilli, gpuModels);
        if (!(share > 0 && share <= 1))
        {
            throw new ArgumentOutOfRangeException(nameof(share), share, "A shape's share must be in (0, 1].");
        }

        CpuMilli = cpuMilli;
        GpuCount = gpuCount;
        GpuMilli = gpuMilli;
        GpuModels = request.GpuModels;
        Share = share;
    }

    /// <summary>Gets the CPU, in milli-cores.</summary>
    public long CpuMilli { get; }

    /// <summary>Gets the number of GPUs: 0, 1, or k whole GPUs.</summary>
    public int GpuCount { get; }

    /// <summary>Gets the milli-GPU per GPU.</summary>
    public int GpuMilli { get; }

    /// <summary>Gets the allowed GPU models; empty for any.</summary>
    public IReadOnlyList<string> GpuModels { get; }

    /// <summary>Gets the share of tasks with this shape.</summary>
    public double Share { get; }

    /// <inheritdoc/>
    public override string ToString() =>
        $"cpu={CpuMilli} gpu={GpuCount}x{GpuMilli}{(GpuModels.Count == 0 ? "" : " models=" + string.Join('|', GpuModels))} share={Share:0.####}";

    /// <summary>The key that makes two requests the same shape: CPU, GPUs, milli and models (memory is not part of it).</summary>
    internal static (long Cpu, int Count, int Milli, string Models) KeyOf(GpuRequest request) =>
        (request.CpuMilli, request.GpuCount, request.GpuMilli, string.Join('|', request.GpuModels.Order(StringComparer.Ordinal)));
}
