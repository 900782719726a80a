using System;
using System.IO;
using System.Linq;
using ContainerScheduling.Cli.Tests.Support;
using Xunit;

namespace ContainerScheduling.Cli.Tests.Commands;

/// <summary>
/// End to end: <c>csched generate --tasks</c> writes tasks with dependency graphs and placement rules, <c>csched
/// place</c> places them with each built-in strategy, and <see cref="PlacementChecker"/> replays the result and
/// finds no broken rule. The instances are sized so that most tasks fit and every rule kind is exercised by placed
/// containers, so a pass is not vacuous.
/// </summary>
public sealed class ConstrainedPlacementTests : IDisposable
{
    private const int Tasks = 100;
    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    public static TheoryData<int, string> SeedsAndStrategies()
    {
        var data = new TheoryData<int, string>();
        foreach (var seed in new[] { 1, 2, 3 })
        {
            foreach (var strategy in PlacementStrategies.Names)
            {
                data.Add(seed, strategy);
            }
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(SeedsAndStrategies))]
    public void Place_GeneratedTasks_BreaksNoRule(int seed, string strategy)
    {
        var (cluster, workload) = Generate(seed);
        var output = _dir.File($"out-{strategy}.json");

        var run = CliRun.Of("place", "--cluster", cluster, "--workload", workload, "--strategy", strategy, "--output", output);

        Assert.True(run.ExitCode == 0, run.Stderr);
        var report = PlacementChecker.AssertValid(File.ReadAllText(cluster), File.ReadAllText(workload), File.ReadAllText(output), $"seed {seed}, {strategy}");
        Assert.Equal(Tasks, report.PlacedTasks + report.UnplacedTasks);
        Assert.True(report.PlacedTasks >= Tasks / 4, $"only {report.PlacedTasks} of {Tasks} tasks placed");
        Assert.Equal(
            ["affinity", "antiAffinity", "dependsOn", "nodeSelector", "spread", "tolerations"],
            report.PlacedWithRule.Keys.Order(StringComparer.Ordinal));
    }

    private (string Cluster, string Workload) Generate(int seed)
    {
        var cluster = _dir.File("cluster.json");
        var workload = _dir.File("workload.json");
        var run = CliRun.Of("generate", "--nodes", "60", "--tasks", $"{Tasks}", "--seed", $"{seed}", "--cluster-out", cluster, "--workload-out", workload);
        Assert.Equal(0, run.ExitCode);
        return (cluster, workload);
    }
}
