using Xunit;
using static ContainerScheduling.Tests.Gpu.GpuFixtures;

namespace ContainerScheduling.Tests.Gpu;

/// <summary>
/// GpuPacking by hand: CPU-only tasks score 0. A node with all GPUs free scores max(33 − #GPUs, #GPUs); otherwise
/// the fitting GPUs are picked in ascending free order; if a picked GPU is wholly free: max(50 − #wholly free
/// picked, 33); else max(100 − Σ picked (free · 100 / 1000) / 10, 50), in whole numbers.
/// </summary>
public sealed class PackingGpuStrategyTests
{
    [Fact]
    public void Score_AllGpusFree_IsMaxOf33MinusGpusAndGpus()
    {
        var cluster = new GpuCluster([Node("two", 2), Node("eight", 8), Node("sixteen", 16), Node("twenty", 20)]);

        // max(33 − 2, 2) = 31; max(33 − 8, 8) = 25; max(33 − 16, 16) = 17; max(33 − 20, 20) = 20.
        Assert.Equal([31L, 25L, 17L, 20L], Scores(GpuPlacementStrategies.Packing(), cluster, Share("t", 100)));
        Assert.Equal([31L, 25L, 17L, 20L], Scores(GpuPlacementStrategies.Packing(), cluster, Whole("t", 2)));
    }

    [Fact]
    public void Score_PicksAWhollyFreeGpuOnABusyNode_IsMaxOf50MinusPickedAnd33()
    {
        var cluster = new GpuCluster([Node("p", 4), Node("q", 20)]);
        Take(cluster, 0, 0, 800);
        Take(cluster, 1, 0, 800);
        var packing = GpuPlacementStrategies.Packing();

        // p frees 200, 1000, 1000, 1000. A 500 share does not fit GPU 0 (200); the tightest fitting GPU is wholly
        // free: max(50 − 1, 33) = 49. Two whole GPUs: 48; three: 47.
        Assert.Equal([49L], Scores(packing, cluster, Share("t", 500), 0));
        Assert.Equal([48L], Scores(packing, cluster, Whole("t", 2), 0));
        Assert.Equal([47L], Scores(packing, cluster, Whole("t", 3), 0));

        // q has 19 wholly free GPUs: 16 picked → 50 − 16 = 34; 17 → 33; 18 → max(32, 33) = 33.
        Assert.Equal([34L], Scores(packing, cluster, Whole("t", 16), 1));
        Assert.Equal([33L], Scores(packing, cluster, Whole("t", 17), 1));
        Assert.Equal([33L], Scores(packing, cluster, Whole("t", 18), 1));
    }

    [Fact]
    public void Score_PicksAPartlyUsedGpu_Is100MinusItsFreePercentOver10()
    {
        var cluster = new GpuCluster([Node("r", 4), Node("s", 4)]);
        Take(cluster, 0, 0, 700);
        Take(cluster, 0, 1, 300);
        Take(cluster, 1, 0, 350);
        var packing = GpuPlacementStrategies.Packing();

        // r frees 300, 700, 1000, 1000; s frees 650, 1000, 1000, 1000.
        // 250 share: r picks 300 → 300 · 100 / 1000 = 30 → 100 − 30 / 10 = 97; s picks 650 → 65 → 100 − 6 = 94.
        Assert.Equal([97L, 94L], Scores(packing, cluster, Share("t", 250)));

        // 500 share: r picks 700 → 70 → 93; s picks 650 → 94.
        Assert.Equal([93L, 94L], Scores(packing, cluster, Share("t", 500)));

        // 660 share: r picks 700 → 93; s has no partly used GPU with room, picks a wholly free one → max(50 − 1, 33) = 49.
        Assert.Equal([93L, 49L], Scores(packing, cluster, Share("t", 660)));
    }

    [Fact]
    public void Place_CpuOnlyTask_ScoresZero_AndGoesByTheTieOrder()
    {
        var cluster = new GpuCluster([Node("r", 4), Node("idle", 2), Node("cpu", 0)]);
        Take(cluster, 0, 0, 700);
        var packing = GpuPlacementStrategies.Packing();

        Assert.Equal([0L, 0L, 0L], Scores(packing, cluster, CpuOnly("t", 1000)));
        var placed = Scheduler(cluster, packing, "idle", "cpu", "r").Place(CpuOnly("t", 1000));
        Assert.Equal(1, placed.Node);
        Assert.Equal(0, placed.Score);
    }

    [Fact]
    public void Place_Share_PrefersThePartlyUsedGpuOverBusyAndIdleNodes()
    {
        var cluster = new GpuCluster([Node("idle", 2), Node("busy", 4), Node("r", 4)]);
        Take(cluster, 1, 0, 900);
        Take(cluster, 2, 0, 600);

        // 300 share: idle max(31, 2) = 31; busy frees 100, 1000 ×3 → wholly free picked → 49; r frees 400 → 40 → 96.
        var placed = Scheduler(cluster, GpuPlacementStrategies.Packing()).Place(Share("t", 300));
        Assert.Equal(2, placed.Node);
        Assert.Equal(96, placed.Score);
        Assert.Equal(Mask(0), placed.Allocation.GpuMask);
    }
}
