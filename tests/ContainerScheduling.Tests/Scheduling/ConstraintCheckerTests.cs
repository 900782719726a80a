using System;
using System.Collections.Generic;
using System.Linq;
using Xunit;

namespace ContainerScheduling.Tests.Scheduling;

/// <summary>
/// The rule checker the properties rely on can fail: hand-made results that break one rule each are reported, naming
/// the rule, and results that keep every rule (including the permissive corners of affinity and anti-affinity) pass.
/// </summary>
public sealed class ConstraintCheckerTests
{
    /// <summary>
    /// n0 zone=a rack=r0; n1 zone=a rack=r1 tainted gpu; n2 zone=b rack=r0 limit 1 running db-0 (app=db);
    /// n3 rack=r2 without zone running web-0 (app=web); n4 zone=c cordoned; n5 zone=b rack=r3. 1000 cpu each.
    /// </summary>
    private static ClusterState Cluster()
    {
        var cluster = new ClusterState(new ResourceSchema("cpu"));
        cluster.AddNodes(
        [
            Node("n0", zone: "a", rack: "r0"),
            Node("n1", zone: "a", rack: "r1"),
            Node("n2", zone: "b", rack: "r0"),
            Node("n3", zone: null, rack: "r2"),
            Node("n4", zone: "c", rack: "r4"),
            Node("n5", zone: "b", rack: "r3"),
        ]);
        cluster.Bind(Bound("db-0", "db"), "n2");
        cluster.Bind(Bound("web-0", "web"), "n3");
        cluster.Cordon("n4");
        return cluster;
    }

    public static IEnumerable<object[]> Violations => Specs(
    [
        ["untolerated taint", Container("c"), "n1", "taint 'gpu'"],
        ["selector in", Container("c") with { NodeSelector = Selector("zone", LabelOperator.In, "b") }, "n0", "node selector"],
        ["selector not in", Container("c") with { NodeSelector = Selector("zone", LabelOperator.NotIn, "a") }, "n0", "node selector"],
        ["selector exists", Container("c") with { NodeSelector = Selector("zone", LabelOperator.Exists) }, "n3", "node selector"],
        ["selector does not exist", Container("c") with { NodeSelector = Selector("zone", LabelOperator.DoesNotExist) }, "n0", "node selector"],
        ["selector match labels", Container("c") with { NodeSelector = new LabelSelector(new Dictionary<string, string> { ["rack"] = "r1" }) }, "n0", "node selector"],
        ["affinity: the zone holds no match", Container("c") with { Affinity = [new AffinityTerm(AppIs("db"), "zone")] }, "n0", "affinity"],
        ["affinity: the node holds no match", Container("c") with { Affinity = [new AffinityTerm(AppIs("db"))] }, "n5", "affinity"],
        ["affinity: a node without the key", Container("c") with { Affinity = [new AffinityTerm(AppIs("web"), "zone")] }, "n3", "affinity"],
        ["affinity: nothing matches, not even itself", Container("c", app: "web") with { Affinity = [new AffinityTerm(AppIs("cache"))] }, "n0", "affinity"],
        ["anti-affinity per rack", Container("c") with { AntiAffinity = [new AffinityTerm(AppIs("db"), "rack")] }, "n0", "anti-affinity"],
        ["anti-affinity per node", Container("c") with { AntiAffinity = [new AffinityTerm(AppIs("web"))] }, "n3", "anti-affinity"],
        ["spread skew", Container("c", app: "db") with { Spread = [new TopologySpreadConstraint("zone", 1, AppIs("db"))] }, "n5", "max skew 1"],
        ["spread without the key", Container("c") with { Spread = [new TopologySpreadConstraint("zone", 3, AppIs("db"))] }, "n3", "no 'zone' label"],
        ["spread over a key no node has", Container("c") with { Spread = [new TopologySpreadConstraint("region", 3, AppIs("db"))] }, "n0", "no 'region' label"],
        ["container limit", Container("c"), "n2", "its limit is 1"],
        ["capacity", Container("c", cpu: 1001), "n0", "1000 cpu free"],
        ["node state", Container("c"), "n4", "is Cordoned"],
    ]);

    public static IEnumerable<object[]> Allowed => Specs(
    [
        ["tolerated taint", Container("c") with { Tolerations = ["gpu"] }, "n1"],
        ["selector not in admits a node without the key", Container("c") with { NodeSelector = Selector("zone", LabelOperator.NotIn, "a") }, "n3"],
        ["affinity: the zone holds a match", Container("c") with { Affinity = [new AffinityTerm(AppIs("db"), "zone")] }, "n5"],
        ["affinity: nothing matches but the container itself", Container("c", app: "cache") with { Affinity = [new AffinityTerm(AppIs("cache"), "zone")] }, "n3"],
        ["anti-affinity: a node without the key", Container("c") with { AntiAffinity = [new AffinityTerm(AppIs("web"), "zone")] }, "n3"],
        ["spread within the skew", Container("c", app: "db") with { Spread = [new TopologySpreadConstraint("zone", 1, AppIs("db"))] }, "n0"],
        ["spread: a container the selector does not count", Container("c", app: "web") with { Spread = [new TopologySpreadConstraint("zone", 1, AppIs("db"))] }, "n5"],
    ]);

    [Theory]
    [MemberData(nameof(Violations))]
    public void CheckBatch_PlacementBreakingOneRule_IsReportedNamingIt(string rule, ContainerSpec container, string node, string fragment)
    {
        var cluster = Cluster();
        var before = RuleModel.Of(cluster);

        var problem = RuleChecker.CheckBatch(before, [container], Result([new(container.Name, node)]), cluster);

        Assert.NotNull(problem);
        Assert.Contains(fragment, problem, StringComparison.Ordinal);
        Assert.True(problem.Contains("breaks a rule", StringComparison.Ordinal), $"{rule}: {problem}");
    }

