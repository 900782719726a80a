using System.Linq;
using Xunit;

namespace ContainerScheduling.Cli.Tests.Support;

/// <summary>
/// The checker must catch every broken rule, or the end-to-end tests that rely on it prove nothing: each scenario is
/// a hand-made result that breaks one rule (or none), checked against the violation the checker reports.
/// </summary>
public sealed class PlacementCheckerTests
{
    // Zones: a = n1, n5; b = n2 (tainted gpu, one container at most); c = n3 (cordoned). n4 has no labels.
    private const string Cluster = """
        {"nodes": [
          {"name": "n1", "capacity": {"cpu": 1000}, "labels": {"zone": "a", "rack": "r1"}},
          {"name": "n2", "capacity": {"cpu": 1000}, "labels": {"zone": "b", "rack": "r1"}, "taints": ["gpu"], "maxContainers": 1},
          {"name": "n3", "capacity": {"cpu": 1000}, "labels": {"zone": "c", "rack": "r2"}, "state": "cordoned"},
          {"name": "n4", "capacity": {"cpu": 1000}},
          {"name": "n5", "capacity": {"cpu": 1000, "gpu": 1}, "labels": {"zone": "a", "rack": "r2"}, "state": "ready"}
        ]}
        """;

    private const string Web = "\"labels\": {\"app\": \"web\"}";
    private const string Cache = "\"labels\": {\"app\": \"cache\"}";

