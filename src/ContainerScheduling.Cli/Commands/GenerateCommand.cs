using System;
using System.IO;
using ContainerScheduling.Cli.CommandLine;
using ContainerScheduling.Cli.Generation;
using ContainerScheduling.Cli.IO;

namespace ContainerScheduling.Cli.Commands;

/// <summary>
/// <c>csched generate</c>: writes a reproducible random cluster and workload pair, the workload of plain containers
/// (<c>--containers</c>) or of tasks with dependencies and placement rules (<c>--tasks</c>).
/// </summary>
internal static class GenerateCommand
{
    public const string Name = "generate";

    private static readonly string[] ValueOptions = ["--nodes", "--containers", "--tasks", "--seed", "--fill", "--cluster-out", "--workload-out", "--scenario-out"];

    public static int Run(ReadOnlySpan<string> args, TextWriter stdout)
    {
        var options = ParsedOptions.Parse(Name, args, ValueOptions, []);
        if (options.Help)
        {
            stdout.Write(Usage.Generate);
            return Cli.ExitOk;
        }

        _ = options.GetRequired("--nodes");
        if (options.Has("--scenario-out"))
        {
            return WriteScenario(options, stdout);
        }

        var withTasks = options.Has("--tasks");
        if (withTasks && options.Has("--containers"))
        {
            throw new CliException("give --containers or --tasks, not both (see 'csched generate --help')");
        }

        if (!withTasks)
        {
            _ = options.GetRequired("--containers");
        }

        var nodes = options.GetInt32("--nodes", 0, 1, 10_000_000);
        var containers = options.GetInt32("--containers", 0, 0, 100_000_000);
        var tasks = options.GetInt32("--tasks", 0, 0, TaskInstanceGenerator.MaxTasks);
        var seed = options.GetInt32("--seed", 1, 0, int.MaxValue);
        var fill = options.GetDouble("--fill", 0.9, 0.0, 10.0);
        var clusterPath = options.GetRequired("--cluster-out");
        var workloadPath = options.GetRequired("--workload-out");
        OutputFile.CheckWritable(clusterPath, "--cluster-out");
        OutputFile.CheckWritable(workloadPath, "--workload-out");
        if (string.Equals(Path.GetFullPath(clusterPath), Path.GetFullPath(workloadPath), StringComparison.Ordinal))
        {
            throw new CliException("--cluster-out and --workload-out must be different files");
        }

        if (withTasks)
        {
            var taskGenerator = new TaskInstanceGenerator(nodes, tasks, seed, fill);
            OutputFile.Write(clusterPath, cluster => OutputFile.Write(workloadPath, workload => taskGenerator.Write(cluster, workload)));
            stdout.WriteLine($"csched: wrote {nodes} nodes to {clusterPath} and {tasks} tasks ({taskGenerator.ContainerCount} containers) to {workloadPath}");
            return Cli.ExitOk;
        }

        var generator = new InstanceGenerator(nodes, containers, seed, fill);
        OutputFile.Write(clusterPath, cluster => OutputFile.Write(workloadPath, workload => generator.Write(cluster, workload)));
        stdout.WriteLine($"csched: wrote {nodes} nodes to {clusterPath} and {containers} containers to {workloadPath}");
        return Cli.ExitOk;
    }

    /// <summary>Writes a what-if scenario for <c>csched scenario</c>: a cluster, a workload and the events of <see cref="ScenarioInstanceGenerator"/>.</summary>
    private static int WriteScenario(ParsedOptions options, TextWriter stdout)
    {
        foreach (var other in new[] { "--tasks", "--cluster-out", "--workload-out" })
        {
            if (options.Has(other))
            {
                throw new CliException($"--scenario-out writes one file with the cluster, the workload and the events; it takes no {other} (see 'csched generate --help')");
            }
        }

        var nodes = options.GetInt32("--nodes", 0, 5, 100_000);
        var containers = options.GetInt32("--containers", 300, 0, 1_000_000);
        var seed = options.GetInt32("--seed", 1, 0, int.MaxValue);
        var fill = options.GetDouble("--fill", 0.85, 0.0, 10.0);
        var path = options.GetRequired("--scenario-out");
        OutputFile.CheckWritable(path, "--scenario-out");
        var generator = new ScenarioInstanceGenerator(nodes, containers, seed, fill);
        OutputFile.Write(path, generator.Write);
        stdout.WriteLine($"csched: wrote a scenario of {nodes} nodes, {generator.ContainerCount} containers and 10 events to {path}");
        return Cli.ExitOk;
    }
}
