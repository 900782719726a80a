using System;
using System.Collections.Generic;

namespace ContainerScheduling;

/// <summary>Spread: the feasible node with the fewest containers; ties by the least-loaded score, then node order.</summary>
internal sealed class SpreadStrategy(IReadOnlyDictionary<string, double>? weights) : ScoredStrategy(weights)
{
    public override string Name => PlacementStrategies.SpreadName;

    public override int SelectNode(in ClusterView cluster, ReadOnlySpan<long> request) =>
        cluster.Spread(request, WeightsFor(cluster.Schema));
}
