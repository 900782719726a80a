using System;
using System.Collections.Generic;
using System.Linq;
using Xunit;

namespace ContainerScheduling.Tests.Dynamics;

/// <summary>Hand-built cases of failover, recovery, preemption, drain and removal: what the report says and where everything ends up.</summary>
public sealed class OrchestratorTests
{
    [Fact]
    public void NodeDown_RoomElsewhere_EvictsAndReplacesEveryContainer()
    {
        var orchestrator = Orchestrated(("a", 4000), ("b", 4000), ("c", 4000));
        orchestrator.Submit([Container("x", 1000), Container("y", 1000)]);
        var on = orchestrator.Cluster.GetNodeOf("x");

        var report = orchestrator.NodeDown(on);

        Assert.Equal(ClusterEventKind.NodeDown, report.Kind);
        Assert.Empty(orchestrator.Cluster.GetContainersOn(on));
        Assert.Equal(NodeState.Down, orchestrator.Cluster.GetNodeState(on));
        Assert.Equal(["x", "y"], report.Evicted.Order());
        Assert.Equal(["x", "y"], report.Placed.Select(p => p.Container).Order());
        Assert.All(report.Placed, p => Assert.NotEqual(on, p.Node));
        Assert.Empty(report.Pending);
        Assert.Equal(1, orchestrator.Counters.Failovers);
        Assert.Equal(2, orchestrator.Counters.Evictions);
        Assert.Equal(4, orchestrator.Counters.Placements);
    }

    [Fact]
    public void NodeDown_NoRoomElsewhere_PendingWithReasonThenReplacedWhenTheNodeComesBack()
    {
        var orchestrator = Orchestrated(("a", 4000), ("b", 4000));
        orchestrator.Submit([Container("big", 3000), Container("other", 3000)]);
        var on = orchestrator.Cluster.GetNodeOf("big");

        var down = orchestrator.NodeDown(on);

        Assert.Equal(["big"], down.Evicted);
        var pending = Assert.Single(down.Pending);
        Assert.Equal("big", pending.Container);
        Assert.Contains("insufficient cpu", pending.Failure.Message, StringComparison.Ordinal);
        Assert.True(orchestrator.IsPending("big"));
        Assert.Equal(["big"], orchestrator.Pending.Select(p => p.Container));

        var up = orchestrator.NodeUp(on);

        Assert.Equal([new ContainerScheduling.Placement("big", on)], up.Placed);
        Assert.Empty(up.Pending);
        Assert.Empty(orchestrator.Pending);
    }

    [Fact]
    public void NodeDown_DependencyCannotBeReplaced_DependentWaitsForIt()
    {
        var orchestrator = Orchestrated(("a", 4000), ("b", 2000));
        orchestrator.Submit([Container("db", 3000), Container("app", 500, dependsOn: ["db"])]);
        Assert.Equal("a", orchestrator.Cluster.GetNodeOf("db"));
        Assert.Equal("a", orchestrator.Cluster.GetNodeOf("app"));

        var report = orchestrator.NodeDown("a");

        Assert.Equal(["app", "db"], report.Evicted.Order());
        Assert.Empty(report.Placed);
        Assert.Contains("depends on container 'db', which was not placed", report.Pending.Single(p => p.Container == "app").Failure.Message, StringComparison.Ordinal);

        // Capacity appears: the dependency goes first, then its dependent, in one retry.
        var added = orchestrator.AddNode(Node("c", 8000));
        Assert.Equal(["db", "app"], added.Placed.Select(p => p.Container));
        Assert.Empty(orchestrator.Pending);
    }

    [Fact]
    public void NodeDown_TaskMemberCannotBeReplaced_WholeTaskBecomesPendingAndReturnsWhole()
    {
        var orchestrator = Orchestrated(("a", 4000), ("b", 4000));
        orchestrator.SubmitTasks([new TaskSpec("job", [Container("w1", 3000), Container("w2", 3000)])]);
        var first = orchestrator.Cluster.GetNodeOf("w1");
        var second = orchestrator.Cluster.GetNodeOf("w2");
        Assert.NotEqual(first, second);

        var report = orchestrator.NodeDown(first);

        // w1 fits nowhere, so w2 leaves too: a task runs whole or not at all.
        Assert.Equal(["w1", "w2"], report.Evicted.Order());
        Assert.False(orchestrator.Cluster.ContainsContainer("w2"));
        Assert.Equal(["w1", "w2"], report.Pending.Select(p => p.Container).Order());
        Assert.Contains("task 'job' was not placed because container 'w1' could not be placed", report.Pending.Single(p => p.Container == "w2").Failure.Message, StringComparison.Ordinal);

        var up = orchestrator.NodeUp(first);
        Assert.Equal(["w1", "w2"], up.Placed.Select(p => p.Container).Order());
        Assert.Empty(orchestrator.Pending);
    }

