using System.IO;
using System.Linq;
using System.Text.Json;
using ContainerScheduling.Cli.Tests.Support;
using Xunit;
using static ContainerScheduling.Cli.Tests.Support.TestJson;

namespace ContainerScheduling.Cli.Tests.Commands;

public sealed class PlaceCommandTests : System.IDisposable
{
    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    private (string Cluster, string Workload) Files(string cluster, string workload) =>
        (_dir.Write("cluster.json", cluster), _dir.Write("workload.json", workload));

    private (string Cluster, string Workload) SmallInstance() => Files(
        Cluster(
            Node("n1", "\"cpu\": 4000, \"memory\": 8192"),
            Node("n2", "\"cpu\": 8000, \"memory\": 16384"),
            Node("n3", "\"cpu\": 8000, \"memory\": 16384", state: "cordoned")),
        Workload(
            Container("c1", "\"cpu\": 1000, \"memory\": 2048"),
            Container("c2", "\"cpu\": 3000, \"memory\": 1024"),
            Container("c3", "\"cpu\": 500, \"memory\": 512"),
            Container("big", "\"cpu\": 1000, \"memory\": 999999")));

    [Fact]
    public void Place_ValidInput_WritesRequiredShapeToStdout()
    {
        var (cluster, workload) = SmallInstance();

        var run = CliRun.Of("place", "--cluster", cluster, "--workload", workload);

        Assert.Equal(0, run.ExitCode);
        Assert.Equal(string.Empty, run.Stderr);
        using var json = run.Json();
        var root = json.RootElement;
        Assert.Equal("best-fit", root.GetProperty("strategy").GetString());
        Assert.Equal("arrival", root.GetProperty("order").GetString());
        Assert.All(root.GetProperty("placements").EnumerateArray(), p =>
        {
            Assert.Equal(JsonValueKind.String, p.GetProperty("container").ValueKind);
            Assert.Equal(JsonValueKind.String, p.GetProperty("node").ValueKind);
        });
        Assert.All(root.GetProperty("unplaced").EnumerateArray(), u =>
        {
            Assert.Equal(JsonValueKind.String, u.GetProperty("container").ValueKind);
            Assert.Equal(JsonValueKind.String, u.GetProperty("reason").ValueKind);
        });
        var summary = root.GetProperty("summary");
        Assert.Equal(3, summary.GetProperty("placed").GetInt32());
        Assert.Equal(1, summary.GetProperty("unplaced").GetInt32());
        Assert.Equal(4, summary.GetProperty("containers").GetInt32());
        Assert.Equal(3, summary.GetProperty("nodes").GetInt32());
    }

    [Fact]
    public void Place_SummaryCounts_EqualListLengthsAndDistinctNodes()
    {
        var (cluster, workload) = SmallInstance();

        using var json = CliRun.Of("place", "--cluster", cluster, "--workload", workload, "--strategy", "spread").Json();

        var root = json.RootElement;
        var placements = Placements(root);
        var summary = root.GetProperty("summary");
        Assert.Equal(placements.Count, summary.GetProperty("placed").GetInt32());
        Assert.Equal(Unplaced(root).Count, summary.GetProperty("unplaced").GetInt32());
        Assert.Equal(placements.Select(p => p.Node).Distinct().Count(), summary.GetProperty("nodesUsed").GetInt32());
        Assert.Equal(2, summary.GetProperty("nodesUsed").GetInt32());
    }

    [Fact]
    public void Place_ArrivalOrderWhereAllFit_ListsPlacementsInInputOrder()
    {
        var names = Enumerable.Range(0, 30).Select(i => $"z{29 - i}").ToArray();
        var (cluster, workload) = Files(
            Cluster(Node("n1", "\"cpu\": 100000"), Node("n2", "\"cpu\": 100000")),
            Workload(names.Select((n, i) => Container(n, $"\"cpu\": {(i * 37 % 11) + 1}")).ToArray()));

        using var json = CliRun.Of("place", "--cluster", cluster, "--workload", workload, "--strategy", "least-loaded").Json();

        Assert.Equal(names, Placements(json.RootElement).Select(p => p.Container).ToArray());
    }

