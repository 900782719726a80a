using System;
using System.Linq;
using System.Text.Json.Nodes;
using ContainerScheduling.Cli.Tests.Commands;
using Xunit;

namespace ContainerScheduling.Cli.Tests.Support;

/// <summary>
/// The scenario checker must catch every broken promise, or the end-to-end tests that rely on it prove nothing: each
/// case takes a real result, breaks one promise in it, and checks the violation the checker reports.
/// </summary>
public sealed class ScenarioCheckerTests
{
    // Two tasks whose members keep apart per node, on three nodes; n3 is down at the end.
    private const string Tasks = """
        {"cluster": {"nodes": [{"name": "n1", "capacity": {"cpu": 1000}}, {"name": "n2", "capacity": {"cpu": 1000}}, {"name": "n3", "capacity": {"cpu": 1000}}]},
         "workload": {"tasks": [
           {"name": "t", "containers": [
             {"name": "a", "requests": {"cpu": 100}, "labels": {"app": "t"}, "antiAffinity": [{"labels": {"app": "t"}}]},
             {"name": "b", "requests": {"cpu": 100}, "labels": {"app": "t"}, "antiAffinity": [{"labels": {"app": "t"}}]}]},
           {"name": "big", "containers": [{"name": "x", "requests": {"cpu": 600}}, {"name": "y", "requests": {"cpu": 600}}, {"name": "z", "requests": {"cpu": 600}}]}]},
         "events": [{"type": "nodeDown", "node": "n3"}]}
        """;

    private static readonly Lazy<string> SmallResult = new(() => Run(ScenarioCommandTests.Small));
    private static readonly Lazy<string> TasksResult = new(() => Run(Tasks));

    [Fact]
    public void Check_RealResults_HaveNoViolations()
    {
        Assert.Empty(ScenarioChecker.Check(ScenarioCommandTests.Small, SmallResult.Value).Violations);
        Assert.Empty(ScenarioChecker.Check(Tasks, TasksResult.Value).Violations);
    }

    [Fact]
    public void Check_LostContainer_IsReported() =>
        AssertCaught(SmallResult.Value, ScenarioCommandTests.Small, root => Placements(root).RemoveAt(0), "is neither placed nor pending");

    [Fact]
    public void Check_ContainerListedTwice_IsReported() =>
        AssertCaught(SmallResult.Value, ScenarioCommandTests.Small, root => Placements(root).Add(Placements(root)[0]!.DeepClone()), "appears 2 times");

    [Fact]
    public void Check_RemovedContainerStillListed_IsReported() =>
        AssertCaught(SmallResult.Value, ScenarioCommandTests.Small, root => Placements(root).Add(new JsonObject { ["container"] = "web1", ["node"] = "n9" }), "'web1' is in the output but was never submitted or was removed");

    [Fact]
    public void Check_ContainerOnDrainedNode_IsReported() =>
        AssertCaught(SmallResult.Value, ScenarioCommandTests.Small, root => Placements(root)[0]!["node"] = "n4", "which is cordoned at the end");

    [Fact]
    public void Check_ContainerOnDownNode_IsReported() =>
        AssertCaught(TasksResult.Value, Tasks, root => Placements(root)[0]!["node"] = "n3", "which is down at the end");

    [Fact]
    public void Check_NodeOverCapacity_IsReported() =>
        AssertCaught(SmallResult.Value, ScenarioCommandTests.Small, root =>
        {
            foreach (var placement in Placements(root))
            {
                placement!["node"] = "n1";
            }
        }, "node 'n1' is over capacity in cpu");

    [Fact]
    public void Check_VictimOfEqualPriority_IsReported() =>
        AssertCaught(SmallResult.Value, ScenarioCommandTests.Small, root =>
            root["events"]![1]!["preemptions"]![0]!["victims"]!.AsArray().Add("vip1"), "'vip1' (priority 100) preempts 'vip1' (priority 100)");

    [Fact]
    public void Check_TooManyRebalanceMoves_IsReported() =>
        AssertCaught(SmallResult.Value, ScenarioCommandTests.Small, root =>
        {
            var moves = root["events"]![6]!["moves"]!.AsArray();
            for (var i = 0; i < 3; i++)
            {
                moves.Add(new JsonObject { ["container"] = $"m{i}", ["from"] = "n2", ["to"] = "n9" });
            }
        }, "makes 4 moves, maxMoves is 3");

    [Fact]
    public void Check_ObjectiveRaised_IsReported() =>
        AssertCaught(SmallResult.Value, ScenarioCommandTests.Small, root => root["events"]![6]!["objectiveAfter"] = 9.5, "raises the objective");

    [Fact]
    public void Check_WrongStateInMetrics_IsReported() =>
        AssertCaught(SmallResult.Value, ScenarioCommandTests.Small, root =>
            root["metrics"]!["nodes"]!.AsArray().Single(node => node!["node"]!.GetValue<string>() == "n4")!["state"] = "ready", "metrics.nodes says 'n4' is ready, the events leave it cordoned");

    [Fact]
    public void Check_MissingEvent_IsReported() =>
        AssertCaught(SmallResult.Value, ScenarioCommandTests.Small, root => root["events"]!.AsArray().RemoveAt(6), "the output lists 6 events, the scenario has 7");

    [Fact]
    public void Check_SplitTask_IsReported() =>
        AssertCaught(TasksResult.Value, Tasks, root =>
        {
            var placed = Placements(root).First(p => p!["task"]?.GetValue<string>() == "t")!;
            Placements(root).Remove(placed);
            root["pending"]!.AsArray().Add(new JsonObject { ["container"] = placed["container"]!.GetValue<string>(), ["reason"] = "moved by the test" });
        }, "task 't' is split");

    [Fact]
    public void Check_AntiAffinityBroken_IsReported() =>
        AssertCaught(TasksResult.Value, Tasks, root =>
        {
            var members = Placements(root).Where(p => p!["task"]?.GetValue<string>() == "t").ToList();
            members[1]!["node"] = members[0]!["node"]!.GetValue<string>();
        }, "against the anti-affinity of");

    [Fact]
    public void Check_AllocationMisreported_IsReported() =>
        AssertCaught(SmallResult.Value, ScenarioCommandTests.Small, root => root["metrics"]!["dimensions"]![0]!["allocated"] = 1, "metrics.dimensions 'cpu' reports 1 of");

    private static string Run(string scenario)
    {
        using var dir = new TempDirectory();
        var run = CliRun.Of("scenario", "--file", dir.Write("scenario.json", scenario));
        Assert.True(run.ExitCode == 0, run.Stderr);
        return run.Stdout;
    }

    private static JsonArray Placements(JsonNode root) => root["placements"]!.AsArray();

    private static void AssertCaught(string result, string scenario, Action<JsonNode> breakIt, string expected)
    {
        var root = JsonNode.Parse(result)!;
        breakIt(root);

        var violations = ScenarioChecker.Check(scenario, root.ToJsonString()).Violations;

        Assert.True(violations.Any(v => v.Contains(expected, StringComparison.Ordinal)), $"expected '{expected}' among: {string.Join(" | ", violations)}");
    }
}
