using System;
using System.IO;
using System.Linq;
using ContainerScheduling.Cli.Tests.Support;
using Xunit;
using static ContainerScheduling.Cli.Tests.Support.TraceFiles;

namespace ContainerScheduling.Cli.Tests.Commands;

/// <summary><c>csched simulate</c>'s options: bad values are refused before anything runs, and the reference-run orders.</summary>
public sealed class SimulateCommandOptionTests : IDisposable
{
    private const string ThreeTasks = TaskHeader + "\na,1000,1024,1,600\nb,1000,1024,1,600\nc,1000,1024,1,400\n";

    private readonly TempDirectory _dir = new();

    public SimulateCommandOptionTests()
    {
        _dir.Write("nodes.csv", TwoSingleGpuNodes);
        _dir.Write("tasks.csv", ThreeTasks);
        _dir.Write("order.txt", "b\na\n");
        _dir.Write("nodes-order.txt", "n2\nn1\n");
    }

    public void Dispose() => _dir.Dispose();

    public static TheoryData<string, string[], string[]> BadOptions() => new()
    {
        { "unknown policy", ["--policy", "worstfit"], ["unknown policy 'worstfit'", "random, dotprod", "fgd", GpuPlacementStrategies.DefaultName, "or all"] },
        { "unknown policy in a list", ["--policy", "fgd,best-fit"], ["unknown policy 'best-fit'"] },
        { "policy twice", ["--policy", "fgd,fgd"], ["--policy names 'fgd' twice"] },
        { "backwards seeds", ["--seeds", "51-42"], ["the range '51-42' runs backwards; write 42-51"] },
        { "seed not a number", ["--seeds", "forty"], ["--seeds must be seeds", "got 'forty'"] },
        { "negative seed", ["--seeds", "-3"], ["--seeds must be seeds"] },
        { "seed twice", ["--seeds", "1-3,2"], ["seed 2 is given twice"] },
        { "too many seeds", ["--seeds", "0-2000000000"], ["more than 10000 seeds"] },
        { "negative inflation", ["--inflate", "-1"], ["option --inflate must be a number from 0 to 100, got '-1'"] },
        { "inflation not a number", ["--inflate", "lots"], ["option --inflate must be a number"] },
        { "arrival order with two seeds", ["--arrival-order", "ORDER", "--seeds", "42,43"], ["give one seed", "got 2 (42-43)"] },
        { "tie-break order with default seeds", ["--tiebreak-order", "ORDER", "--seeds", "42-51"], ["give one seed"] },
        { "samples without replay", ["--samples", "10"], ["--samples sets the number of samples of a --replay"] },
        { "replay with inflate", ["--replay", "--inflate", "1.3"], ["--replay", "takes no --inflate"] },
        { "replay with arrival order", ["--replay", "--arrival-order", "ORDER"], ["takes no --arrival-order"] },
        { "one sample", ["--replay", "--samples", "1"], ["--samples must be an integer from 2"] },
        { "unknown option", ["--policies", "all"], ["unknown option '--policies'"] },
        { "output over input", ["--chart", "TASKS"], ["--chart would overwrite", "tasks.csv"] },
        { "two outputs in one file", ["--chart", "OUT"], ["--chart would overwrite --output"] },
        { "output in a missing directory", ["--chart", "MISSING"], ["cannot write", "does not exist"] },
    };

    [Theory]
    [MemberData(nameof(BadOptions))]
    public void Simulate_BadOption_ExitsTwoWithOneLineAndNoOutput(string scenario, string[] extra, string[] fragments)
    {
        var args = extra.Select(a => a switch
        {
            "ORDER" => _dir.File("order.txt"),
            "TASKS" => _dir.File("tasks.csv"),
            "OUT" => _dir.File("out.json"),
            "MISSING" => Path.Combine(_dir.Path, "no-such-dir", "c.svg"),
            _ => a,
        }).ToArray();

        var (run, json) = Simulate(_dir, "nodes.csv", "tasks.csv", args);

        PlaceCommandErrorTests.AssertFailedCleanly(run, scenario, fragments);
        Assert.Equal("", json);
        Assert.Equal(ThreeTasks, File.ReadAllText(_dir.File("tasks.csv")));
        Assert.Equal(["nodes-order.txt", "nodes.csv", "order.txt", "tasks.csv"], _dir.FileNames());
    }

    [Fact]
    public void Simulate_MissingNodes_ExitsTwoNamingTheOption()
    {
        var run = CliRun.Of("simulate", "--tasks", _dir.File("tasks.csv"));

        PlaceCommandErrorTests.AssertFailedCleanly(run, "no --nodes", ["'simulate' needs --nodes"]);
    }

