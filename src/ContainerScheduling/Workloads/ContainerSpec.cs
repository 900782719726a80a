using System;
using System.Collections.Generic;

namespace ContainerScheduling;

/// <summary>
/// The unit that is placed: a named request per resource dimension, labels and a priority. Immutable.
/// </summary>
/// <example>
/// <code>
/// var web = new ContainerSpec("web-1", new Dictionary&lt;string, long&gt; { ["cpu"] = 500, ["memory"] = 1024 })
/// {
///     Labels = new Dictionary&lt;string, string&gt; { ["app"] = "web" },
///     Priority = 10,
/// };
/// </code>
/// </example>
public sealed class ContainerSpec
{
    private readonly IReadOnlyDictionary<string, string> _labels = LabelSet.Empty;
    private readonly IReadOnlyList<string> _dependsOn = Array.Empty<string>();
    private readonly IReadOnlyList<string> _tolerations = Array.Empty<string>();
    private readonly IReadOnlyList<AffinityTerm> _affinity = Array.Empty<AffinityTerm>();
    private readonly IReadOnlyList<AffinityTerm> _antiAffinity = Array.Empty<AffinityTerm>();
    private readonly IReadOnlyList<TopologySpreadConstraint> _topologySpread = Array.Empty<TopologySpreadConstraint>();
    private RequestVector? _vector;

    /// <summary>Creates a container.</summary>
    /// <param name="name">A non-empty name, unique within the cluster while the container is placed.</param>
    /// <param name="requests">The amount requested per dimension; unlisted dimensions request 0.</param>
    /// <exception cref="ArgumentNullException">An argument is null.</exception>
    /// <exception cref="ArgumentException">A blank name, or a negative or repeated amount.</exception>
    public ContainerSpec(string name, IEnumerable<KeyValuePair<string, long>> requests)
    {
        Name = LabelSet.RequireName(name, nameof(name), "container");
        ArgumentNullException.ThrowIfNull(requests);
        Requests = ResourceAmounts.From(requests, nameof(requests));
    }

    /// <summary>Gets the container's name.</summary>
    public string Name { get; }

    /// <summary>Gets the requested amount per dimension.</summary>
    public ResourceAmounts Requests { get; }

    /// <summary>Gets the container's labels (used by constraints and selectors).</summary>
    /// <value>The default value is an empty map.</value>
    public IReadOnlyDictionary<string, string> Labels
    {
        get => _labels;
        init => _labels = LabelSet.Copy(value, nameof(Labels));
    }

    /// <summary>Gets the priority; larger is more important.</summary>
    /// <value>The default value is 0.</value>
    public int Priority { get; init; }

    /// <summary>
    /// Gets the names of the containers this one is placed after: containers of the same task (for
    /// <see cref="Scheduler.PlaceTask"/> and <see cref="Scheduler.PlaceTasks"/>) or of the same batch (for
    /// <see cref="Scheduler.PlaceBatch"/>, where a container whose dependency was not placed is reported unplaced).
    /// </summary>
    /// <value>The default value is an empty list.</value>
    public IReadOnlyList<string> DependsOn
    {
        get => _dependsOn;
        init => _dependsOn = LabelSet.CopyNames(value, nameof(DependsOn), "dependency");
    }

    /// <summary>Gets the selector the labels of the chosen node must satisfy, or null for any node.</summary>
    /// <value>The default value is null.</value>
    public LabelSelector? NodeSelector { get; init; }

    /// <summary>Gets the taints this container tolerates: a node with a taint not listed here does not take it.</summary>
    /// <value>The default value is an empty list.</value>
    public IReadOnlyList<string> Tolerations
    {
        get => _tolerations;
        init => _tolerations = LabelSet.CopyNames(value, nameof(Tolerations), "toleration");
    }

    /// <summary>Gets the affinity rules, all of which must hold (see <see cref="AffinityTerm"/>).</summary>
    /// <value>The default value is an empty list.</value>
    public IReadOnlyList<AffinityTerm> Affinity
    {
        get => _affinity;
        init => _affinity = LabelSet.CopyItems(value, nameof(Affinity));
    }

    /// <summary>Gets the anti-affinity rules, all of which must hold (see <see cref="AffinityTerm"/>).</summary>
    /// <value>The default value is an empty list.</value>
    public IReadOnlyList<AffinityTerm> AntiAffinity
    {
        get => _antiAffinity;
        init => _antiAffinity = LabelSet.CopyItems(value, nameof(AntiAffinity));
    }

    /// <summary>Gets the topology spread constraints, all of which must hold (see <see cref="TopologySpreadConstraint"/>).</summary>
    /// <value>The default value is an empty list.</value>
    public IReadOnlyList<TopologySpreadConstraint> TopologySpread
    {
        get => _topologySpread;
        init => _topologySpread = LabelSet.CopyItems(value, nameof(TopologySpread));
    }

    /// <summary>Whether a rule of the container's own narrows the nodes (tolerations only widen them).</summary>
    internal bool HasPlacementRules =>
        NodeSelector is { IsEmpty: false } || _affinity.Count > 0 || _antiAffinity.Count > 0 || _topologySpread.Count > 0;

    /// <inheritdoc/>
    public override string ToString() => $"{Name} {Requests}";

    /// <summary>The same container asking <paramref name="amounts"/> (one per dimension of <paramref name="schema"/>) instead of its requests.</summary>
    internal ContainerSpec WithRequests(ResourceSchema schema, long[] amounts)
    {
        var requests = new Dictionary<string, long>(StringComparer.Ordinal);
        for (var d = 0; d < amounts.Length; d++)
        {
            requests[schema[d]] = amounts[d];
        }

        return new ContainerSpec(Name, requests)
        {
            Labels = Labels,
            Priority = Priority,
            DependsOn = DependsOn,
            NodeSelector = NodeSelector,
            Tolerations = Tolerations,
            Affinity = Affinity,
            AntiAffinity = AntiAffinity,
            TopologySpread = TopologySpread,
        };
    }

    /// <summary>
    /// Returns the request as a vector in the order of <paramref name="schema"/>, cached per schema so that
    /// placing the same spec again does no lookup and allocates nothing.
    /// </summary>
    /// <param name="schema">The cluster's schema.</param>
    /// <param name="parameterName">The caller's parameter that holds this container, named by the exception.</param>
    /// <exception cref="ArgumentException">The request names a dimension the schema does not define.</exception>
    internal long[] GetRequestVector(ResourceSchema schema, string parameterName)
    {
        var cached = _vector;
        if (cached is not null && ReferenceEquals(cached.Schema, schema))
        {
            return cached.Amounts;
        }

        var amounts = schema.ToVector(Requests, parameterName, "Container", Name);
        _vector = new RequestVector(schema, amounts);
        return amounts;
    }

    private sealed record RequestVector(ResourceSchema Schema, long[] Amounts);
}
