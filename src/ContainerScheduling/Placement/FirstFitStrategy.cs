using System;

namespace ContainerScheduling;

/// <summary>First-fit: the first node, in the order nodes were added, that is ready and fits the request in every dimension.</summary>
internal sealed class FirstFitStrategy : IPlacementStrategy
{
    public string Name => PlacementStrategies.FirstFitName;

    public int SelectNode(in ClusterView cluster, ReadOnlySpan<long> request) => cluster.FirstFit(request);
}
