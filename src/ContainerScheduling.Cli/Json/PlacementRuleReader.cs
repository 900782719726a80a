using System.Collections.Generic;
using System.Text.Json;

namespace ContainerScheduling.Cli.Json;

/// <summary>
/// Reads the placement rules of a workload file: dependency and toleration lists, label requirements, node
/// selectors, affinity and anti-affinity terms and topology spread constraints. Every method reads the value at the
/// reader's current token to its end; a problem is recorded in the caller's <see cref="PendingError"/> (the first
/// one wins) and the rest of the value is still consumed, so that the message can name the item afterwards.
/// </summary>
/// <remarks>
/// <para>A label requirement: <c>{"key": "zone", "operator": "In", "values": ["a", "b"]}</c>, with the operators
/// <c>In</c>, <c>NotIn</c> (one or more values), <c>Exists</c> and <c>DoesNotExist</c> (no values).</para>
/// <para>An affinity or anti-affinity term: <c>{"labels": {"app": "cache"}, "expressions": [requirement…],
/// "topologyKey": "zone"}</c>; both selector parts are optional (an empty selector matches every container), the
/// topology key defaults to <c>node</c>.</para>
/// <para>A spread constraint: <c>{"topologyKey": "zone", "maxSkew": 1, "labels": {…}, "expressions": […]}</c>;
/// the topology key and a max skew of at least 1 are required.</para>
/// </remarks>
internal static class PlacementRuleReader
{
    private const string RequirementExample = "{\"key\": \"zone\", \"operator\": \"In\", \"values\": [\"a\"]}";
    private const string AffinityExample = "{\"labels\": {\"app\": \"cache\"}, \"topologyKey\": \"node\"}";
    private const string SpreadExample = "{\"topologyKey\": \"zone\", \"maxSkew\": 1, \"labels\": {\"app\": \"web\"}}";
    private const string Operators = "\"In\", \"NotIn\", \"Exists\" or \"DoesNotExist\"";
    private const int SeenKey = 1;
    private const int SeenOperator = 2;
    private const int SeenValues = 4;
    private const int SeenLabels = 1;
    private const int SeenExpressions = 2;
    private const int SeenTopologyKey = 4;
    private const int SeenMaxSkew = 8;

    /// <summary>An empty selector (it matches every container), shared: selectors are immutable.</summary>
    private static readonly LabelSelector EmptySelector = new();

    /// <summary>
    /// Reads an array of non-empty names (dependencies, tolerations) into <paramref name="names"/> (cleared first).
    /// </summary>
    /// <param name="reader">Positioned on the value.</param>
    /// <param name="property">The property, for messages.</param>
    /// <param name="what">What the array holds, with an example, for messages: <c>container names such as ["db"]</c>.</param>
    /// <param name="table">Shares the strings when they repeat across the file (tolerations); null for names that
    /// are mostly unique (dependencies), which would only fill the table.</param>
    /// <param name="names">Receives the names in order.</param>
    /// <param name="error">Where a problem is recorded.</param>
    public static void ReadNames(ref StreamingJsonReader reader, string property, string what, NameTable? table, List<string> names, ref PendingError error)
    {
        names.Clear();
        if (reader.TokenType != JsonTokenType.StartArray)
        {
            error.Record($"'{property}' must be an array of {what}, got {reader.DescribeValue()}", ref reader);
            reader.SkipValue();
            return;
        }

        for (var index = 0; ; index++)
        {
            reader.ReadRequired();
            if (reader.TokenType == JsonTokenType.EndArray)
            {
                return;
            }

            var name = reader.TokenType != JsonTokenType.String ? null
                : table is null ? reader.GetString() : reader.GetInternedString(table);
            if (string.IsNullOrWhiteSpace(name))
            {
                error.Record($"{property}[{index}] must be a non-empty string, got {reader.DescribeValue()}", ref reader);
                reader.SkipValue();
                continue;
            }

            names.Add(name);
        }
    }

