using System.Collections.Generic;
using System.Text;

namespace ContainerScheduling;

/// <summary>How many nodes turned a task away, per reason (see <see cref="GpuFitFailure"/>).</summary>
/// <param name="Cpu">Nodes with too little free CPU.</param>
/// <param name="Memory">Nodes with too little free memory.</param>
/// <param name="Gpu">Nodes without enough free GPU.</param>
/// <param name="GpuModel">Nodes of a GPU model the task does not allow.</param>
/// <param name="NoGpu">CPU-only nodes, for a task that wants a GPU.</param>
public readonly record struct GpuFitFailureCounts(int Cpu, int Memory, int Gpu, int GpuModel, int NoGpu)
{
    /// <summary>Gets the number of nodes counted.</summary>
    public int Total => Cpu + Memory + Gpu + GpuModel + NoGpu;

    /// <summary>Reads like the Kubernetes scheduler: <c>0/5 nodes are available: 3 insufficient cpu, 2 insufficient gpu</c>.</summary>
    /// <returns>The text.</returns>
    public override string ToString()
    {
        var parts = new List<string>();
        void Add(int count, GpuFitFailure reason)
        {
            if (count > 0)
            {
                parts.Add($"{count} {GpuCluster.Describe(reason)}");
            }
        }

        Add(Cpu, GpuFitFailure.Cpu);
        Add(Memory, GpuFitFailure.Memory);
        Add(Gpu, GpuFitFailure.Gpu);
        Add(GpuModel, GpuFitFailure.GpuModel);
        Add(NoGpu, GpuFitFailure.NoGpu);
        var text = new StringBuilder($"0/{Total} nodes are available");
        if (parts.Count > 0)
        {
            text.Append(": ").Append(string.Join(", ", parts));
        }

        return text.ToString();
    }
}

/// <summary>The outcome of placing one task on a GPU cluster: where it went, or why no node could take it.</summary>
public readonly record struct GpuPlacementResult
{
    /// <summary>Gets whether the task was placed.</summary>
    public bool IsPlaced { get; init; }

    /// <summary>Gets what the placed task holds (node and GPUs); <c>default</c> when not placed (read <see cref="IsPlaced"/> or <see cref="Node"/> first).</summary>
    public GpuAllocation Allocation { get; init; }

    /// <summary>Gets the winning score; 0 when not placed.</summary>
    public long Score { get; init; }

    /// <summary>Gets, when not placed, how many nodes turned the task away for each reason.</summary>
    public GpuFitFailureCounts Failures { get; init; }

    /// <summary>Gets the node's index, or −1 when not placed.</summary>
    public int Node => IsPlaced ? Allocation.Node : -1;
}
