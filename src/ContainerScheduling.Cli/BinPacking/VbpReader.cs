using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.IO.Compression;
using System.Formats.Tar;

namespace ContainerScheduling.Cli.BinPacking;

/// <summary>
/// Reads VPSolver <c>.vbp</c> instances: line 1 the dimensions d; line 2 the d capacities; line 3 the number of item
/// types m; then m lines <c>s_1 … s_d q</c>, each expanded to q items in order. Fields are separated by any white
/// space and blank lines are skipped. The instance is named after its file, without <c>.vbp</c>.
/// </summary>
/// <remarks>
/// A path is one <c>.vbp</c> file, a directory (searched recursively) or a <c>.tar.gz</c> / <c>.tgz</c> archive of
/// them. Every problem is a <see cref="CliException"/> naming the file (for an archive: the archive and the entry)
/// and the line. The instances come back sorted by name (ordinal), so the output never depends on the file system.
/// </remarks>
internal static class VbpReader
{
    /// <summary>The most items one instance may expand to (a guard against a multiplicity typed wrong).</summary>
    public const long MaxItems = 10_000_000;

    /// <summary>Reads every instance under a path.</summary>
    /// <param name="path">A <c>.vbp</c> file, a directory or a <c>.tar.gz</c> archive.</param>
    /// <returns>The instances, sorted by name.</returns>
    public static IReadOnlyList<PackingInstance> ReadAll(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        var found = new List<(PackingInstance Instance, string Source)>();
        if (Directory.Exists(path))
        {
            var files = new List<string>(Directory.EnumerateFiles(path, "*.vbp", SearchOption.AllDirectories));
            files.Sort(StringComparer.Ordinal);
            foreach (var file in files)
            {
                using var reader = new StreamReader(file);
                found.Add((Read(reader, NameOf(file), $"'{file}'"), $"'{file}'"));
            }

            if (found.Count == 0)
            {
                throw new CliException($"no .vbp file in the directory '{path}' or below it");
            }
        }
        else if (!File.Exists(path))
        {
            throw new CliException($"--instances '{path}' is neither a file nor a directory");
        }
        else if (IsArchive(path))
        {
            ReadArchive(path, found);
        }
        else if (path.EndsWith(".vbp", StringComparison.OrdinalIgnoreCase))
        {
            using var reader = new StreamReader(path);
            found.Add((Read(reader, NameOf(path), $"'{path}'"), $"'{path}'"));
        }
        else
        {
            throw new CliException($"--instances '{path}' must be a .vbp file, a directory of them or a .tar.gz of them");
        }

        found.Sort((a, b) => string.CompareOrdinal(a.Instance.Name, b.Instance.Name));
        var instances = new PackingInstance[found.Count];
        for (var i = 0; i < found.Count; i++)
        {
            if (i > 0 && string.Equals(found[i].Instance.Name, found[i - 1].Instance.Name, StringComparison.Ordinal))
            {
                throw new CliException(
                    $"two instances are named '{found[i].Instance.Name}': {found[i - 1].Source} and {found[i].Source}; names must be unique");
            }

            instances[i] = found[i].Instance;
        }

        return instances;
    }

    /// <summary>Gets whether a path names a gzip-compressed tar archive.</summary>
    public static bool IsArchive(string path) =>
        path.EndsWith(".tar.gz", StringComparison.OrdinalIgnoreCase) || path.EndsWith(".tgz", StringComparison.OrdinalIgnoreCase);

