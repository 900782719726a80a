using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Diagnostics.Metrics;
using System.Linq;
using FsCheck;
using FsCheck.Fluent;
using Xunit;

namespace ContainerScheduling.Tests.Dynamics;

/// <summary>Rebalancing plans, load metrics and the telemetry an orchestrator emits.</summary>
public sealed class RebalanceAndMetricsTests
{
    [Fact]
    public void PlanRebalance_Balance_LowersImbalanceWithinBudgetAndLeavesTheClusterAsItWas()
    {
        // First-fit piles all eight on n0.
        var orchestrator = new Orchestrator(Cluster(4, 8000), PlacementStrategies.FirstFit());
        orchestrator.Submit(Enumerable.Range(0, 8).Select(i => Container($"c{i}", 1000)));
        var before = Layout(orchestrator.Cluster);

        var plan = orchestrator.PlanRebalance(new RebalanceOptions { MaxMoves = 3 });

        Assert.Equal(before, Layout(orchestrator.Cluster));
        Assert.Equal(3, plan.Moves.Count);
        Assert.Equal(orchestrator.Metrics().Imbalance, plan.ObjectiveBefore, 12);
        Assert.True(plan.ObjectiveAfter < plan.ObjectiveBefore, plan.ToString());
        Assert.All(plan.Moves, move => Assert.Equal("n0", move.From));
    }

    [Fact]
    public void PlanRebalance_ContainersPinnedBySelector_MovesNothingItsRulesForbid()
    {
        var orchestrator = new Orchestrator(Cluster(3, 8000));
        orchestrator.Submit(Enumerable.Range(0, 6).Select(i => Container($"pinned{i}", 1000, pinnedTo: "n0")));

        var plan = orchestrator.PlanRebalance(new RebalanceOptions { MaxMoves = 5 });

        Assert.Empty(plan.Moves);
        Assert.Equal(plan.ObjectiveBefore, plan.ObjectiveAfter);
    }

    [Fact]
    public void Apply_Plan_MovesAsPlannedAndReportsTheMeasuredObjective()
    {
        var orchestrator = new Orchestrator(Cluster(3, 8000), PlacementStrategies.FirstFit());
        orchestrator.Submit(Enumerable.Range(0, 6).Select(i => Container($"c{i}", 1000)));
        var plan = orchestrator.PlanRebalance(new RebalanceOptions { MaxMoves = 4, MaxMovesPerNode = 4 });

        var report = orchestrator.Apply(plan);

        Assert.Equal(plan.Moves, report.Moves);
        Assert.Empty(report.Skipped);
        Assert.Equal(plan.ObjectiveAfter, report.ObjectiveAfter!.Value, 9);
        Assert.All(plan.Moves, move => Assert.Equal(move.To, orchestrator.Cluster.GetNodeOf(move.Container)));
        Assert.Equal(4, orchestrator.Counters.Moves);
    }

    [Fact]
    public void Apply_StalePlan_SkipsMovesThatNoLongerFitAndBreaksNothing()
    {
        var orchestrator = new Orchestrator(Cluster(2, 4000), PlacementStrategies.FirstFit());
        orchestrator.Submit([Container("a", 1000), Container("b", 1000), Container("c", 1000)]);
        var plan = orchestrator.PlanRebalance(new RebalanceOptions { MaxMoves = 2 });
        Assert.NotEmpty(plan.Moves);

        // The target fills up and one planned container leaves before the plan is applied.
        orchestrator.Submit([Container("filler", 4000, pinnedTo: "n1")]);
        var report = orchestrator.Apply(plan);

        Assert.Empty(report.Moves);
        Assert.Equal(plan.Moves, report.Skipped);
        Assert.All(plan.Moves, move => Assert.Equal("n0", orchestrator.Cluster.GetNodeOf(move.Container)));
        Assert.Null(ClusterInvariants.Violation(orchestrator.Cluster));
    }

