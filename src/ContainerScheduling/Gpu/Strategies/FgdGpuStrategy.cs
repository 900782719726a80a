using System;

namespace ContainerScheduling;

/// <summary>
/// FGD, fragmentation gradient descent (the paper's policy): score = (int)(100 · sigmoid(Δ / 1000)) where Δ is the
/// decrease of the node's fragmentation F(n) (<see cref="GpuFragmentationModel"/>) that placing the task causes.
/// </summary>
internal sealed class FgdGpuStrategy : FragmentationGradientStrategy
{
    public override string Name => GpuPlacementStrategies.FgdName;

    protected override long ScoreOf(GpuCluster cluster, int node, in GpuDemand demand, ulong gpuMask)
    {
        var decrease = cluster.FragmentationDecreaseUnchecked(node, demand.CpuMilli, demand.GpuMilli, gpuMask) / FragmentationKernel.Scale;
        return (long)(100 / (1 + Math.Exp(-decrease / 1000)));
    }
}