    /// <summary>Reads one instance.</summary>
    /// <param name="reader">The text.</param>
    /// <param name="name">The instance's name.</param>
    /// <param name="source">Where it comes from, for messages (e.g. <c>'dir/a.vbp'</c>).</param>
    /// <returns>The instance.</returns>
    public static PackingInstance Read(TextReader reader, string name, string source)
    {
        ArgumentNullException.ThrowIfNull(reader);
        var lines = new LineSource(reader, source);
        var header = lines.Next("the number of dimensions");
        header.ExpectCount(1, "the number of dimensions");
        var d = header.Int32(0, 1, 10_000, "the number of dimensions");

        var capacityLine = lines.Next($"the {d} capacities");
        capacityLine.ExpectCount(d, $"{d} capacities (one per dimension)");
        var capacity = new long[d];
        for (var k = 0; k < d; k++)
        {
            capacity[k] = capacityLine.Int64(k, 1, long.MaxValue / 2, $"the capacity of dimension {k + 1}");
        }

        var countLine = lines.Next("the number of item types");
        countLine.ExpectCount(1, "the number of item types");
        var m = countLine.Int32(0, 0, int.MaxValue, "the number of item types");

        var sizes = new List<long>();
        long items = 0;
        for (var j = 0; j < m; j++)
        {
            var line = lines.Next($"item type {j + 1} of {m}");
            line.ExpectCount(d + 1, $"{d} sizes and a multiplicity");
            var first = sizes.Count;
            for (var k = 0; k < d; k++)
            {
                var size = line.Int64(k, 0, long.MaxValue, $"size {k + 1}");
                if (size > capacity[k])
                {
                    throw line.Error($"size {size} in dimension {k + 1} is above the capacity {capacity[k]}; such an item fits no bin");
                }

                sizes.Add(size);
            }

            var q = line.Int64(d, 0, MaxItems, "the multiplicity");
            items += q;
            if (items > MaxItems)
            {
                throw line.Error($"the instance has more than {MaxItems} items");
            }

            if (q == 0)
            {
                sizes.RemoveRange(first, d);
            }

            for (var copy = 1; copy < q; copy++)
            {
                for (var k = 0; k < d; k++)
                {
                    sizes.Add(sizes[first + k]);
                }
            }
        }

        lines.ExpectEnd($"the {m} item types");
        return new PackingInstance(name, capacity, sizes);
    }

    private static string NameOf(string file)
    {
        var name = Path.GetFileName(file);
        return name.EndsWith(".vbp", StringComparison.OrdinalIgnoreCase) ? name[..^4] : name;
    }

    private static void ReadArchive(string path, List<(PackingInstance, string)> found)
    {
        using var file = File.OpenRead(path);
        using var gzip = new GZipStream(file, CompressionMode.Decompress);
        using var tar = new TarReader(gzip);
        try
        {
            while (tar.GetNextEntry() is { } entry)
            {
                if (entry.EntryType is not (TarEntryType.RegularFile or TarEntryType.V7RegularFile)
                    || !entry.Name.EndsWith(".vbp", StringComparison.OrdinalIgnoreCase)
                    || entry.DataStream is null)
                {
                    continue;
                }

                var source = $"'{path}' entry '{entry.Name}'";
                using var reader = new StreamReader(entry.DataStream, leaveOpen: true);
                found.Add((Read(reader, NameOf(entry.Name), source), source));
            }
        }
        catch (Exception e) when (e is InvalidDataException or FormatException or EndOfStreamException)
        {
            throw new CliException($"'{path}' is not a readable .tar.gz archive: {e.Message}", e);
        }

        if (found.Count == 0)
        {
            throw new CliException($"no .vbp file in the archive '{path}'");
        }
    }

    /// <summary>The non-blank lines of a file, with their line numbers.</summary>
    private sealed class LineSource(TextReader reader, string source)
    {
        private int _number;

        public Line Next(string expected)
        {
            while (reader.ReadLine() is { } text)
            {
                _number++;
                var fields = text.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries);
                if (fields.Length > 0)
                {
                    return new Line(source, _number, fields);
                }
            }

            throw new CliException($"{source} line {_number + 1}: the file ends where {expected} should be");
        }

        public void ExpectEnd(string after)
        {
            while (reader.ReadLine() is { } text)
            {
                _number++;
                if (!string.IsNullOrWhiteSpace(text))
                {
                    throw new CliException($"{source} line {_number}: unexpected content after {after}; the third line gives their number");
                }
            }
        }
    }

    private readonly record struct Line(string Source, int Number, string[] Fields)
    {
        public CliException Error(string message) => new($"{Source} line {Number}: {message}");

        public void ExpectCount(int count, string what)
        {
            if (Fields.Length != count)
            {
                throw Error($"expected {what} ({count} field{(count == 1 ? "" : "s")}), found {Fields.Length} field{(Fields.Length == 1 ? "" : "s")}");
            }
        }

        public int Int32(int index, int minimum, int maximum, string what) => (int)Int64(index, minimum, maximum, what);

        public long Int64(int index, long minimum, long maximum, string what)
        {
            var text = Fields[index];
            if (!long.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var value) || value < minimum || value > maximum)
            {
                throw Error($"{what} must be an integer from {minimum} to {maximum}, got '{text}'");
            }

            return value;
        }
    }
}