    [Fact]
    public void Apply_StaleMoveOffACordonedNode_PutsTheContainerBackAndTheNodeStillTakesNothing()
    {
        var orchestrator = new Orchestrator(Cluster(2, 4000), PlacementStrategies.FirstFit());
        orchestrator.Submit([Container("a", 1000), Container("b", 1000), Container("c", 1000)]);
        var plan = orchestrator.PlanRebalance(new RebalanceOptions { MaxMoves = 1 });
        var move = Assert.Single(plan.Moves);

        orchestrator.Cluster.Cordon(move.From);
        orchestrator.Submit([Container("filler", 4000, pinnedTo: move.To)]);
        var report = orchestrator.Apply(plan);

        Assert.Equal([move], report.Skipped);
        Assert.Equal(move.From, orchestrator.Cluster.GetNodeOf(move.Container));
        Assert.Equal(NodeState.Cordoned, orchestrator.Cluster.GetNodeState(move.From));
        Assert.Null(ClusterInvariants.Violation(orchestrator.Cluster));
        Assert.False(orchestrator.Scheduler.Place(Container("tiny", 1)).IsPlaced);
        Assert.Equal(-1, orchestrator.Cluster.CreateView().Available(0)[0]);   // the view's contract for a node that takes no work
    }

    [Fact]
    public void PlanRebalance_Pack_EmptiesTheLeastUsedNodesWhole()
    {
        var orchestrator = new Orchestrator(Cluster(4, 8000));
        foreach (var (container, node) in new[] { ("big0", "n0"), ("big1", "n1"), ("s2", "n2"), ("s3a", "n3"), ("s3b", "n3") })
        {
            orchestrator.Cluster.Bind(Container(container, container.StartsWith("big", StringComparison.Ordinal) ? 6000 : container == "s3b" ? 500 : 1000), node);
        }


        var plan = orchestrator.PlanRebalance(new RebalanceOptions { Mode = RebalanceMode.Pack, MaxMoves = 10 });

        Assert.Equal(4, plan.ObjectiveBefore);
        Assert.Equal(2, plan.ObjectiveAfter);
        Assert.Equal(["s2", "s3a", "s3b"], plan.Moves.Select(m => m.Container).Order());
        var report = orchestrator.Apply(plan);
        Assert.Equal(2, report.ObjectiveAfter);
        Assert.Empty(orchestrator.Cluster.GetContainersOn("n2"));
        Assert.Empty(orchestrator.Cluster.GetContainersOn("n3"));
    }

    [Fact]
    public void PlanRebalance_RandomClusters_NeverWorseNeverOverBudgetNeverOvercommits()
    {
        var cases =
            from nodes in Gen.Choose(2, 7)
            from count in Gen.Choose(1, 30)
            from containers in Gen.ArrayOf(Gen.Elements(250L, 500L, 1000L, 2000L), count)
            from pinnedTo in Gen.ArrayOf(Gen.Choose(-1, 6), containers.Length)
            from budget in Gen.Choose(0, 6)
            from perNode in Gen.Elements<int?>(null, 1, 2)
            from mode in Gen.Elements(RebalanceMode.Balance, RebalanceMode.Pack)
            select (nodes, containers, pinnedTo, budget, perNode, mode);
        Check.One(Config.QuickThrowOnFailure.WithMaxTest(300).WithQuietOnSuccess(true), Prop.ForAll(Arb.From(cases), input =>
        {
            var orchestrator = new Orchestrator(Cluster(input.nodes, 6000), PlacementStrategies.FirstFit());
            var pins = new Dictionary<string, string>();
            for (var i = 0; i < input.containers.Length; i++)
            {
                if (input.pinnedTo[i] >= 0)
                {
                    pins[$"c{i}"] = $"n{input.pinnedTo[i] % input.nodes}";
                }
            }

            orchestrator.Submit(input.containers.Select((cpu, i) => Container($"c{i}", cpu, pins.GetValueOrDefault($"c{i}"))));
            var before = Layout(orchestrator.Cluster);
            var options = new RebalanceOptions { MaxMoves = input.budget, MaxMovesPerNode = input.perNode, Mode = input.mode };
            var plan = orchestrator.PlanRebalance(options);
            var unchanged = Layout(orchestrator.Cluster) == before;
            var report = orchestrator.Apply(plan);
            var perSource = plan.Moves.GroupBy(m => m.From).Select(g => g.Count()).DefaultIfEmpty(0).Max();
            return PropertyFailure.Unless(unchanged, () => "planning changed the cluster")
                && PropertyFailure.Unless(plan.Moves.Count <= input.budget && (input.perNode is not { } cap || perSource <= cap), () => $"{plan} over budget")
                && PropertyFailure.Unless(plan.ObjectiveAfter <= plan.ObjectiveBefore + 1e-12, () => $"{plan} is worse")
                && PropertyFailure.Unless(report.Skipped.Count == 0 && Math.Abs(report.ObjectiveAfter!.Value - plan.ObjectiveAfter) < 1e-9, () => $"applied {report.ObjectiveAfter}, planned {plan}")
                && PropertyFailure.None(ClusterInvariants.Violation(orchestrator.Cluster))
                && PropertyFailure.Unless(
                    orchestrator.Cluster.Nodes.All(node => orchestrator.Cluster.GetContainersOn(node.Name).All(c => !pins.TryGetValue(c, out var pin) || pin == node.Name)),
                    () => "a pinned container moved off its node");
        }));
    }

