using System;
using System.IO;
using System.Linq;
using System.Text;
using ContainerScheduling.Cli.Json;
using ContainerScheduling.Cli.Scheduling;
using ContainerScheduling.Cli.Tests.Support;
using Xunit;
using static ContainerScheduling.Cli.Tests.Support.TestJson;

namespace ContainerScheduling.Cli.Tests.Commands;

/// <summary>
/// The engine rejects a dependency cycle or an unknown dependency with an <see cref="ArgumentException"/> that names
/// the cycle (<c>a → b → c → a</c>) or the unknown name; <c>csched place</c> reports it like any bad input: exit
/// code 2, one line on stderr, no output file.
/// </summary>
public sealed class DependencyErrorTests : IDisposable
{
    private static readonly string GoodCluster = Cluster(Node("n1", "\"cpu\": 4000"), Node("n2", "\"cpu\": 4000"));
    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    [Fact]
    public void Place_ThreeCycleAmongPlainContainers_ExitsTwoNamingTheCycleAndWritesNothing()
    {
        var workload = Workload(
            Container("alpha", "\"cpu\": 1", extra: "\"dependsOn\": [\"bravo\"]"),
            Container("bravo", "\"cpu\": 1", extra: "\"dependsOn\": [\"charlie\"]"),
            Container("charlie", "\"cpu\": 1", extra: "\"dependsOn\": [\"alpha\"]"),
            Container("bystander", "\"cpu\": 1"));

        var (run, output) = Place(workload);

        PlaceCommandErrorTests.AssertFailedCleanly(run, "container cycle", ["workload.json"]);
        AssertNamesCycle(run.StderrLines[0], "alpha", "bravo", "charlie");
        Assert.False(File.Exists(output));
    }

    [Fact]
    public void Place_ThreeCycleAmongTasks_ExitsTwoNamingTheCycleAndWritesNothing()
    {
        const string Workload = """
            {"tasks": [
              {"name": "t-red", "dependsOn": ["t-green"], "containers": [{"name": "r", "requests": {"cpu": 1}}]},
              {"name": "t-green", "dependsOn": ["t-blue"], "containers": [{"name": "g", "requests": {"cpu": 1}}]},
              {"name": "t-blue", "dependsOn": ["t-red"], "containers": [{"name": "b", "requests": {"cpu": 1}}]}]}
            """;

        var (run, output) = Place(Workload);

        PlaceCommandErrorTests.AssertFailedCleanly(run, "task cycle", ["workload.json"]);
        AssertNamesCycle(run.StderrLines[0], "t-red", "t-green", "t-blue");
        Assert.False(File.Exists(output));
    }

    [Fact]
    public void Place_CycleInsideATask_ExitsTwoNamingTheCycle()
    {
        const string Workload = """
            {"tasks": [{"name": "t", "containers": [
              {"name": "web", "dependsOn": ["api"]}, {"name": "api", "dependsOn": ["db"]}, {"name": "db", "dependsOn": ["web"]}]}]}
            """;

        var (run, output) = Place(Workload);

        PlaceCommandErrorTests.AssertFailedCleanly(run, "cycle in a task", ["workload.json"]);
        AssertNamesCycle(run.StderrLines[0], "web", "api", "db");
        Assert.False(File.Exists(output));
    }

    [Theory]
    [InlineData("""{"containers": [{"name": "api", "dependsOn": ["ghost-db"]}]}""")]
    [InlineData("""{"tasks": [{"name": "t", "dependsOn": ["ghost-db"], "containers": [{"name": "api"}]}]}""")]
    [InlineData("""{"tasks": [{"name": "t", "containers": [{"name": "api", "dependsOn": ["ghost-db"]}]}]}""")]
    public void Place_UnknownDependency_ExitsTwoNamingIt(string workload)
    {
        var (run, output) = Place(workload);

        PlaceCommandErrorTests.AssertFailedCleanly(run, "unknown dependency", ["workload.json", "ghost-db"]);
        Assert.False(File.Exists(output));
    }

    [Fact]
    public void Execute_EngineRejectsInputDuringPlacement_BecomesOneLineNamingTheWorkloadFile()
    {
        // Independent of the engine's dependency checks: any ArgumentException raised while placing reaches the
        // user as a CliException (exit 2), message intact, prefixed with the workload file.
        var dimensions = new ResourceDimensions();
        var cluster = ClusterReader.Read(new MemoryStream(Encoding.UTF8.GetBytes(GoodCluster)), "cluster.json", dimensions);
        var workload = WorkloadReader.Read(new MemoryStream(Encoding.UTF8.GetBytes(Workload(Container("a", "\"cpu\": 1")))), "workload.json", dimensions);

        var error = Assert.Throws<CliException>(() => PlacementRun.Execute(
            cluster, workload, dimensions, new RejectingStrategy(), OrderingPolicy.Arrival, "cluster.json", "workload.json"));

        Assert.Equal("workload.json: Dependency cycle: a → b → c → a.", error.Message);
        Assert.IsType<ArgumentException>(error.InnerException);
    }

    private (CliRun Run, string Output) Place(string workload)
    {
        var output = _dir.File("out.json");
        var run = CliRun.Of("place", "--cluster", _dir.Write("cluster.json", GoodCluster), "--workload", _dir.Write("workload.json", workload), "--output", output);
        return (run, output);
    }

    /// <summary>
    /// The line holds the three names joined by arrows, closed on the first: any rotation, either direction (the
    /// engine may follow "depends on" or "is needed by").
    /// </summary>
    private static void AssertNamesCycle(string line, string a, string b, string c)
    {
        string[][] orders = [[a, b, c], [b, c, a], [c, a, b], [a, c, b], [c, b, a], [b, a, c]];
        var cycles = orders.Select(o => string.Join(" → ", o[0], o[1], o[2], o[0])).ToArray();
        Assert.True(cycles.Any(cycle => line.Contains(cycle, StringComparison.Ordinal)), $"expected one of [{string.Join(" | ", cycles)}] in: {line}");
    }

    /// <summary>A strategy that fails the way the engine's input checks do.</summary>
    private sealed class RejectingStrategy : IPlacementStrategy
    {
        public string Name => "rejecting";

        public int SelectNode(in ClusterView cluster, ReadOnlySpan<long> request) =>
            throw new ArgumentException("Dependency cycle: a → b → c → a.", nameof(request));
    }
}
