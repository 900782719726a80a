using System;
using System.Collections.Generic;
using System.IO;
using System.Text.Json;

namespace ContainerScheduling.Cli.Json;

/// <summary>The pieces the cluster and workload readers share: files, resource amounts, labels, names.</summary>
internal static class JsonInput
{
    /// <summary>Opens an input file for one sequential pass, turning every failure into a one-line message.</summary>
    public static FileStream OpenRead(string path, string role)
    {
        if (Directory.Exists(path))
        {
            throw new CliException($"cannot read {role} file '{path}': it is a directory");
        }

        try
        {
            // No FileStream buffer: StreamingJsonReader reads large blocks straight into its own.
            return new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, bufferSize: 0, FileOptions.SequentialScan);
        }
        catch (FileNotFoundException)
        {
            throw new CliException($"cannot read {role} file '{path}': no such file");
        }
        catch (DirectoryNotFoundException)
        {
            throw new CliException($"cannot read {role} file '{path}': no such directory");
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or ArgumentException or NotSupportedException)
        {
            throw new CliException($"cannot read {role} file '{path}': {e.Message}");
        }
    }

    /// <summary>Reads the root object's opening brace, or explains what a root must look like.</summary>
    public static void ReadRootObject(ref StreamingJsonReader reader, string example)
    {
        if (!reader.Read())
        {
            throw new CliException($"{reader.FileName}: the file is empty; expected a JSON object such as {example}");
        }

        if (reader.TokenType != JsonTokenType.StartObject)
        {
            throw new CliException(
                $"{reader.FileName}: expected a JSON object such as {example} at the top level, got {reader.DescribeValue()} ({reader.Where()})");
        }
    }

    /// <summary>Checks that nothing but whitespace follows the root object.</summary>
    public static void ReadEnd(ref StreamingJsonReader reader)
    {
        if (reader.Read())
        {
            throw new CliException($"{reader.FileName}: unexpected content after the top-level object ({reader.Where()})");
        }
    }

    /// <summary>Moves to the next property name of the current object, or returns false at the object's end.</summary>
    public static bool NextProperty(ref StreamingJsonReader reader)
    {
        reader.ReadRequired();
        return reader.TokenType == JsonTokenType.PropertyName;
    }

    /// <summary>Marks a known property as seen; returns false (and records an error) when it repeats.</summary>
    public static bool FirstTime(ref int seenMask, int bit, string property, ref StreamingJsonReader reader, ref PendingError error)
    {
        if ((seenMask & bit) != 0)
        {
            error.Record($"property '{property}' appears more than once", ref reader);
            return false;
        }

        seenMask |= bit;
        return true;
    }

    /// <summary>Reads a non-blank name string at the current value token, or records why it is not one.</summary>
    public static string? ReadName(ref StreamingJsonReader reader, ref PendingError error)
    {
        if (reader.TokenType != JsonTokenType.String)
        {
            error.Record($"'name' must be a non-empty string, got {reader.DescribeValue()}", ref reader);
            reader.SkipValue();
            return null;
        }

        var name = reader.GetString();
        if (string.IsNullOrWhiteSpace(name))
        {
            error.Record($"'name' must be a non-empty string, got \"{name}\"", ref reader);
            return null;
        }

        return name;
    }

    /// <summary>
    /// Reads an object of resource amounts (<c>{"cpu": 500, "memory": 1024}</c>) at the current value token,
    /// registering every name as a cluster dimension. Returns null (and records why) when it is not valid.
    /// </summary>
    /// <param name="reader">Positioned on the value.</param>
    /// <param name="property">The property name, for messages (<c>capacity</c> or <c>requests</c>).</param>
    /// <param name="noun">What one amount is called in messages (<c>capacity</c> or <c>request</c>).</param>
    /// <param name="dimensions">The dimensions seen so far.</param>
    /// <param name="scratch">A reusable list.</param>
    /// <param name="error">Where a problem is recorded.</param>
    public static ResourceAmounts? ReadAmounts(
        ref StreamingJsonReader reader,
        string property,
        string noun,
        ResourceDimensions dimensions,
        List<KeyValuePair<string, long>> scratch,
        ref PendingError error)
    {
        if (reader.TokenType != JsonTokenType.StartObject)
        {
            error.Record($"'{property}' must be an object of resource amounts such as {{\"cpu\": 500}}, got {reader.DescribeValue()}", ref reader);
            reader.SkipValue();
            return null;
        }

        scratch.Clear();
        var valid = true;
        while (NextProperty(ref reader))
        {
            var name = reader.GetInternedString(dimensions.Names);
            if (string.IsNullOrWhiteSpace(name))
            {
                error.Record($"resource names in '{property}' must be non-empty, got \"{name}\"", ref reader);
                valid = false;
            }
            else if (Contains(scratch, name))
            {
                error.Record($"{noun} {Quote(name)} appears more than once", ref reader);
                valid = false;
            }

            reader.ReadRequired();
            if (!TryReadAmount(ref reader, out var amount, out var problem))
            {
                error.Record($"{noun} {Quote(name)} {problem}", ref reader);
                reader.SkipValue();
                valid = false;
                continue;
            }

            if (valid)
            {
                dimensions.Add(name);
                scratch.Add(new KeyValuePair<string, long>(name, amount));
            }
        }

        return valid ? new ResourceAmounts(scratch) : null;
    }

    /// <summary>Reads a non-negative 64-bit integer amount, or says what is wrong with the value.</summary>
    public static bool TryReadAmount(ref StreamingJsonReader reader, out long amount, out string problem)
    {
        amount = 0;
        problem = string.Empty;
        if (reader.TokenType == JsonTokenType.Number && reader.TryGetInt64(out amount) && amount >= 0)
        {
            return true;
        }

        var value = reader.DescribeValue();
        problem = reader.TokenType == JsonTokenType.Number && IsIntegerText(value) && !value.StartsWith('-')
            ? $"must be a non-negative integer no greater than {long.MaxValue}, got {value}"
            : $"must be a non-negative integer, got {value}";
        return false;
    }

    /// <summary>
    /// Reads an object of string labels at the current value token into <paramref name="labels"/> (cleared first),
    /// or records why it is not one and returns false.
    /// </summary>
    public static bool ReadLabels(ref StreamingJsonReader reader, NameTable names, Dictionary<string, string> labels, ref PendingError error) =>
        ReadLabels(ref reader, names, labels, new RulePath("labels"), ref error);

    /// <summary>
    /// Reads an object of string labels (a container's or node's <c>labels</c>, or the equality pairs of a selector)
    /// into <paramref name="labels"/> (cleared first), or records why it is not one and returns false.
    /// </summary>
    /// <param name="reader">Positioned on the value.</param>
    /// <param name="names">Shares keys and values.</param>
    /// <param name="labels">Receives the pairs.</param>
    /// <param name="property">Where the object sits, for messages (e.g. <c>affinity[0].labels</c>).</param>
    /// <param name="error">Where a problem is recorded.</param>
    public static bool ReadLabels(ref StreamingJsonReader reader, NameTable names, Dictionary<string, string> labels, RulePath property, ref PendingError error)
    {
        labels.Clear();
        if (reader.TokenType != JsonTokenType.StartObject)
        {
            error.Record($"'{property}' must be an object of strings such as {{\"zone\": \"a\"}}, got {reader.DescribeValue()}", ref reader);
            reader.SkipValue();
            return false;
        }

        var valid = true;
        while (NextProperty(ref reader))
        {
            var key = reader.GetInternedString(names);
            if (string.IsNullOrWhiteSpace(key))
            {
                error.Record($"label keys{In(property)} must be non-empty, got \"{key}\"", ref reader);
                valid = false;
            }

            reader.ReadRequired();
            if (reader.TokenType != JsonTokenType.String)
            {
                error.Record($"label {Quote(key)}{In(property)} must be a string, got {reader.DescribeValue()}", ref reader);
                reader.SkipValue();
                valid = false;
                continue;
            }

            if (valid && !labels.TryAdd(key, reader.GetInternedString(names)))
            {
                error.Record($"label {Quote(key)} appears more than once{In(property)}", ref reader);
                valid = false;
            }
        }

        return valid;

        // A container's or node's own labels need no location; a selector's pairs do.
        static string In(RulePath property) => property.IsOwnLabels ? string.Empty : $" in '{property}'";
    }

    /// <summary>Quotes a name for a message, escaping control characters so a message stays on one line.</summary>
    public static string Quote(string name) => "'" + Escape(name) + "'";

    /// <summary>Replaces control characters with escapes such as <c>\n</c>, so that text stays on one line.</summary>
    public static string Escape(string text)
    {
        if (!text.AsSpan().ContainsAnyInRange('\0', '\u001f') && !text.Contains('\u007f', StringComparison.Ordinal))
        {
            return text;
        }

        var builder = new System.Text.StringBuilder(text.Length + 8);
        foreach (var c in text)
        {
            _ = c switch
            {
                '\n' => builder.Append("\\n"),
                '\r' => builder.Append("\\r"),
                '\t' => builder.Append("\\t"),
                < ' ' or '\u007f' => builder.Append("\\u").Append(((int)c).ToString("x4", System.Globalization.CultureInfo.InvariantCulture)),
                _ => builder.Append(c),
            };
        }

        return builder.ToString();
    }

    private static bool Contains(List<KeyValuePair<string, long>> amounts, string name)
    {
        foreach (var (existing, _) in amounts)
        {
            if (string.Equals(existing, name, StringComparison.Ordinal))
            {
                return true;
            }
        }

        return false;
    }

    private static bool IsIntegerText(string number)
    {
        foreach (var c in number)
        {
            if (c is not ((>= '0' and <= '9') or '-'))
            {
                return false;
            }
        }

        return true;
    }
}