    [Fact]
    public void Place_LargestFirst_ListsPlacementsInTheOrderTheyWereMade()
    {
        var (cluster, workload) = Files(
            Cluster(Node("n1", "\"cpu\": 100000")),
            Workload(Container("small", "\"cpu\": 1"), Container("large", "\"cpu\": 500"), Container("medium", "\"cpu\": 20")));

        using var json = CliRun.Of("place", "--cluster", cluster, "--workload", workload, "--order", "largest-first").Json();

        Assert.Equal(["large", "medium", "small"], Placements(json.RootElement).Select(p => p.Container).ToArray());
        Assert.Equal("largest-first", json.RootElement.GetProperty("order").GetString());
    }

    [Fact]
    public void Place_EveryContainer_AppearsExactlyOnceAcrossPlacedAndUnplaced()
    {
        var (cluster, workload) = SmallInstance();

        foreach (var strategy in PlacementStrategies.Names)
        {
            using var json = CliRun.Of("place", "--cluster", cluster, "--workload", workload, "--strategy", strategy).Json();

            var all = Placements(json.RootElement).Select(p => p.Container)
                .Concat(Unplaced(json.RootElement).Select(u => u.Container))
                .Order(System.StringComparer.Ordinal);
            Assert.Equal(["big", "c1", "c2", "c3"], all);
        }
    }

    [Fact]
    public void Place_DimensionOnlyInWorkload_JoinsSchemaLastAndLeavesItsContainerUnplaced()
    {
        var (cluster, workload) = Files(
            Cluster(Node("n1", "\"memory\": 8192, \"cpu\": 4000"), Node("n2", "\"cpu\": 4000, \"disk\": 100")),
            Workload(Container("plain", "\"cpu\": 100"), Container("accelerated", "\"cpu\": 100, \"fpga\": 1")));

        using var json = CliRun.Of("place", "--cluster", cluster, "--workload", workload).Json();

        var root = json.RootElement;
        var dimensions = root.GetProperty("summary").GetProperty("dimensions").EnumerateArray().Select(d => d.GetString()!).ToArray();
        Assert.Equal(["memory", "cpu", "disk", "fpga"], dimensions);
        Assert.Equal(["plain"], Placements(root).Select(p => p.Container).ToArray());
        var (container, reason) = Assert.Single(Unplaced(root));
        Assert.Equal("accelerated", container);
        Assert.Equal("0/2 nodes fit: 2 insufficient fpga", reason);
    }

    [Fact]
    public void Place_MissingKeys_CountAsZeroOnNodesAndContainers()
    {
        var (cluster, workload) = Files(
            Cluster(Node("cpu-only", "\"cpu\": 4000"), Node("both", "\"cpu\": 1000, \"memory\": 1024")),
            Workload(
                Container("no-memory", "\"cpu\": 2000"),
                Container("needs-memory", "\"cpu\": 500, \"memory\": 512"),
                Container("nothing", string.Empty)));

        using var json = CliRun.Of("place", "--cluster", cluster, "--workload", workload, "--strategy", "first-fit").Json();

        Assert.Equal(
            [("no-memory", "cpu-only"), ("needs-memory", "both"), ("nothing", "cpu-only")],
            Placements(json.RootElement));
    }

    [Fact]
    public void Place_WithOutput_WritesFileAndNothingToStdout()
    {
        var (cluster, workload) = SmallInstance();
        var output = _dir.File("result.json");

        var run = CliRun.Of("place", "--cluster", cluster, "--workload", workload, "--output", output);

        Assert.Equal(0, run.ExitCode);
        Assert.Equal(string.Empty, run.Stdout);
        using var json = JsonDocument.Parse(File.ReadAllText(output));
        Assert.Equal(3, Placements(json.RootElement).Count);
        Assert.Equal(["cluster.json", "result.json", "workload.json"], _dir.FileNames());
    }

