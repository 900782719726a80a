using Xunit;
using static ContainerScheduling.Tests.Gpu.GpuFixtures;

namespace ContainerScheduling.Tests.Gpu;

/// <summary>
/// DotProd by hand: score = (int)(100 · (1 − (c/128000 · cr/128000 + G/8000 · gr/8000) / 2)) with the node's free
/// amounts before placing; the GPU choice is the shared "best" one (see <see cref="PublishedGpuChoiceTests"/>).
/// </summary>
public sealed class DotProductGpuStrategyTests
{
    [Fact]
    public void Score_ThreeNodes_IsTheTruncatedDotProductScore()
    {
        var cluster = new GpuCluster([Node("a", 8), Node("b", 2), Node("c", 8, cpu: 32_000)]);

        // cr = 32000 (0.25 of the normaliser), gr = 500 (0.0625).
        // a: c 128000 (1), G 8000 (1):       dot = 0.25 + 0.0625        = 0.3125   → 100 · (1 − 0.15625)   = 84.375   → 84
        // b: c 128000 (1), G 2000 (0.25):    dot = 0.25 + 0.25 · 0.0625 = 0.265625 → 100 · (1 − 0.1328125) = 86.71875 → 86
        // c: c  32000 (0.25), G 8000 (1):    dot = 0.0625 + 0.0625      = 0.125    → 100 · (1 − 0.0625)    = 93.75    → 93
        var scores = Scores(GpuPlacementStrategies.DotProduct(), cluster, Share("t", 500, cpu: 32_000));

        Assert.Equal([84L, 86L, 93L], scores);
    }

    [Fact]
    public void Place_SmallestDotProduct_WinsOverTheTieOrder()
    {
        var cluster = new GpuCluster([Node("a", 8), Node("b", 2), Node("c", 8, cpu: 32_000)]);
        var scheduler = Scheduler(cluster, GpuPlacementStrategies.DotProduct(), "a", "b", "c");

        var result = scheduler.Place(Share("t", 500, cpu: 32_000));

        // Scores as above: 84, 86, 93; c is last in the tie order and wins on score.
        Assert.True(result.IsPlaced);
        Assert.Equal(2, result.Node);
        Assert.Equal(93, result.Score);
    }

    [Fact]
    public void Score_UsesTheFreeAmountsBeforePlacing_SoTheFullerNodeWins()
    {
        var cluster = new GpuCluster([Node("idle", 8), Node("busy", 8)]);
        TakeWhole(cluster, 1, 0, 1, 2);

        // cr = 0, gr = 500 (0.0625).
        // idle: G 8000 (1):     dot = 0.0625             → 100 · (1 − 0.03125)    = 96.875    → 96
        // busy: G 5000 (0.625): dot = 0.625 · 0.0625 = 0.0390625 → 100 · (1 − 0.01953125) = 98.046875 → 98
        Assert.Equal([96L, 98L], Scores(GpuPlacementStrategies.DotProduct(), cluster, Share("t", 500)));
    }

    [Fact]
    public void Score_CpuOnlyTask_CountsCpuAlone()
    {
        var cluster = new GpuCluster([Node("a", 8), Node("small", 2, cpu: 32_000), Node("cpu", 0, cpu: 64_000)]);

        // cr = 32000 (0.25), gr = 0.
        // a:     c 128000 (1):    dot = 0.25   → 100 · (1 − 0.125)   = 87.5   → 87
        // small: c 32000 (0.25):  dot = 0.0625 → 100 · (1 − 0.03125) = 96.875 → 96
        // cpu:   c 64000 (0.5):   dot = 0.125  → 100 · (1 − 0.0625)  = 93.75  → 93
        Assert.Equal([87L, 96L, 93L], Scores(GpuPlacementStrategies.DotProduct(), cluster, CpuOnly("t", 32_000)));
    }
}