    [Fact]
    public void Submit_HighPriorityFitsNowhere_PreemptsTheLowestPriorityVictimsAndReplacesOrPendsThem()
    {
        var orchestrator = Orchestrated(("a", 4000), ("b", 4000));
        orchestrator.Submit(
        [
            Container("a-low", 2000, priority: 1, node: "a"),
            Container("a-mid", 2000, priority: 5, node: "a"),
            Container("b-low", 2000, priority: 1, node: "b"),
            Container("b-low2", 2000, priority: 2, node: "b"),
        ]);

        var report = orchestrator.Submit([Container("vip", 3000, priority: 10)]);

        // a: evicting a-low frees 2000 only; a-low and a-mid (max 5). b: b-low and b-low2 (max 2): b wins.
        var preemption = Assert.Single(report.Preemptions);
        Assert.Equal("vip", preemption.Preemptor);
        Assert.Equal("b", preemption.Node);
        Assert.Equal(["b-low", "b-low2"], preemption.Victims.Order());
        Assert.Equal("b", orchestrator.Cluster.GetNodeOf("vip"));
        Assert.Equal(["b-low", "b-low2"], report.Evicted.Order());
        Assert.Equal(["b-low", "b-low2"], report.Pending.Select(p => p.Container).Order());
        Assert.Equal(1, orchestrator.Counters.Preemptions);
        AssertNothingLost(orchestrator, "a-low", "a-mid", "b-low", "b-low2", "vip");
    }

    [Fact]
    public void Submit_Preemption_LowestMaximumThenSmallestSumThenLowestNode()
    {
        var orchestrator = Orchestrated(("a", 6000), ("b", 6000), ("c", 6000), ("d", 6000));
        orchestrator.Submit(
        [
            // a: x3 (1) frees too little alone; with the priority-3 level, x2 is kept back: victims x3 + x1, max 3, sum 4.
            Container("x1", 2000, priority: 3, node: "a"),
            Container("x2", 2000, priority: 3, node: "a"),
            Container("x3", 2000, priority: 1, node: "a"),

            // b: y2 is kept back: victim y1 alone, max 3, sum 3. c: the same as b, but a higher node index.
            Container("y1", 3000, priority: 3, node: "b"),
            Container("y2", 3000, priority: 3, node: "b"),
            Container("z1", 3000, priority: 3, node: "c"),
            Container("z2", 3000, priority: 3, node: "c"),

            // d: only equal or higher priorities run here.
            Container("w1", 6000, priority: 9, node: "d"),
        ]);

        var report = orchestrator.Submit([Container("vip", 3000, priority: 9)]);

        var preemption = Assert.Single(report.Preemptions);
        Assert.Equal("b", preemption.Node);
        Assert.Equal(["y1"], preemption.Victims);
        Assert.True(orchestrator.Cluster.ContainsContainer("y2"));
        Assert.Equal(["y1"], report.Evicted);
    }

    [Fact]
    public void Submit_NeverPreemptsEqualOrHigherPriorityOrAtOrBelowTheThreshold()
    {
        var orchestrator = Orchestrated(("a", 4000));
        orchestrator.Submit([Container("same", 4000, priority: 7)]);

        var equal = orchestrator.Submit([Container("peer", 1000, priority: 7)]);
        Assert.Empty(equal.Preemptions);
        Assert.True(orchestrator.IsPending("peer"));

        var thresholded = new Orchestrator(Cluster(("a", 4000)), options: new OrchestratorOptions { PreemptionThreshold = 10 });
        thresholded.Submit([Container("low", 4000, priority: 1)]);
        Assert.Empty(thresholded.Submit([Container("ten", 1000, priority: 10)]).Preemptions);
        Assert.Single(thresholded.Submit([Container("eleven", 1000, priority: 11)]).Preemptions);

        var off = new Orchestrator(Cluster(("a", 4000)), options: new OrchestratorOptions { Preemption = false });
        off.Submit([Container("low", 4000, priority: 1)]);
        Assert.Empty(off.Submit([Container("vip", 1000, priority: 100)]).Preemptions);
        Assert.True(off.IsPending("vip"));
    }

    [Fact]
    public void Drain_MovesEveryContainerThatFitsElsewhereAndEvictsTheRestToPending()
    {
        var orchestrator = Orchestrated(("a", 8000), ("b", 3000));
        foreach (var container in new[] { Container("s1", 1000), Container("s2", 1500), Container("huge", 5000) })
        {
            orchestrator.Cluster.Bind(container, "a");
        }


        var report = orchestrator.Drain("a");

        Assert.Equal(NodeState.Cordoned, orchestrator.Cluster.GetNodeState("a"));
        Assert.Empty(orchestrator.Cluster.GetContainersOn("a"));
        Assert.Equal(["s1", "s2"], report.Moves.Select(m => m.Container).Order());
        Assert.All(report.Moves, m => Assert.Equal(("a", "b"), (m.From, m.To)));
        Assert.Equal(["huge"], report.Evicted);
        Assert.Equal("huge", Assert.Single(report.Pending).Container);
        Assert.Equal(2, orchestrator.Counters.Moves);

        // Uncordoning (NodeUp) lets the pending container back.
        Assert.Equal([new ContainerScheduling.Placement("huge", "a")], orchestrator.NodeUp("a").Placed);
    }

