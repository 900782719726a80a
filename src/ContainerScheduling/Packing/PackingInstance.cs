using System;
using System.Collections.Generic;

namespace ContainerScheduling;

/// <summary>
/// A vector bin packing instance: identical bins (nodes) with a capacity per dimension, and items (containers) with a
/// size per dimension. The sizes are held row-major in one array, item i's d sizes at [i·d, i·d + d). Immutable.
/// </summary>
public sealed class PackingInstance
{
    private readonly long[] _capacity;
    private readonly long[] _sizes;

    /// <summary>Creates an instance.</summary>
    /// <param name="name">A non-empty name (e.g. <c>class1_20_3_0</c>).</param>
    /// <param name="capacity">The bin capacity per dimension: at least one dimension, each above 0.</param>
    /// <param name="sizes">The item sizes, row-major (item i's sizes at i·d .. i·d + d − 1), each 0..capacity of its dimension.</param>
    /// <exception cref="ArgumentException">A blank name, no dimension, a capacity of 0 or less, a size count that is not a multiple of the dimensions, or a size outside 0..capacity (named by item and dimension).</exception>
    public PackingInstance(string name, IReadOnlyList<long> capacity, IReadOnlyList<long> sizes)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        ArgumentNullException.ThrowIfNull(capacity);
        ArgumentNullException.ThrowIfNull(sizes);
        if (capacity.Count == 0)
        {
            throw new ArgumentException($"Instance '{name}' has no dimension.", nameof(capacity));
        }

        _capacity = new long[capacity.Count];
        for (var k = 0; k < capacity.Count; k++)
        {
            if (capacity[k] <= 0)
            {
                throw new ArgumentOutOfRangeException(nameof(capacity), capacity[k], $"Instance '{name}': the capacity of dimension {k} must be above 0.");
            }

            _capacity[k] = capacity[k];
        }

        var d = _capacity.Length;
        if (sizes.Count % d != 0)
        {
            throw new ArgumentException($"Instance '{name}': {sizes.Count} sizes is not a multiple of {d} dimensions.", nameof(sizes));
        }

        _sizes = new long[sizes.Count];
        for (var i = 0; i < sizes.Count; i++)
        {
            if (sizes[i] < 0 || sizes[i] > _capacity[i % d])
            {
                throw new ArgumentOutOfRangeException(
                    nameof(sizes), sizes[i], $"Instance '{name}': item {i / d} has size {sizes[i]} in dimension {i % d}, outside 0..{_capacity[i % d]}.");
            }

            _sizes[i] = sizes[i];
        }

        Name = name;
    }

    /// <summary>Gets the instance's name.</summary>
    public string Name { get; }

    /// <summary>Gets the number of dimensions.</summary>
    public int Dimensions => _capacity.Length;

    /// <summary>Gets the number of items.</summary>
    public int ItemCount => _sizes.Length / _capacity.Length;

    /// <summary>Gets the bin capacity per dimension.</summary>
    public ReadOnlySpan<long> Capacity => _capacity;

    /// <summary>Gets every item's sizes, row-major: item i's at [i·<see cref="Dimensions"/>, (i + 1)·<see cref="Dimensions"/>).</summary>
    public ReadOnlySpan<long> Sizes => _sizes;

    /// <summary>Gets one item's sizes.</summary>
    /// <param name="item">The item's index, 0..<see cref="ItemCount"/>−1.</param>
    /// <returns>Its size per dimension.</returns>
    public ReadOnlySpan<long> Item(int item)
    {
        if ((uint)item >= (uint)ItemCount)
        {
            throw new ArgumentOutOfRangeException(nameof(item), item, $"Item index must be 0..{ItemCount - 1}.");
        }

        return _sizes.AsSpan(item * Dimensions, Dimensions);
    }

    /// <inheritdoc/>
    public override string ToString() => $"{Name}: {ItemCount} items, {Dimensions} dimensions, capacity [{string.Join(", ", _capacity)}]";
}
