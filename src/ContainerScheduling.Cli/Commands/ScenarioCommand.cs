using System;
using System.Diagnostics;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Text;
using ContainerScheduling.Cli.CommandLine;
using ContainerScheduling.Cli.IO;
using ContainerScheduling.Cli.Json;
using ContainerScheduling.Cli.Scheduling;

namespace ContainerScheduling.Cli.Commands;

/// <summary>
/// <c>csched scenario</c>: reads a scenario (a cluster, an initial workload and a list of events), plays it through an
/// <see cref="Orchestrator"/> and writes the final state and what each event did as JSON. With <c>--output</c> the
/// JSON goes to the file and a short text summary to stdout.
/// </summary>
internal static class ScenarioCommand
{
    public const string Name = "scenario";

    private static readonly string[] ValueOptions = ["--file", "--output"];
    private static readonly string[] Flags = ["--compact", "--timings"];

    public static int Run(ReadOnlySpan<string> args, TextWriter stdout, TextWriter stderr)
    {
        var options = ParsedOptions.Parse(Name, args, ValueOptions, Flags);
        if (options.Help)
        {
            stdout.Write(Usage.Scenario);
            return Cli.ExitOk;
        }

        var scenarioPath = options.GetRequired("--file");
        var outputPath = options.GetOptional("--output");
        var indented = !options.Has("--compact");
        if (outputPath is not null)
        {
            OutputFile.CheckWritable(outputPath, "--output");
        }

        var clock = Stopwatch.StartNew();
        var document = ScenarioReader.ReadFile(scenarioPath);
        var read = clock.Elapsed;

        var run = ScenarioRun.Execute(document, scenarioPath);
        var played = clock.Elapsed;

        if (outputPath is null)
        {
            using var stream = new TextWriterStream(stdout);
            ScenarioWriter.Write(stream, run, indented);
        }
        else
        {
            OutputFile.Write(outputPath, stream => ScenarioWriter.Write(stream, run, indented));
            stdout.Write(Summary(run, scenarioPath, outputPath));
        }

        var written = clock.Elapsed;
        if (options.Has("--timings"))
        {
            stderr.WriteLine(string.Create(
                CultureInfo.InvariantCulture,
                $"csched: {run.Cluster.NodeCount} nodes, {run.Submitted} containers submitted, {run.Steps.Count} events, {run.Cluster.ContainerCount} running, {run.Pending.Count} pending; read {read.TotalSeconds:F2} s, play {(played - read).TotalSeconds:F2} s, write {(written - played).TotalSeconds:F2} s"));
        }

        return Cli.ExitOk;
    }

    /// <summary>
    /// Renders the run for a person: one line for the initial workload and one per event (what it evicted, placed,
    /// left pending, preempted and moved), then the final state and the totals.
    /// </summary>
    internal static string Summary(ScenarioRun run, string scenarioPath, string outputPath)
    {
        var text = new StringBuilder();
        var cluster = run.Cluster;
        var nodes = run.Metrics.Nodes;
        text.Append(CultureInfo.InvariantCulture, $"{scenarioPath}: {cluster.NodeCount} nodes, {run.Submitted} containers submitted, {run.Steps.Count} events, strategy {run.Strategy}\n");
        text.Append(Line("initial workload", run.Initial));
        foreach (var step in run.Steps)
        {
            var scenarioEvent = step.Event!;
            var subject = scenarioEvent.Node ?? scenarioEvent.Container;
            text.Append(Line($"{scenarioEvent.Path} {scenarioEvent.Type}{(subject is null ? string.Empty : " " + JsonInput.Escape(subject))}", step));
        }

        var down = nodes.Count(node => node.State == NodeState.Down);
        var cordoned = nodes.Count(node => node.State == NodeState.Cordoned);
        var counters = run.Counters;
        text.Append(CultureInfo.InvariantCulture, $"final: {cluster.ContainerCount} running, {run.Pending.Count} pending; {nodes.Count - down - cordoned} nodes ready, {cordoned} cordoned, {down} down; imbalance {ScenarioWriter.Round(run.Metrics.Imbalance):0.######}\n");
        text.Append(CultureInfo.InvariantCulture, $"totals: {counters.Placements} placements, {counters.Failures} failures, {counters.Evictions} evictions, {counters.Preemptions} preemptions, {counters.Failovers} failovers, {counters.Moves} moves\n");
        text.Append(CultureInfo.InvariantCulture, $"wrote {outputPath}\n");
        return text.ToString();
    }

    private static string Line(string what, ScenarioStep step)
    {
        var line = new StringBuilder(string.Create(
            CultureInfo.InvariantCulture,
            $"  {what}: {step.Evicted.Count} evicted, {step.Placed.Count} placed, {step.Pending.Count} pending, {step.Preemptions.Count} preemptions, {step.Moves.Count} moves"));
        if (step.Event?.Kind == ScenarioEventKind.Rebalance)
        {
            line.Append(CultureInfo.InvariantCulture, $" ({step.Skipped.Count} skipped), objective {ScenarioWriter.Round(step.ObjectiveBefore ?? 0):0.######} -> {ScenarioWriter.Round(step.ObjectiveAfter ?? 0):0.######}");
        }

        return line.Append('\n').ToString();
    }
}