    [Fact]
    public void Metrics_LoadsTotalsImbalanceAndFragmentation()
    {
        var cluster = new ClusterState(new ResourceSchema("cpu", "memory"));
        cluster.AddNodes(
        [
            new NodeSpec("a", new Dictionary<string, long> { ["cpu"] = 4000, ["memory"] = 8000 }),
            new NodeSpec("b", new Dictionary<string, long> { ["cpu"] = 4000, ["memory"] = 8000 }),
        ]);
        var orchestrator = new Orchestrator(cluster);

        // a: cpu full, memory half free (fragmented: nothing that asks cpu fits). b: a quarter used in both.
        cluster.Bind(new ContainerSpec("x", new Dictionary<string, long> { ["cpu"] = 4000, ["memory"] = 4000 }), "a");
        cluster.Bind(new ContainerSpec("y", new Dictionary<string, long> { ["cpu"] = 1000, ["memory"] = 2000 }), "b");
        var metrics = ClusterMetrics.Of(cluster, [[500, 500]]);

        Assert.Equal([1.0, 0.5], metrics.Nodes[0].Load);
        Assert.Equal(0.75, metrics.Nodes[0].MeanLoad, 12);
        Assert.Equal(0.25, metrics.Nodes[1].MeanLoad, 12);
        Assert.Equal(0.25, metrics.Imbalance, 12);
        Assert.Equal(new DimensionTotals("cpu", 8000, 5000, 0.625, 0.0), metrics.Dimensions[0]);
        Assert.Equal("memory", metrics.Dimensions[1].Resource);
        Assert.Equal(4000.0 / 10000, metrics.Dimensions[1].Fragmentation, 12);
        Assert.Equal(0.0, ClusterMetrics.Of(cluster, []).Dimensions[1].Fragmentation);
        Assert.Equal(2, orchestrator.Metrics().Nodes.Count);
        Assert.Throws<ArgumentException>(() => ClusterMetrics.Of(cluster, [[1]]));
    }