    /// <summary>
    /// Reads an array of label requirements, appending each to <paramref name="requirements"/> (cleared first).
    /// </summary>
    public static void ReadRequirements(
        ref StreamingJsonReader reader, RulePath path, NameTable table, List<LabelRequirement> requirements, List<string> values, ref PendingError error)
    {
        requirements.Clear();
        if (reader.TokenType != JsonTokenType.StartArray)
        {
            error.Record($"'{path}' must be an array of requirements such as [{RequirementExample}], got {reader.DescribeValue()}", ref reader);
            reader.SkipValue();
            return;
        }

        for (var index = 0; ; index++)
        {
            reader.ReadRequired();
            if (reader.TokenType == JsonTokenType.EndArray)
            {
                return;
            }

            var requirement = ReadRequirement(ref reader, path.At(index), table, values, ref error);
            if (requirement is not null)
            {
                requirements.Add(requirement);
            }
        }
    }

    /// <summary>Reads an array of affinity or anti-affinity terms into <paramref name="terms"/> (cleared first).</summary>
    public static void ReadAffinity(ref StreamingJsonReader reader, string property, NameTable table, Scratch scratch, List<AffinityTerm> terms, ref PendingError error)
    {
        terms.Clear();
        if (reader.TokenType != JsonTokenType.StartArray)
        {
            error.Record($"'{property}' must be an array of terms such as [{AffinityExample}], got {reader.DescribeValue()}", ref reader);
            reader.SkipValue();
            return;
        }

        var path = new RulePath(property);
        for (var index = 0; ; index++)
        {
            reader.ReadRequired();
            if (reader.TokenType == JsonTokenType.EndArray)
            {
                return;
            }

            var term = ReadAffinityTerm(ref reader, path.At(index), table, scratch, ref error);
            if (term is not null)
            {
                terms.Add(term);
            }
        }
    }

    /// <summary>
    /// Reads <c>spread</c>: one constraint object or an array of them, into <paramref name="constraints"/> (cleared first).
    /// </summary>
    public static void ReadSpread(ref StreamingJsonReader reader, NameTable table, Scratch scratch, List<TopologySpreadConstraint> constraints, ref PendingError error)
    {
        constraints.Clear();
        var path = new RulePath("spread");
        if (reader.TokenType == JsonTokenType.StartObject)
        {
            Add(constraints, ReadSpreadConstraint(ref reader, path, table, scratch, ref error));
            return;
        }

        if (reader.TokenType != JsonTokenType.StartArray)
        {
            error.Record($"'spread' must be a constraint such as {SpreadExample} or an array of them, got {reader.DescribeValue()}", ref reader);
            reader.SkipValue();
            return;
        }

        for (var index = 0; ; index++)
        {
            reader.ReadRequired();
            if (reader.TokenType == JsonTokenType.EndArray)
            {
                return;
            }

            Add(constraints, ReadSpreadConstraint(ref reader, path.At(index), table, scratch, ref error));
        }

        static void Add(List<TopologySpreadConstraint> list, TopologySpreadConstraint? constraint)
        {
            if (constraint is not null)
            {
                list.Add(constraint);
            }
        }
    }

    /// <summary>Builds a selector from pairs and requirements (either may be empty), or null when both are.</summary>
    public static LabelSelector? Selector(Dictionary<string, string>? labels, List<LabelRequirement>? requirements)
    {
        var hasLabels = labels is { Count: > 0 };
        var hasRequirements = requirements is { Count: > 0 };
        return hasLabels || hasRequirements
            ? new LabelSelector(hasLabels ? labels : null, hasRequirements ? requirements : null)
            : null;
    }

