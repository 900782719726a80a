using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Text;
using ContainerScheduling.Cli.IO;

namespace ContainerScheduling.Cli.Simulation;

/// <summary>
/// The text <c>csched simulate</c> prints on stdout: a heading, one row per policy (means over the seeds), and for
/// a published workload the paper's number beside ours, marked <c>ok</c> within <see cref="Tolerance"/> points;
/// notes on the columns, the wall time, and last how this library's policy compares with FGD when both ran.
/// </summary>
internal static class SimulationReport
{
    /// <summary>How close (in points of unallocated GPU %) a row must come to the published value to be marked <c>ok</c>.</summary>
    public const double Tolerance = 1.0;

    /// <summary>Renders the report.</summary>
    /// <param name="result">The finished simulation.</param>
    /// <returns>The text, lines ending in <c>\n</c>.</returns>
    public static string Render(SimulationResult result)
    {
        ArgumentNullException.ThrowIfNull(result);
        var settings = result.Settings;
        var text = new StringBuilder();
        var seeds = settings.Seeds;
        text.Append(CultureInfo.InvariantCulture, $"{Path.GetFileName(settings.TasksPath)} on {Path.GetFileName(settings.NodesPath)}: ");
        text.Append(CultureInfo.InvariantCulture, $"{result.NodeCount} nodes, {result.GpuCount} GPUs, {result.TaskCount} tasks; ");
        text.Append(CultureInfo.InvariantCulture, $"{seeds.Count} seed{(seeds.Count == 1 ? "" : "s")} ({SeedList.Format(seeds)}); ");
        text.Append(settings.Replay
            ? "replay: tasks arrive and leave at their trace times\n"
            : ArrivalLine(settings));

        string? comparison = null;
        if (settings.Replay)
        {
            text.Append(TextTable.Layout(ReplayRows(result)));
            text.Append("on arrival, later, never: tasks placed when they arrived, after waiting, or not before they left;\n");
            text.Append("max pending: the longest queue; mean alloc%, frag%: over time; all means over the seeds\n");
        }
        else
        {
            text.Append(TextTable.Layout(ExperimentRows(result, out var notes, out comparison)));
            foreach (var note in notes)
            {
                text.Append(note).Append('\n');
            }
        }

        var runs = result.Policies.Count * seeds.Count;
        text.Append(CultureInfo.InvariantCulture, $"{runs} run{(runs == 1 ? "" : "s")} in {result.Wall.TotalSeconds:F1} s wall, {result.Parallelism} at a time\n");
        if (comparison is not null)
        {
            text.Append(comparison).Append('\n');
        }

        return text.ToString();
    }

    private static string ArrivalLine(SimulationSettings settings)
    {
        var line = settings.ArrivalOrder is null
            ? string.Create(CultureInfo.InvariantCulture, $"shuffled, inflated to {settings.Inflation * 100:0.##}% of GPU capacity")
            : $"arrival order from a file ({settings.ArrivalOrder.Count} tasks)";
        if (settings.TieBreakOrder is not null)
        {
            line += ", tie-break order from a file";
        }

        return line + "\n";
    }

