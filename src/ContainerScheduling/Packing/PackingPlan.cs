using System;
using System.Collections.Generic;

namespace ContainerScheduling;

/// <summary>A packing of an instance's items into bins: the bin of each item, bins numbered 0..<see cref="BinCount"/>−1 with none empty. Immutable.</summary>
public sealed class PackingPlan
{
    private readonly int[] _assignment;

    /// <summary>Creates a plan and checks it against its instance.</summary>
    /// <param name="instance">The instance.</param>
    /// <param name="assignment">The bin of each item, in item order; bins numbered from 0 with no gap.</param>
    /// <exception cref="ArgumentException">A count that differs from the items, a negative bin, a bin number left unused, or a bin over capacity in some dimension (named).</exception>
    public PackingPlan(PackingInstance instance, IReadOnlyList<int> assignment)
    {
        ArgumentNullException.ThrowIfNull(instance);
        ArgumentNullException.ThrowIfNull(assignment);
        if (assignment.Count != instance.ItemCount)
        {
            throw new ArgumentException($"The plan assigns {assignment.Count} items; instance '{instance.Name}' has {instance.ItemCount}.", nameof(assignment));
        }

        _assignment = new int[assignment.Count];
        var bins = 0;
        for (var i = 0; i < assignment.Count; i++)
        {
            if (assignment[i] < 0)
            {
                throw new ArgumentOutOfRangeException(nameof(assignment), assignment[i], $"Item {i} has a negative bin.");
            }

            _assignment[i] = assignment[i];
            bins = Math.Max(bins, assignment[i] + 1);
        }

        var d = instance.Dimensions;
        var load = new long[bins * d];
        var used = new bool[bins];
        var sizes = instance.Sizes;
        for (var i = 0; i < _assignment.Length; i++)
        {
            used[_assignment[i]] = true;
            for (var k = 0; k < d; k++)
            {
                load[_assignment[i] * d + k] += sizes[i * d + k];
            }
        }

        for (var b = 0; b < bins; b++)
        {
            if (!used[b])
            {
                throw new ArgumentException($"Bin {b} holds no item; bins must be numbered 0..{bins - 1} without a gap.", nameof(assignment));
            }

            for (var k = 0; k < d; k++)
            {
                if (load[b * d + k] > instance.Capacity[k])
                {
                    throw new ArgumentException(
                        $"Bin {b} holds {load[b * d + k]} in dimension {k}, over the capacity {instance.Capacity[k]}.", nameof(assignment));
                }
            }
        }

        Instance = instance;
        BinCount = bins;
    }

    /// <summary>Gets the instance the plan packs.</summary>
    public PackingInstance Instance { get; }

    /// <summary>Gets the number of bins used.</summary>
    public int BinCount { get; }

    /// <summary>Gets the bin of each item, in item order.</summary>
    public IReadOnlyList<int> Assignment => _assignment;
}
