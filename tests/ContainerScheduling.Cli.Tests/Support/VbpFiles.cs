using System;
using System.Collections.Generic;
using System.Formats.Tar;
using System.IO;
using System.IO.Compression;
using System.Linq;
using System.Text;
using System.Text.Json;
using Xunit;

namespace ContainerScheduling.Cli.Tests.Support;

/// <summary>Tiny hand-made VPSolver <c>.vbp</c> files and archives, and an independent check of binpack's JSON.</summary>
internal static class VbpFiles
{
    /// <summary>A <c>.vbp</c> text: the capacities, then one line per item type (sizes, then the multiplicity).</summary>
    public static string Vbp(long[] capacity, params long[][] types)
    {
        var text = new StringBuilder();
        text.Append(capacity.Length).Append('\n');
        text.Append(string.Join(' ', capacity)).Append('\n');
        text.Append(types.Length).Append('\n');
        foreach (var type in types)
        {
            text.Append(string.Join(' ', type)).Append('\n');
        }

        return text.ToString();
    }

    /// <summary>Writes a <c>.tar.gz</c> holding the given entries (name → text) with <see cref="TarWriter"/>.</summary>
    public static string WriteArchive(string path, params (string Name, string Text)[] entries)
    {
        using var file = File.Create(path);
        using var gzip = new GZipStream(file, CompressionLevel.Fastest);
        using var tar = new TarWriter(gzip, TarEntryFormat.Pax);
        foreach (var (name, text) in entries)
        {
            var entry = new PaxTarEntry(TarEntryType.RegularFile, name) { DataStream = new MemoryStream(Encoding.UTF8.GetBytes(text)) };
            tar.WriteEntry(entry);
        }

        return path;
    }

    /// <summary>
    /// Checks one instance of binpack's JSON against the items it was given (expanded, in file order): one bin per
    /// item, bins = highest bin + 1 with none empty, and every bin's load recomputed here within the capacity.
    /// </summary>
    public static void AssertValid(JsonElement instance, long[] capacity, IReadOnlyList<long[]> items)
    {
        var assignment = instance.GetProperty("assignment").EnumerateArray().Select(e => e.GetInt32()).ToArray();
        Assert.Equal(items.Count, assignment.Length);
        Assert.Equal(items.Count, instance.GetProperty("items").GetInt32());
        var bins = instance.GetProperty("bins").GetInt32();
        Assert.Equal(assignment.Length == 0 ? 0 : assignment.Max() + 1, bins);
        Assert.All(assignment, bin => Assert.InRange(bin, 0, bins - 1));
        Assert.Equal(bins, assignment.Distinct().Count());
        var load = new long[bins, capacity.Length];
        for (var i = 0; i < items.Count; i++)
        {
            for (var k = 0; k < capacity.Length; k++)
            {
                load[assignment[i], k] += items[i][k];
            }
        }

        for (var b = 0; b < bins; b++)
        {
            for (var k = 0; k < capacity.Length; k++)
            {
                Assert.True(load[b, k] <= capacity[k], $"bin {b} holds {load[b, k]} in dimension {k}, over {capacity[k]}");
            }
        }
    }

    /// <summary>Gets an instance of binpack's JSON by name.</summary>
    public static JsonElement Instance(JsonDocument json, string name) =>
        json.RootElement.GetProperty("instances").EnumerateArray().Single(e => e.GetProperty("name").GetString() == name);

    /// <summary>Gets the names of binpack's JSON instances, in order.</summary>
    public static string[] Names(JsonDocument json) =>
        json.RootElement.GetProperty("instances").EnumerateArray().Select(e => e.GetProperty("name").GetString()!).ToArray();
}