    private static LabelRequirement? ReadRequirement(ref StreamingJsonReader reader, RulePath path, NameTable table, List<string> values, ref PendingError error)
    {
        if (reader.TokenType != JsonTokenType.StartObject)
        {
            error.Record($"'{path}' must be a requirement such as {RequirementExample}, got {reader.DescribeValue()}", ref reader);
            reader.SkipValue();
            return null;
        }

        var start = reader.Position;
        var seen = 0;
        string? key = null;
        var labelOperator = LabelOperator.In;
        values.Clear();
        while (JsonInput.NextProperty(ref reader))
        {
            if (reader.ValueTextEquals("key"u8))
            {
                JsonInput.FirstTime(ref seen, SeenKey, "key", ref reader, ref error);
                reader.ReadRequired();
                key = ReadKey(ref reader, path, "key", table, ref error) ?? key;
            }
            else if (reader.ValueTextEquals("operator"u8))
            {
                JsonInput.FirstTime(ref seen, SeenOperator, "operator", ref reader, ref error);
                reader.ReadRequired();
                if (!TryReadOperator(ref reader, out labelOperator))
                {
                    error.Record($"'{path}.operator' must be {Operators}, got {reader.DescribeValue()}", ref reader);
                    reader.SkipValue();
                }
            }
            else if (reader.ValueTextEquals("values"u8))
            {
                JsonInput.FirstTime(ref seen, SeenValues, "values", ref reader, ref error);
                reader.ReadRequired();
                ReadValues(ref reader, path, table, values, ref error);
            }
            else
            {
                reader.ReadRequired();
                reader.SkipValue();
            }
        }

        if (error.HasValue)
        {
            return null;
        }

        if (key is null)
        {
            error.Record($"'{path}' needs a 'key', e.g. {RequirementExample} (the object starts at {start})");
            return null;
        }

        if ((seen & SeenOperator) == 0)
        {
            error.Record($"'{path}' needs an 'operator': {Operators} (the object starts at {start})");
            return null;
        }

        var needsValues = labelOperator is LabelOperator.In or LabelOperator.NotIn;
        if (needsValues && values.Count == 0)
        {
            error.Record($"'{path}' with operator {labelOperator} needs a non-empty 'values' array (the object starts at {start})");
            return null;
        }

        if (!needsValues && values.Count > 0)
        {
            error.Record($"'{path}' with operator {labelOperator} takes no 'values', got {values.Count} (the object starts at {start})");
            return null;
        }

        return new LabelRequirement(key, labelOperator, needsValues ? values : null);
    }

    private static AffinityTerm? ReadAffinityTerm(ref StreamingJsonReader reader, RulePath path, NameTable table, Scratch scratch, ref PendingError error)
    {
        if (reader.TokenType != JsonTokenType.StartObject)
        {
            error.Record($"'{path}' must be a term such as {AffinityExample}, got {reader.DescribeValue()}", ref reader);
            reader.SkipValue();
            return null;
        }

        var seen = 0;
        string? topologyKey = null;
        while (JsonInput.NextProperty(ref reader))
        {
            if (!ReadSelectorPart(ref reader, path, table, scratch, ref seen, ref error))
            {
                if (reader.ValueTextEquals("topologyKey"u8))
                {
                    JsonInput.FirstTime(ref seen, SeenTopologyKey, "topologyKey", ref reader, ref error);
                    reader.ReadRequired();
                    topologyKey = ReadKey(ref reader, path, "topologyKey", table, ref error) ?? topologyKey;
                }
                else
                {
                    reader.ReadRequired();
                    reader.SkipValue();
                }
            }
        }

        if (error.HasValue)
        {
            return null;
        }

        var selector = Selector((seen & SeenLabels) != 0 ? scratch.TermLabels : null, (seen & SeenExpressions) != 0 ? scratch.TermExpressions : null);
        return new AffinityTerm(selector ?? EmptySelector, topologyKey ?? AffinityTerm.NodeTopology);
    }

    private static TopologySpreadConstraint? ReadSpreadConstraint(ref StreamingJsonReader reader, RulePath path, NameTable table, Scratch scratch, ref PendingError error)
    {
        if (reader.TokenType != JsonTokenType.StartObject)
        {
            error.Record($"'{path}' must be a constraint such as {SpreadExample}, got {reader.DescribeValue()}", ref reader);
            reader.SkipValue();
            return null;
        }

        var start = reader.Position;
        var seen = 0;
        string? topologyKey = null;
        var maxSkew = 0;
        while (JsonInput.NextProperty(ref reader))
        {
            if (ReadSelectorPart(ref reader, path, table, scratch, ref seen, ref error))
            {
                continue;
            }

            if (reader.ValueTextEquals("topologyKey"u8))
            {
                JsonInput.FirstTime(ref seen, SeenTopologyKey, "topologyKey", ref reader, ref error);
                reader.ReadRequired();
                topologyKey = ReadKey(ref reader, path, "topologyKey", table, ref error) ?? topologyKey;
            }
            else if (reader.ValueTextEquals("maxSkew"u8))
            {
                JsonInput.FirstTime(ref seen, SeenMaxSkew, "maxSkew", ref reader, ref error);
                reader.ReadRequired();
                if (reader.TokenType != JsonTokenType.Number || !reader.TryGetInt32(out maxSkew) || maxSkew < 1)
                {
                    error.Record($"'{path}.maxSkew' must be an integer from 1 to {int.MaxValue}, got {reader.DescribeValue()}", ref reader);
                    reader.SkipValue();
                }
            }
            else
            {
                reader.ReadRequired();
                reader.SkipValue();
            }
        }

        if (error.HasValue)
        {
            return null;
        }

        if (topologyKey is null)
        {
            error.Record($"'{path}' needs a 'topologyKey' such as \"zone\" (the object starts at {start})");
            return null;
        }

        if ((seen & SeenMaxSkew) == 0)
        {
            error.Record($"'{path}' needs a 'maxSkew' of at least 1 (the object starts at {start})");
            return null;
        }

        var selector = Selector((seen & SeenLabels) != 0 ? scratch.TermLabels : null, (seen & SeenExpressions) != 0 ? scratch.TermExpressions : null);
        return new TopologySpreadConstraint(topologyKey, maxSkew, selector ?? EmptySelector);
    }

