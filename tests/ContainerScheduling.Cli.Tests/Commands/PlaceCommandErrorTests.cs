using System.Collections.Generic;
using System.IO;
using ContainerScheduling.Cli.Tests.Support;
using Xunit;
using static ContainerScheduling.Cli.Tests.Support.TestJson;

namespace ContainerScheduling.Cli.Tests.Commands;

/// <summary>
/// Every kind of bad input ends with exit code 2, exactly one line on stderr that names what is wrong, nothing on
/// stdout, no stack trace, and no output file.
/// </summary>
public sealed class PlaceCommandErrorTests
{
    private static readonly string GoodCluster = Cluster(Node("n1", "\"cpu\": 4000, \"memory\": 8192"), Node("n2", "\"cpu\": 4000"));
    private static readonly string GoodWorkload = Workload(Container("c1", "\"cpu\": 100"), Container("c2", "\"memory\": 100"));

    public static TheoryData<string, string, string, string[]> BadFiles() => new()
    {
        { "truncated cluster", "{\"nodes\": [", GoodWorkload, ["cluster.json", "invalid JSON", "line 1"] },
        { "syntax error on line 3", GoodCluster, "{\n\"containers\": [\n{\"name\": \"c1\",, \"requests\": {}}]}", ["workload.json", "invalid JSON at line 3, column 15"] },
        { "trailing garbage", GoodCluster, GoodWorkload + " x", ["workload.json", "invalid JSON"] },
        { "empty file", string.Empty, GoodWorkload, ["cluster.json", "empty"] },
        { "root is an array", "[]", GoodWorkload, ["cluster.json", "expected a JSON object"] },
        { "nodes missing", "{\"machines\": []}", GoodWorkload, ["cluster.json", "'nodes'"] },
        { "nodes not an array", "{\"nodes\": {}}", GoodWorkload, ["cluster.json", "'nodes' must be an array"] },
        { "containers missing", GoodCluster, "{\"jobs\": []}", ["workload.json", "'containers'"] },
        { "capacity as string", Cluster(Node("n1", "\"cpu\": \"4000\"")), GoodWorkload, ["cluster.json: node 'n1': capacity 'cpu' must be a non-negative integer, got \"4000\""] },
        { "negative request", GoodCluster, Workload(Container("c1", "\"cpu\": 1"), Container("c3", "\"cpu\": -5")), ["workload.json: container 'c3': request 'cpu' must be a non-negative integer, got -5", "line 3"] },
        { "fractional request", GoodCluster, Workload(Container("c1", "\"memory\": 1.5")), ["container 'c1'", "request 'memory'", "got 1.5"] },
        { "overflowing request", GoodCluster, Workload(Container("c1", "\"memory\": 9223372036854775808")), ["container 'c1'", "9223372036854775808"] },
        { "exponent request", GoodCluster, Workload(Container("c1", "\"cpu\": 1e3")), ["container 'c1'", "got 1e3"] },
        { "request before name", GoodCluster, "{\"containers\": [{\"requests\": {\"cpu\": true}, \"name\": \"late\"}]}", ["container 'late': request 'cpu'", "got true"] },
        { "requests not an object", GoodCluster, "{\"containers\": [{\"name\": \"c1\", \"requests\": [1]}]}", ["container 'c1'", "'requests' must be an object"] },
        { "duplicate request key", GoodCluster, "{\"containers\": [{\"name\": \"c1\", \"requests\": {\"cpu\": 1, \"cpu\": 2}}]}", ["container 'c1'", "'cpu' appears more than once"] },
        { "duplicate node", Cluster(Node("n1", "\"cpu\": 1"), Node("n2", "\"cpu\": 1"), Node("n1", "\"cpu\": 2")), GoodWorkload, ["cluster.json", "node 'n1' appears more than once", "nodes[2]"] },
        { "duplicate container", GoodCluster, Workload(Container("c1", "\"cpu\": 1"), Container("c1", "\"cpu\": 2")), ["workload.json", "container 'c1' appears more than once"] },
        { "duplicate across task", GoodCluster, "{\"containers\": [{\"name\": \"c1\"}], \"tasks\": [{\"name\": \"t\", \"containers\": [{\"name\": \"c1\"}]}]}", ["task 't'", "container 'c1' appears more than once"] },
        { "node without name", Cluster(Node("n1", "\"cpu\": 1"), "{\"capacity\": {\"cpu\": 1}}"), GoodWorkload, ["cluster.json: nodes[1]", "'name'"] },
        { "container without name", GoodCluster, "{\"containers\": [{\"requests\": {\"cpu\": 1}}]}", ["workload.json: containers[0]", "'name'"] },
        { "blank name", GoodCluster, Workload(Container("  ", "\"cpu\": 1")), ["containers[0]", "'name' must be a non-empty string"] },
        { "name not a string", "{\"nodes\": [{\"name\": 7, \"capacity\": {}}]}", GoodWorkload, ["nodes[0]", "'name' must be a non-empty string, got 7"] },
        { "node without capacity", "{\"nodes\": [{\"name\": \"n1\"}]}", GoodWorkload, ["node 'n1'", "'capacity'"] },
        { "label not a string", Cluster(Node("n1", "\"cpu\": 1", extra: "\"labels\": {\"zone\": 3}")), GoodWorkload, ["node 'n1'", "label 'zone' must be a string, got 3"] },
        { "bad state", Cluster(Node("n1", "\"cpu\": 1", state: "asleep")), GoodWorkload, ["node 'n1'", "'state'", "\"asleep\""] },
        { "taint not a string", Cluster(Node("n1", "\"cpu\": 1", extra: "\"taints\": [\"gpu\", 5]")), GoodWorkload, ["node 'n1'", "taints[1]"] },
        { "priority not an integer", GoodCluster, Workload(Container("c1", "\"cpu\": 1", extra: "\"priority\": \"high\"")), ["container 'c1'", "'priority'", "\"high\""] },
        { "repeated property", GoodCluster, "{\"containers\": [{\"name\": \"c1\", \"name\": \"c2\"}]}", ["container 'c1'", "'name' appears more than once"] },
        { "task without containers", GoodCluster, "{\"tasks\": [{\"name\": \"t1\", \"containers\": []}]}", ["task 't1'", "non-empty 'containers'"] },
        { "duplicate task", GoodCluster, "{\"tasks\": [{\"name\": \"t1\", \"containers\": [{\"name\": \"a\"}]}, {\"name\": \"t1\", \"containers\": [{\"name\": \"b\"}]}]}", ["task 't1' appears more than once"] },
        { "bad container in task", GoodCluster, "{\"tasks\": [{\"containers\": [{\"name\": \"a\", \"requests\": {\"gpu\": -1}}], \"name\": \"t9\"}]}", ["task 't9': container 'a': request 'gpu'", "got -1"] },
        { "total capacity overflow", Cluster(Node("n1", "\"cpu\": 9223372036854775807"), Node("n2", "\"cpu\": 1")), GoodWorkload, ["cluster.json", "n2", "overflow"] },
        { "no dimensions anywhere", "{\"nodes\": [{\"name\": \"n1\", \"capacity\": {}}]}", "{\"containers\": [{\"name\": \"c1\"}]}", ["cluster.json", "no resource dimensions"] },
        { "newline in a name", Cluster(Node("n\n1", "\"cpu\": -1")), GoodWorkload, ["node 'n\\n1'"] },
    };