    public static TheoryData<string, string, string, string?> Scenarios() => new()
    {
        { "valid", Plain(C("c1"), C("c2")), Out([P("c1", "n1"), P("c2", "n4")], []), null },
        { "lost container", Plain(C("c1"), C("c2")), Out([P("c1", "n1")], []), "'c2' is lost" },
        { "placed twice", Plain(C("c1")), Out([P("c1", "n1"), P("c1", "n4")], []), "'c1' appears 2 times" },
        { "placed and unplaced", Plain(C("c1")), Out([P("c1", "n1")], [U("c1")]), "'c1' appears 2 times" },
        { "unknown container", Plain(C("c1")), Out([P("c1", "n1"), P("ghost", "n1")], []), "'ghost' is in the output but not in the workload" },
        { "unknown node", Plain(C("c1")), Out([P("c1", "n9")], []), "unknown node 'n9'" },
        { "cordoned node", Plain(C("c1")), Out([P("c1", "n3")], []), "node 'n3' is cordoned" },
        { "over capacity", Plain(C("c1", "\"cpu\": 600"), C("c2", "\"cpu\": 600")), Out([P("c1", "n1"), P("c2", "n1")], []), "#1 'c2': node 'n1' over capacity in cpu: 600 + 600 > 1000" },
        { "capacity exactly full", Plain(C("c1", "\"cpu\": 400"), C("c2", "\"cpu\": 600")), Out([P("c1", "n1"), P("c2", "n1")], []), null },
        { "dimension the node lacks", Plain(C("c1", "\"gpu\": 1")), Out([P("c1", "n1")], []), "over capacity in gpu: 0 + 1 > 0" },
        { "dimension the node has", Plain(C("c1", "\"gpu\": 1")), Out([P("c1", "n5")], []), null },
        { "maxContainers", Plain(C("c1", extra: "\"tolerations\": [\"gpu\"]"), C("c2", extra: "\"tolerations\": [\"gpu\"]")), Out([P("c1", "n2"), P("c2", "n2")], []), "'c2': node 'n2' already runs 1 containers, its maxContainers is 1" },
        { "taint not tolerated", Plain(C("c1", extra: "\"tolerations\": [\"spot\"]")), Out([P("c1", "n2")], []), "taint 'gpu', not tolerated" },
        { "taint tolerated", Plain(C("c1", extra: "\"tolerations\": [\"spot\", \"gpu\"]")), Out([P("c1", "n2")], []), null },
        { "node selector pair", Plain(C("c1", extra: "\"nodeSelector\": {\"zone\": \"b\"}")), Out([P("c1", "n1")], []), "does not match the node selector zone=b" },
        { "node selector on unlabelled node", Plain(C("c1", extra: "\"nodeSelector\": {\"zone\": \"a\"}")), Out([P("c1", "n4")], []), "node 'n4' does not match" },
        { "node selector satisfied", Plain(C("c1", extra: "\"nodeSelector\": {\"zone\": \"a\", \"rack\": \"r2\"}")), Out([P("c1", "n5")], []), null },
        { "term NotIn", Plain(C("c1", extra: "\"nodeSelectorTerms\": [{\"key\": \"zone\", \"operator\": \"NotIn\", \"values\": [\"a\"]}]")), Out([P("c1", "n5")], []), "does not match the node selector zone NotIn (a)" },
        { "term NotIn on unlabelled node", Plain(C("c1", extra: "\"nodeSelectorTerms\": [{\"key\": \"zone\", \"operator\": \"NotIn\", \"values\": [\"a\"]}]")), Out([P("c1", "n4")], []), null },
        { "term In", Plain(C("c1", extra: "\"nodeSelectorTerms\": [{\"key\": \"rack\", \"operator\": \"In\", \"values\": [\"r2\", \"r3\"]}]")), Out([P("c1", "n1")], []), "does not match the node selector rack In (r2,r3)" },
        { "term Exists", Plain(C("c1", extra: "\"nodeSelectorTerms\": [{\"key\": \"rack\", \"operator\": \"Exists\"}]")), Out([P("c1", "n4")], []), "does not match the node selector rack Exists" },
        { "term DoesNotExist", Plain(C("c1", extra: "\"nodeSelectorTerms\": [{\"key\": \"rack\", \"operator\": \"DoesNotExist\"}]")), Out([P("c1", "n1")], []), "does not match the node selector rack DoesNotExist" },
        { "pairs and terms both hold", Plain(C("c1", extra: "\"nodeSelector\": {\"zone\": \"a\"}, \"nodeSelectorTerms\": [{\"key\": \"rack\", \"operator\": \"NotIn\", \"values\": [\"r1\"]}]")), Out([P("c1", "n1")], []), "does not match the node selector" },
        { "affinity same node", Plain(C("c1", extra: Cache), C("c2", extra: "\"affinity\": [{\"labels\": {\"app\": \"cache\"}}]")), Out([P("c1", "n1"), P("c2", "n1")], []), null },
        { "affinity other node", Plain(C("c1", extra: Cache), C("c2", extra: "\"affinity\": [{\"labels\": {\"app\": \"cache\"}, \"topologyKey\": \"node\"}]")), Out([P("c1", "n1"), P("c2", "n5")], []), "nothing matching runs in node:n5" },
        { "affinity same zone", Plain(C("c1", extra: Cache), C("c2", extra: "\"affinity\": [{\"labels\": {\"app\": \"cache\"}, \"topologyKey\": \"zone\"}]")), Out([P("c1", "n1"), P("c2", "n5")], []), null },
        { "affinity other zone", Plain(C("c1", extra: Cache), C("c2", extra: "\"tolerations\": [\"gpu\"], \"affinity\": [{\"labels\": {\"app\": \"cache\"}, \"topologyKey\": \"zone\"}]")), Out([P("c1", "n1"), P("c2", "n2")], []), "nothing matching runs in label:b" },
        { "affinity before its target", Plain(C("c1", extra: Cache), C("c2", extra: "\"affinity\": [{\"labels\": {\"app\": \"cache\"}}]")), Out([P("c2", "n1"), P("c1", "n1")], []), "#0 'c2': affinity {app=cache} per node" },
        { "affinity first of its group", Plain(C("c1", extra: Web + ", \"affinity\": [{\"labels\": {\"app\": \"web\"}}]")), Out([P("c1", "n1")], []), null },
        { "affinity to nothing, not itself", Plain(C("c1", extra: Web + ", \"affinity\": [{\"labels\": {\"app\": \"cache\"}}]")), Out([P("c1", "n1")], []), "it matches itself: False" },
        { "affinity on node without the label", Plain(C("w0", extra: Web), C("c1", extra: "\"affinity\": [{\"labels\": {\"app\": \"web\"}, \"topologyKey\": \"zone\"}]")), Out([P("w0", "n1"), P("c1", "n4")], []), "affinity per zone: node 'n4' lacks the label" },
        { "affinity first of its group on node without the label", Plain(C("c1", extra: Web + ", \"affinity\": [{\"labels\": {\"app\": \"web\"}, \"topologyKey\": \"zone\"}]")), Out([P("c1", "n4")], []), null },
        { "affinity by expression", Plain(C("c1", extra: Cache), C("c2", extra: "\"affinity\": [{\"expressions\": [{\"key\": \"app\", \"operator\": \"In\", \"values\": [\"db\"]}]}]")), Out([P("c1", "n1"), P("c2", "n1")], []), "affinity {app In (db)} per node" },
        { "anti-affinity same zone", Plain(C("c1", extra: Web), C("c2", extra: "\"antiAffinity\": [{\"labels\": {\"app\": \"web\"}, \"topologyKey\": \"zone\"}]")), Out([P("c1", "n1"), P("c2", "n5")], []), "'c1' already runs in label:a" },
        { "anti-affinity other node", Plain(C("c1", extra: Web), C("c2", extra: "\"antiAffinity\": [{\"labels\": {\"app\": \"web\"}}]")), Out([P("c1", "n1"), P("c2", "n5")], []), null },
        { "anti-affinity on node without the label", Plain(C("c1", extra: Web), C("c2", extra: "\"antiAffinity\": [{\"labels\": {\"app\": \"web\"}, \"topologyKey\": \"zone\"}]")), Out([P("c1", "n1"), P("c2", "n4")], []), null },
        { "anti-affinity to a later container", Plain(C("c1", extra: Web + ", \"antiAffinity\": [{\"labels\": {\"app\": \"web\"}}]"), C("c2", extra: Web)), Out([P("c1", "n1"), P("c2", "n1")], []), null },
        { "spread skew 2", Plain(C("c1", extra: Web), C("c2", extra: Web + ", \"spread\": {\"topologyKey\": \"zone\", \"maxSkew\": 1, \"labels\": {\"app\": \"web\"}}")), Out([P("c1", "n1"), P("c2", "n5")], []), "label:a would hold 2, skew 2 > 1 (counts after: label:a=2, label:b=0, label:c=0)" },
        { "spread skew 2 allowed", Plain(C("c1", extra: Web), C("c2", extra: Web + ", \"spread\": [{\"topologyKey\": \"zone\", \"maxSkew\": 2, \"labels\": {\"app\": \"web\"}}]")), Out([P("c1", "n1"), P("c2", "n5")], []), null },
        { "spread to the emptier zone", Plain(C("c1", extra: Web), C("c2", extra: Web + ", \"tolerations\": [\"gpu\"], \"spread\": {\"topologyKey\": \"zone\", \"maxSkew\": 1, \"labels\": {\"app\": \"web\"}}")), Out([P("c1", "n1"), P("c2", "n2")], []), null },
        { "spread on node without the label", Plain(C("c1", extra: Web + ", \"spread\": {\"topologyKey\": \"zone\", \"maxSkew\": 1, \"labels\": {\"app\": \"web\"}}")), Out([P("c1", "n4")], []), "spread over zone: node 'n4' lacks the label" },
        { "spread of others, not itself", Plain(C("c1", extra: Web), C("c2", extra: Web), C("c3", extra: "\"spread\": {\"topologyKey\": \"zone\", \"maxSkew\": 1, \"labels\": {\"app\": \"web\"}}")), Out([P("c1", "n1"), P("c2", "n5"), P("c3", "n1")], []), "'c3': spread {app=web} over zone: label:a would hold 2, skew 2 > 1" },
        { "spread per node", Plain(C("c1", extra: Web + ", \"spread\": {\"topologyKey\": \"node\", \"maxSkew\": 1, \"labels\": {\"app\": \"web\"}}")), Out([P("c1", "n1")], []), null },
        { "dependency after", Plain(C("c1", extra: "\"dependsOn\": [\"c2\"]"), C("c2")), Out([P("c1", "n1"), P("c2", "n1")], []), "#0 'c1': dependency 'c2' was not placed before it" },
        { "dependency before", Plain(C("c1", extra: "\"dependsOn\": [\"c2\"]"), C("c2")), Out([P("c2", "n1"), P("c1", "n1")], []), null },
        { "dependency unplaced", Plain(C("c1", extra: "\"dependsOn\": [\"c2\"]"), C("c2")), Out([P("c1", "n1")], [U("c2")]), "dependency 'c2' was not placed before it" },
        { "dependent unplaced too", Plain(C("c1", extra: "\"dependsOn\": [\"c2\"]"), C("c2")), Out([], [U("c2"), U("c1")]), null },
        { "task whole", Tasks(T("t1", null, C("a"), C("b"))), Out([P("a", "n1", "t1"), P("b", "n1", "t1")], []), null },
        { "task split", Tasks(T("t1", null, C("a"), C("b"))), Out([P("a", "n1", "t1")], [U("b", "t1")]), "task 't1' is split: 1 of 2 containers placed" },
        { "task unplaced whole", Tasks(T("t1", null, C("a"), C("b"))), Out([], [U("a", "t1"), U("b", "t1")]), null },
        { "task field missing", Tasks(T("t1", null, C("a"))), Out([P("a", "n1")], []), "'a' is listed with task '', but belongs to 't1'" },
        { "container dependency inside a task", Tasks(T("t1", null, C("a", extra: "\"dependsOn\": [\"b\"]"), C("b"))), Out([P("a", "n1", "t1"), P("b", "n1", "t1")], []), "'a': dependency 'b' was not placed before it" },
        { "task after its dependency", Tasks(T("t1", null, C("a")), T("t2", "t1", C("b"))), Out([P("a", "n1", "t1"), P("b", "n1", "t2")], []), null },
        { "task before its dependency", Tasks(T("t1", null, C("a")), T("t2", "t1", C("b"))), Out([P("b", "n1", "t2"), P("a", "n1", "t1")], []), "task 't2' started (placement #0) before the task it depends on, 't1', was placed" },
        { "task interleaved with its dependency", Tasks(T("t1", null, C("a"), C("c")), T("t2", "t1", C("b"))), Out([P("a", "n1", "t1"), P("b", "n1", "t2"), P("c", "n1", "t1")], []), "task 't2' started (placement #1) before" },
        { "task placed, dependency not", Tasks(T("t1", null, C("a")), T("t2", "t1", C("b"))), Out([P("b", "n1", "t2")], [U("a", "t1")]), "task 't2' was placed, but the task it depends on, 't1', was not" },
        { "task and dependency unplaced", Tasks(T("t1", null, C("a")), T("t2", "t1", C("b"))), Out([], [U("a", "t1"), U("b", "t2")]), null },
    };