    [Fact]
    public void Place_WithOutputOverExistingFile_ReplacesIt()
    {
        var (cluster, workload) = SmallInstance();
        var output = _dir.Write("result.json", "old content");

        var run = CliRun.Of("place", "--cluster", cluster, "--workload", workload, "--output=" + output, "--strategy=first-fit");

        Assert.Equal(0, run.ExitCode);
        using var json = JsonDocument.Parse(File.ReadAllText(output));
        Assert.Equal("first-fit", json.RootElement.GetProperty("strategy").GetString());
    }

    [Fact]
    public void Place_SameOutputAsStdoutAndFile_IsIdentical()
    {
        var (cluster, workload) = SmallInstance();
        var output = _dir.File("result.json");

        var toStdout = CliRun.Of("place", "--cluster", cluster, "--workload", workload);
        CliRun.Of("place", "--cluster", cluster, "--workload", workload, "--output", output);

        Assert.Equal(File.ReadAllText(output), toStdout.Stdout);
    }

    [Fact]
    public void Place_Compact_WritesOneLine()
    {
        var (cluster, workload) = SmallInstance();

        var run = CliRun.Of("place", "--cluster", cluster, "--workload", workload, "--compact");

        Assert.Equal(0, run.ExitCode);
        Assert.Single(run.Stdout.TrimEnd('\n').Split('\n'));
        using var json = run.Json();
        Assert.Equal(3, Placements(json.RootElement).Count);
    }

    [Fact]
    public void Place_CordonedAndDownNodes_TakeNothingAndAreCountedInReasons()
    {
        var (cluster, workload) = Files(
            Cluster(
                Node("ready", "\"cpu\": 1000"),
                Node("cordoned", "\"cpu\": 9000", state: "cordoned"),
                Node("down", "\"cpu\": 9000", state: "down"),
                Node("explicit", "\"cpu\": 10", state: "ready")),
            Workload(Container("a", "\"cpu\": 800"), Container("b", "\"cpu\": 800")));

        using var json = CliRun.Of("place", "--cluster", cluster, "--workload", workload, "--strategy", "least-loaded").Json();

        Assert.Equal([("a", "ready")], Placements(json.RootElement));
        Assert.Equal([("b", "0/4 nodes fit: 2 insufficient cpu, 1 cordoned, 1 down")], Unplaced(json.RootElement));
    }

    [Fact]
    public void Place_Tasks_ArePlacedAllOrNothingAfterPlainContainers()
    {
        var (cluster, workload) = Files(
            Cluster(Node("n1", "\"cpu\": 1000"), Node("n2", "\"cpu\": 1000")),
            """
            {"tasks": [
              {"name": "fits", "containers": [{"name": "f1", "requests": {"cpu": 400}}, {"name": "f2", "requests": {"cpu": 400}}]},
              {"name": "too-big", "containers": [{"name": "t1", "requests": {"cpu": 100}}, {"name": "t2", "requests": {"cpu": 5000}}]}
            ],
             "containers": [{"name": "plain", "requests": {"cpu": 900}}]}
            """);

        using var json = CliRun.Of("place", "--cluster", cluster, "--workload", workload, "--strategy", "first-fit").Json();

        var root = json.RootElement;
        Assert.Equal([("plain", "n1"), ("f1", "n2"), ("f2", "n2")], Placements(root));
        var placements = root.GetProperty("placements").EnumerateArray().ToArray();
        Assert.False(placements[0].TryGetProperty("task", out _));
        Assert.Equal("fits", placements[1].GetProperty("task").GetString());
        var unplaced = Unplaced(root);
        Assert.Equal(["t1", "t2"], unplaced.Select(u => u.Container).ToArray());
        Assert.StartsWith("task 'too-big' was not placed because container 't2' could not be placed", unplaced[0].Reason, System.StringComparison.Ordinal);
        Assert.Equal("0/2 nodes fit: 2 insufficient cpu", unplaced[1].Reason);
        Assert.Equal(2, root.GetProperty("summary").GetProperty("tasks").GetInt32());
        Assert.Equal(5, root.GetProperty("summary").GetProperty("containers").GetInt32());
    }

