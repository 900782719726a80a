using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Text;
using ContainerScheduling.Cli.CommandLine;
using ContainerScheduling.Cli.Demo;
using ContainerScheduling.Cli.Scheduling;

namespace ContainerScheduling.Cli.Commands;

/// <summary>
/// <c>csched demo</c>: places the built-in workload on the built-in cluster with each strategy and prints a table
/// per strategy (nodes with state, container count, utilisation per dimension and the containers placed there;
/// the cluster's utilisation; the unplaced containers with their reasons), within 100 columns.
/// </summary>
internal static class DemoCommand
{
    public const string Name = "demo";

    /// <summary>The width every line stays within.</summary>
    internal const int Width = 100;

    private const int NodeWidth = 12;
    private const int ZoneWidth = 4;
    private const int StateWidth = 8;
    private const int CountWidth = 4;
    private const int PercentWidth = 7;

    private static readonly string[] ValueOptions = ["--strategy", "--order"];

    public static int Run(ReadOnlySpan<string> args, TextWriter stdout)
    {
        var options = ParsedOptions.Parse(Name, args, ValueOptions, []);
        if (options.Help)
        {
            stdout.Write(Usage.Demo);
            return Cli.ExitOk;
        }

        var only = options.GetOptional("--strategy");
        var strategies = only is null ? PlacementStrategies.Names : [only];
        var order = PolicyNames.ParseOrder(options.Get("--order", PolicyNames.Arrival));
        var runs = new List<PlacementRun>();
        foreach (var name in strategies)
        {
            var strategy = PolicyNames.ParseStrategy(name);
            var run = PlacementRun.Execute(
                DemoScenario.Cluster(), DemoScenario.Workload(), DemoScenario.ResourceDimensions(), strategy, order, "demo cluster", "demo workload");
            stdout.Write(Render(run));
            runs.Add(run);
        }

        if (runs.Count > 1)
        {
            stdout.Write(RenderComparison(runs));
        }

        return Cli.ExitOk;
    }

    /// <summary>Renders one line per run: placed, unplaced, nodes used and the cluster's utilisation per dimension.</summary>
    internal static string RenderComparison(IReadOnlyList<PlacementRun> runs)
    {
        var text = new StringBuilder();
        const string Title = "== all strategies ";
        text.Append(Title).Append('=', Width - Title.Length).Append('\n');
        var header = new StringBuilder("strategy        placed  unplaced  nodes used");
        foreach (var dimension in runs[0].Cluster.Schema.Names)
        {
            header.Append(' ').Append(Pad(dimension + "%", PercentWidth, left: true));
        }

        text.Append(header).Append('\n');
        foreach (var run in runs)
        {
            text.Append(CultureInfo.InvariantCulture, $"{run.Strategy,-14} {run.PlacedCount,7} {run.UnplacedCount,9} {run.CountNodesUsed(),11}");
            foreach (var dimension in run.Cluster.Schema.Names)
            {
                var capacity = run.Cluster.GetTotalCapacity(dimension);
                var cell = capacity == 0 ? "-" : FormatPercent(run.Cluster.GetTotalAllocated(dimension), capacity);
                text.Append(' ').Append(cell.PadLeft(PercentWidth));
            }

            text.Append('\n');
        }

        return text.ToString();
    }

