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
        _targets = _state.BindTargets(Operations);
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
