using System;
using BenchmarkDotNet.Attributes;

namespace ContainerScheduling.Benchmarks;

/// <summary>
/// Index upkeep on place and on remove, measured apart: one operation binds one container to a node chosen in
/// advance (<see cref="Bind"/>), or releases one (<see cref="Release"/>), on the cluster of
/// <see cref="PlacementBenchmarks"/>. Each binds or releases 256 containers per iteration and the other half of the
/// cycle runs between iterations, unmeasured; no forced collection runs between iterations, so that the caches are
/// as warm as in a host placing continuously.
/// </summary>
[MemoryDiagnoser]
[GcForce(false)]
public class UpkeepBenchmarks
{
    private const int Operations = 256;

    private SteadyStateCluster _state = null!;
    private string[] _targets = null!;

    [Params(1_000, 10_000, 100_000)]
    public int NodeCount { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        _state = SteadyStateCluster.Create(NodeCount);
        var firstFit = PlacementStrategies.FirstFit();

        // Best-fit's key column is registered, as in a host that schedules with it, so its upkeep is included.
        PlacementStrategies.BestFit().SelectNode(_state.Cluster.CreateView(), _state.Requests[0]);

        // Targets chosen one after another with the earlier ones bound, so that all 256 can be bound at once.
        _targets = new string[Operations];
        for (var i = 0; i < Operations; i++)
        {
            var view = _state.Cluster.CreateView();
            var slot = firstFit.SelectNode(view, _state.Requests[i]);
            _targets[i] = slot < 0 ? throw new InvalidOperationException($"Probe {i} fits nowhere.") : view.GetNodeName(slot);
            _state.Cluster.Bind(_state.Specs[i], _targets[i]);
        }

        ReleaseAll();
    }

    /// <summary>Binding: the exact columns, block maxima, fit filter, 32-bit columns, key column and block summaries.</summary>
    [Benchmark(OperationsPerInvoke = Operations)]
    public long Bind()
    {
        BindAll();
        return Operations;
    }

    /// <summary>Releasing: the same indexes, the other way.</summary>
    [Benchmark(OperationsPerInvoke = Operations)]
    public long Release()
    {
        ReleaseAll();
        return Operations;
    }

    /// <summary>Undoes <see cref="Bind"/> after each iteration.</summary>
    [IterationCleanup(Target = nameof(Bind))]
    public void AfterBind() => ReleaseAll();

    /// <summary>Prepares <see cref="Release"/> before each iteration.</summary>
    [IterationSetup(Target = nameof(Release))]
    public void BeforeRelease() => BindAll();

    private void BindAll()
    {
        for (var i = 0; i < Operations; i++)
        {
            _state.Cluster.Bind(_state.Specs[i], _targets[i]);
        }
    }

    private void ReleaseAll()
    {
        for (var i = 0; i < Operations; i++)
        {
            _state.Cluster.Release(_state.Specs[i].Name);
        }
    }
}
