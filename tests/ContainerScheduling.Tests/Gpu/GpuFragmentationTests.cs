using System;
using System.Collections.Generic;
using System.Linq;
using Xunit;
using static ContainerScheduling.Tests.Gpu.GpuFixtures;

namespace ContainerScheduling.Tests.Gpu;

/// <summary>
/// The fragmentation measure by hand, one clause of the definition at a time: F(n) = Σ_m p_m · f(n, m), where f is
/// all of n's idle GPU milli when m does not fit at all (no GPU wanted, model not allowed, too little CPU, no GPU with
/// enough free milli, too few wholly free GPUs), otherwise the idle milli of the GPUs with less free than m's milli.
/// And <see cref="GpuFragmentationModel.FromWorkload"/>: the most frequent shapes until the coverage, shares among them.
/// </summary>
public sealed class GpuFragmentationTests
{
    private static GpuFragmentationModel One(long cpu, int count, int milli, params string[] models) =>
        new([new GpuTaskShape(cpu, count, milli, models, 1.0)]);

    [Fact]
    public void F_ShapeWithoutGpu_CountsAllIdleMilli()
    {
        var cluster = new GpuCluster([Node("n", 4), Node("cpu", 0)], One(0, 0, 0));
        Take(cluster, 0, 1, 300);

        // Frees 1000, 700, 1000, 1000: idle 3700, all of it; a CPU-only node has no idle GPU milli.
        Assert.Equal(3700, cluster.GetFragmentation(0));
        Assert.Equal(0, cluster.GetFragmentation(1));
    }

    [Fact]
    public void F_ModelNotAllowed_CountsAllIdleMilli()
    {
        var cluster = new GpuCluster([Node("v", 2, model: "V100"), Node("t", 2, model: "T4")], One(0, 1, 500, "V100"));

        // v: the shape fits, no GPU below 500 → 0. t: not allowed → idle 2000.
        Assert.Equal(0, cluster.GetFragmentation(0));
        Assert.Equal(2000, cluster.GetFragmentation(1));

        // A model the cluster does not have allows no node at all.
        var nowhere = new GpuCluster([Node("v", 2, model: "V100")], One(0, 1, 500, "A100"));
        Assert.Equal(2000, nowhere.GetFragmentation(0));
    }

    [Fact]
    public void F_TooLittleCpu_CountsAllIdleMilli()
    {
        var cluster = new GpuCluster([Node("short", 2, cpu: 3999), Node("exact", 2, cpu: 4000)], One(4000, 1, 500));

        // 3999 < 4000: idle 2000. 4000 is enough: 0.
        Assert.Equal(2000, cluster.GetFragmentation(0));
        Assert.Equal(0, cluster.GetFragmentation(1));

        // Taking CPU changes F: 4000 − 1 left → all 2000 idle.
        TakeCpu(cluster, 1, 1);
        Assert.Equal(2000, cluster.GetFragmentation(1));
    }

    [Fact]
    public void F_NoGpuWithEnoughFreeMilli_CountsAllIdleMilli()
    {
        var cluster = new GpuCluster([Node("n", 2)], One(0, 1, 600));
        Take(cluster, 0, 0, 500);
        Take(cluster, 0, 1, 600);

        // Frees 500, 400: no GPU with 600 → idle 900.
        Assert.Equal(900, cluster.GetFragmentation(0));
    }

    [Fact]
    public void F_TooFewWhollyFreeGpus_CountsAllIdleMilli()
    {
        var cluster = new GpuCluster([Node("few", 3), Node("enough", 3)], One(0, 2, 1000));
        Take(cluster, 0, 1, 300);
        Take(cluster, 0, 2, 500);
        Take(cluster, 1, 1, 300);

        // few frees 1000, 700, 500: one wholly free, two wanted → idle 2200.
        // enough frees 1000, 700, 1000: two wholly free → only the 700 below 1000 is stranded.
        Assert.Equal(2200, cluster.GetFragmentation(0));
        Assert.Equal(700, cluster.GetFragmentation(1));
    }

    [Fact]
    public void F_ShapeFits_CountsTheIdleMilliOfGpusBelowItsMilli()
    {
        var cluster = new GpuCluster([Node("n", 4), Node("edge", 2)], One(0, 1, 600));
        Take(cluster, 0, 1, 500);
        Take(cluster, 0, 2, 300);
        Take(cluster, 0, 3, 800);
        Take(cluster, 1, 0, 400);
        Take(cluster, 1, 1, 401);

        // n frees 1000, 500, 700, 200: below 600 are 500 and 200 → 700.
        // edge frees 600, 599: 600 is not below 600 → 599.
        Assert.Equal(700, cluster.GetFragmentation(0));
        Assert.Equal(599, cluster.GetFragmentation(1));
        Assert.Equal(1299, cluster.TotalFragmentation);
    }

