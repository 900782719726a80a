using System;
using BenchmarkDotNet.Attributes;

namespace ContainerScheduling.Benchmarks;

/// <summary>
/// One operation = one placement decision for a typical request on a heterogeneous 4-dimension cluster held at
/// about 90% full. The decision is what a strategy costs; <see cref="PlaceAndRelease"/> adds the reservation
/// and its undo. The naive methods are the obvious class-per-node implementation on the same cluster.
/// </summary>
[MemoryDiagnoser]
public class PlacementBenchmarks
{
    private const int Operations = 256;

    private SteadyStateCluster _state = null!;
    private IPlacementStrategy _firstFit = null!;
    private IPlacementStrategy _bestFit = null!;
    private IPlacementStrategy _leastLoaded = null!;
    private IPlacementStrategy _spread = null!;
    private IPlacementStrategy _composed = null!;
    private IPlacementStrategy _handWritten = null!;
    private Scheduler _scheduler = null!;
    private string[] _bindTargets = null!;

    [Params(1_000, 10_000, 100_000)]
    public int NodeCount { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        _state = SteadyStateCluster.Create(NodeCount);
        _firstFit = PlacementStrategies.FirstFit();
        _bestFit = PlacementStrategies.BestFit();
        _leastLoaded = PlacementStrategies.LeastLoaded();
        _spread = PlacementStrategies.Spread();
        _composed = new ComposedBestFit();
        _handWritten = new HandWrittenBestFit();
        _scheduler = new Scheduler(_state.Cluster, _bestFit);

        // Every method runs with best-fit's key column registered, as in a host that schedules with it, so that
        // the upkeep measured by BindAndRelease includes it.
        _bindTargets = _state.BindTargets(Operations);
    }

    [Benchmark(OperationsPerInvoke = Operations)]
    public long FirstFit() => Decide(_firstFit);

    [Benchmark(OperationsPerInvoke = Operations)]
    public long BestFit() => Decide(_bestFit);

    [Benchmark(OperationsPerInvoke = Operations)]
    public long LeastLoaded() => Decide(_leastLoaded);

    [Benchmark(OperationsPerInvoke = Operations)]
    public long Spread() => Decide(_spread);

    /// <summary>A user strategy that decides with <see cref="ClusterView.FindLowestScore"/>: the built-in search.</summary>
    [Benchmark(OperationsPerInvoke = Operations)]
    public long CustomComposed() => Decide(_composed);

    /// <summary>A user strategy written as a plain loop over the view's public spans, skipping blocks by their maxima.</summary>
    [Benchmark(OperationsPerInvoke = Operations)]
    public long CustomHandWritten() => Decide(_handWritten);

    [Benchmark(OperationsPerInvoke = Operations)]
    public long NaiveFirstFit()
    {
        long found = 0;
        for (var i = 0; i < Operations; i++)
        {
            found += _state.Naive.FirstFit(_state.Specs[i].Requests) is null ? 0 : 1;
        }

        return found;
    }

    [Benchmark(OperationsPerInvoke = Operations, Baseline = true)]
    public long NaiveBestFit()
    {
        long found = 0;
        for (var i = 0; i < Operations; i++)
        {
            found += _state.Naive.BestFit(_state.Specs[i].Requests) is null ? 0 : 1;
        }

        return found;
    }

    /// <summary>Best-fit decision + reservation + release through the public scheduler API.</summary>
    [Benchmark(OperationsPerInvoke = Operations)]
    public long PlaceAndRelease()
    {
        long placed = 0;
        for (var i = 0; i < Operations; i++)
        {
            var result = _scheduler.Place(_state.Specs[i]);
            if (result.IsPlaced)
            {
                _state.Cluster.Release(result.Container);
                placed++;
            }
        }

        return placed;
    }

    /// <summary>
    /// Index upkeep alone: binding a container to a node chosen in advance and releasing it, which updates the
    /// exact columns, block maxima, fit filter, 32-bit columns and best-fit's key column twice. No scan.
    /// </summary>
    [Benchmark(OperationsPerInvoke = Operations)]
    public long BindAndRelease()
    {
        long count = 0;
        for (var i = 0; i < Operations; i++)
        {
            _state.Cluster.Bind(_state.Specs[i], _bindTargets[i]);
            _state.Cluster.Release(_state.Specs[i].Name);
            count++;
        }

        return count;
    }

    private long Decide(IPlacementStrategy strategy)
    {
        long sum = 0;
        var view = _state.Cluster.CreateView();
        for (var i = 0; i < Operations; i++)
        {
            sum += strategy.SelectNode(in view, _state.Requests[i]);
        }

        return sum;
    }
}
