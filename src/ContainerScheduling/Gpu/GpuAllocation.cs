using System.Numerics;

namespace ContainerScheduling;

/// <summary>
/// What one placed task holds on its node: CPU, memory, and <see cref="GpuMilli"/> on each GPU of
/// <see cref="GpuMask"/> (bit i = GPU i of the node). Only <see cref="GpuCluster.Allocate"/> (or a
/// <see cref="GpuScheduler"/>) makes one; give it back with <see cref="GpuCluster.Release"/>.
/// </summary>
public readonly record struct GpuAllocation
{
    internal GpuAllocation(int node, ulong gpuMask, int gpuMilli, long cpuMilli, long memoryMib, int kind)
    {
        Node = node;
        GpuMask = gpuMask;
        GpuMilli = gpuMilli;
        CpuMilli = cpuMilli;
        MemoryMib = memoryMib;
        Kind = kind;
    }

    /// <summary>Gets the node's index in the cluster.</summary>
    public int Node { get; internal init; }

    /// <summary>Gets the GPUs used, one bit per GPU index; 0 for a task without GPU.</summary>
    public ulong GpuMask { get; internal init; }

    /// <summary>Gets the milli-GPU taken on each GPU of <see cref="GpuMask"/>.</summary>
    public int GpuMilli { get; internal init; }

    /// <summary>Gets the CPU taken, in milli-cores.</summary>
    public long CpuMilli { get; internal init; }

    /// <summary>Gets the memory taken, in MiB.</summary>
    public long MemoryMib { get; internal init; }

    /// <summary>Gets the task kind: −1 without GPU, 0 sharing one GPU, k for k whole GPUs.</summary>
    public int Kind { get; internal init; }

    /// <summary>Gets the number of GPUs used.</summary>
    public int GpuCount => BitOperations.PopCount(GpuMask);

    /// <summary>Gets the index of the lowest GPU used, or −1 for a task without GPU.</summary>
    public int FirstGpu => GpuMask == 0 ? -1 : BitOperations.TrailingZeroCount(GpuMask);
}