    [Fact]
    public void Place_Utilisation_ReportsAllocatedOverCapacityPerDimension()
    {
        var (cluster, workload) = Files(
            Cluster(Node("n1", "\"cpu\": 3000, \"memory\": 1000"), Node("n2", "\"cpu\": 1000, \"memory\": 1000")),
            Workload(Container("c1", "\"cpu\": 1000, \"memory\": 250")));

        using var json = CliRun.Of("place", "--cluster", cluster, "--workload", workload).Json();

        var utilisation = json.RootElement.GetProperty("summary").GetProperty("utilisation");
        Assert.Equal(1000, utilisation.GetProperty("cpu").GetProperty("allocated").GetInt64());
        Assert.Equal(4000, utilisation.GetProperty("cpu").GetProperty("capacity").GetInt64());
        Assert.Equal(25.0, utilisation.GetProperty("cpu").GetProperty("percent").GetDouble());
        Assert.Equal(12.5, utilisation.GetProperty("memory").GetProperty("percent").GetDouble());
    }

    [Fact]
    public void Place_UnknownPropertiesAndByteOrderMark_AreAccepted()
    {
        var cluster = _dir.File("cluster.json");
        File.WriteAllText(cluster, """{"version": 2, "nodes": [{"name": "n1", "rack": {"row": [1, 2]}, "capacity": {"cpu": 10}, "taints": ["gpu"], "labels": {"zone": "a"}}]}""", new System.Text.UTF8Encoding(encoderShouldEmitUTF8Identifier: true));
        var workload = _dir.Write("workload.json", """{"containers": [{"name": "c1", "owner": "team", "requests": {"cpu": 5}, "labels": {"app": "x"}, "tolerations": ["gpu"], "priority": -3}], "comment": null}""");

        var run = CliRun.Of("place", "--cluster", cluster, "--workload", workload);

        Assert.Equal(0, run.ExitCode);
        using var json = run.Json();
        Assert.Equal([("c1", "n1")], Placements(json.RootElement));
    }

    [Fact]
    public void Place_NonAsciiAndEscapedNames_RoundTripUnescaped()
    {
        var (cluster, workload) = Files(
            Cluster(Node("nœud-1", "\"cpu\": 10")),
            """{"containers": [{"name": "caf\u00e9 'quoted' <x>", "requests": {"cpu": 5}}]}""");

        var run = CliRun.Of("place", "--cluster", cluster, "--workload", workload);

        Assert.Contains("café 'quoted' <x>", run.Stdout, System.StringComparison.Ordinal);
        using var json = run.Json();
        Assert.Equal([("café 'quoted' <x>", "nœud-1")], Placements(json.RootElement));
    }

    [Fact]
    public void Place_EmptyWorkload_SucceedsWithZeroCounts()
    {
        var (cluster, workload) = Files(Cluster(Node("n1", "\"cpu\": 10")), """{"containers": []}""");

        using var json = CliRun.Of("place", "--cluster", cluster, "--workload", workload).Json();

        var summary = json.RootElement.GetProperty("summary");
        Assert.Equal(0, summary.GetProperty("placed").GetInt32());
        Assert.Equal(0, summary.GetProperty("nodesUsed").GetInt32());
    }

    [Fact]
    public void Place_Timings_ReportsPhasesOnStderr()
    {
        var (cluster, workload) = SmallInstance();

        var run = CliRun.Of("place", "--cluster", cluster, "--workload", workload, "--timings");

        Assert.Equal(0, run.ExitCode);
        var line = Assert.Single(run.StderrLines);
        Assert.Contains("3 placed, 1 unplaced", line, System.StringComparison.Ordinal);
    }
}