    [Theory]
    [MemberData(nameof(BadFiles))]
    public void Place_BadInputFile_ExitsTwoWithOneLineAndNoOutput(string scenario, string cluster, string workload, string[] fragments)
    {
        using var dir = new TempDirectory();
        var clusterPath = dir.Write("cluster.json", cluster);
        var workloadPath = dir.Write("workload.json", workload);
        var output = dir.File("out.json");

        var run = CliRun.Of("place", "--cluster", clusterPath, "--workload", workloadPath, "--output", output);

        AssertFailedCleanly(run, scenario, fragments);
        Assert.False(File.Exists(output), scenario);
        Assert.Equal(["cluster.json", "workload.json"], dir.FileNames());
    }

    public static TheoryData<string, string[], string[]> BadArguments() => new()
    {
        { "unknown option", ["--bogus", "1"], ["unknown option '--bogus'"] },
        { "unknown strategy", ["--strategy", "worst-fit"], ["unknown strategy 'worst-fit'", "best-fit"] },
        { "unknown order", ["--order", "random"], ["unknown order 'random'", "largest-first"] },
        { "strategy without value", ["--strategy"], ["--strategy needs a value"] },
        { "repeated option", ["--order", "arrival", "--order", "arrival"], ["--order is given more than once"] },
        { "stray argument", ["extra.json"], ["'extra.json'"] },
    };

