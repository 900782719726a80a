using System;
using System.Collections.Generic;
using System.Collections.ObjectModel;
using System.Linq;

namespace ContainerScheduling;

/// <summary>
/// Selects labels maps (of nodes or of containers): every <see cref="MatchLabels"/> pair must be present, and every
/// <see cref="Requirements"/> entry must hold. An empty selector matches every map. Immutable, compared by value.
/// </summary>
/// <example>
/// <code>
/// var zoneA = new LabelSelector(new Dictionary&lt;string, string&gt; { ["zone"] = "a" });
/// var notGpu = new LabelSelector(requirements: [new LabelRequirement("gpu", LabelOperator.DoesNotExist)]);
/// </code>
/// </example>
public sealed class LabelSelector : IEquatable<LabelSelector>
{
    private static readonly IReadOnlyList<LabelRequirement> NoRequirements = Array.Empty<LabelRequirement>();

    /// <summary>Creates a selector.</summary>
    /// <param name="matchLabels">Pairs that must be present with exactly these values; null for none.</param>
    /// <param name="requirements">Further requirements (<c>in</c>, <c>not in</c>, <c>exists</c>,
    /// <c>does not exist</c>); null for none.</param>
    /// <exception cref="ArgumentException">A blank key, a null value, a repeated key, or a null requirement.</exception>
    public LabelSelector(IEnumerable<KeyValuePair<string, string>>? matchLabels = null, IEnumerable<LabelRequirement>? requirements = null)
    {
        MatchLabels = LabelSet.Copy(matchLabels, nameof(matchLabels));
        _pairs = [.. MatchLabels];
        Array.Sort(_pairs, (x, y) => string.CompareOrdinal(x.Key, y.Key));
        if (requirements is null)
        {
            Requirements = NoRequirements;
            _requirements = [];
            return;
        }

        var list = new List<LabelRequirement>();
        foreach (var requirement in requirements)
        {
            if (requirement is null)
            {
                throw new ArgumentException($"Requirement #{list.Count} is null.", nameof(requirements));
            }

            list.Add(requirement);
        }

        Requirements = list.Count == 0 ? NoRequirements : new ReadOnlyCollection<LabelRequirement>(list);
        _requirements = [.. list];
    }

    // Arrays beside the public collections so that matching, hashing and comparing never allocate an enumerator:
    // the scheduler matches every placed container against the selectors its rules use.
    private readonly KeyValuePair<string, string>[] _pairs;
    private readonly LabelRequirement[] _requirements;

    /// <summary>Gets the label pairs that must be present.</summary>
    public IReadOnlyDictionary<string, string> MatchLabels { get; }

    /// <summary>Gets the further requirements, all of which must hold.</summary>
    public IReadOnlyList<LabelRequirement> Requirements { get; }

    /// <summary>The pairs sorted by key, for loops that must not allocate.</summary>
    internal KeyValuePair<string, string>[] Pairs => _pairs;

    /// <summary>The requirements as an array, for loops that must not allocate.</summary>
    internal LabelRequirement[] RequirementArray => _requirements;

    /// <summary>Gets whether the selector has no pair and no requirement, so that it matches every label map.</summary>
    public bool IsEmpty => MatchLabels.Count == 0 && Requirements.Count == 0;

    /// <summary>Returns whether a label map satisfies the selector.</summary>
    /// <param name="labels">The labels of a node or a container.</param>
    /// <exception cref="ArgumentNullException"><paramref name="labels"/> is null.</exception>
    public bool Matches(IReadOnlyDictionary<string, string> labels)
    {
        ArgumentNullException.ThrowIfNull(labels);
        foreach (var (key, value) in _pairs)
        {
            if (!labels.TryGetValue(key, out var actual) || !string.Equals(actual, value, StringComparison.Ordinal))
            {
                return false;
            }
        }

        foreach (var requirement in _requirements)
        {
            if (!requirement.Matches(labels))
            {
                return false;
            }
        }

        return true;
    }

    /// <inheritdoc/>
    public bool Equals(LabelSelector? other)
    {
        if (other is null || other._pairs.Length != _pairs.Length || other._requirements.Length != _requirements.Length)
        {
            return false;
        }

        for (var i = 0; i < _pairs.Length; i++)
        {
            if (_pairs[i].Key != other._pairs[i].Key || _pairs[i].Value != other._pairs[i].Value)
            {
                return false;
            }
        }

        for (var i = 0; i < _requirements.Length; i++)
        {
            if (!_requirements[i].Equals(other._requirements[i]))
            {
                return false;
            }
        }

        return true;
    }

    /// <inheritdoc/>
    public override bool Equals(object? obj) => Equals(obj as LabelSelector);

    /// <inheritdoc/>
    public override int GetHashCode()
    {
        var hash = 0;
        foreach (var (key, value) in _pairs)
        {
            hash = HashCode.Combine(hash, key, value);
        }

        foreach (var requirement in _requirements)
        {
            hash = HashCode.Combine(hash, requirement);
        }

        return hash;
    }

