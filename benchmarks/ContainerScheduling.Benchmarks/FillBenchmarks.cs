using System;
using System.Collections.Generic;
using System.Linq;
using BenchmarkDotNet.Attributes;

namespace ContainerScheduling.Benchmarks;

/// <summary>
/// Bulk placement: one operation fills an empty 10,000-node cluster (the four node types of
/// <see cref="SteadyStateCluster"/>) to 90% of its cpu with one batch of typical containers, per strategy. The
/// cluster is built inside the operation (adding the nodes costs well under 1% of a fill), so every operation
/// starts from the same empty state. The result is the number placed, so nothing is optimised away.
/// </summary>
[MemoryDiagnoser]
public class FillBenchmarks
{
    private List<NodeSpec> _nodes = null!;
    private ContainerSpec[] _containers = null!;
    private ResourceSchema _schema = null!;

    [Params(10_000)]
    public int NodeCount { get; set; }

    [ParamsAllValues]
    public FillStrategy Strategy { get; set; }

    /// <summary>The strategies compared.</summary>
    public enum FillStrategy
    {
        /// <summary><see cref="PlacementStrategies.FirstFit"/>.</summary>
        FirstFit,

        /// <summary><see cref="PlacementStrategies.BestFit"/>.</summary>
        BestFit,

        /// <summary><see cref="PlacementStrategies.LeastLoaded"/>.</summary>
        LeastLoaded,

        /// <summary><see cref="PlacementStrategies.Spread"/>.</summary>
        Spread,
    }

    [GlobalSetup]
    public void Setup()
    {
        var random = new Random(7);
        _nodes = SteadyStateCluster.RandomNodes(NodeCount, random);
        _schema = new ResourceSchema(ResourceNames.Cpu, ResourceNames.Memory, ResourceNames.Disk, ResourceNames.Gpu);
        var cpu = _nodes.Sum(n => n.Capacity[ResourceNames.Cpu]);
        _containers = [.. SteadyStateCluster.RandomContainers("fill", cpu * 9 / 10, int.MaxValue, random)];
    }

    [Benchmark]
    public int Fill()
    {
        var cluster = new ClusterState(_schema);
        cluster.AddNodes(_nodes);
        var strategy = Strategy switch
        {
            FillStrategy.FirstFit => PlacementStrategies.FirstFit(),
            FillStrategy.BestFit => PlacementStrategies.BestFit(),
            FillStrategy.LeastLoaded => PlacementStrategies.LeastLoaded(),
            _ => PlacementStrategies.Spread(),
        };
        return new Scheduler(cluster, strategy).PlaceBatch(_containers).Placements.Count;
    }
}
