using System;

namespace ContainerScheduling;

/// <summary>
/// An affinity or anti-affinity rule: the containers that <see cref="Selector"/> matches, and the topology domain in
/// which the rule holds — the node itself (<see cref="NodeTopology"/>) or the value of a node label such as
/// <c>zone</c> or <c>rack</c>. Immutable.
/// </summary>
/// <remarks>
/// <para>Affinity: the container must run in a domain that holds a placed container the selector matches; nodes
/// without the topology label belong to no domain and so do not qualify. Except for the first of a group: when no
/// placed container anywhere matches and the container itself matches the selector, every node satisfies the rule,
/// with or without the label; when the container does not match either, no node does.</para>
/// <para>Anti-affinity: the container must not run in a domain that holds a placed container the selector matches.
/// Nodes without the topology label belong to no domain and always satisfy anti-affinity.</para>
/// </remarks>
public sealed class AffinityTerm
{
    /// <summary>The topology key that makes each node its own domain.</summary>
    public const string NodeTopology = "node";

    /// <summary>Creates a rule.</summary>
    /// <param name="selector">Which placed containers the rule is about.</param>
    /// <param name="topologyKey"><see cref="NodeTopology"/> or a node label key.</param>
    /// <exception cref="ArgumentNullException">An argument is null.</exception>
    /// <exception cref="ArgumentException"><paramref name="topologyKey"/> is blank.</exception>
    public AffinityTerm(LabelSelector selector, string topologyKey = NodeTopology)
    {
        ArgumentNullException.ThrowIfNull(selector);
        Selector = selector;
        TopologyKey = LabelSet.RequireName(topologyKey, nameof(topologyKey), "topology key");
    }

    /// <summary>Gets the selector over placed containers' labels.</summary>
    public LabelSelector Selector { get; }

    /// <summary>Gets the topology key: <see cref="NodeTopology"/> or a node label key.</summary>
    public string TopologyKey { get; }

    /// <inheritdoc/>
    public override string ToString() => $"{{{Selector}}} per {TopologyKey}";
}