    [Fact]
    public void F_SeveralShapes_IsTheShareWeightedSum()
    {
        var cluster = new GpuCluster([Node("n", 4, cpu: 8000), Node("starved", 2, cpu: 500)], ThreeShapes());
        Take(cluster, 0, 0, 300);
        Take(cluster, 0, 2, 700);

        // n frees 700, 1000, 300, 1000 (idle 3000): S1 (500) strands 300 → 0.5 · 300 = 150; S2 (whole) strands
        // 700 + 300 → 0.25 · 1000 = 250; S3 all → 0.25 · 3000 = 750. F = 1150.
        // starved (500 CPU < 1000): S1, S2 do not fit → (0.5 + 0.25) · 2000 = 1500; S3 500 → F 2000.
        Assert.Equal(1150, cluster.GetFragmentation(0));
        Assert.Equal(2000, cluster.GetFragmentation(1));
        Assert.Equal(3150, cluster.TotalFragmentation);
    }

    [Fact]
    public void F_ClusterWithoutMeasure_IsZero()
    {
        var cluster = new GpuCluster([Node("n", 2)]);
        Take(cluster, 0, 0, 300);
        Assert.Null(cluster.Fragmentation);
        Assert.Equal(0, cluster.GetFragmentation(0));
        Assert.Equal(0, cluster.TotalFragmentation);
        Assert.Equal(0, cluster.FragmentationDecrease(0, cluster.Compile(Share("t", 100)), Mask(1)));
    }

    private static GpuRequest Task(string name, long cpu, long memory, int count, int milli, params string[] models) =>
        new(name, cpu, memory, count, milli, models);

    /// <summary>Ten tasks: X ×5, Y ×3, then W and Z once each (W seen first).</summary>
    private static List<GpuRequest> Workload() =>
    [
        Task("x1", 1000, 10, 1, 500),
        Task("y1", 2000, 10, 2, 1000),
        Task("w1", 0, 10, 0, 0),
        Task("x2", 1000, 99, 1, 500), // memory is not part of the shape
        Task("y2", 2000, 10, 2, 1000),
        Task("x3", 1000, 10, 1, 500),
        Task("z1", 4000, 10, 1, 250, "T4", "V100"),
        Task("x4", 1000, 10, 1, 500),
        Task("y3", 2000, 10, 2, 1000),
        Task("x5", 1000, 10, 1, 500),
    ];

    private static string Key(GpuTaskShape s) => $"{s.CpuMilli}/{s.GpuCount}x{s.GpuMilli}/{string.Join('|', s.GpuModels.Order(StringComparer.Ordinal))}";

    [Fact]
    public void FromWorkload_Coverage80_KeepsTheTwoMostFrequentAndRenormalisesTheirShares()
    {
        // 10 tasks; X covers 5 < 8, X + Y cover 8 ≥ 0.8 · 10 → stop. Shares among the 8 covered: 5/8, 3/8.
        var model = GpuFragmentationModel.FromWorkload(Workload(), 0.8);

        Assert.Equal(["1000/1x500/", "2000/2x1000/"], model.Shapes.Select(Key));
        Assert.Equal([0.625, 0.375], model.Shapes.Select(s => s.Share));
    }

    [Fact]
    public void FromWorkload_DefaultCoverage_TakesEqualCountsInOrderOfFirstAppearance()
    {
        // 0.95 · 10 = 9.5: X 5, Y 8, then W and Z (1 each, W seen first): W 9 < 9.5, Z 10. Shares 0.5, 0.3, 0.1, 0.1.
        var model = GpuFragmentationModel.FromWorkload(Workload());

        Assert.Equal(["1000/1x500/", "2000/2x1000/", "0/0x0/", "4000/1x250/T4|V100"], model.Shapes.Select(Key));
        Assert.Equal([0.5, 0.3, 0.1, 0.1], model.Shapes.Select(s => s.Share));
        Assert.Equal(1.0, model.Shapes.Sum(s => s.Share), 12);
    }

    [Fact]
    public void FromWorkload_SameModelsInAnotherOrder_AreOneShape()
    {
        var model = GpuFragmentationModel.FromWorkload(
        [
            Task("a", 0, 0, 1, 300, "T4", "V100"),
            Task("b", 0, 0, 1, 300, "V100", "T4"),
            Task("c", 0, 0, 1, 300),
        ], 1.0);

        // The listed pair twice (2/3), any model once (1/3).
        Assert.Equal(2, model.Shapes.Count);
        Assert.Equal(["0/1x300/T4|V100", "0/1x300/"], model.Shapes.Select(Key));
        Assert.Equal(2 / 3.0, model.Shapes[0].Share, 12);
        Assert.Equal(1 / 3.0, model.Shapes[1].Share, 12);
    }

    [Fact]
    public void FromWorkload_RenormalisedShares_DriveF()
    {
        // Coverage 0.8 keeps X (5/8) and Y (3/8). A 2-GPU node with 200 taken on GPU 0 (frees 800, 1000):
        // X (500) fits, nothing below 500 → 0; Y (2 whole) fits nowhere → 1800. F = 3/8 · 1800 = 675.
        var cluster = new GpuCluster([Node("n", 2)], GpuFragmentationModel.FromWorkload(Workload(), 0.8));
        Take(cluster, 0, 0, 200);
        Assert.Equal(675, cluster.GetFragmentation(0), 4);
    }
}
