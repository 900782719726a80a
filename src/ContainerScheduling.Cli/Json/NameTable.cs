using System;
using System.Collections.Generic;

namespace ContainerScheduling.Cli.Json;

/// <summary>
/// Shares one string instance per distinct short text (resource names, label keys and values), so that a million
/// containers asking for <c>cpu</c> hold one <c>"cpu"</c> between them. Lookups take a span and allocate nothing
/// when the text is already known.
/// </summary>
internal sealed class NameTable
{
    /// <summary>Past this many entries new texts are returned unshared, so unique values cannot grow the table without bound.</summary>
    internal const int MaxEntries = 1 << 16;

    private readonly Dictionary<string, string> _names = new(StringComparer.Ordinal);
    private readonly Dictionary<string, string>.AlternateLookup<ReadOnlySpan<char>> _lookup;

    public NameTable() => _lookup = _names.GetAlternateLookup<ReadOnlySpan<char>>();

    /// <summary>Gets the number of shared strings.</summary>
    public int Count => _names.Count;

    /// <summary>Returns the shared instance equal to <paramref name="text"/>, adding it when new.</summary>
    public string Intern(ReadOnlySpan<char> text)
    {
        if (_lookup.TryGetValue(text, out var shared))
        {
            return shared;
        }

        var created = new string(text);
        if (_names.Count < MaxEntries)
        {
            _names.Add(created, created);
        }

        return created;
    }

    /// <summary>Returns the shared instance equal to <paramref name="text"/>, adding this one when new.</summary>
    public string Intern(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        if (_names.TryGetValue(text, out var shared))
        {
            return shared;
        }

        if (_names.Count < MaxEntries)
        {
            _names.Add(text, text);
        }

        return text;
    }
}
