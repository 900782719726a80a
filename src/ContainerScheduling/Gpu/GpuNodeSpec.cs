using System;

namespace ContainerScheduling;

/// <summary>
/// A machine of a GPU cluster: CPU and memory capacity and <see cref="GpuCount"/> separately accounted GPUs of one
/// model, each holding 1000 milli-GPU. Immutable.
/// </summary>
public sealed class GpuNodeSpec
{
    /// <summary>The most GPUs one node may have.</summary>
    public const int MaxGpus = 64;

    /// <summary>Creates a node.</summary>
    /// <param name="name">A non-empty name, unique within the cluster.</param>
    /// <param name="cpuMilli">CPU capacity in milli-cores, 0 or more.</param>
    /// <param name="memoryMib">Memory capacity in MiB, 0 or more.</param>
    /// <param name="gpuCount">The number of GPUs, 0..<see cref="MaxGpus"/>.</param>
    /// <param name="gpuModel">The GPU model (e.g. <c>V100M32</c>); null or empty for a CPU-only node, which must have no GPUs.</param>
    /// <exception cref="ArgumentException">A blank name, a negative amount, a GPU count out of range, or GPUs without a model.</exception>
    public GpuNodeSpec(string name, long cpuMilli, long memoryMib, int gpuCount, string? gpuModel)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        ArgumentOutOfRangeException.ThrowIfNegative(cpuMilli);
        ArgumentOutOfRangeException.ThrowIfNegative(memoryMib);
        if (gpuCount is < 0 or > MaxGpus)
        {
            throw new ArgumentOutOfRangeException(nameof(gpuCount), gpuCount, $"A node has 0..{MaxGpus} GPUs.");
        }

        var model = string.IsNullOrWhiteSpace(gpuModel) ? null : gpuModel.Trim();
        if (gpuCount > 0 && model is null)
        {
            throw new ArgumentException($"Node '{name}' has {gpuCount} GPUs but no GPU model.", nameof(gpuModel));
        }

        if (gpuCount == 0 && model is not null)
        {
            throw new ArgumentException($"Node '{name}' names GPU model '{model}' but has no GPUs.", nameof(gpuCount));
        }

        Name = name;
        CpuMilli = cpuMilli;
        MemoryMib = memoryMib;
        GpuCount = gpuCount;
        GpuModel = model;
    }

    /// <summary>Gets the node's name.</summary>
    public string Name { get; }

    /// <summary>Gets the CPU capacity in milli-cores.</summary>
    public long CpuMilli { get; }

    /// <summary>Gets the memory capacity in MiB.</summary>
    public long MemoryMib { get; }

    /// <summary>Gets the number of GPUs.</summary>
    public int GpuCount { get; }

    /// <summary>Gets the GPU model, or null for a CPU-only node.</summary>
    public string? GpuModel { get; }

    /// <inheritdoc/>
    public override string ToString() => $"{Name} cpu={CpuMilli} memory={MemoryMib} gpus={GpuCount}{(GpuModel is null ? "" : "x" + GpuModel)}";
}
