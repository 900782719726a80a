using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Text;
using System.Text.Json;

namespace ContainerScheduling.Cli.Tests.Support;

/// <summary>Builds small cluster and workload files for tests.</summary>
internal static class TestJson
{
    /// <summary>A node: name, capacity pairs in the order given, optional state.</summary>
    public static string Node(string name, string capacity, string? state = null, string? extra = null) =>
        $"{{\"name\": {JsonSerializer.Serialize(name)}, \"capacity\": {{{capacity}}}" +
        (state is null ? string.Empty : $", \"state\": \"{state}\"") +
        (extra is null ? string.Empty : ", " + extra) + "}";

    /// <summary>A container: name and request pairs.</summary>
    public static string Container(string name, string requests, string? extra = null) =>
        $"{{\"name\": {JsonSerializer.Serialize(name)}, \"requests\": {{{requests}}}" +
        (extra is null ? string.Empty : ", " + extra) + "}";

    public static string Cluster(params string[] nodes) => "{\"nodes\": [\n" + string.Join(",\n", nodes) + "\n]}\n";

    public static string Workload(params string[] containers) => "{\"containers\": [\n" + string.Join(",\n", containers) + "\n]}\n";

    /// <summary>Formats amounts as JSON object members: <c>"cpu": 1, "memory": 2</c>.</summary>
    public static string Amounts(IEnumerable<KeyValuePair<string, long>> amounts) =>
        string.Join(", ", amounts.Select(pair => $"{JsonSerializer.Serialize(pair.Key)}: {pair.Value}"));

    /// <summary>Reads the placements of a result as (container, node) pairs, in order.</summary>
    public static List<(string Container, string Node)> Placements(JsonElement result) =>
        result.GetProperty("placements").EnumerateArray()
            .Select(p => (p.GetProperty("container").GetString()!, p.GetProperty("node").GetString()!))
            .ToList();

    /// <summary>Reads the unplaced containers of a result as (container, reason) pairs, in order.</summary>
    public static List<(string Container, string Reason)> Unplaced(JsonElement result) =>
        result.GetProperty("unplaced").EnumerateArray()
            .Select(p => (p.GetProperty("container").GetString()!, p.GetProperty("reason").GetString()!))
            .ToList();

    /// <summary>A large workload text with <paramref name="count"/> containers, with escapes and varied tokens.</summary>
    public static string LargeWorkload(int count)
    {
        var text = new StringBuilder("{\"version\": 1.5, \"meta\": {\"nested\": [1, [2, {\"x\": null}], true, false]},\n \"containers\": [\n");
        for (var i = 0; i < count; i++)
        {
            text.Append(i == 0 ? string.Empty : ",\n");
            text.Append(CultureInfo.InvariantCulture, $"  {{\"name\": \"c-{i}\\u00e9\", \"requests\": {{\"cpu\": {i * 7 % 5000}, \"mem\\u006fry\": {i * 13}}}, ");
            text.Append(CultureInfo.InvariantCulture, $"\"labels\": {{\"app\": \"app-{i % 7}\", \"tier\": \"t\\\"{i % 3}\"}}, \"priority\": {i % 11 - 5}, \"ignored\": [\"x\", {{}}, []]}}");
        }

        return text.Append("\n]}\n").ToString();
    }
}
