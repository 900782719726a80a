using System;
using System.IO;
using System.Linq;
using ContainerScheduling.Cli.BinPacking;
using ContainerScheduling.Cli.CommandLine;
using ContainerScheduling.Cli.IO;

namespace ContainerScheduling.Cli.Commands;

/// <summary>
/// <c>csched binpack</c>: reads VPSolver <c>.vbp</c> instances (a file, a directory tree or a <c>.tar.gz</c>), packs
/// each with a batch planner (optionally improved within a time limit), checks every plan, and writes the bins of
/// every item as JSON; with <c>--report</c>, a per-class table beside the published results.
/// </summary>
internal static class BinpackCommand
{
    public const string Name = "binpack";

    /// <summary>The default time limit of the improvement phase per instance, in milliseconds.</summary>
    public const int DefaultTimeLimitMs = 500;

    private static readonly string[] ValueOptions = ["--instances", "--strategy", "--time-limit-ms", "--seed", "--max-iterations", "--output", "--published"];

    private static readonly string[] Flags = ["--optimize", "--report", "--no-timings"];

    /// <summary>Runs the command.</summary>
    /// <param name="args">The arguments after <c>binpack</c>.</param>
    /// <param name="stdout">Where the JSON (without <c>--output</c> or <c>--report</c>), the report and help go.</param>
    /// <param name="terminal">Standard error when it is an interactive terminal (for the progress line), otherwise null.</param>
    /// <returns>The exit code.</returns>
    public static int Run(ReadOnlySpan<string> args, TextWriter stdout, TextWriter? terminal)
    {
        var options = ParsedOptions.Parse(Name, args, ValueOptions, Flags);
        if (options.Help)
        {
            stdout.Write(Usage.Binpack);
            return Cli.ExitOk;
        }

        var instancesPath = options.GetRequired("--instances");
        var strategy = options.Get("--strategy", BatchPackers.DefaultName);
        if (!BatchPackers.Names.Contains(strategy, StringComparer.Ordinal))
        {
            throw new CliException($"unknown strategy '{strategy}'; expected one of: {string.Join(", ", BatchPackers.Names)}");
        }

        var optimize = options.Has("--optimize");
        if (!optimize && (options.Has("--time-limit-ms") || options.Has("--seed") || options.Has("--max-iterations")))
        {
            throw new CliException("--time-limit-ms, --seed and --max-iterations set the improvement phase; add --optimize (see 'csched binpack --help')");
        }

        var timeLimit = options.GetInt32("--time-limit-ms", DefaultTimeLimitMs, 1, 3_600_000);
        var seed = options.GetInt32("--seed", 0, 0, int.MaxValue);
        var maxIterations = options.Has("--max-iterations") ? options.GetInt32("--max-iterations", 0, 1, int.MaxValue) : long.MaxValue;
        var report = options.Has("--report");
        var outputPath = options.GetOptional("--output");
        if (outputPath is not null)
        {
            OutputFile.CheckWritable(outputPath, "--output");
            if (string.Equals(Path.GetFullPath(outputPath), Path.GetFullPath(instancesPath), StringComparison.Ordinal))
            {
                throw new CliException("--output would overwrite the --instances file; choose another file");
            }
        }

        // Read and check everything before packing anything: a bad line costs no packing time.
        var publishedPath = options.GetOptional("--published") ?? (report ? PublishedBounds.Find(instancesPath) : null);
        var published = publishedPath is null ? null : PublishedBounds.Read(publishedPath);
        var instances = VbpReader.ReadAll(instancesPath);
        var settings = new BinpackSettings
        {
            InstancesPath = instancesPath,
            Strategy = strategy,
            Optimize = optimize,
            TimeLimit = TimeSpan.FromMilliseconds(timeLimit),
            Seed = seed,
            MaxIterations = maxIterations,
            Timings = !options.Has("--no-timings"),
            PublishedPath = publishedPath,
            Published = published ?? new System.Collections.Generic.Dictionary<string, PublishedInstance>(),
        };

        var progress = terminal is null ? null : new BinpackProgress(terminal, instances.Count);
        BinpackResult result;
        try
        {
            result = BinpackRunner.Run(instances, settings, progress);
        }
        finally
        {
            progress?.Clear();
        }

        if (!result.Valid)
        {
            // PackingPlan checks every plan, so this is a bug in the planner or the check, never the user's input.
            throw new InvalidOperationException("a plan put some bin over capacity; nothing was written");
        }

        if (outputPath is not null)
        {
            OutputFile.Write(outputPath, stream => BinpackWriter.Write(stream, result));
        }
        else if (!report)
        {
            using var stream = new TextWriterStream(stdout);
            BinpackWriter.Write(stream, result);
            stdout.WriteLine();
            return Cli.ExitOk;
        }

        stdout.Write(BinpackReport.Render(result, report));
        if (outputPath is not null)
        {
            stdout.WriteLine($"wrote the plans to {outputPath}");
        }

        return Cli.ExitOk;
    }
}