    /// <summary>Renders one run as text.</summary>
    internal static string Render(PlacementRun run)
    {
        var cluster = run.Cluster;
        var dimensions = cluster.Schema.Names;
        var text = new StringBuilder();
        var title = $"== {run.Strategy} ";
        text.Append(title).Append('=', Width - title.Length).Append('\n');
        text.Append(CultureInfo.InvariantCulture, $"Placed {run.PlacedCount} of {run.Workload.ContainerCount} containers on {run.CountNodesUsed()} of {cluster.NodeCount} nodes (order: {PolicyNames.OrderName(run.Order)}).\n\n");

        var header = new StringBuilder()
            .Append(Pad("node", NodeWidth)).Append(' ')
            .Append(Pad("zone", ZoneWidth)).Append(' ')
            .Append(Pad("state", StateWidth)).Append(' ')
            .Append("ctrs".PadLeft(CountWidth));
        foreach (var dimension in dimensions)
        {
            header.Append(' ').Append(Pad(dimension + "%", PercentWidth, left: true));
        }

        header.Append("  containers");
        text.Append(header).Append('\n');
        var listStart = header.Length - "containers".Length;

        for (var i = 0; i < run.Nodes.Nodes.Count; i++)
        {
            var node = run.Nodes.Nodes[i];
            var line = new StringBuilder()
                .Append(Pad(node.Name, NodeWidth)).Append(' ')
                .Append(Pad(node.Labels.TryGetValue("zone", out var zone) ? zone : "-", ZoneWidth)).Append(' ')
                .Append(Pad(run.Nodes.States[i].ToString().ToLowerInvariant(), StateWidth)).Append(' ')
                .Append(cluster.GetContainerCount(node.Name).ToString(CultureInfo.InvariantCulture).PadLeft(CountWidth));
            foreach (var dimension in dimensions)
            {
                var capacity = cluster.GetCapacity(node.Name, dimension);
                var cell = capacity == 0 ? "-" : FormatPercent(cluster.GetAllocated(node.Name, dimension), capacity);
                line.Append(' ').Append(cell.PadLeft(PercentWidth));
            }

            line.Append("  ");
            var first = true;
            foreach (var row in WrapNames(cluster.GetContainersOn(node.Name), Width - listStart))
            {
                text.Append(first ? line.ToString() : new string(' ', listStart)).Append(row).Append('\n');
                first = false;
            }

            if (first)
            {
                text.Append(line.ToString().TrimEnd()).Append('\n');
            }
        }

        var total = new StringBuilder()
            .Append(Pad("cluster", NodeWidth + ZoneWidth + StateWidth + 3))
            .Append(run.PlacedCount.ToString(CultureInfo.InvariantCulture).PadLeft(CountWidth));
        foreach (var dimension in dimensions)
        {
            var capacity = cluster.GetTotalCapacity(dimension);
            var cell = capacity == 0 ? "-" : FormatPercent(cluster.GetTotalAllocated(dimension), capacity);
            total.Append(' ').Append(cell.PadLeft(PercentWidth));
        }

        text.Append(total).Append('\n').Append('\n');
        AppendUnplaced(text, run);
        text.Append('\n');
        return text.ToString();
    }

    private static void AppendUnplaced(StringBuilder text, PlacementRun run)
    {
        if (run.UnplacedCount == 0)
        {
            text.Append("Unplaced: none.\n");
            return;
        }

        text.Append(CultureInfo.InvariantCulture, $"Unplaced ({run.UnplacedCount}):\n");
        foreach (var result in new[] { run.Containers, run.Tasks })
        {
            foreach (var unplaced in result.Unplaced)
            {
                var name = "  " + unplaced.Container.PadRight(NodeWidth) + "  ";
                text.Append(Wrap(name, unplaced.Failure.Message));
            }
        }
    }

    /// <summary>Splits names separated by spaces into rows no wider than <paramref name="width"/> (a longer name gets a row of its own).</summary>
    internal static List<string> WrapNames(IReadOnlyList<string> names, int width)
    {
        var rows = new List<string>();
        var row = new StringBuilder();
        foreach (var name in names)
        {
            if (row.Length > 0 && row.Length + 1 + name.Length > width)
            {
                rows.Add(row.ToString());
                row.Clear();
            }

            row.Append(row.Length > 0 ? " " : string.Empty).Append(name);
        }

        if (row.Length > 0)
        {
            rows.Add(row.ToString());
        }

        return rows;
    }

    /// <summary>Writes <paramref name="prefix"/> + <paramref name="message"/>, wrapping at word breaks under the message column.</summary>
    private static string Wrap(string prefix, string message)
    {
        var text = new StringBuilder(prefix);
        var column = prefix.Length;
        var indent = new string(' ', prefix.Length);
        foreach (var word in message.Split(' '))
        {
            if (column > prefix.Length && column + 1 + word.Length > Width)
            {
                text.Append('\n').Append(indent);
                column = indent.Length;
            }
            else if (column > prefix.Length)
            {
                text.Append(' ');
                column++;
            }

            text.Append(word);
            column += word.Length;
        }

        return text.Append('\n').ToString();
    }

    private static string FormatPercent(long allocated, long capacity) =>
        (100.0 * allocated / capacity).ToString("F1", CultureInfo.InvariantCulture);

    private static string Pad(string text, int width, bool left = false)
    {
        if (text.Length > width)
        {
            text = text[..(width - 1)] + "~";
        }

        return left ? text.PadLeft(width) : text.PadRight(width);
    }
}
