using System;
using System.Collections.Generic;
using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Engines;

namespace ContainerScheduling.Benchmarks;

/// <summary>
/// C1M: one operation places 1,000,000 typical containers on an empty 100,000-node cluster (the four node types of
/// <see cref="SteadyStateCluster"/>; the containers ask for about 40% of its cpu) with one batch, per strategy.
/// The empty cluster is built before the operation ([IterationSetup]), so the time is the batch alone: validating
/// the names, the decisions, the reservations and the result lists. A single cold operation per strategy — each takes seconds to a
/// minute — so run it without <c>--job short</c>:
/// <c>dotnet run -c Release --project benchmarks/ContainerScheduling.Benchmarks -- --filter '*C1MBenchmarks*'</c>.
/// </summary>
[SimpleJob(RunStrategy.ColdStart, launchCount: 1, warmupCount: 0, iterationCount: 1)]
[MemoryDiagnoser]
public class C1MBenchmarks
{
    private const int Nodes = 100_000;
    private const int Containers = 1_000_000;

    private List<NodeSpec> _nodes = null!;
    private ContainerSpec[] _containers = null!;
    private ResourceSchema _schema = null!;
    private ClusterState _cluster = null!;

    [ParamsAllValues]
    public FillBenchmarks.FillStrategy Strategy { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        var random = new Random(11);
        _nodes = SteadyStateCluster.RandomNodes(Nodes, random);
        _schema = new ResourceSchema(ResourceNames.Cpu, ResourceNames.Memory, ResourceNames.Disk, ResourceNames.Gpu);
        _containers = [.. SteadyStateCluster.RandomContainers("c", long.MaxValue, Containers, random)];
    }

    [IterationSetup]
    public void BuildCluster()
    {
        _cluster = new ClusterState(_schema);
        _cluster.AddNodes(_nodes);
    }

    [Benchmark]
    public int PlaceMillion()
    {
        var strategy = Strategy switch
        {
            FillBenchmarks.FillStrategy.FirstFit => PlacementStrategies.FirstFit(),
            FillBenchmarks.FillStrategy.BestFit => PlacementStrategies.BestFit(),
            FillBenchmarks.FillStrategy.LeastLoaded => PlacementStrategies.LeastLoaded(),
            _ => PlacementStrategies.Spread(),
        };
        return new Scheduler(_cluster, strategy).PlaceBatch(_containers).Placements.Count;
    }
}