    [Theory]
    [MemberData(nameof(BadArguments))]
    public void Place_BadArguments_ExitsTwoWithOneLineAndNoOutput(string scenario, string[] extra, string[] fragments)
    {
        using var dir = new TempDirectory();
        var output = dir.File("out.json");
        string[] args = ["place", "--cluster", dir.Write("cluster.json", GoodCluster), "--workload", dir.Write("workload.json", GoodWorkload), "--output", output, .. extra];

        var run = CliRun.Of(args);

        AssertFailedCleanly(run, scenario, fragments);
        Assert.False(File.Exists(output), scenario);
    }

    [Theory]
    [InlineData("--cluster")]
    [InlineData("--workload")]
    public void Place_MissingRequiredOption_ExitsTwoNamingIt(string missing)
    {
        using var dir = new TempDirectory();
        var args = new List<string> { "place", "--output", dir.File("out.json") };
        if (missing != "--cluster")
        {
            args.AddRange(["--cluster", dir.Write("cluster.json", GoodCluster)]);
        }

        if (missing != "--workload")
        {
            args.AddRange(["--workload", dir.Write("workload.json", GoodWorkload)]);
        }

        var run = CliRun.Of([.. args]);

        AssertFailedCleanly(run, missing, [missing]);
        Assert.False(File.Exists(dir.File("out.json")));
    }

    [Fact]
    public void Place_MissingInputFile_ExitsTwoNamingTheFile()
    {
        using var dir = new TempDirectory();

        var run = CliRun.Of("place", "--cluster", dir.File("nope.json"), "--workload", dir.Write("workload.json", GoodWorkload), "--output", dir.File("out.json"));

        AssertFailedCleanly(run, "missing file", ["nope.json", "no such file"]);
        Assert.Equal(["workload.json"], dir.FileNames());
    }

    [Fact]
    public void Place_DirectoryAsInputFile_ExitsTwo()
    {
        using var dir = new TempDirectory();

        var run = CliRun.Of("place", "--cluster", dir.Write("cluster.json", GoodCluster), "--workload", dir.Path);

        AssertFailedCleanly(run, "directory", ["workload", "is a directory"]);
    }

    [Fact]
    public void Place_OutputDirectoryMissing_ExitsTwoBeforeReading()
    {
        using var dir = new TempDirectory();
        var output = Path.Combine(dir.Path, "no-such-dir", "out.json");

        var run = CliRun.Of("place", "--cluster", dir.File("never-read.json"), "--workload", dir.File("never-read.json"), "--output", output);

        AssertFailedCleanly(run, "output directory", ["out.json", "does not exist"]);
    }

    [Fact]
    public void Place_FailedRunOverExistingOutput_LeavesItUntouched()
    {
        using var dir = new TempDirectory();
        var output = dir.Write("out.json", "previous result");

        var run = CliRun.Of("place", "--cluster", dir.Write("cluster.json", "{\"nodes\": 5}"), "--workload", dir.Write("workload.json", GoodWorkload), "--output", output);

        Assert.Equal(2, run.ExitCode);
        Assert.Equal("previous result", File.ReadAllText(output));
        Assert.Equal(["cluster.json", "out.json", "workload.json"], dir.FileNames());
    }

    internal static void AssertFailedCleanly(CliRun run, string scenario, string[] fragments)
    {
        Assert.True(run.ExitCode == 2, $"{scenario}: exit code {run.ExitCode}, stderr: {run.Stderr}");
        Assert.Equal(string.Empty, run.Stdout);
        var line = Assert.Single(run.StderrLines);
        Assert.StartsWith("csched: error: ", line, System.StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", run.Stderr, System.StringComparison.Ordinal);
        Assert.DoesNotContain("Exception", run.Stderr, System.StringComparison.Ordinal);
        foreach (var fragment in fragments)
        {
            Assert.True(line.Contains(fragment, System.StringComparison.Ordinal), $"{scenario}: expected '{fragment}' in: {line}");
        }
    }
}