    /// <summary>Returns the selector in the Kubernetes notation, e.g. <c>app=shop,zone in (a,b),!gpu</c>; <c>{}</c> when empty.</summary>
    public override string ToString()
    {
        if (IsEmpty)
        {
            return "{}";
        }

        var parts = MatchLabels.OrderBy(pair => pair.Key, StringComparer.Ordinal).Select(pair => $"{pair.Key}={pair.Value}")
            .Concat(Requirements.Select(requirement => requirement.ToString()));
        return string.Join(",", parts);
    }
}

/// <summary>How a <see cref="LabelRequirement"/> tests a label.</summary>
public enum LabelOperator
{
    /// <summary>The label is present with one of the values.</summary>
    In,

    /// <summary>The label is absent, or present with none of the values.</summary>
    NotIn,

    /// <summary>The label is present, with any value.</summary>
    Exists,

    /// <summary>The label is absent.</summary>
    DoesNotExist,
}

/// <summary>One requirement of a <see cref="LabelSelector"/>: a key, an operator and (for in / not in) values. Immutable, compared by value.</summary>
public sealed class LabelRequirement : IEquatable<LabelRequirement>
{
    /// <summary>Creates a requirement.</summary>
    /// <param name="key">The label key.</param>
    /// <param name="labelOperator">The test.</param>
    /// <param name="values">One or more values for <see cref="LabelOperator.In"/> and <see cref="LabelOperator.NotIn"/>;
    /// none (null or empty) for <see cref="LabelOperator.Exists"/> and <see cref="LabelOperator.DoesNotExist"/>.</param>
    /// <exception cref="ArgumentNullException"><paramref name="key"/> is null.</exception>
    /// <exception cref="ArgumentException">A blank key, a null value, values where none belong or none where some must.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="labelOperator"/> is not a defined value.</exception>
    public LabelRequirement(string key, LabelOperator labelOperator, IEnumerable<string>? values = null)
    {
        Key = LabelSet.RequireName(key, nameof(key), "label");
        if (labelOperator is not (LabelOperator.In or LabelOperator.NotIn or LabelOperator.Exists or LabelOperator.DoesNotExist))
        {
            throw new ArgumentOutOfRangeException(nameof(labelOperator), labelOperator, "Not a defined LabelOperator value.");
        }

        Operator = labelOperator;
        var list = new List<string>();
        foreach (var value in values ?? [])
        {
            if (value is null)
            {
                throw new ArgumentException($"The values of requirement '{key}' contain null.", nameof(values));
            }

            if (!list.Contains(value))
            {
                list.Add(value);
            }
        }

        var needsValues = labelOperator is LabelOperator.In or LabelOperator.NotIn;
        if (needsValues && list.Count == 0)
        {
            throw new ArgumentException($"Requirement '{key} {labelOperator}' needs at least one value.", nameof(values));
        }

        if (!needsValues && list.Count > 0)
        {
            throw new ArgumentException($"Requirement '{key} {labelOperator}' takes no values, but got {list.Count}.", nameof(values));
        }

        Values = new ReadOnlyCollection<string>(list);
        _values = [.. list];
    }

    private readonly string[] _values;

    /// <summary>Gets the label key.</summary>
    public string Key { get; }

    /// <summary>Gets the test.</summary>
    public LabelOperator Operator { get; }

    /// <summary>Gets the values (distinct, in the order given); empty for exists / does not exist.</summary>
    public IReadOnlyList<string> Values { get; }

    /// <summary>The values as an array, for loops that must not allocate.</summary>
    internal string[] ValueArray => _values;

    /// <summary>Returns whether a label map satisfies the requirement.</summary>
    /// <param name="labels">The labels.</param>
    /// <exception cref="ArgumentNullException"><paramref name="labels"/> is null.</exception>
    public bool Matches(IReadOnlyDictionary<string, string> labels)
    {
        ArgumentNullException.ThrowIfNull(labels);
        var present = labels.TryGetValue(Key, out var value);
        return Operator switch
        {
            LabelOperator.In => present && Array.IndexOf(_values, value) >= 0,
            LabelOperator.NotIn => !present || Array.IndexOf(_values, value) < 0,
            LabelOperator.Exists => present,
            _ => !present,
        };
    }

    /// <inheritdoc/>
    public bool Equals(LabelRequirement? other) =>
        other is not null && Key == other.Key && Operator == other.Operator && _values.AsSpan().SequenceEqual(other._values);

    /// <inheritdoc/>
    public override bool Equals(object? obj) => Equals(obj as LabelRequirement);

    /// <inheritdoc/>
    public override int GetHashCode()
    {
        var hash = HashCode.Combine(Key, Operator);
        foreach (var value in _values)
        {
            hash = HashCode.Combine(hash, value);
        }

        return hash;
    }

    /// <summary>Returns the requirement in the Kubernetes notation: <c>zone in (a,b)</c>, <c>zone notin (c)</c>, <c>gpu</c>, <c>!gpu</c>.</summary>
    public override string ToString() => Operator switch
    {
        LabelOperator.In => $"{Key} in ({string.Join(",", Values)})",
        LabelOperator.NotIn => $"{Key} notin ({string.Join(",", Values)})",
        LabelOperator.Exists => Key,
        _ => $"!{Key}",
    };
}