    [Theory]
    [MemberData(nameof(Allowed))]
    public void CheckBatch_PlacementKeepingEveryRule_Passes(string rule, ContainerSpec container, string node)
    {
        var cluster = Cluster();
        var before = RuleModel.Of(cluster);
        cluster.Bind(container, node);

        Assert.True(RuleChecker.CheckBatch(before, [container], Result([new(container.Name, node)]), cluster) is null, rule);
    }

    [Fact]
    public void CheckBatch_BrokenBookkeeping_IsReported()
    {
        var first = Container("a").ToSpec(["cpu"]);
        var second = (Container("b") with { DependsOn = ["a"] }).ToSpec(["cpu"]);
        var unplaced = new UnplacedContainer("a", PlacementFailure.DependencyNotPlaced(6, "x"));

        string? Check(IReadOnlyList<ContainerSpec> batch, BatchPlacementResult result, Action<ClusterState>? apply = null)
        {
            var cluster = Cluster();
            var before = RuleModel.Of(cluster);
            apply?.Invoke(cluster);
            return RuleChecker.CheckBatch(before, batch, result, cluster);
        }

        void Bind(ClusterState cluster, params ContainerSpec[] containers) => Array.ForEach(containers, c => cluster.Bind(c, "n0"));

        Assert.Contains("before its dependency a", Check([first, second], Result([new("b", "n0"), new("a", "n0")]), c => Bind(c, second, first)));
        Assert.Contains("reported [a] for the input [a,b]", Check([first, second], Result([new("a", "n0")]), c => Bind(c, first)));
        Assert.Contains("reported [a,a]", Check([first], Result([new("a", "n0")], [unplaced]), c => Bind(c, first)));
        Assert.Contains("names none of them", Check([first, second], Result([], [unplaced, new UnplacedContainer("b", unplaced.Failure)])));
        Assert.Null(Check([first, second], Result([], [unplaced, new UnplacedContainer("b", PlacementFailure.DependencyNotPlaced(6, "a"))])));
        Assert.Contains("the replay says", Check([first], Result([new("a", "n0")])));
        Assert.Contains("the replay says", Check([first], Result([], [unplaced]), c => Bind(c, first)));
        Assert.Null(Check([first, second], Result([new("a", "n0"), new("b", "n5")]), c => { Bind(c, first); c.Bind(second, "n5"); }));
    }

    [Fact]
    public void CheckTasks_SplitTaskOrTaskBeforeItsDependency_IsReported()
    {
        var x = Container("x").ToSpec(["cpu"]);
        var y = Container("y").ToSpec(["cpu"]);
        var z = Container("z").ToSpec(["cpu"]);
        var t = new TaskSpec("t", [x, y]);
        var u = new TaskSpec("u", [z]) { DependsOn = ["t"] };
        var failure = PlacementFailure.DependencyNotPlaced(6, "nothing");

        string? Check(BatchPlacementResult result, params ContainerSpec[] bound)
        {
            var cluster = Cluster();
            var before = RuleModel.Of(cluster);
            Array.ForEach(bound, c => cluster.Bind(c, "n0"));
            return RuleChecker.CheckTasks(before, [t, u], result, cluster);
        }

        Assert.Contains("task t is split", Check(Result([new("x", "n0")], [new("y", failure), new("z", PlacementFailure.TaskDependencyNotPlaced(6, "u", "t"))]), x));
        Assert.Contains("before task t was wholly placed", Check(Result([new("z", "n0")], [new("x", failure), new("y", failure)]), z));
        Assert.Contains("names none of them", Check(Result([], [new("x", failure), new("y", failure), new("z", failure)])));
        Assert.Null(Check(Result([], [new("x", failure), new("y", failure), new("z", PlacementFailure.TaskDependencyNotPlaced(6, "u", "t"))])));
        Assert.Null(Check(Result([new("x", "n0"), new("y", "n0"), new("z", "n0")]), x, y, z));
    }

    /// <summary>Turns each case's container draft (second entry) into its spec.</summary>
    private static IEnumerable<object[]> Specs(object[][] cases) =>
        cases.Select(c => c.Select(x => x is ContainerDraft draft ? draft.ToSpec(["cpu"]) : x).ToArray());

    private static BatchPlacementResult Result(ContainerScheduling.Placement[] placements, UnplacedContainer[]? unplaced = null) =>
        new(placements, unplaced ?? []);

    private static NodeSpec Node(string name, string? zone, string rack)
    {
        var labels = new Dictionary<string, string> { ["rack"] = rack };
        if (zone is not null)
        {
            labels["zone"] = zone;
        }

        return new NodeSpec(name, new Dictionary<string, long> { ["cpu"] = 1000 })
        {
            Labels = labels,
            Taints = name == "n1" ? ["gpu"] : [],
            MaxContainers = name == "n2" ? 1 : null,
        };
    }

    private static ContainerDraft Container(string name, string? app = null, long cpu = 100) =>
        ContainerDraft.Plain(name, [cpu]) with { App = app };

    private static ContainerSpec Bound(string name, string app) =>
        new(name, new Dictionary<string, long> { ["cpu"] = 100 }) { Labels = new Dictionary<string, string> { ["app"] = app } };

    private static LabelSelector AppIs(string app) => new(new Dictionary<string, string> { ["app"] = app });

    private static LabelSelector Selector(string key, LabelOperator labelOperator, params string[] values) =>
        new(requirements: [new LabelRequirement(key, labelOperator, values.Length == 0 ? null : values)]);
}
