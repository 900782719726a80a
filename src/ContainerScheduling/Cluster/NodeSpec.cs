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
            var copy = new List<string>();
            foreach (var taint in value)
            {
                if (string.IsNullOrWhiteSpace(taint))
                {
                    throw new ArgumentException($"Taints must be non-empty, but got '{taint}'.", nameof(Taints));
                }

                if (!copy.Contains(taint))
                {
                    copy.Add(taint);
                }
            }

            _taints = copy.Count == 0 ? NoTaints : new ReadOnlyCollection<string>(copy);
        }
    }

    /// <inheritdoc/>
    public override string ToString() => $"{Name} {Capacity}";
}
