using System;
using System.Collections.Generic;
using System.Collections.ObjectModel;

namespace ContainerScheduling;

/// <summary>
/// The named integer dimensions of a cluster (cpu, memory, disk, gpu or any custom name), fixed when the
/// cluster is built. Inside the library a dimension is addressed by its index in this schema.
/// </summary>
/// <remarks>Names are compared ordinally (case-sensitive). A schema is immutable and safe to share.</remarks>
public sealed class ResourceSchema
{
    private readonly string[] _names;
    private readonly Dictionary<string, int> _indexByName;

    /// <summary>Creates a schema from dimension names, in the order given.</summary>
    /// <param name="names">One or more distinct, non-empty names.</param>
    /// <exception cref="ArgumentNullException"><paramref name="names"/> is null.</exception>
    /// <exception cref="ArgumentException">No names, an empty or blank name, or a duplicate name.</exception>
    public ResourceSchema(IEnumerable<string> names)
    {
        ArgumentNullException.ThrowIfNull(names);
        var list = new List<string>();
        var index = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var name in names)
        {
            if (string.IsNullOrWhiteSpace(name))
            {
                throw new ArgumentException($"Resource names must be non-empty, but name #{list.Count} was '{name}'.", nameof(names));
            }

            if (!index.TryAdd(name, list.Count))
            {
                throw new ArgumentException($"Resource name '{name}' appears more than once.", nameof(names));
            }

            list.Add(name);
        }

        if (list.Count == 0)
        {
            throw new ArgumentException("A resource schema needs at least one dimension.", nameof(names));
        }

        _names = list.ToArray();
        _indexByName = index;
        Names = new ReadOnlyCollection<string>(_names);
    }

    /// <summary>Creates a schema from dimension names, in the order given.</summary>
    /// <param name="names">One or more distinct, non-empty names.</param>
    public ResourceSchema(params string[] names)
        : this((IEnumerable<string>)names)
    {
    }

    /// <summary>Gets the number of dimensions.</summary>
    public int Count => _names.Length;

    /// <summary>Gets the dimension names in index order.</summary>
    public IReadOnlyList<string> Names { get; }

    /// <summary>Gets the name of the dimension at <paramref name="index"/>.</summary>
    /// <param name="index">A dimension index in [0, <see cref="Count"/>).</param>
    public string this[int index] => _names[index];

    /// <summary>Gets the index of a dimension, or -1 when the schema does not define it.</summary>
    /// <param name="name">The dimension name.</param>
    public int IndexOf(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        return _indexByName.TryGetValue(name, out var index) ? index : -1;
    }

    /// <summary>Returns whether the schema defines a dimension with this name.</summary>
    /// <param name="name">The dimension name.</param>
    public bool Contains(string name) => IndexOf(name) >= 0;

    /// <summary>Returns the names joined by ", ", for messages.</summary>
    public override string ToString() => string.Join(", ", _names);

    /// <summary>
    /// Maps named amounts to a vector in schema order; missing dimensions are 0. Amounts listed in schema order
    /// (the usual case) are matched by one string comparison each instead of a hash lookup.
    /// </summary>
    /// <param name="amounts">The named amounts.</param>
    /// <param name="parameterName">The parameter named in an error.</param>
    /// <param name="ownerKind">"Container" or "Node", for an error.</param>
    /// <param name="ownerName">The container's or node's name, for an error.</param>
    internal long[] ToVector(ResourceAmounts amounts, string parameterName, string ownerKind, string ownerName)
    {
        var vector = new long[_names.Length];
        for (var i = 0; i < amounts.Count; i++)
        {
            var name = amounts.NameAt(i);
            if (i < _names.Length && string.Equals(_names[i], name, StringComparison.Ordinal))
            {
                vector[i] = amounts.AmountAt(i);
                continue;
            }

            if (!_indexByName.TryGetValue(name, out var d))
            {
                throw new ArgumentException(
                    $"{ownerKind} '{ownerName}' names resource '{name}', which the cluster's schema ({this}) does not define.",
                    parameterName);
            }

            vector[d] = amounts.AmountAt(i);
        }

        return vector;
    }
}