    [Theory]
    [MemberData(nameof(Scenarios))]
    public void Check_HandMadeResult_ReportsExactlyTheBrokenRule(string scenario, string workload, string output, string? violation)
    {
        var report = PlacementChecker.Check(Cluster, workload, output);

        if (violation is null)
        {
            Assert.True(report.Violations.Count == 0, $"{scenario}: {string.Join(" | ", report.Violations)}");
        }
        else
        {
            Assert.True(report.Violations.Any(v => v.Contains(violation, System.StringComparison.Ordinal)), $"{scenario}: expected '{violation}' in: {string.Join(" | ", report.Violations)}");
        }
    }

    [Fact]
    public void Check_Counts_PlacedTasksAndContainersAndRuleCoverage()
    {
        var workload = Tasks(T("t1", null, C("a", extra: "\"tolerations\": [\"gpu\"]"), C("b", extra: "\"dependsOn\": [\"a\"]")), T("t2", "t1", C("c")), T("t3", null, C("d")));

        var report = PlacementChecker.Check(Cluster, workload, Out([P("a", "n1", "t1"), P("b", "n1", "t1"), P("c", "n5", "t2")], [U("d", "t3")]));

        Assert.Empty(report.Violations);
        Assert.Equal((3, 2, 1), (report.PlacedContainers, report.PlacedTasks, report.UnplacedTasks));
        Assert.Equal(1, report.PlacedWithRule["tolerations"]);
        Assert.Equal(1, report.PlacedWithRule["dependsOn"]);
        Assert.False(report.PlacedWithRule.ContainsKey("spread"));
    }

    private static string C(string name, string requests = "\"cpu\": 100", string? extra = null) => TestJson.Container(name, requests, extra);

    private static string Plain(params string[] containers) => TestJson.Workload(containers);

    private static string T(string name, string? dependsOn, params string[] containers) =>
        $"{{\"name\": \"{name}\"" + (dependsOn is null ? string.Empty : $", \"dependsOn\": [\"{dependsOn}\"]") + $", \"containers\": [{string.Join(", ", containers)}]}}";

    private static string Tasks(params string[] tasks) => $"{{\"tasks\": [{string.Join(",\n", tasks)}]}}";

    private static string P(string container, string node, string? task = null) =>
        $"{{\"container\": \"{container}\", \"node\": \"{node}\"" + (task is null ? string.Empty : $", \"task\": \"{task}\"") + "}";

    private static string U(string container, string? task = null) =>
        $"{{\"container\": \"{container}\", \"reason\": \"no room\"" + (task is null ? string.Empty : $", \"task\": \"{task}\"") + "}";

    private static string Out(string[] placements, string[] unplaced) =>
        $"{{\"strategy\": \"test\", \"placements\": [{string.Join(", ", placements)}], \"unplaced\": [{string.Join(", ", unplaced)}]}}";
}