    private static List<string[]> ExperimentRows(SimulationResult result, out List<string> notes, out string? comparison)
    {
        var settings = result.Settings;
        var workload = PublishedGpuResults.WorkloadOf(settings.TasksPath);
        var published = workload is not null && result.Policies.Any(p => PublishedGpuResults.UnallocatedGpuPctAtArrival100(workload, p.Policy) is not null);
        var header = new List<string> { "policy", "unalloc% @100 ± sd" };
        if (published)
        {
            header.AddRange(["published", "diff", ""]);
        }

        header.AddRange(["alloc% @130", "frag% @100", "placed", "failed", "run s"]);
        var rows = new List<string[]> { header.ToArray() };
        foreach (var policy in result.Policies)
        {
            var unallocated = policy.Values(r => r.UnallocatedGpuPctAtArrival100);
            var mean = Statistics.Mean(unallocated);
            var row = new List<string> { policy.Policy, $"{F2(mean)} ± {F2(Statistics.StandardDeviation(unallocated))}" };
            if (published)
            {
                var paper = PublishedGpuResults.UnallocatedGpuPctAtArrival100(workload, policy.Policy);
                row.AddRange(paper is { } value
                    ? [F2(value), (mean - value).ToString("+0.00;-0.00;0.00", CultureInfo.InvariantCulture), Math.Abs(mean - value) <= Tolerance ? "ok" : ""]
                    : ["-", "-", ""]);
            }

            row.AddRange([
                F2(policy.Mean(r => r.AllocatedGpuPctAtArrival130)),
                F2(policy.Mean(r => r.FragmentationPctAtArrival100)),
                F1(policy.Mean(r => (double)r.Placed)),
                F1(policy.Mean(r => (double)r.Failed)),
                F1(policy.Seconds),
            ]);
            rows.Add(row.ToArray());
        }

        notes = [
            "unalloc% @100: GPU capacity left unallocated when arrivals reach 100% of it (lower is better);",
            "means over the seeds (± sample sd); placed, failed: tasks per run; run s: the policy's runs added up",
        ];
        if (published)
        {
            notes.Add(string.Create(
                CultureInfo.InvariantCulture,
                $"published: Weng et al., USENIX ATC'23, mean of 10 seeds; ok = within ±{Tolerance:0.0} point"));
            if (!string.Equals(Path.GetFileName(settings.NodesPath), PublishedGpuResults.NodeFileName, StringComparison.Ordinal))
            {
                notes.Add($"note: the paper used the nodes of {PublishedGpuResults.NodeFileName}, not {Path.GetFileName(settings.NodesPath)}");
            }
        }

        comparison = Comparison(result);
        return rows;
    }

    /// <summary>Says how this library's policy did against FGD, when both ran.</summary>
    private static string? Comparison(SimulationResult result)
    {
        var ours = result.Policies.FirstOrDefault(p => p.Policy == GpuPlacementStrategies.DefaultName);
        var fgd = result.Policies.FirstOrDefault(p => p.Policy == GpuPlacementStrategies.FgdName);
        if (ours is null || fgd is null || ReferenceEquals(ours, fgd))
        {
            return null;
        }

        var a = ours.Mean(r => r.UnallocatedGpuPctAtArrival100);
        var b = fgd.Mean(r => r.UnallocatedGpuPctAtArrival100);
        var verdict = Math.Round(a, 2) == Math.Round(b, 2)
            ? "the same as"
            : string.Create(CultureInfo.InvariantCulture, $"{Math.Abs(a - b):0.00} points {(a < b ? "less than" : "more than")}");
        var wins = ours.Runs!.Zip(fgd.Runs!).Count(pair => pair.First.UnallocatedGpuPctAtArrival100 < pair.Second.UnallocatedGpuPctAtArrival100);
        return string.Create(
            CultureInfo.InvariantCulture,
            $"{ours.Policy} (ours) vs {fgd.Policy}: unallocated GPU at 100% arrival {F2(a)}% vs {F2(b)}%, {verdict} fgd ({(a < b ? "better" : a > b ? "worse" : "even")}); lower in {wins} of {ours.Runs!.Count} seeds");
    }

    private static List<string[]> ReplayRows(SimulationResult result)
    {
        List<string[]> rows = [["policy", "on arrival", "later", "never", "max pending", "mean alloc%", "mean frag%", "run s"]];
        foreach (var policy in result.Policies)
        {
            rows.Add([
                policy.Policy,
                F1(policy.Mean(r => (double)r.PlacedOnArrival)),
                F1(policy.Mean(r => (double)r.PlacedLater)),
                F1(policy.Mean(r => (double)r.NeverPlaced)),
                F1(policy.Mean(r => (double)r.MaxPending)),
                F2(policy.Mean(PolicyResult.MeanAllocatedGpuPct)),
                F2(policy.Mean(PolicyResult.MeanFragmentationPct)),
                F1(policy.Seconds),
            ]);
        }

        return rows;
    }

    private static string F1(double value) => value.ToString("0.0", CultureInfo.InvariantCulture);

    private static string F2(double value) => value.ToString("0.00", CultureInfo.InvariantCulture);
}
