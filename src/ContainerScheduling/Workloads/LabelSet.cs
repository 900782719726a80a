using System;
using System.Collections.Generic;
using System.Collections.ObjectModel;

namespace ContainerScheduling;

/// <summary>Copies and validates label maps so that specs stay immutable.</summary>
internal static class LabelSet
{
    internal static readonly IReadOnlyDictionary<string, string> Empty =
        new ReadOnlyDictionary<string, string>(new Dictionary<string, string>());

    internal static IReadOnlyDictionary<string, string> Copy(IEnumerable<KeyValuePair<string, string>>? labels, string parameterName)
    {
        if (labels is null)
        {
            return Empty;
        }

        var copy = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (key, value) in labels)
        {
            if (string.IsNullOrWhiteSpace(key))
            {
                throw new ArgumentException($"Label keys must be non-empty, but got '{key}'.", parameterName);
            }

            if (value is null)
            {
                throw new ArgumentException($"Label '{key}' has a null value.", parameterName);
            }

            if (!copy.TryAdd(key, value))
            {
                throw new ArgumentException($"Label '{key}' appears more than once.", parameterName);
            }
        }

        return copy.Count == 0 ? Empty : new ReadOnlyDictionary<string, string>(copy);
    }

    /// <summary>Copies a list of names (taints, tolerations, dependencies): none blank or null, duplicates dropped, order kept.</summary>
    internal static IReadOnlyList<string> CopyNames(IEnumerable<string>? names, string parameterName, string what)
    {
        if (names is null)
        {
            return Array.Empty<string>();
        }

        var copy = new List<string>();
        foreach (var name in names)
        {
            if (string.IsNullOrWhiteSpace(name))
            {
                throw new ArgumentException($"Each {what} must be a non-empty name, but got '{name}'.", parameterName);
            }

            if (!copy.Contains(name))
            {
                copy.Add(name);
            }
        }

        return copy.Count == 0 ? Array.Empty<string>() : new ReadOnlyCollection<string>(copy);
    }

    /// <summary>Copies a list of rules, none null.</summary>
    internal static IReadOnlyList<T> CopyItems<T>(IEnumerable<T>? items, string parameterName)
        where T : class
    {
        if (items is null)
        {
            return Array.Empty<T>();
        }

        var copy = new List<T>();
        foreach (var item in items)
        {
            if (item is null)
            {
                throw new ArgumentException($"Entry #{copy.Count} is null.", parameterName);
            }

            copy.Add(item);
        }

        return copy.Count == 0 ? Array.Empty<T>() : new ReadOnlyCollection<T>(copy);
    }

    internal static string RequireName(string name, string parameterName, string what)
    {
        ArgumentNullException.ThrowIfNull(name, parameterName);
        if (string.IsNullOrWhiteSpace(name))
        {
            throw new ArgumentException($"A {what} name must be non-empty, but was '{name}'.", parameterName);
        }

        return name;
    }
}
