namespace ContainerScheduling;

/// <summary>Placeholder for our own policy while FGD is reproduced; replaced below.</summary>
internal sealed class FragmentationPackingGpuStrategy : FgdGpuStrategy
{
    public override string Name => GpuPlacementStrategies.FragmentationPackingName;

    protected override long ScoreOf(GpuCluster cluster, int node, in GpuDemand demand, long decrease, ulong mask) => decrease;
}
