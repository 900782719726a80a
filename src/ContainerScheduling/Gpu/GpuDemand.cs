namespace ContainerScheduling;

/// <summary>
/// A <see cref="GpuRequest"/> compiled against one <see cref="GpuCluster"/> (<see cref="GpuCluster.Compile"/>): its
/// amounts, its allowed GPU models as a bit mask over the cluster's model ids, and a small id shared by every
/// request of the same shape, which strategies may use as a cache key. What strategies read in their loops. Only
/// <see cref="GpuCluster.Compile"/> makes one, and it is valid for that cluster only (model bits differ between clusters).
/// </summary>
public readonly record struct GpuDemand
{
    /// <summary>Gets the CPU wanted, in milli-cores.</summary>
    public long CpuMilli { get; internal init; }

    /// <summary>Gets the memory wanted, in MiB.</summary>
    public long MemoryMib { get; internal init; }

    /// <summary>Gets the number of GPUs wanted: 0, 1, or k whole GPUs.</summary>
    public int GpuCount { get; internal init; }

    /// <summary>Gets the milli-GPU wanted on each GPU (1000 for whole GPUs, 0 without GPU).</summary>
    public int GpuMilli { get; internal init; }

    /// <summary>Gets the allowed GPU models as bits over <see cref="GpuCluster.GpuModels"/> (all bits set: any model; 0 for a CPU-only task).</summary>
    public ulong ModelMask { get; internal init; }

    /// <summary>Gets the cluster-wide id of this demand's shape (CPU, memory, GPUs, milli, models), 0-based and dense.</summary>
    public int ShapeId { get; internal init; }

    /// <summary>Gets the total milli-GPU wanted.</summary>
    public long TotalGpuMilli => (long)GpuCount * GpuMilli;

    /// <summary>Gets whether the demand shares one GPU (one GPU, less than 1000 milli).</summary>
    public bool IsSharing => GpuCount == 1 && GpuMilli < 1000;

    /// <summary>
    /// Gets the demand's kind as the GPU-clustering policy counts it: −1 without GPU, 0 for a share of one GPU,
    /// k for k whole GPUs.
    /// </summary>
    public int Kind => GpuCount == 0 ? -1 : IsSharing ? 0 : GpuCount;
}
