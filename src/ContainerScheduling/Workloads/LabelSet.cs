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
