using System;
using System.Diagnostics;
using System.Globalization;
using System.IO;
using ContainerScheduling.Cli.CommandLine;
using ContainerScheduling.Cli.IO;
using ContainerScheduling.Cli.Json;
using ContainerScheduling.Cli.Scheduling;

namespace ContainerScheduling.Cli.Commands;

/// <summary><c>csched place</c>: reads a cluster and a workload, places, writes the result as JSON.</summary>
internal static class PlaceCommand
{
    public const string Name = "place";

    private static readonly string[] ValueOptions = ["--cluster", "--workload", "--strategy", "--order", "--output"];
    private static readonly string[] Flags = ["--compact", "--timings"];

    public static int Run(ReadOnlySpan<string> args, TextWriter stdout, TextWriter stderr)
    {
        var options = ParsedOptions.Parse(Name, args, ValueOptions, Flags);
        if (options.Help)
        {
            stdout.Write(Usage.Place);
            return Cli.ExitOk;
        }

        var clusterPath = options.GetRequired("--cluster");
        var workloadPath = options.GetRequired("--workload");
        var strategy = PolicyNames.ParseStrategy(options.Get("--strategy", PlacementStrategies.BestFitName));
        var order = PolicyNames.ParseOrder(options.Get("--order", PolicyNames.Arrival));
        var outputPath = options.GetOptional("--output");
        var indented = !options.Has("--compact");
        if (outputPath is not null)
        {
            OutputFile.CheckWritable(outputPath, "--output");
        }

        var clock = Stopwatch.StartNew();
        var dimensions = new ResourceDimensions();
        var cluster = ClusterReader.ReadFile(clusterPath, dimensions);
        var workload = WorkloadReader.ReadFile(workloadPath, dimensions);
        var read = clock.Elapsed;

        var run = PlacementRun.Execute(cluster, workload, dimensions, strategy, order, clusterPath, workloadPath);
        var placed = clock.Elapsed;

        if (outputPath is null)
        {
            using var stream = new TextWriterStream(stdout);
            ResultWriter.Write(stream, run, indented);
        }
        else
        {
            OutputFile.Write(outputPath, stream => ResultWriter.Write(stream, run, indented));
        }

        var written = clock.Elapsed;
        if (options.Has("--timings"))
        {
            stderr.WriteLine(string.Create(
                CultureInfo.InvariantCulture,
                $"csched: {cluster.Nodes.Count} nodes, {workload.ContainerCount} containers, {run.PlacedCount} placed, {run.UnplacedCount} unplaced; read {read.TotalSeconds:F2} s, place {(placed - read).TotalSeconds:F2} s, write {(written - placed).TotalSeconds:F2} s"));
        }

        return Cli.ExitOk;
    }
}
