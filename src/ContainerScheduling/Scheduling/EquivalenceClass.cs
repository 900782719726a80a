using System;

namespace ContainerScheduling;

/// <summary>
/// Borg's equivalence classes, for the run of identical requests that a batch so often holds (replicas of one
/// service): within a batch, the decision for a request equal to the one just decided is derived from that
/// decision without a scan whenever the built-in strategy's definition proves the scan would return the same node.
/// </summary>
/// <remarks>
/// <para>Only the previous placement changed the cluster since the previous decision, and only on its node j,
/// which lost room; every other node is as it was.</para>
/// <list type="bullet">
/// <item><description>First-fit: every node before j lacked room then and still does; if j still fits, it is
/// the first fit.</description></item>
/// <item><description>Best-fit: j had the lowest score, the lowest index among equal ones; losing room can only
/// lower its score (each fused multiply-add is monotone in the free amount and the factors are ≥ 0), the others
/// are unchanged, so if j still fits it still wins.</description></item>
/// <item><description>Any built-in strategy: a request that fitted nowhere left the cluster unchanged, so an equal
/// request fits nowhere either, for the same reasons.</description></item>
/// </list>
/// <para>Least-loaded and spread make j worse by placing on it, so they scan again; user strategies always scan
/// (they may keep state of their own).</para>
/// </remarks>
internal struct EquivalenceClass(IPlacementStrategy strategy)
{
    private readonly bool _sticky = strategy is FirstFitStrategy or BestFitStrategy;
    private readonly bool _builtIn = strategy is FirstFitStrategy or BestFitStrategy or LeastLoadedStrategy or SpreadStrategy;
    private long[]? _request;
    private int _slot = -1;

    /// <summary>Gets why the previous request fitted nowhere, when it did not.</summary>
    public PlacementFailure? Failure { get; private set; }

    /// <summary>
    /// Whether the decision for <paramref name="request"/> follows from the previous one; <paramref name="slot"/> is
    /// then the node (−1: unplaced, for <see cref="Failure"/>).
    /// </summary>
    public readonly bool TryRepeat(ClusterState cluster, long[] request, out int slot)
    {
        slot = _slot;
        if (_request is null || !request.AsSpan().SequenceEqual(_request))
        {
            return false;
        }

        return _slot < 0 ? _builtIn : _sticky && cluster.Fits(_slot, request);
    }

    /// <summary>Drops the previous decision, so that the next request is decided by a scan.</summary>
    public void Forget()
    {
        _request = null;
        _slot = -1;
        Failure = null;
    }

    /// <summary>Records a decision made by a scan.</summary>
    public void Remember(long[] request, int slot, PlacementFailure? failure)
    {
        _request = request;
        _slot = slot;
        Failure = failure;
    }
}
