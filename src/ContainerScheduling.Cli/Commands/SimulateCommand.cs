using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text;
using ContainerScheduling.Cli.CommandLine;
using ContainerScheduling.Cli.IO;
using ContainerScheduling.Cli.Simulation;

namespace ContainerScheduling.Cli.Commands;

/// <summary>
/// <c>csched simulate</c>: reads a GPU trace (node and task CSVs) once and runs the published trace experiment of
/// the FGD paper — or, with <c>--replay</c>, the trace's real arrivals and departures — for each policy and seed,
/// in parallel. Prints a table of the means over the seeds (beside the paper's numbers for a published workload) and
/// optionally writes the runs as JSON, a chart as SVG and where every task of the first run went.
/// </summary>
internal static class SimulateCommand
{
    public const string Name = "simulate";

    /// <summary>The <c>--policy</c> value that runs every built-in policy.</summary>
    public const string AllPolicies = "all";

    private const string DefaultSeeds = "42-51";
    private const string ReferenceSeed = "42";

    private static readonly string[] ValueOptions =
        ["--nodes", "--tasks", "--policy", "--seeds", "--inflate", "--output", "--chart", "--samples", "--arrival-order", "--tiebreak-order", "--placements-out"];

    private static readonly string[] Flags = ["--replay"];

    /// <summary>Runs the command.</summary>
    /// <param name="args">The arguments after <c>simulate</c>.</param>
    /// <param name="stdout">Where the table and help go.</param>
    /// <param name="terminal">Standard error when it is an interactive terminal (for the progress line), otherwise null.</param>
    /// <returns>The exit code.</returns>
    public static int Run(ReadOnlySpan<string> args, TextWriter stdout, TextWriter? terminal)
    {
        var options = ParsedOptions.Parse(Name, args, ValueOptions, Flags);
        if (options.Help)
        {
            stdout.Write(Usage.Simulate);
            return Cli.ExitOk;
        }

        var nodesPath = options.GetRequired("--nodes");
        var tasksPath = options.GetRequired("--tasks");
        var policies = ParsePolicies(options.Get("--policy", GpuPlacementStrategies.DefaultName));
        var replay = options.Has("--replay");
        if (replay)
        {
            foreach (var other in new[] { "--inflate", "--arrival-order", "--tiebreak-order", "--placements-out" })
            {
                if (options.Has(other))
                {
                    throw new CliException($"--replay uses the trace's own arrival and deletion times; it takes no {other} (see 'csched simulate --help')");
                }
            }
        }
        else if (options.Has("--samples"))
        {
            throw new CliException("--samples sets the number of samples of a --replay (see 'csched simulate --help')");
        }

        var arrivalPath = options.GetOptional("--arrival-order");
        var tieBreakPath = options.GetOptional("--tiebreak-order");
        var reference = arrivalPath is not null || tieBreakPath is not null;
        var seeds = SeedList.Parse(options.Get("--seeds", reference ? ReferenceSeed : DefaultSeeds));
        if (reference && seeds.Count != 1)
        {
            throw new CliException(
                $"--arrival-order and --tiebreak-order fix the order of one run; give one seed (e.g. --seeds {seeds[0]}), got {seeds.Count} ({SeedList.Format(seeds)})");
        }

        var inflation = options.GetDouble("--inflate", GpuTraceExperimentOptions.DefaultInflation, 0, 100);
        var samples = options.GetInt32("--samples", GpuTraceReplay.DefaultSamples, 2, 100_000);
        var outputPath = options.GetOptional("--output");
        var chartPath = options.GetOptional("--chart");
        var placementsPath = options.GetOptional("--placements-out");
        CheckOutputs(
            [nodesPath, tasksPath, arrivalPath, tieBreakPath],
            [(outputPath, "--output"), (chartPath, "--chart"), (placementsPath, "--placements-out")]);

        // Read and check every input before running anything: a bad row costs no simulation time.
        var nodes = TraceReader.ReadNodes(nodesPath);
        var workload = TraceReader.ReadTasks(tasksPath, withTimes: replay);
        var settings = new SimulationSettings
        {
            NodesPath = nodesPath,
            TasksPath = tasksPath,
            Policies = policies,
            Seeds = seeds,
            Inflation = inflation,
            Replay = replay,
            Samples = samples,
            ArrivalOrder = arrivalPath is null ? null : TraceReader.ReadArrivalOrder(arrivalPath, workload.Requests, tasksPath),
            TieBreakOrder = tieBreakPath is null ? null : TraceReader.ReadTieBreakOrder(tieBreakPath, nodes, nodesPath),
            RecordPlacements = placementsPath is not null,
        };

        var progress = terminal is null ? null : new SimulationProgress(terminal, policies.Count * seeds.Count);
        SimulationResult result;
        try
        {
            result = SimulationRunner.Run(nodes, workload, settings, progress);
        }
        finally
        {
            progress?.Clear();
        }

        if (outputPath is not null)
        {
            OutputFile.Write(outputPath, stream => SimulationWriter.Write(stream, result));
        }

        if (chartPath is not null)
        {
            var svg = SimulationChart.Render(result);
            OutputFile.Write(chartPath, stream => stream.Write(Encoding.UTF8.GetBytes(svg)));
        }

        if (placementsPath is not null)
        {
            OutputFile.Write(placementsPath, stream => PlacementsCsv.Write(stream, result.Placements!));
        }

        stdout.Write(SimulationReport.Render(result));
        foreach (var (path, what) in new[] { (outputPath, "the runs"), (chartPath, "the chart"), (placementsPath, $"the placements of {policies[0]} seed {seeds[0]}") })
        {
            if (path is not null)
            {
                stdout.WriteLine($"wrote {what} to {path}");
            }
        }

        return Cli.ExitOk;
    }

    /// <summary>Parses <c>--policy</c>: a built-in name, a comma list of them, or <c>all</c> (every built-in, published ones first).</summary>
    internal static IReadOnlyList<string> ParsePolicies(string text)
    {
        if (string.Equals(text, AllPolicies, StringComparison.Ordinal))
        {
            return GpuPlacementStrategies.Names;
        }

        var policies = new List<string>();
        foreach (var name in text.Split(',', StringSplitOptions.TrimEntries))
        {
            if (!GpuPlacementStrategies.Names.Contains(name, StringComparer.Ordinal))
            {
                throw new CliException($"unknown policy '{name}'; expected one of: {string.Join(", ", GpuPlacementStrategies.Names)}, or {AllPolicies}");
            }

            if (policies.Contains(name, StringComparer.Ordinal))
            {
                throw new CliException($"option --policy names '{name}' twice");
            }

            policies.Add(name);
        }

        return policies;
    }

    /// <summary>Checks that each output can be written, and that no two outputs, and no output and input, are the same file.</summary>
    private static void CheckOutputs(string?[] inputs, (string? Path, string Option)[] outputs)
    {
        var seen = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var input in inputs)
        {
            if (input is not null)
            {
                seen.TryAdd(Path.GetFullPath(input), $"'{input}'");
            }
        }

        foreach (var (path, option) in outputs)
        {
            if (path is null)
            {
                continue;
            }

            OutputFile.CheckWritable(path, option);
            if (!seen.TryAdd(Path.GetFullPath(path), option))
            {
                throw new CliException($"{option} would overwrite {seen[Path.GetFullPath(path)]}; choose another file");
            }
        }
    }
}
