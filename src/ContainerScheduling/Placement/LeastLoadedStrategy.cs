using System;
using System.Collections.Generic;

namespace ContainerScheduling;

/// <summary>Least-loaded: the feasible node that leaves the most weighted free capacity after placement.</summary>
internal sealed class LeastLoadedStrategy(IReadOnlyDictionary<string, double>? weights) : ScoredStrategy(weights)
{
    public override string Name => PlacementStrategies.LeastLoadedName;

    public override int SelectNode(in ClusterView cluster, ReadOnlySpan<long> request) =>
        cluster.BestScore<HighestScore>(request, WeightsFor(cluster.Schema));
}
