using System;
using System.Collections;
using System.Collections.Generic;
using System.Diagnostics.CodeAnalysis;

namespace ContainerScheduling;

/// <summary>
/// An immutable set of named, non-negative integer resource amounts (a node's capacity or a container's
/// request). A dimension that is not listed has the amount 0.
/// </summary>
/// <remarks>
/// Lookups are linear over the listed names, which is the fastest choice for the handful of dimensions a
/// cluster has. Enumeration follows the order in which the amounts were given.
/// </remarks>
[SuppressMessage("Naming", "CA1710", Justification = "A resource vector, not a general-purpose dictionary; the domain name reads better.")]
public sealed class ResourceAmounts : IReadOnlyDictionary<string, long>
{
    private readonly string[] _names;
    private readonly long[] _amounts;

    /// <summary>Gets the empty set of amounts.</summary>
    public static ResourceAmounts Empty { get; } = new(Array.Empty<string>(), Array.Empty<long>());

    /// <summary>Creates a set of amounts, for example from a <see cref="Dictionary{TKey, TValue}"/>.</summary>
    /// <param name="amounts">Distinct, non-empty names with non-negative amounts.</param>
    /// <exception cref="ArgumentNullException"><paramref name="amounts"/> is null.</exception>
    /// <exception cref="ArgumentException">A blank or repeated name, or a negative amount.</exception>
    public ResourceAmounts(IEnumerable<KeyValuePair<string, long>> amounts)
        : this(amounts, nameof(amounts))
    {
    }

    /// <summary>Creates a set of amounts whose errors name <paramref name="parameterName"/>, the caller's parameter.</summary>
    private ResourceAmounts(IEnumerable<KeyValuePair<string, long>> amounts, string parameterName)
    {
        ArgumentNullException.ThrowIfNull(amounts, parameterName);
        var names = new List<string>();
        var values = new List<long>();
        foreach (var (name, amount) in amounts)
        {
            if (string.IsNullOrWhiteSpace(name))
            {
                throw new ArgumentException($"Resource names must be non-empty, but got '{name}'.", parameterName);
            }

            if (amount < 0)
            {
                throw new ArgumentException($"Resource '{name}' must be non-negative, but was {amount}.", parameterName);
            }

            if (names.Contains(name))
            {
                throw new ArgumentException($"Resource '{name}' appears more than once.", parameterName);
            }

            names.Add(name);
            values.Add(amount);
        }

        _names = names.ToArray();
        _amounts = values.ToArray();
    }

    private ResourceAmounts(string[] names, long[] amounts)
    {
        _names = names;
        _amounts = amounts;
    }

    /// <summary>Gets the amount of a dimension, 0 when it is not listed.</summary>
    /// <param name="key">The dimension name.</param>
    public long this[string key] => TryGetValue(key, out var value) ? value : 0;

    /// <summary>Gets the number of listed dimensions.</summary>
    public int Count => _names.Length;

    /// <summary>Gets the listed dimension names.</summary>
    public IEnumerable<string> Keys => _names;

    /// <summary>Gets the listed amounts, in the order of <see cref="Keys"/>.</summary>
    public IEnumerable<long> Values => _amounts;

    /// <summary>Returns whether the dimension is listed.</summary>
    /// <param name="key">The dimension name.</param>
    /// <exception cref="ArgumentNullException"><paramref name="key"/> is null.</exception>
    public bool ContainsKey(string key) => TryGetValue(key, out _);

    /// <summary>Gets the amount of a listed dimension.</summary>
    /// <param name="key">The dimension name.</param>
    /// <param name="value">The amount, or 0 when the dimension is not listed.</param>
    public bool TryGetValue(string key, out long value)
    {
        ArgumentNullException.ThrowIfNull(key);
        var i = Array.IndexOf(_names, key);
        value = i >= 0 ? _amounts[i] : 0;
        return i >= 0;
    }

    /// <summary>Enumerates the listed amounts in the order they were given.</summary>
    public IEnumerator<KeyValuePair<string, long>> GetEnumerator()
    {
        for (var i = 0; i < _names.Length; i++)
        {
            yield return new KeyValuePair<string, long>(_names[i], _amounts[i]);
        }
    }

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

    /// <summary>Returns the amounts as <c>name=amount</c> pairs, for messages.</summary>
    public override string ToString()
    {
        var parts = new string[_names.Length];
        for (var i = 0; i < parts.Length; i++)
        {
            parts[i] = $"{_names[i]}={_amounts[i]}";
        }

        return "{" + string.Join(", ", parts) + "}";
    }

    internal static ResourceAmounts From(IEnumerable<KeyValuePair<string, long>> amounts, string parameterName) =>
        amounts as ResourceAmounts ?? new ResourceAmounts(amounts, parameterName);

    internal string NameAt(int index) => _names[index];

    internal long AmountAt(int index) => _amounts[index];
}
