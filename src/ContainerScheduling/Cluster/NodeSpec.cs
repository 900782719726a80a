using System;
using System.Collections.Generic;
using System.Collections.ObjectModel;

namespace ContainerScheduling;

/// <summary>A machine: a capacity per resource dimension, labels and taints. Immutable.</summary>
public sealed class NodeSpec
{
    private static readonly IReadOnlyList<string> NoTaints = Array.Empty<string>();
    private readonly IReadOnlyDictionary<string, string> _labels = LabelSet.Empty;
    private readonly IReadOnlyList<string> _taints = NoTaints;
    private readonly int? _maxContainers;

    /// <summary>Creates a node.</summary>
    /// <param name="name">A non-empty name, unique within the cluster.</param>
    /// <param name="capacity">The capacity per dimension; unlisted dimensions have capacity 0.</param>
    /// <exception cref="ArgumentNullException">An argument is null.</exception>
    /// <exception cref="ArgumentException">A blank name, or a negative or repeated amount.</exception>
    public NodeSpec(string name, IEnumerable<KeyValuePair<string, long>> capacity)
    {
        Name = LabelSet.RequireName(name, nameof(name), "node");
        ArgumentNullException.ThrowIfNull(capacity);
        Capacity = ResourceAmounts.From(capacity, nameof(capacity));
    }

    /// <summary>Gets the node's name.</summary>
    public string Name { get; }

    /// <summary>Gets the capacity per dimension.</summary>
    public ResourceAmounts Capacity { get; }

    /// <summary>Gets the node's labels (zone, rack, GPU model…).</summary>
    /// <value>The default value is an empty map.</value>
    public IReadOnlyDictionary<string, string> Labels
    {
        get => _labels;
        init => _labels = LabelSet.Copy(value, nameof(Labels));
    }

    /// <summary>Gets the node's taints: only containers that tolerate a taint may run on the node.</summary>
    /// <value>The default value is an empty list.</value>
    public IReadOnlyList<string> Taints
    {
        get => _taints;
        init
        {
            ArgumentNullException.ThrowIfNull(value, nameof(Taints));
            var copy = LabelSet.CopyNames(value, nameof(Taints), "taint");
            _taints = copy.Count == 0 ? NoTaints : copy;
        }
    }

    /// <summary>
    /// Gets the most containers the node runs at once (like Kubernetes' max pods), or null for no limit. A node
    /// at its limit takes no new container: its <see cref="ClusterView.Available"/> amounts read −1 until one leaves.
    /// </summary>
    /// <value>The default value is null.</value>
    /// <exception cref="ArgumentOutOfRangeException">The value is negative.</exception>
    public int? MaxContainers
    {
        get => _maxContainers;
        init
        {
            if (value < 0)
            {
                throw new ArgumentOutOfRangeException(nameof(MaxContainers), value, "The container limit must be 0 or more.");
            }

            _maxContainers = value;
        }
    }

    /// <inheritdoc/>
    public override string ToString() => $"{Name} {Capacity}";
}
