using System;
using System.Collections.Generic;
using System.Globalization;

namespace ContainerScheduling.Cli.Simulation;

/// <summary>Parses <c>--seeds</c>: one seed (<c>42</c>), a range (<c>42-51</c>), or a comma list of both (<c>42,45,50-51</c>).</summary>
internal static class SeedList
{
    /// <summary>The most seeds one command runs.</summary>
    public const int MaxSeeds = 10_000;

    /// <summary>Parses a seed list.</summary>
    /// <param name="text">The option's value.</param>
    /// <returns>The seeds in the order given, each once.</returns>
    /// <exception cref="CliException">Not a list of non-negative integers and ascending ranges, a seed repeated, or more than <see cref="MaxSeeds"/> seeds.</exception>
    public static IReadOnlyList<int> Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var seeds = new List<int>();
        var seen = new HashSet<int>();
        foreach (var item in text.Split(',', StringSplitOptions.TrimEntries))
        {
            var dash = item.IndexOf('-', StringComparison.Ordinal);
            int first, last;
            if (dash < 0)
            {
                first = last = Seed(item, text);
            }
            else
            {
                first = Seed(item[..dash], text);
                last = Seed(item[(dash + 1)..], text);
                if (last < first)
                {
                    throw new CliException($"option --seeds: the range '{item}' runs backwards; write {last}-{first}");
                }
            }

            if ((long)seeds.Count + last - first + 1 > MaxSeeds)
            {
                throw new CliException($"option --seeds: '{text}' is more than {MaxSeeds} seeds");
            }

            for (var seed = first; ; seed++)
            {
                if (!seen.Add(seed))
                {
                    throw new CliException($"option --seeds: seed {seed} is given twice in '{text}'");
                }

                seeds.Add(seed);
                if (seed == last)
                {
                    break;
                }
            }
        }

        return seeds;
    }

    /// <summary>Writes seeds compactly: runs of consecutive seeds as ranges (<c>42-51</c>), the rest comma-separated.</summary>
    /// <param name="seeds">The seeds.</param>
    /// <returns>The text, e.g. <c>42-45,50</c>.</returns>
    public static string Format(IReadOnlyList<int> seeds)
    {
        ArgumentNullException.ThrowIfNull(seeds);
        var parts = new List<string>();
        for (var i = 0; i < seeds.Count;)
        {
            var j = i;
            while (j + 1 < seeds.Count && seeds[j] != int.MaxValue && seeds[j + 1] == seeds[j] + 1)
            {
                j++;
            }

            parts.Add(j == i
                ? seeds[i].ToString(CultureInfo.InvariantCulture)
                : string.Create(CultureInfo.InvariantCulture, $"{seeds[i]}-{seeds[j]}"));
            i = j + 1;
        }

        return string.Join(',', parts);
    }

    private static int Seed(string item, string text) =>
        int.TryParse(item, NumberStyles.None, CultureInfo.InvariantCulture, out var seed)
            ? seed
            : throw new CliException($"option --seeds must be seeds (integers from 0 to {int.MaxValue}) such as 42, 42-51 or 42,45,50; got '{text}'");
}
