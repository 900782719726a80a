using Xunit;
using static ContainerScheduling.Tests.Gpu.GpuFixtures;

namespace ContainerScheduling.Tests.Gpu;

/// <summary>
/// BestFit by hand: s = 0.5 · (c − cr)/128000 + 0.5 · (G − gr)/8000, raw = (int)(100 · (1 − s)), then rescaled
/// min–max to 0..100 over the feasible nodes: (raw − min) · 100 / (max − min), in whole numbers.
/// </summary>
public sealed class BestFitGpuStrategyTests
{
    private static GpuCluster Cluster() => new([Node("a", 8, cpu: 64_000), Node("b", 4, cpu: 32_000), Node("c", 2, cpu: 16_000), Node("d", 0, cpu: 128_000)]);

    [Fact]
    public void Score_Share_IsTheRawScoreRescaledMinToMax()
    {
        // cr = 8000, gr = 500 (d has no GPU and is not a candidate).
        // a: 0.5 · 56000/128000 + 0.5 · 7500/8000 = 0.21875 + 0.46875 = 0.6875 → 31.25 → 31
        // b: 0.5 · 24000/128000 + 0.5 · 3500/8000 = 0.09375 + 0.21875 = 0.3125 → 68.75 → 68
        // c: 0.5 ·  8000/128000 + 0.5 · 1500/8000 = 0.03125 + 0.09375 = 0.125  → 87.5  → 87
        // min 31, max 87: a 0; b (68 − 31) · 100 / 56 = 66.07 → 66; c 100.
        Assert.Equal([0L, 66L, 100L], Scores(GpuPlacementStrategies.BestFit(), Cluster(), Share("t", 500, cpu: 8000), 0, 1, 2));
    }

    [Fact]
    public void Score_CpuOnly_RescalesOverEveryFeasibleNode()
    {
        // cr = 8000, gr = 0.
        // a: 0.21875 + 0.5 · 8000/8000 = 0.71875 → 28.125 → 28
        // b: 0.09375 + 0.5 · 4000/8000 = 0.34375 → 65.625 → 65
        // c: 0.03125 + 0.5 · 2000/8000 = 0.15625 → 84.375 → 84
        // d: 0.5 · 120000/128000 = 0.46875        → 53.125 → 53
        // min 28, max 84 (range 56): a 0; b 37 · 100 / 56 = 66.07 → 66; c 100; d 25 · 100 / 56 = 44.6 → 44.
        Assert.Equal([0L, 66L, 100L, 44L], Scores(GpuPlacementStrategies.BestFit(), Cluster(), CpuOnly("t", 8000)));
    }

    [Fact]
    public void Place_Share_GoesToTheTightestNode()
    {
        var placed = Scheduler(Cluster(), GpuPlacementStrategies.BestFit()).Place(Share("t", 500, cpu: 8000));
        Assert.Equal(2, placed.Node);
        Assert.Equal(100, placed.Score);
    }

    [Fact]
    public void Score_EqualRawScores_RescaleToZeroAndTheTieOrderDecides()
    {
        // Two identical nodes: raw 31 both (as a above). A zero range cannot be stretched to 0..100: the published
        // simulator's normaliser gives every node the minimum score, 0.
        var cluster = new GpuCluster([Node("x", 8, cpu: 64_000), Node("y", 8, cpu: 64_000)]);
        Assert.Equal([0L, 0L], Scores(GpuPlacementStrategies.BestFit(), cluster, Share("t", 500, cpu: 8000)));

        var placed = Scheduler(cluster, GpuPlacementStrategies.BestFit(), "y", "x").Place(Share("t", 500, cpu: 8000));
        Assert.Equal(1, placed.Node);
        Assert.Equal(0, placed.Score);
    }

    [Fact]
    public void Score_OneFeasibleNodeLargerThanTheNormalisers_StaysWithin0To100()
    {
        // 16 idle GPUs, 256 cores: s = 0.5 · 256000/128000 + 0.5 · 15500/8000 = 1 + 0.96875 → raw −96; alone, it
        // rescales to 0, never below.
        var cluster = new GpuCluster([Node("big", 16, cpu: 256_000)]);
        Assert.Equal([0L], Scores(GpuPlacementStrategies.BestFit(), cluster, Share("t", 500)));
    }
}
