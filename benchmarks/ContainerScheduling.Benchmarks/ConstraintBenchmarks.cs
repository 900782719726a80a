using System.Collections.Generic;
using System.Linq;
using BenchmarkDotNet.Attributes;

namespace ContainerScheduling.Benchmarks;

/// <summary>
/// What placement rules cost per placement. One operation = <see cref="Scheduler.Place"/> + release of a typical
/// container on the churned 90% cluster of <see cref="SteadyStateCluster"/>, with nodes labelled by zone (3) and
/// rack (40 nodes each) and 2,000 running <c>app=web</c> containers. <see cref="BestFitPlain"/> is the same
/// container without rules: the difference is the rules' filter (building the eligibility bitset) plus the
/// restricted search that replaces the indexed one.
/// </summary>
[MemoryDiagnoser]
public class ConstraintBenchmarks
{
    private const int Operations = 256;

    private SteadyStateCluster _state = null!;
    private SteadyStateCluster _tainted = null!;
    private Scheduler _taintedBestFit = null!;
    private Scheduler _taintedFirstFit = null!;
    private Scheduler _bestFit = null!;
    private Scheduler _firstFit = null!;
    private ContainerSpec[] _plain = null!;
    private ContainerSpec[] _selector = null!;
    private ContainerSpec[] _antiAffinity = null!;
    private ContainerSpec[] _spread = null!;
    private ContainerSpec[] _all = null!;

    [Params(1_000, 10_000)]
    public int NodeCount { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        _state = SteadyStateCluster.Create(NodeCount, labelled: true);
        _bestFit = new Scheduler(_state.Cluster, PlacementStrategies.BestFit());
        _firstFit = new Scheduler(_state.Cluster, PlacementStrategies.FirstFit());
        _tainted = SteadyStateCluster.Create(NodeCount, labelled: true, taintEvery: 50);
        _taintedBestFit = new Scheduler(_tainted.Cluster, PlacementStrategies.BestFit());
        _taintedFirstFit = new Scheduler(_tainted.Cluster, PlacementStrategies.FirstFit());
        var webLabels = new Dictionary<string, string> { ["app"] = "web" };
        var web = new LabelSelector(webLabels);
        for (var i = 0; i < 2000; i++)
        {
            var running = new ContainerSpec($"web-{i}", new Dictionary<string, long> { [ResourceNames.Cpu] = 10 }) { Labels = webLabels };
            _firstFit.Place(running);
        }

        var zoneA = new LabelSelector(new Dictionary<string, string> { ["zone"] = "a" });
        ContainerSpec[] With(System.Func<ContainerSpec, ContainerSpec> rules) => _state.Specs.Take(Operations).Select(rules).ToArray();
        _plain = With(spec => new ContainerSpec($"plain-{spec.Name}", spec.Requests) { Labels = webLabels });
        _selector = With(spec => new ContainerSpec($"selector-{spec.Name}", spec.Requests) { Labels = webLabels, NodeSelector = zoneA });
        _antiAffinity = With(spec => new ContainerSpec($"anti-{spec.Name}", spec.Requests) { Labels = webLabels, AntiAffinity = [new AffinityTerm(web)] });
        _spread = With(spec => new ContainerSpec($"spread-{spec.Name}", spec.Requests)
        {
            Labels = webLabels,
            TopologySpread = [new TopologySpreadConstraint("zone", 1, web)],
        });
        _all = With(spec => new ContainerSpec($"all-{spec.Name}", spec.Requests)
        {
            Labels = webLabels,
            NodeSelector = new LabelSelector(requirements: [new LabelRequirement("zone", LabelOperator.In, ["a", "b"])]),
            Affinity = [new AffinityTerm(web, "zone")],
            AntiAffinity = [new AffinityTerm(web, "rack")],
            TopologySpread = [new TopologySpreadConstraint("zone", 1, web)],
        });
    }

    [Benchmark(OperationsPerInvoke = Operations, Baseline = true)]
    public long BestFitPlain() => PlaceAndRelease(_bestFit, _plain);

    [Benchmark(OperationsPerInvoke = Operations)]
    public long BestFitNodeSelector() => PlaceAndRelease(_bestFit, _selector);

    [Benchmark(OperationsPerInvoke = Operations)]
    public long BestFitAntiAffinityPerNode() => PlaceAndRelease(_bestFit, _antiAffinity);

    [Benchmark(OperationsPerInvoke = Operations)]
    public long BestFitSpreadPerZone() => PlaceAndRelease(_bestFit, _spread);

    [Benchmark(OperationsPerInvoke = Operations)]
    public long BestFitEveryRule() => PlaceAndRelease(_bestFit, _all);

    /// <summary>A container without rules on the same kind of cluster where every 50th node is tainted: it may not use those.</summary>
    [Benchmark(OperationsPerInvoke = Operations)]
    public long BestFitTaintedCluster() => PlaceAndRelease(_taintedBestFit, _plain, _tainted.Cluster);

    [Benchmark(OperationsPerInvoke = Operations)]
    public long FirstFitPlain() => PlaceAndRelease(_firstFit, _plain);

    [Benchmark(OperationsPerInvoke = Operations)]
    public long FirstFitTaintedCluster() => PlaceAndRelease(_taintedFirstFit, _plain, _tainted.Cluster);

    [Benchmark(OperationsPerInvoke = Operations)]
    public long FirstFitNodeSelector() => PlaceAndRelease(_firstFit, _selector);

    private long PlaceAndRelease(Scheduler scheduler, ContainerSpec[] specs, ClusterState? cluster = null)
    {
        long placed = 0;
        foreach (var spec in specs)
        {
            var result = scheduler.Place(spec);
            if (result.IsPlaced)
            {
                (cluster ?? _state.Cluster).Release(result.Container);
                placed++;
            }
        }

        return placed;
    }
}