    [Fact]
    public void Simulate_ArrivalOrder_PlacesExactlyTheListedTasksInThatOrder()
    {
        // b, then a copy of c, then a: with bestfit and n2 first on ties, b takes n2, c-tuned-1 joins it, a takes n1.
        _dir.Write("order.txt", "b\n\nc-tuned-1\r\na\n");
        var placements = _dir.File("placements.csv");

        var (run, json) = Simulate(_dir, "nodes.csv", "tasks.csv", "--policy", "bestfit", "--arrival-order", _dir.File("order.txt"),
            "--tiebreak-order", _dir.File("nodes-order.txt"), "--placements-out", placements);

        Assert.Equal(0, run.ExitCode);
        Assert.Equal(["task,node,gpus", "b,n2,0", "c-tuned-1,n2,0", "a,n1,0"], File.ReadAllLines(placements));
        Assert.Contains("\"seeds\": [42]", json, StringComparison.Ordinal);
        Assert.Contains("\"tasks\": 3", json, StringComparison.Ordinal);
        Assert.Contains("arrival order from a file (3 tasks), tie-break order from a file", run.Stdout, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("n1\nn2\n", "n1")]
    [InlineData("n2\nn1\n", "n2")]
    [InlineData("0000-n2\n0001-n1\n", "n2")]
    [InlineData("0001-n1\r\n0002-n2\r\n", "n1")]
    public void Simulate_TieBreakOrder_SendsATieToTheFirstListedNode(string order, string winner)
    {
        _dir.Write("nodes-order.txt", order);
        _dir.Write("one.csv", Csv(TaskHeader, "only,1000,1024,1,500"));
        var placements = _dir.File("placements.csv");

        var (run, _) = Simulate(_dir, "nodes.csv", "one.csv", "--policy", "bestfit", "--tiebreak-order", _dir.File("nodes-order.txt"), "--placements-out", placements, "--inflate", "0");

        Assert.Equal(0, run.ExitCode);
        Assert.Equal(["task,node,gpus", $"only,{winner},0"], File.ReadAllLines(placements));
    }

    [Fact]
    public void Simulate_TieBreakOrderNamingANodeWithARankLikePrefix_KeepsTheWholeName()
    {
        // "7-n1" is itself a node here, so the line means that node, not n1.
        _dir.Write("nodes.csv", Csv(NodeHeader, "n1,32000,65536,1,T4", "7-n1,32000,65536,1,T4"));
        _dir.Write("nodes-order.txt", "7-n1\nn1\n");
        _dir.Write("one.csv", Csv(TaskHeader, "only,1000,1024,1,500"));
        var placements = _dir.File("placements.csv");

        var (run, _) = Simulate(_dir, "nodes.csv", "one.csv", "--policy", "bestfit", "--tiebreak-order", _dir.File("nodes-order.txt"), "--placements-out", placements, "--inflate", "0");

        Assert.Equal(0, run.ExitCode);
        Assert.Equal("only,7-n1,0", File.ReadAllLines(placements)[1]);
    }

    public static TheoryData<string, string, string, string[]> BadOrders() => new()
    {
        { "unknown task", "order.txt", "a\nzzz\n", ["order.txt:2: 'zzz' is not a task of", "tasks.csv"] },
        { "copy of unknown task", "order.txt", "a\nzzz-tuned-4\n", ["order.txt:2: 'zzz-tuned-4' is a copy of 'zzz', which is not a task of"] },
        { "task twice", "order.txt", "a\n\nb\na\n", ["order.txt:4: 'a' is listed again (first on line 1)"] },
        { "empty arrival order", "order.txt", "\n\n", ["order.txt: the arrival order lists no task"] },
        { "unknown node", "nodes-order.txt", "n1\nn3\n", ["nodes-order.txt:2: 'n3' is not a node of", "nodes.csv"] },
        { "node twice", "nodes-order.txt", "n1\n0001-n1\nn2\n", ["nodes-order.txt:2: node 'n1' is listed again (first on line 1)"] },
        { "node missing", "nodes-order.txt", "0000-n2\n", ["the tie-break order must list every node of", "1 missing: 'n1'"] },
    };

    [Theory]
    [MemberData(nameof(BadOrders))]
    public void Simulate_BadOrderFile_ExitsTwoNamingFileAndLine(string scenario, string file, string content, string[] fragments)
    {
        _dir.Write(file, content);

        var (run, json) = Simulate(_dir, "nodes.csv", "tasks.csv", "--arrival-order", _dir.File("order.txt"), "--tiebreak-order", _dir.File("nodes-order.txt"));

        PlaceCommandErrorTests.AssertFailedCleanly(run, scenario, fragments);
        Assert.Equal("", json);
    }
}
