using System;
using System.IO;
using System.Linq;
using System.Text.Json;
using ContainerScheduling.Cli.Tests.Support;
using Xunit;

namespace ContainerScheduling.Cli.Tests.Commands;

public sealed class ScenarioCommandTests : IDisposable
{
    // n1..n4 hold 4000 cpu each. The initial workload fills n1 and n2 (web1+web2 on n1, batch1+batch2 on n2) and puts
    // db (priority 5) on n3. n3 fails: db moves to n4. vip1 (priority 100, 3000 cpu) then fits nowhere and preempts.
    internal const string Small = """
        {"cluster": {"nodes": [
          {"name": "n1", "capacity": {"cpu": 4000, "memory": 8192}, "labels": {"zone": "a"}},
          {"name": "n2", "capacity": {"cpu": 4000, "memory": 8192}, "labels": {"zone": "a"}},
          {"name": "n3", "capacity": {"cpu": 4000, "memory": 8192}, "labels": {"zone": "b"}},
          {"name": "n4", "capacity": {"cpu": 4000, "memory": 8192}, "labels": {"zone": "b"}}]},
         "workload": {"containers": [
          {"name": "web1", "requests": {"cpu": 1500, "memory": 2048}},
          {"name": "web2", "requests": {"cpu": 1500, "memory": 2048}},
          {"name": "batch1", "requests": {"cpu": 2000, "memory": 4096}},
          {"name": "batch2", "requests": {"cpu": 2000, "memory": 4096}},
          {"name": "db", "requests": {"cpu": 2000, "memory": 4096}, "priority": 5}]},
         "strategy": "best-fit",
         "events": [
          {"type": "nodeDown", "node": "n3"},
          {"type": "submit", "workload": {"containers": [{"name": "vip1", "requests": {"cpu": 3000, "memory": 2048}, "priority": 100}]}},
          {"type": "addNode", "node": {"name": "n9", "capacity": {"cpu": 8000, "memory": 16384}}},
          {"type": "removeContainer", "container": "web1"},
          {"type": "nodeUp", "node": "n3"},
          {"type": "drain", "node": "n4"},
          {"type": "rebalance", "maxMoves": 3}]}
        """;

    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    [Fact]
    public void Scenario_SmallWhatIf_ReportsEveryEventAndTheFinalState()
    {
        var run = CliRun.Of("scenario", "--file", _dir.Write("scenario.json", Small));

        Assert.Equal(0, run.ExitCode);
        Assert.Equal(string.Empty, run.Stderr);
        using var json = run.Json();
        var root = json.RootElement;
        Assert.Equal("best-fit", root.GetProperty("strategy").GetString());
        var events = root.GetProperty("events").EnumerateArray().ToList();
        Assert.Equal(["nodeDown", "submit", "addNode", "removeContainer", "nodeUp", "drain", "rebalance"], events.Select(e => e.GetProperty("type").GetString()));

        var nodeDown = events[0];
        Assert.Equal("n3", nodeDown.GetProperty("node").GetString());
        Assert.Equal(["db"], Strings(nodeDown.GetProperty("evicted")));
        Assert.Equal([("db", "n4")], Pairs(nodeDown.GetProperty("replaced")));

        var submit = events[1];
        var preemption = Assert.Single(submit.GetProperty("preemptions").EnumerateArray());
        Assert.Equal("vip1", preemption.GetProperty("preemptor").GetString());
        var victims = Strings(preemption.GetProperty("victims"));
        Assert.NotEmpty(victims);
        Assert.DoesNotContain("db", victims);
        Assert.Contains(("vip1", preemption.GetProperty("node").GetString()!), Pairs(submit.GetProperty("replaced")));
        Assert.Equal(victims, Strings(submit.GetProperty("evicted")));

        Assert.Equal("n9", events[2].GetProperty("node").GetString());
        Assert.Equal("web1", events[3].GetProperty("container").GetString());
        Assert.All(events[5].GetProperty("moves").EnumerateArray(), move => Assert.Equal("n4", move.GetProperty("from").GetString()));

        var rebalance = events[6];
        Assert.Equal("balance", rebalance.GetProperty("mode").GetString());
        Assert.Equal(3, rebalance.GetProperty("maxMoves").GetInt32());
        Assert.True(rebalance.GetProperty("objectiveAfter").GetDouble() <= rebalance.GetProperty("objectiveBefore").GetDouble());
        Assert.Equal(JsonValueKind.Array, rebalance.GetProperty("skipped").ValueKind);
        Assert.False(events[0].TryGetProperty("objectiveBefore", out _));

        var placements = Pairs(root.GetProperty("placements"));
        var pending = root.GetProperty("pending").EnumerateArray().Select(p => p.GetProperty("container").GetString()!).ToList();
        Assert.Equal(
            ["batch1", "batch2", "db", "vip1", "web2"],
            placements.Select(p => p.Container).Concat(pending).Order(StringComparer.Ordinal));
        Assert.DoesNotContain(placements, p => p.Node == "n4");
        ScenarioChecker.AssertValid(Small, run.Stdout);

        var metrics = root.GetProperty("metrics");
        Assert.Equal(1, metrics.GetProperty("counters").GetProperty("preemptions").GetInt32());
        Assert.Equal(1, metrics.GetProperty("counters").GetProperty("failovers").GetInt32());
        Assert.Equal("cordoned", metrics.GetProperty("nodes").EnumerateArray().Single(n => n.GetProperty("node").GetString() == "n4").GetProperty("state").GetString());
        Assert.Equal(["cpu", "memory"], metrics.GetProperty("dimensions").EnumerateArray().Select(d => d.GetProperty("resource").GetString()));
    }

