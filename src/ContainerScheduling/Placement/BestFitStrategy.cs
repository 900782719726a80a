using System;
using System.Collections.Generic;

namespace ContainerScheduling;

/// <summary>Best-fit: the feasible node that leaves the least weighted free capacity after placement.</summary>
internal sealed class BestFitStrategy(IReadOnlyDictionary<string, double>? weights) : ScoredStrategy(weights)
{
    public override string Name => PlacementStrategies.BestFitName;

    public override int SelectNode(in ClusterView cluster, ReadOnlySpan<long> request) =>
        cluster.BestScore<LowestScore>(request, WeightsFor(cluster.Schema));
}
