using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;

namespace ContainerScheduling.Cli.BinPacking;

/// <summary>One instance's published figures: the lower bound, the proven optimum (null when unknown) and the fewest bins any published algorithm found.</summary>
internal readonly record struct PublishedInstance(int LowerBound, int? Optimum, int BestOverall);

/// <summary>
/// Reads the per-instance published bounds (<c>panigrahy_bounds_and_best.tsv</c>): a header naming the columns
/// <c>instance_name</c>, <c>LB</c>, <c>OPT</c> (−1 when unknown) and <c>best_overall</c> (others ignored), then one
/// row per instance, tab-separated. A bad row is a <see cref="CliException"/> naming the file and line.
/// </summary>
internal static class PublishedBounds
{
    /// <summary>The file name looked for next to the instances.</summary>
    public const string FileName = "panigrahy_bounds_and_best.tsv";

    /// <summary>
    /// Finds the published file next to an instances path: in the directory of a file (a <c>.tar.gz</c> or
    /// <c>.vbp</c>), or in a directory itself or its parent.
    /// </summary>
    /// <param name="instancesPath">The <c>--instances</c> path.</param>
    /// <returns>The file's path, or null when there is none.</returns>
    public static string? Find(string instancesPath)
    {
        ArgumentNullException.ThrowIfNull(instancesPath);
        var full = Path.GetFullPath(instancesPath).TrimEnd(Path.DirectorySeparatorChar, Path.AltDirectorySeparatorChar);
        var candidates = new List<string?>();
        if (Directory.Exists(full))
        {
            candidates.Add(full);
        }

        candidates.Add(Path.GetDirectoryName(full));
        foreach (var directory in candidates)
        {
            if (directory is null)
            {
                continue;
            }

            var file = Path.Combine(directory, FileName);
            if (File.Exists(file))
            {
                return file;
            }
        }

        return null;
    }

    /// <summary>Reads the file.</summary>
    /// <param name="path">The TSV file.</param>
    /// <returns>The figures by instance name.</returns>
    public static IReadOnlyDictionary<string, PublishedInstance> Read(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        if (!File.Exists(path))
        {
            throw new CliException($"--published '{path}' does not exist");
        }

        using var reader = new StreamReader(path);
        var result = new Dictionary<string, PublishedInstance>(StringComparer.Ordinal);
        int name = -1, lb = -1, opt = -1, best = -1;
        var number = 0;
        var width = 0;
        while (reader.ReadLine() is { } line)
        {
            number++;
            if (string.IsNullOrWhiteSpace(line))
            {
                continue;
            }

            var fields = line.TrimEnd('\r').Split('\t');
            if (width == 0)
            {
                var header = new List<string>(fields);
                name = header.IndexOf("instance_name");
                lb = header.IndexOf("LB");
                opt = header.IndexOf("OPT");
                best = header.IndexOf("best_overall");
                if (name < 0 || lb < 0 || opt < 0 || best < 0)
                {
                    throw new CliException($"'{path}' line {number}: the header must name the columns instance_name, LB, OPT and best_overall (tab-separated)");
                }

                width = fields.Length;
                continue;
            }

            if (fields.Length != width)
            {
                throw new CliException($"'{path}' line {number}: expected {width} tab-separated fields as in the header, found {fields.Length}");
            }

            var instance = fields[name].Trim();
            if (instance.Length == 0)
            {
                throw new CliException($"'{path}' line {number}: instance_name is empty");
            }

            var lowerBound = Int(fields[lb], "LB", 1);
            var optimum = Int(fields[opt], "OPT", -1);
            var bestOverall = Int(fields[best], "best_overall", 1);
            if (!result.TryAdd(instance, new PublishedInstance(lowerBound, optimum < 0 ? null : optimum, bestOverall)))
            {
                throw new CliException($"'{path}' line {number}: instance '{instance}' is listed twice");
            }
        }

        return result;

        int Int(string text, string column, int minimum)
        {
            var trimmed = text.Trim();
            var ok = int.TryParse(trimmed, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var value)
                && (value >= minimum || (column == "OPT" && value == -1));
            if (!ok || (column == "OPT" && value is 0 or < -1))
            {
                throw new CliException($"'{path}' line {number}: {column} must be an integer {(column == "OPT" ? "above 0, or -1 for unknown" : "above 0")}, got '{trimmed}'");
            }

            return value;
        }
    }
}
