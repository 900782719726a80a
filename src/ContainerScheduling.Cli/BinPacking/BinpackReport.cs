using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Text;
using ContainerScheduling.Cli.IO;

namespace ContainerScheduling.Cli.BinPacking;

/// <summary>
/// The text <c>csched binpack</c> prints: with <c>--report</c>, a per-class table of our mean % above the lower bound
/// beside the published per-class means (<see cref="PublishedPackingResults"/>) and our mean % above the proven
/// optimum where it is known; then the totals, the check of every assignment and the wall time.
/// </summary>
internal static class BinpackReport
{
    private static readonly string[] Header = ["class", "n", "ours %>LB", "best all", "best IC", "best BC", "ours %>OPT", "n OPT"];

    /// <summary>Renders the table and the totals.</summary>
    public static string Render(BinpackResult result, bool table)
    {
        ArgumentNullException.ThrowIfNull(result);
        var settings = result.Settings;
        var text = new StringBuilder();
        text.Append(CultureInfo.InvariantCulture, $"binpack: {result.Instances.Count} instance{(result.Instances.Count == 1 ? "" : "s")} from {Path.GetFileName(Path.TrimEndingDirectorySeparator(settings.InstancesPath))}, planner {settings.Strategy}");
        text.Append(settings.Optimize
            ? string.Create(CultureInfo.InvariantCulture, $", improved for up to {settings.TimeLimit.TotalMilliseconds:0} ms each (seed {settings.Seed})\n")
            : "\n");
        var matched = result.Matched.Count();
        if (table)
        {
            text.Append(TextTable.Layout(Rows(result)));
            text.Append(settings.PublishedPath is null
                ? $"% above LB: our own lower bound (no published bounds: pass --published FILE or put {PublishedBounds.FileName} next to the instances)\n"
                : $"% above LB: the published LB for the {matched} instance{(matched == 1 ? "" : "s")} listed in {Path.GetFileName(settings.PublishedPath)}, ours for any other\n");
            text.Append("best all / IC / BC: published mean % above LB of the per-instance best of ~350 algorithms, of the best\n");
            text.Append("item-centric (FFD family) and of the best bin-centric (dot-product family) ones (Mommessin, Erlebach and\n");
            text.Append("Shakhlevich 2024/25, on the classes of Panigrahy et al. 2011); % above OPT: where OPT is proven\n");
            if (matched > 0)
            {
                var atOrBelow = result.Matched.Count(r => r.Plan.BinCount <= r.Published!.Value.BestOverall);
                var below = result.Matched.Count(r => r.Plan.BinCount < r.Published!.Value.BestOverall);
                text.Append(CultureInfo.InvariantCulture, $"at or below the published best_overall: {atOrBelow} of {matched} instances ({below} below)\n");
            }
        }

        text.Append(CultureInfo.InvariantCulture, $"{result.Bins} bins, lower bound {result.LowerBound} (ours), mean {F2(result.MeanPctAboveLowerBound)}% above it; ");
        text.Append(result.Valid ? "every assignment re-checked: no bin over capacity\n" : "INVALID: some bin is over capacity\n");
        text.Append(CultureInfo.InvariantCulture, $"{result.Instances.Count} instances in {result.Wall.TotalSeconds:F1} s wall, {result.Parallelism} at a time\n");
        return text.ToString();
    }

    private static List<string[]> Rows(BinpackResult result)
    {
        var rows = new List<string[]> { Header };
        var groups = result.Instances
            .GroupBy(r => PublishedPackingResults.ClassOf(r.Name) ?? "other")
            .OrderBy(g => g.Key == "other" ? 1 : 0)
            .ThenBy(g => g.Key.Length)
            .ThenBy(g => g.Key, StringComparer.Ordinal);
        foreach (var group in groups)
        {
            rows.Add(Row(group.Key, group.ToList()));
        }

        rows.Add(Row(PublishedPackingResults.All, result.Instances));
        return rows;
    }

    private static string[] Row(string name, IReadOnlyList<InstanceResult> results)
    {
        var published = PublishedPackingResults.Of(name);
        var withOptimum = results.Where(r => r.Published?.Optimum is not null).ToList();
        return
        [
            name,
            results.Count.ToString(CultureInfo.InvariantCulture),
            F2(BinpackResult.Mean(results, r => r.PctAbove(r.ReferenceBound))),
            published is { } p ? F2(p.BestOverall) : "-",
            published is { } q ? F2(q.BestItemCentric) : "-",
            published is { } s ? F2(s.BestBinCentric) : "-",
            withOptimum.Count > 0 ? F2(BinpackResult.Mean(withOptimum, r => r.PctAbove(r.Published!.Value.Optimum!.Value))) : "-",
            withOptimum.Count.ToString(CultureInfo.InvariantCulture),
        ];
    }

    private static string F2(double value) => value.ToString("0.00", CultureInfo.InvariantCulture);
}
