// Failover: an Orchestrator keeps every container running or pending (with its reason) while nodes fail, urgent
// work preempts, a node is drained and the cluster is rebalanced.
using System;
using System.Collections.Generic;
using System.Linq;
using ContainerScheduling;

var cluster = new ClusterState(new ResourceSchema(ResourceNames.Cpu, ResourceNames.Memory));
cluster.AddNodes(Enumerable.Range(0, 4).Select(i =>
    new NodeSpec($"n{i}", new Dictionary<string, long> { ["cpu"] = 8_000, ["memory"] = 16_384 })));

using var orchestrator = new Orchestrator(cluster, PlacementStrategies.BestFit());

// Batch work at priority 0, a web tier at priority 5 whose replicas keep to different nodes.
var web = new LabelSelector(new Dictionary<string, string> { ["app"] = "web" });
Print("batch", orchestrator.Submit(Enumerable.Range(0, 7).Select(i => Container($"batch-{i}", 2_000, 4_096, priority: 0))));
Print("web", orchestrator.Submit(Enumerable.Range(0, 3).Select(i => Container($"web-{i}", 1_000, 1_024, priority: 5, app: "web", antiAffinity: web))));

// A node fails: its containers are re-placed where they fit, the rest wait as pending.
Print("n1 down", orchestrator.NodeDown("n1"));

// Urgent work that fits nowhere preempts the lowest priorities it needs to.
Print("urgent", orchestrator.Submit([Container("urgent", 6_000, 8_192, priority: 10)]));

// The node comes back: pending work is retried.
Print("n1 up", orchestrator.NodeUp("n1"));

// Drain a node for maintenance: its containers move off before it lets them go.
Print("drain n2", orchestrator.Drain("n2"));

// Bring it back and even the load out, at most five moves.
orchestrator.NodeUp("n2");
var plan = orchestrator.PlanRebalance(new RebalanceOptions { MaxMoves = 5 });
Console.WriteLine($"plan: {plan}");
Print("rebalance", orchestrator.Apply(plan));

var metrics = orchestrator.Metrics();
Console.WriteLine($"imbalance {metrics.Imbalance:0.000}; cpu load {metrics.Dimensions[0].Load:P0}; "
    + $"{orchestrator.Counters.Placements} placements, {orchestrator.Counters.Evictions} evictions, "
    + $"{orchestrator.Counters.Preemptions} preemptions, {orchestrator.Pending.Count} pending");

// Nothing is lost: every container submitted is running or pending.
var running = cluster.Nodes.Sum(node => cluster.GetContainerCount(node.Name));
if (running + orchestrator.Pending.Count != 11)
{
    throw new InvalidOperationException($"{running} running + {orchestrator.Pending.Count} pending != 11 submitted");
}

static ContainerSpec Container(string name, long cpu, long memory, int priority, string? app = null, LabelSelector? antiAffinity = null) =>
    new(name, new Dictionary<string, long> { ["cpu"] = cpu, ["memory"] = memory })
    {
        Priority = priority,
        Labels = app is null ? new Dictionary<string, string>() : new Dictionary<string, string> { ["app"] = app },
        AntiAffinity = antiAffinity is null ? [] : [new AffinityTerm(antiAffinity)],
    };

static void Print(string step, ClusterEventReport report)
{
    Console.WriteLine($"{step}: {report}");
    foreach (var preemption in report.Preemptions)
    {
        Console.WriteLine($"  {preemption.Preemptor} preempted {string.Join(", ", preemption.Victims)} on {preemption.Node}");
    }

    foreach (var pending in report.Pending)
    {
        Console.WriteLine($"  pending {pending.Container}: {pending.Failure.Message}");
    }

    foreach (var move in report.Moves)
    {
        Console.WriteLine($"  moved {move.Container}: {move.From} -> {move.To}");
    }
}
