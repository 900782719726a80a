// CustomStrategy: a placement strategy of your own, registered by name exactly as the built-ins are and selected by
// options. It allocates nothing per decision and decides with the view's own indexed searches, so it runs at the
// built-ins' speed.
using System;
using System.Collections.Generic;
using ContainerScheduling;
using ContainerScheduling.Extensions;
using Microsoft.Extensions.DependencyInjection;

using var services = new ServiceCollection()
    .AddPlacementStrategy<GpuLastStrategy>("gpu-last")
    .AddContainerScheduling(options => options.Strategy = "gpu-last")
    .BuildServiceProvider();

var cluster = new ClusterState(new ResourceSchema(ResourceNames.Cpu, ResourceNames.Memory, ResourceNames.Gpu));
cluster.AddNode(new NodeSpec("gpu-0", new Dictionary<string, long> { ["cpu"] = 32_000, ["memory"] = 131_072, ["gpu"] = 4_000 }));
cluster.AddNode(new NodeSpec("cpu-0", new Dictionary<string, long> { ["cpu"] = 16_000, ["memory"] = 65_536 }));
cluster.AddNode(new NodeSpec("cpu-1", new Dictionary<string, long> { ["cpu"] = 16_000, ["memory"] = 65_536 }));

var scheduler = services.GetRequiredService<ISchedulerFactory>().CreateScheduler(cluster);
var result = scheduler.PlaceBatch(
[
    new ContainerSpec("web", new Dictionary<string, long> { ["cpu"] = 4_000, ["memory"] = 8_192 }),
    new ContainerSpec("train", new Dictionary<string, long> { ["cpu"] = 8_000, ["memory"] = 32_768, ["gpu"] = 2_000 }),
    new ContainerSpec("batch", new Dictionary<string, long> { ["cpu"] = 12_000, ["memory"] = 16_384 }),
]);
Console.WriteLine($"strategy {scheduler.Strategy.Name} (registered: {string.Join(", ", services.GetRequiredService<PlacementStrategyRegistry>().Names)})");
foreach (var placement in result.Placements)
{
    Console.WriteLine($"  {placement.Container} -> {placement.Node}");
}

/// <summary>
/// Keeps GPU machines free for GPU work: a request without GPUs goes to the best-fit node among nodes without GPUs,
/// and only when none fits to a GPU node; GPU requests use plain best-fit. The speed note: each decision is one or two
/// calls of <see cref="ClusterView.FindLowestScore"/>, the built-in best-fit's own indexed search — in the README's
/// benchmark a user best-fit decided this way costs what the built-in costs (1.70 µs against 3.24 µs at 100,000
/// nodes in one run), where a hand-written scalar loop over the public spans costs 384 µs.
/// </summary>
internal sealed class GpuLastStrategy : IPlacementStrategy
{
    // Weights per dimension (cpu, memory, gpu): plain best-fit, and best-fit where free GPUs weigh so much that any
    // node with one scores worst. Arrays made once: a decision allocates nothing.
    private readonly double[] _plain = [1, 1, 1];
    private readonly double[] _avoidGpus = [1, 1, PlacementStrategies.MaxWeight];

    public string Name => "gpu-last";

    public int SelectNode(in ClusterView cluster, ReadOnlySpan<long> request)
    {
        if (cluster.DimensionCount != 3 || cluster.Schema.IndexOf(ResourceNames.Gpu) != 2)
        {
            throw new InvalidOperationException($"gpu-last expects the schema cpu, memory, gpu; the cluster has {cluster.Schema}.");
        }

        return cluster.FindLowestScore(request, request[2] > 0 ? _plain : _avoidGpus);
    }
}
