using System.Numerics;

namespace ContainerScheduling;

/// <summary>
/// What one placed task holds on its node: CPU, memory, and <see cref="GpuMilli"/> on each GPU of
/// <see cref="GpuMask"/> (bit i = GPU i of the node). Give it back with <see cref="GpuCluster.Release"/>.
/// </summary>
/// <param name="Node">The node's index in the cluster.</param>
/// <param name="GpuMask">The GPUs used, one bit per GPU index; 0 for a task without GPU.</param>
/// <param name="GpuMilli">The milli-GPU taken on each GPU of <paramref name="GpuMask"/>.</param>
/// <param name="CpuMilli">The CPU taken, in milli-cores.</param>
/// <param name="MemoryMib">The memory taken, in MiB.</param>
/// <param name="Kind">The task kind: −1 without GPU, 0 sharing one GPU, k for k whole GPUs.</param>
public readonly record struct GpuAllocation(int Node, ulong GpuMask, int GpuMilli, long CpuMilli, long MemoryMib, int Kind)
{
    /// <summary>Gets the number of GPUs used.</summary>
    public int GpuCount => BitOperations.PopCount(GpuMask);

    /// <summary>Gets the index of the lowest GPU used, or −1 for a task without GPU.</summary>
    public int FirstGpu => GpuMask == 0 ? -1 : BitOperations.TrailingZeroCount(GpuMask);
}