    [Fact]
    public void Remove_RunningContainer_FreesRoomForPendingWork()
    {
        var orchestrator = Orchestrated(("a", 4000));
        orchestrator.Submit([Container("first", 3000), Container("second", 3000)]);
        Assert.True(orchestrator.IsPending("second"));

        var report = orchestrator.Remove("first");

        Assert.Equal([new ContainerScheduling.Placement("second", "a")], report.Placed);
        Assert.False(orchestrator.Cluster.ContainsContainer("first"));

        orchestrator.Submit([Container("third", 3000)]);
        Assert.True(orchestrator.IsPending("third"));
        orchestrator.Remove("third");
        Assert.Empty(orchestrator.Pending);
        Assert.Throws<ArgumentException>(() => orchestrator.Remove("third"));
    }

    [Fact]
    public void Submit_BadInput_ThrowsNamingTheProblemAndChangesNothing()
    {
        var orchestrator = Orchestrated(("a", 4000));
        orchestrator.Submit([Container("x", 1000), Container("wait", 9000)]);
        var before = Snapshot(orchestrator);

        Assert.Contains("'x' is already running", Assert.Throws<ArgumentException>(() => orchestrator.Submit([Container("x", 1)])).Message, StringComparison.Ordinal);
        Assert.Contains("'wait' is already pending", Assert.Throws<ArgumentException>(() => orchestrator.Submit([Container("wait", 1)])).Message, StringComparison.Ordinal);
        Assert.Contains("appears more than once", Assert.Throws<ArgumentException>(() => orchestrator.Submit([Container("n", 1), Container("n", 1)])).Message, StringComparison.Ordinal);
        Assert.Contains("depends on 'ghost'", Assert.Throws<ArgumentException>(() => orchestrator.Submit([Container("n", 1, dependsOn: ["ghost"])])).Message, StringComparison.Ordinal);
        Assert.Contains("p → q → p", Assert.Throws<ArgumentException>(() => orchestrator.Submit([Container("p", 1, dependsOn: ["q"]), Container("q", 1, dependsOn: ["p"])])).Message, StringComparison.Ordinal);
        Assert.Contains("not a container of the task", Assert.Throws<ArgumentException>(() => orchestrator.SubmitTasks([new TaskSpec("t", [Container("m", 1, dependsOn: ["x"])])])).Message, StringComparison.Ordinal);
        Assert.Throws<ArgumentException>(() => orchestrator.NodeDown("nope"));
        Assert.Throws<ArgumentException>(() => orchestrator.Drain("nope"));

        Assert.Equal(before, Snapshot(orchestrator));
    }

    private static void AssertNothingLost(Orchestrator orchestrator, params string[] names)
    {
        foreach (var name in names)
        {
            Assert.True(orchestrator.Cluster.ContainsContainer(name) ^ orchestrator.IsPending(name), $"{name} is neither running nor pending, or both");
        }
    }

    private static string Snapshot(Orchestrator orchestrator) =>
        string.Join(";", orchestrator.Cluster.Nodes.Select(n => $"{n.Name}:{orchestrator.Cluster.GetNodeState(n.Name)}:{string.Join(",", orchestrator.Cluster.GetContainersOn(n.Name))}"))
        + "|" + string.Join(",", orchestrator.Pending.Select(p => p.Container))
        + "|" + orchestrator.Counters.Placements + "/" + orchestrator.Counters.Failures;

    private static Orchestrator Orchestrated(params (string Name, long Cpu)[] nodes) => new(Cluster(nodes));

    private static ClusterState Cluster(params (string Name, long Cpu)[] nodes)
    {
        var cluster = new ClusterState(new ResourceSchema("cpu"));
        cluster.AddNodes(nodes.Select(node => Node(node.Name, node.Cpu)));
        return cluster;
    }

    private static NodeSpec Node(string name, long cpu) => new(name, new Dictionary<string, long> { ["cpu"] = cpu }) { Labels = new Dictionary<string, string> { ["name"] = name } };

    private static ContainerSpec Container(string name, long cpu, int priority = 0, string? node = null, string[]? dependsOn = null) =>
        new(name, new Dictionary<string, long> { ["cpu"] = cpu })
        {
            Priority = priority,
            DependsOn = dependsOn ?? [],
            NodeSelector = node is null ? null : new LabelSelector(new Dictionary<string, string> { ["name"] = node }),
        };
}
