using System;

namespace ContainerScheduling;

/// <summary>
/// Keeps the containers that <see cref="Selector"/> matches evenly spread over the domains of a topology key.
/// Immutable.
/// </summary>
/// <remarks>
/// The domains are the distinct values of the node label <see cref="TopologyKey"/> over every node of the cluster,
/// whatever its state (with <see cref="AffinityTerm.NodeTopology"/>, every node is its own domain). A domain's count
/// is the number of placed containers the selector matches on its nodes. The container may go to domain d only if,
/// counting the container itself where the selector matches it, d's count minus the smallest count over all domains
/// is at most <see cref="MaxSkew"/> — the Kubernetes rule. So when every matching container carries the constraint,
/// the counts never differ by more than <see cref="MaxSkew"/>. Nodes without the label take no container with
/// this constraint.
/// </remarks>
public sealed class TopologySpreadConstraint
{
    /// <summary>Creates a constraint.</summary>
    /// <param name="topologyKey">A node label key, or <see cref="AffinityTerm.NodeTopology"/>.</param>
    /// <param name="maxSkew">The largest allowed difference between domain counts, at least 1.</param>
    /// <param name="selector">Which containers are counted.</param>
    /// <exception cref="ArgumentNullException">An argument is null.</exception>
    /// <exception cref="ArgumentException"><paramref name="topologyKey"/> is blank.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="maxSkew"/> is below 1.</exception>
    public TopologySpreadConstraint(string topologyKey, int maxSkew, LabelSelector selector)
    {
        TopologyKey = LabelSet.RequireName(topologyKey, nameof(topologyKey), "topology key");
        ArgumentOutOfRangeException.ThrowIfLessThan(maxSkew, 1);
        ArgumentNullException.ThrowIfNull(selector);
        MaxSkew = maxSkew;
        Selector = selector;
    }

    /// <summary>Gets the node label whose values are the domains.</summary>
    public string TopologyKey { get; }

    /// <summary>Gets the largest allowed difference between domain counts.</summary>
    public int MaxSkew { get; }

    /// <summary>Gets the selector over containers' labels.</summary>
    public LabelSelector Selector { get; }

    /// <inheritdoc/>
    public override string ToString() => $"spread {{{Selector}}} over {TopologyKey}, max skew {MaxSkew}";
}
