// Quickstart: build a cluster, place containers with best-fit, and read where they went.
using System;
using System.Collections.Generic;
using ContainerScheduling;

var cluster = new ClusterState(new ResourceSchema(ResourceNames.Cpu, ResourceNames.Memory));
cluster.AddNode(new NodeSpec("node-a", new Dictionary<string, long> { ["cpu"] = 4_000, ["memory"] = 8_192 }));
cluster.AddNode(new NodeSpec("node-b", new Dictionary<string, long> { ["cpu"] = 8_000, ["memory"] = 16_384 }));

var scheduler = new Scheduler(cluster, PlacementStrategies.BestFit());
var batch = scheduler.PlaceBatch(
    [
        new ContainerSpec("web", new Dictionary<string, long> { ["cpu"] = 3_000, ["memory"] = 4_096 }),
        new ContainerSpec("api", new Dictionary<string, long> { ["cpu"] = 1_000, ["memory"] = 2_048 }),
        new ContainerSpec("db", new Dictionary<string, long> { ["cpu"] = 6_000, ["memory"] = 12_000 }),
        new ContainerSpec("huge", new Dictionary<string, long> { ["cpu"] = 64_000 }),
    ],
    OrderingPolicy.LargestFirst);

foreach (var placement in batch.Placements)
{
    Console.WriteLine($"{placement.Container,-6} -> {placement.Node}");
}

foreach (var unplaced in batch.Unplaced)
{
    Console.WriteLine($"{unplaced.Container,-6} unplaced: {unplaced.Failure.Message}");
}

Console.WriteLine($"node-b free cpu: {cluster.GetFree("node-b", ResourceNames.Cpu)} milli-cores");
cluster.Release("db");
Console.WriteLine($"after releasing db: {cluster.GetFree("node-b", ResourceNames.Cpu)} milli-cores");
return batch.Placements.Count == 3 && batch.Unplaced.Count == 1 ? 0 : 1;