    [Fact]
    public void Scenario_FinalPlacements_AreListedNodeByNodeInClusterOrder()
    {
        var run = CliRun.Of("scenario", "--file", _dir.Write("scenario.json", Small));

        using var json = run.Json();
        var order = new[] { "n1", "n2", "n3", "n4", "n9" };
        var nodes = Pairs(json.RootElement.GetProperty("placements")).Select(p => Array.IndexOf(order, p.Node)).ToList();
        Assert.DoesNotContain(-1, nodes);
        Assert.Equal(nodes.Order(), nodes);
    }

    [Fact]
    public void Scenario_GeneratedCrowdedCluster_KeepsEveryPromiseOfTheContract()
    {
        var scenario = ScenarioGenerator.Generate(seed: 20240517);
        var output = _dir.File("out.json");

        var run = CliRun.Of("scenario", "--file", _dir.Write("scenario.json", scenario), "--output", output);

        Assert.True(run.ExitCode == 0, run.Stderr);
        var result = File.ReadAllText(output);
        var check = ScenarioChecker.AssertValid(scenario, result);

        // The scenario must have stressed what it claims to test, or the checks above prove little.
        Assert.True(check.Running + check.Pending >= 350, $"{check.Running} running + {check.Pending} pending");
        Assert.True(check.Preemptions >= 1, "the burst of priority-50+ work was placed without preempting anything");
        Assert.True(check.RebalanceMoves >= 1, "the rebalance moved nothing");
        using var json = JsonDocument.Parse(result);
        var events = json.RootElement.GetProperty("events").EnumerateArray().ToList();
        Assert.Contains(events, e => e.GetProperty("pending").GetArrayLength() > 0);
        Assert.All(
            events.Where(e => e.GetProperty("type").GetString() == "nodeDown"),
            e => Assert.NotEmpty(e.GetProperty("evicted").EnumerateArray()));
        Assert.NotEmpty(events.Single(e => e.GetProperty("type").GetString() == "drain").GetProperty("moves").EnumerateArray());
        Assert.InRange(events.Single(e => e.GetProperty("type").GetString() == "rebalance").GetProperty("moves").GetArrayLength(), 1, ScenarioGenerator.MaxMoves);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    public void Scenario_GeneratedWithOtherSeeds_KeepsEveryPromiseOfTheContract(int seed)
    {
        var scenario = ScenarioGenerator.Generate(seed, nodes: 24, containers: 180, tasks: 15);

        var run = CliRun.Of("scenario", "--file", _dir.Write("scenario.json", scenario), "--compact");

        Assert.True(run.ExitCode == 0, run.Stderr);
        ScenarioChecker.AssertValid(scenario, run.Stdout);
    }

    [Fact]
    public void Scenario_SameFileTwice_WritesIdenticalBytes()
    {
        var scenario = _dir.Write("scenario.json", ScenarioGenerator.Generate(seed: 7));
        var first = _dir.File("first.json");
        var second = _dir.File("second.json");

        var runs = new[] { CliRun.Of("scenario", "--file", scenario, "--output", first), CliRun.Of("scenario", "--file", scenario, "--output", second) };
        var toStdout = CliRun.Of("scenario", "--file", scenario);

        Assert.All(runs, run => Assert.Equal(0, run.ExitCode));
        var bytes = File.ReadAllBytes(first);
        Assert.Equal(bytes, File.ReadAllBytes(second));
        Assert.Equal(System.Text.Encoding.UTF8.GetString(bytes), toStdout.Stdout);
        Assert.Equal(runs[0].Stdout.Replace(first, "OUT", StringComparison.Ordinal), runs[1].Stdout.Replace(second, "OUT", StringComparison.Ordinal));
    }

    [Fact]
    public void Scenario_WithOutput_WritesTheFileAndATextSummaryToStdout()
    {
        var output = _dir.File("out.json");

        var run = CliRun.Of("scenario", "--file", _dir.Write("scenario.json", Small), "--output", output);

        Assert.Equal(0, run.ExitCode);
        Assert.Equal(string.Empty, run.Stderr);
        using (JsonDocument.Parse(File.ReadAllText(output)))
        {
        }

        var lines = run.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Contains(lines, line => line.Contains("events[0] nodeDown n3: 1 evicted, 1 placed", StringComparison.Ordinal));
        Assert.Contains(lines, line => line.Contains("events[1] submit:", StringComparison.Ordinal) && line.Contains("1 preemptions", StringComparison.Ordinal));
        Assert.Contains(lines, line => line.StartsWith("  events[6] rebalance:", StringComparison.Ordinal) && line.Contains("objective", StringComparison.Ordinal));
        Assert.Equal($"wrote {output}", lines[^1]);
        Assert.All(lines, line => Assert.True(line.Length <= 160, line));
    }

    [Fact]
    public void Scenario_Compact_WritesOneLine()
    {
        var run = CliRun.Of("scenario", "--file", _dir.Write("scenario.json", Small), "--compact");

        Assert.Equal(0, run.ExitCode);
        Assert.Equal(1, run.Stdout.Count(c => c == '\n'));
        Assert.EndsWith("\n", run.Stdout, StringComparison.Ordinal);
        using var json = run.Json();
        Assert.Equal(7, json.RootElement.GetProperty("events").GetArrayLength());
    }

    [Fact]
    public void Scenario_Timings_ReportsPhasesOnStderr()
    {
        var run = CliRun.Of("scenario", "--file", _dir.Write("scenario.json", Small), "--timings");

        Assert.Equal(0, run.ExitCode);
        var line = Assert.Single(run.StderrLines);
        Assert.StartsWith("csched: 5 nodes, 6 containers submitted, 7 events, 5 running, 0 pending; read ", line, StringComparison.Ordinal);
        Assert.Contains(" play ", line, StringComparison.Ordinal);
    }

    [Fact]
    public void Scenario_TaskMembers_CarryTheirTaskAndWaitWhole()
    {
        const string Scenario = """
            {"cluster": {"nodes": [{"name": "n1", "capacity": {"cpu": 1000}}, {"name": "n2", "capacity": {"cpu": 1000}}]},
             "workload": {"tasks": [{"name": "pair", "containers": [
               {"name": "a", "requests": {"cpu": 800}, "labels": {"app": "pair"}, "antiAffinity": [{"labels": {"app": "pair"}}]},
               {"name": "b", "requests": {"cpu": 800}, "labels": {"app": "pair"}, "antiAffinity": [{"labels": {"app": "pair"}}]}]}]},
             "events": [{"type": "nodeDown", "node": "n2"}, {"type": "addNode", "node": {"name": "n3", "capacity": {"cpu": 1000}}}]}
            """;

        var run = CliRun.Of("scenario", "--file", _dir.Write("scenario.json", Scenario));

        Assert.Equal(0, run.ExitCode);
        using var json = run.Json();
        var events = json.RootElement.GetProperty("events");
        Assert.Equal(["a", "b"], events[0].GetProperty("pending").EnumerateArray().Select(p => p.GetProperty("container").GetString()).Order(StringComparer.Ordinal));
        Assert.Equal(["a", "b"], events[1].GetProperty("replaced").EnumerateArray().Select(p => p.GetProperty("container").GetString()).Order(StringComparer.Ordinal));
        var placements = json.RootElement.GetProperty("placements").EnumerateArray().ToList();
        Assert.Equal(2, placements.Count);
        Assert.All(placements, p => Assert.Equal("pair", p.GetProperty("task").GetString()));
        Assert.Equal(["n1", "n3"], placements.Select(p => p.GetProperty("node").GetString()).Order(StringComparer.Ordinal));
        ScenarioChecker.AssertValid(Scenario, run.Stdout);
    }

    [Fact]
    public void Scenario_PreemptionOff_LeavesUrgentWorkPending()
    {
        const string Scenario = """
            {"cluster": {"nodes": [{"name": "n1", "capacity": {"cpu": 1000}}]}, "preemption": false,
             "workload": {"containers": [{"name": "low", "requests": {"cpu": 1000}}]},
             "events": [{"type": "submit", "workload": {"containers": [{"name": "vip", "requests": {"cpu": 1000}, "priority": 9}]}}]}
            """;

        var run = CliRun.Of("scenario", "--file", _dir.Write("scenario.json", Scenario));

        Assert.Equal(0, run.ExitCode);
        using var json = run.Json();
        Assert.Equal("vip", json.RootElement.GetProperty("pending")[0].GetProperty("container").GetString());
        Assert.Equal(0, json.RootElement.GetProperty("events")[0].GetProperty("preemptions").GetArrayLength());
    }

    [Fact]
    public void Scenario_PreemptionThreshold_KeepsPrioritiesAtOrBelowItFromPreempting()
    {
        const string Template = """
            {"cluster": {"nodes": [{"name": "n1", "capacity": {"cpu": 1000}}]}, "preemptionThreshold": THRESHOLD,
             "workload": {"containers": [{"name": "low", "requests": {"cpu": 1000}}]},
             "events": [{"type": "submit", "workload": {"containers": [{"name": "vip", "requests": {"cpu": 1000}, "priority": 9}]}}]}
            """;

        var blocked = CliRun.Of("scenario", "--file", _dir.Write("blocked.json", Template.Replace("THRESHOLD", "9", StringComparison.Ordinal)));
        var allowed = CliRun.Of("scenario", "--file", _dir.Write("allowed.json", Template.Replace("THRESHOLD", "8", StringComparison.Ordinal)));

        using var blockedJson = blocked.Json();
        using var allowedJson = allowed.Json();
        Assert.Equal("vip", blockedJson.RootElement.GetProperty("pending")[0].GetProperty("container").GetString());
        Assert.Equal("low", allowedJson.RootElement.GetProperty("pending")[0].GetProperty("container").GetString());
        Assert.Equal(["low"], Strings(allowedJson.RootElement.GetProperty("events")[0].GetProperty("preemptions")[0].GetProperty("victims")));
    }

    [Fact]
    public void Scenario_RebalancePack_EmptiesALightNode()
    {
        const string Scenario = """
            {"cluster": {"nodes": [{"name": "n1", "capacity": {"cpu": 1000}}, {"name": "n2", "capacity": {"cpu": 1000}}]},
             "strategy": "spread",
             "workload": {"containers": [{"name": "a", "requests": {"cpu": 300}}, {"name": "b", "requests": {"cpu": 300}}]},
             "events": [{"type": "rebalance", "mode": "pack", "maxMoves": 1, "maxMovesPerNode": 1}]}
            """;

        var run = CliRun.Of("scenario", "--file", _dir.Write("scenario.json", Scenario));

        Assert.Equal(0, run.ExitCode);
        using var json = run.Json();
        Assert.Equal("spread", json.RootElement.GetProperty("strategy").GetString());
        var rebalance = json.RootElement.GetProperty("events")[0];
        Assert.Equal("pack", rebalance.GetProperty("mode").GetString());
        Assert.Equal(1, rebalance.GetProperty("maxMovesPerNode").GetInt32());
        Assert.Equal(1, rebalance.GetProperty("moves").GetArrayLength());
        Assert.Equal(2.0, rebalance.GetProperty("objectiveBefore").GetDouble());
        Assert.Equal(1.0, rebalance.GetProperty("objectiveAfter").GetDouble());
        Assert.Single(Pairs(json.RootElement.GetProperty("placements")).Select(p => p.Node).Distinct());
    }

    [Fact]
    public void Scenario_SubmitDependingOnEarlierContainer_IsAccepted()
    {
        const string Scenario = """
            {"cluster": {"nodes": [{"name": "n1", "capacity": {"cpu": 1000}}]},
             "workload": {"containers": [{"name": "db", "requests": {"cpu": 100}}]},
             "events": [{"type": "submit", "workload": {"containers": [{"name": "api", "requests": {"cpu": 100}, "dependsOn": ["db"]}]}}]}
            """;

        var run = CliRun.Of("scenario", "--file", _dir.Write("scenario.json", Scenario));

        Assert.True(run.ExitCode == 0, run.Stderr);
        using var json = run.Json();
        Assert.Equal([("api", "n1")], Pairs(json.RootElement.GetProperty("events")[0].GetProperty("replaced")));
    }

    [Fact]
    public void Scenario_RemovedNameSubmittedAgain_IsANewContainer()
    {
        const string Scenario = """
            {"cluster": {"nodes": [{"name": "n1", "capacity": {"cpu": 1000}}]},
             "workload": {"tasks": [{"name": "t", "containers": [{"name": "c", "requests": {"cpu": 100}}]}]},
             "events": [{"type": "removeContainer", "container": "c"},
                        {"type": "submit", "workload": {"containers": [{"name": "c", "requests": {"cpu": 700}}]}}]}
            """;

        var run = CliRun.Of("scenario", "--file", _dir.Write("scenario.json", Scenario));

        Assert.True(run.ExitCode == 0, run.Stderr);
        using var json = run.Json();
        var placement = Assert.Single(json.RootElement.GetProperty("placements").EnumerateArray());
        Assert.Equal("c", placement.GetProperty("container").GetString());
        Assert.False(placement.TryGetProperty("task", out _));
        Assert.Equal(700, json.RootElement.GetProperty("metrics").GetProperty("dimensions")[0].GetProperty("allocated").GetInt64());
    }

    [Fact]
    public void Scenario_NoWorkloadNoEvents_WritesAnEmptyFinalState()
    {
        var run = CliRun.Of("scenario", "--file", _dir.Write("scenario.json", """{"cluster": {"nodes": [{"name": "n1", "capacity": {"cpu": 1}}]}}"""));

        Assert.Equal(0, run.ExitCode);
        using var json = run.Json();
        Assert.Equal(0, json.RootElement.GetProperty("placements").GetArrayLength());
        Assert.Equal(0, json.RootElement.GetProperty("events").GetArrayLength());
        Assert.Equal(0.0, json.RootElement.GetProperty("metrics").GetProperty("imbalance").GetDouble());
    }

    [Fact]
    public void Scenario_Help_DescribesEventsAndOutput()
    {
        var run = CliRun.Of("scenario", "--help");

        Assert.Equal(0, run.ExitCode);
        Assert.StartsWith("Usage: csched scenario --file SCENARIO.json", run.Stdout, StringComparison.Ordinal);
        foreach (var type in new[] { "nodeDown", "nodeUp", "addNode", "removeContainer", "submit", "drain", "rebalance" })
        {
            Assert.Contains(type, run.Stdout, StringComparison.Ordinal);
        }
    }

    private static string[] Strings(JsonElement array) => [.. array.EnumerateArray().Select(e => e.GetString()!)];

    private static (string Container, string Node)[] Pairs(JsonElement array) =>
        [.. array.EnumerateArray().Select(e => (e.GetProperty("container").GetString()!, e.GetProperty("node").GetString()!))];
}
