using System;

namespace ContainerScheduling;

/// <summary>
/// Scores the nodes of a <see cref="GpuCluster"/> that can take a demand, and picks the GPUs inside the chosen
/// node. The extension point of GPU placement: the built-in policies (<see cref="GpuPlacementStrategies"/>)
/// implement it, and so can yours. <see cref="GpuScheduler"/> calls <see cref="Score"/> once per task with every
/// feasible node, takes the highest score (ties: the node first in its tie-break order), then calls
/// <see cref="SelectGpus"/> for that node.
/// </summary>
/// <remarks>Implementations should not allocate per call: read the cluster's columns in a loop.</remarks>
public interface IGpuPlacementStrategy
{
    /// <summary>Gets the strategy's name, as used on the command line.</summary>
    string Name { get; }

    /// <summary>Scores candidate nodes; higher is better.</summary>
    /// <param name="cluster">The cluster.</param>
    /// <param name="demand">The demand to place.</param>
    /// <param name="candidates">The indices of the nodes that fit the demand, ascending; never empty.</param>
    /// <param name="scores">Where to write one score per candidate, same order.</param>
    void Score(GpuCluster cluster, in GpuDemand demand, ReadOnlySpan<int> candidates, Span<long> scores);

    /// <summary>Chooses the GPUs of a node for a demand that fits it.</summary>
    /// <param name="cluster">The cluster.</param>
    /// <param name="node">The chosen node.</param>
    /// <param name="demand">The demand.</param>
    /// <returns>A mask of exactly <see cref="GpuDemand.GpuCount"/> GPUs with room (bit i = GPU i); 0 for a demand without GPU.</returns>
    ulong SelectGpus(GpuCluster cluster, int node, in GpuDemand demand);
}