    [Fact]
    public void Telemetry_MeterAndActivitiesReportWhatTheOrchestratorDid()
    {
        var measurements = new List<(string Instrument, double Value, string? Cluster)>();
        using var listener = new MeterListener();
        listener.InstrumentPublished = (instrument, l) =>
        {
            if (instrument.Meter.Name == SchedulingTelemetry.Name)
            {
                l.EnableMeasurementEvents(instrument);
            }
        };
        void Record(Instrument instrument, double value, ReadOnlySpan<KeyValuePair<string, object?>> tags)
        {
            string? cluster = null;
            foreach (var tag in tags)
            {
                cluster = tag.Key == "cluster" ? tag.Value as string : cluster;
            }

            if (cluster == "telemetry-test")
            {
                measurements.Add((instrument.Name, value, cluster));
            }
        }

        listener.SetMeasurementEventCallback<long>((i, v, t, _) => Record(i, v, t));
        listener.SetMeasurementEventCallback<int>((i, v, t, _) => Record(i, v, t));
        listener.SetMeasurementEventCallback<double>((i, v, t, _) => Record(i, v, t));
        listener.Start();
        var activities = new List<Activity>();
        using var activityListener = new ActivityListener
        {
            ShouldListenTo = source => source.Name == SchedulingTelemetry.Name,
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
            ActivityStopped = activity =>
            {
                if ((string?)activity.GetTagItem("cluster") == "telemetry-test")
                {
                    activities.Add(activity);
                }
            },
        };
        ActivitySource.AddActivityListener(activityListener);

        using var orchestrator = new Orchestrator(Cluster(2, 4000), options: new OrchestratorOptions { Name = "telemetry-test" });
        orchestrator.Submit([Container("a", 3000), Container("b", 3000), Container("c", 3000)]);
        orchestrator.NodeDown("n0");
        listener.RecordObservableInstruments();

        Assert.Equal(orchestrator.Counters.Placements, measurements.Where(m => m.Instrument == "containerscheduling.placements").Sum(m => m.Value));
        Assert.Equal(orchestrator.Counters.Evictions, measurements.Where(m => m.Instrument == "containerscheduling.evictions").Sum(m => m.Value));
        Assert.Equal(1, measurements.Where(m => m.Instrument == "containerscheduling.failovers").Sum(m => m.Value));
        Assert.True(measurements.Count(m => m.Instrument == "containerscheduling.placement.duration") >= 4);
        Assert.Equal(orchestrator.Pending.Count, measurements.Last(m => m.Instrument == "containerscheduling.pending").Value);
        Assert.Equal(0.375, measurements.Last(m => m.Instrument == "containerscheduling.utilization").Value, 12);
        Assert.Equal(["Submit", "Failover"], activities.Select(a => a.OperationName));
        Assert.Equal(1, activities[1].GetTagItem("evicted"));
    }

    [Fact]
    public void Options_Invalid_ThrowNamingTheOption()
    {
        var cluster = Cluster(1, 1000);
        Assert.Contains("MaxMoves", Assert.Throws<ArgumentOutOfRangeException>(() => new Orchestrator(cluster).PlanRebalance(new RebalanceOptions { MaxMoves = -1 })).Message, StringComparison.Ordinal);
        Assert.Contains("MaxMovesPerNode", Assert.Throws<ArgumentOutOfRangeException>(() => new Orchestrator(cluster).PlanRebalance(new RebalanceOptions { MaxMovesPerNode = 0 })).Message, StringComparison.Ordinal);
        Assert.Contains("Name", Assert.Throws<ArgumentException>(() => new Orchestrator(cluster, options: new OrchestratorOptions { Name = " " })).Message, StringComparison.Ordinal);
        Assert.Contains("Ordering", Assert.Throws<ArgumentOutOfRangeException>(() => new Orchestrator(cluster, options: new OrchestratorOptions { Ordering = (OrderingPolicy)99 })).Message, StringComparison.Ordinal);
    }

    private static string Layout(ClusterState cluster) =>
        string.Join(";", cluster.Nodes.Select(n => $"{n.Name}:{string.Join(",", cluster.GetContainersOn(n.Name).Order(StringComparer.Ordinal))}"));

    private static ClusterState Cluster(int nodes, long cpu)
    {
        var cluster = new ClusterState(new ResourceSchema("cpu"));
        cluster.AddNodes(Enumerable.Range(0, nodes).Select(i =>
            new NodeSpec($"n{i}", new Dictionary<string, long> { ["cpu"] = cpu }) { Labels = new Dictionary<string, string> { ["name"] = $"n{i}" } }));
        return cluster;
    }

    private static ContainerSpec Container(string name, long cpu, string? pinnedTo = null) =>
        new(name, new Dictionary<string, long> { ["cpu"] = cpu })
        {
            NodeSelector = pinnedTo is null ? null : new LabelSelector(new Dictionary<string, string> { ["name"] = pinnedTo }),
        };
}
