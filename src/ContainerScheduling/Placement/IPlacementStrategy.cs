using System;

namespace ContainerScheduling;

/// <summary>
/// Picks one node for one container. This is the extension point: built-in strategies implement it, and so can
/// yours. <see cref="SelectNode"/> is called once per placement, not per node.
/// </summary>
/// <remarks>
/// A strategy must return the index of a node that takes new work and fits the request in every dimension
/// (see <see cref="ClusterView.Fits"/>), or −1 to decline. The scheduler checks the answer and throws
/// <see cref="InvalidOperationException"/> (changing nothing) when it is not such a node.
/// Implementations should not allocate: read the spans of <see cref="ClusterView"/> in a loop.
/// </remarks>
public interface IPlacementStrategy
{
    /// <summary>Gets the strategy's name, as used in messages and on the command line.</summary>
    string Name { get; }

    /// <summary>Chooses a node for a request.</summary>
    /// <param name="cluster">The cluster's columns.</param>
    /// <param name="request">The request, one amount per dimension in schema order.</param>
    /// <returns>A node index, or −1 when no node should take the request.</returns>
    int SelectNode(in ClusterView cluster, ReadOnlySpan<long> request);
}