    /// <summary>
    /// Reads <c>labels</c> or <c>expressions</c> of a term when the current property is one of them; returns false
    /// (having read nothing) for any other property.
    /// </summary>
    private static bool ReadSelectorPart(
        ref StreamingJsonReader reader, RulePath path, NameTable table, Scratch scratch, ref int seen, ref PendingError error)
    {
        if (reader.ValueTextEquals("labels"u8))
        {
            JsonInput.FirstTime(ref seen, SeenLabels, "labels", ref reader, ref error);
            reader.ReadRequired();
            JsonInput.ReadLabels(ref reader, table, scratch.TermLabels, path.Member("labels"), ref error);
            return true;
        }

        if (reader.ValueTextEquals("expressions"u8))
        {
            JsonInput.FirstTime(ref seen, SeenExpressions, "expressions", ref reader, ref error);
            reader.ReadRequired();
            ReadRequirements(ref reader, path.Member("expressions"), table, scratch.TermExpressions, scratch.Values, ref error);
            return true;
        }

        return false;
    }

    /// <summary>Reads a non-empty string (a label key or topology key), or records why it is not one.</summary>
    private static string? ReadKey(ref StreamingJsonReader reader, RulePath path, string property, NameTable table, ref PendingError error)
    {
        var key = reader.TokenType == JsonTokenType.String ? reader.GetInternedString(table) : null;
        if (string.IsNullOrWhiteSpace(key))
        {
            error.Record($"'{path}.{property}' must be a non-empty string, got {reader.DescribeValue()}", ref reader);
            reader.SkipValue();
            return null;
        }

        return key;
    }

    private static void ReadValues(ref StreamingJsonReader reader, RulePath path, NameTable table, List<string> values, ref PendingError error)
    {
        values.Clear();
        if (reader.TokenType != JsonTokenType.StartArray)
        {
            error.Record($"'{path}.values' must be an array of strings such as [\"a\", \"b\"], got {reader.DescribeValue()}", ref reader);
            reader.SkipValue();
            return;
        }

        for (var index = 0; ; index++)
        {
            reader.ReadRequired();
            if (reader.TokenType == JsonTokenType.EndArray)
            {
                return;
            }

            if (reader.TokenType != JsonTokenType.String)
            {
                error.Record($"'{path}.values[{index}]' must be a string, got {reader.DescribeValue()}", ref reader);
                reader.SkipValue();
                continue;
            }

            values.Add(reader.GetInternedString(table));
        }
    }

    private static bool TryReadOperator(ref StreamingJsonReader reader, out LabelOperator labelOperator)
    {
        labelOperator = LabelOperator.In;
        if (reader.TokenType != JsonTokenType.String)
        {
            return false;
        }

        if (reader.ValueTextEquals("In"u8))
        {
            return true;
        }

        if (reader.ValueTextEquals("NotIn"u8))
        {
            labelOperator = LabelOperator.NotIn;
            return true;
        }

        if (reader.ValueTextEquals("Exists"u8))
        {
            labelOperator = LabelOperator.Exists;
            return true;
        }

        if (reader.ValueTextEquals("DoesNotExist"u8))
        {
            labelOperator = LabelOperator.DoesNotExist;
            return true;
        }

        return false;
    }
}
