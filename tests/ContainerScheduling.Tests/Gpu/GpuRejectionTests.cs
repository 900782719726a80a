using System;
using System.Linq;
using Xunit;
using static ContainerScheduling.Tests.Gpu.GpuFixtures;

namespace ContainerScheduling.Tests.Gpu;

/// <summary>
/// Bad input fails fast with the standard exception naming the parameter (and the offending value where the code
/// puts it), and a rejected call on a cluster leaves every column as it was.
/// </summary>
public sealed class GpuRejectionTests
{
    /// <summary>The exact exception type, its parameter name, and fragments its message must contain.</summary>
    private static TException Rejects<TException>(Action call, string? parameter, params string[] fragments)
        where TException : Exception
    {
        var e = Assert.Throws<TException>(call);
        Assert.Equal(parameter, (e as ArgumentException)?.ParamName);
        foreach (var fragment in fragments)
        {
            Assert.Contains(fragment, e.Message, StringComparison.Ordinal);
        }

        return e;
    }

    /// <summary>As <see cref="Rejects"/>, and the cluster (every column, fragmentation, change counters) is unchanged.</summary>
    private static void RejectsUnchanged<TException>(GpuCluster cluster, Action call, string? parameter, params string[] fragments)
        where TException : Exception
    {
        var before = GpuClusterSnapshot.Take(cluster);
        Rejects<TException>(call, parameter, fragments);
        Assert.Equal(before, GpuClusterSnapshot.Take(cluster));
    }

    private static void OutOfRange(Action call, string parameter, object value)
    {
        var e = Rejects<ArgumentOutOfRangeException>(call, parameter);
        Assert.Equal(value, e.ActualValue);
    }

    /// <summary>a: 4 V100 (a 300 share on GPU 0), b: 2 T4 (a whole GPU on GPU 1), c: CPU only (a CPU task); keeps the measure.</summary>
    private static (GpuCluster Cluster, GpuAllocation Share, GpuAllocation Whole, GpuAllocation Cpu) Busy()
    {
        var cluster = new GpuCluster([Node("a", 4, cpu: 16_000, memory: 65_536), Node("b", 2, model: "T4"), Node("c", 0, cpu: 8000)], ThreeShapes());
        var share = Take(cluster, 0, 0, 300, cpu: 1000);
        var whole = cluster.Allocate(1, cluster.Compile(Whole("w", 1, cpu: 2000)), Mask(1));
        var cpu = TakeCpu(cluster, 2, 4000);
        return (cluster, share, whole, cpu);
    }

    [Fact]
    public void GpuNodeSpec_BadValues_Rejected()
    {
        Rejects<ArgumentNullException>(() => _ = new GpuNodeSpec(null!, 1, 1, 1, "T4"), "name");
        Rejects<ArgumentException>(() => _ = new GpuNodeSpec(" ", 1, 1, 1, "T4"), "name");
        OutOfRange(() => _ = new GpuNodeSpec("n", -1, 1, 1, "T4"), "cpuMilli", -1L);
        OutOfRange(() => _ = new GpuNodeSpec("n", 1, -2, 1, "T4"), "memoryMib", -2L);
        OutOfRange(() => _ = new GpuNodeSpec("n", 1, 1, -1, "T4"), "gpuCount", -1);
        OutOfRange(() => _ = new GpuNodeSpec("n", 1, 1, 65, "T4"), "gpuCount", 65);
        Rejects<ArgumentException>(() => _ = new GpuNodeSpec("n", 1, 1, 2, null), "gpuModel", "'n'", "2 GPUs");
        Rejects<ArgumentException>(() => _ = new GpuNodeSpec("n", 1, 1, 2, "  "), "gpuModel", "'n'");
        Rejects<ArgumentException>(() => _ = new GpuNodeSpec("n", 1, 1, 0, "T4"), "gpuCount", "'T4'");
        Assert.Equal(64, new GpuNodeSpec("n", 0, 0, 64, " T4 ").GpuCount);
        Assert.Equal("T4", new GpuNodeSpec("n", 0, 0, 1, " T4 ").GpuModel);
    }

    [Fact]
    public void GpuRequest_BadValues_Rejected()
    {
        Rejects<ArgumentNullException>(() => _ = new GpuRequest(null!, 0, 0, 0, 0), "name");
        Rejects<ArgumentException>(() => _ = new GpuRequest("", 0, 0, 0, 0), "name");
        OutOfRange(() => _ = new GpuRequest("t", -1, 0, 0, 0), "cpuMilli", -1L);
        OutOfRange(() => _ = new GpuRequest("t", 0, -1, 0, 0), "memoryMib", -1L);
        OutOfRange(() => _ = new GpuRequest("t", 0, 0, -1, 0), "gpuCount", -1);
        OutOfRange(() => _ = new GpuRequest("t", 0, 0, 65, 1000), "gpuCount", 65);
        OutOfRange(() => _ = new GpuRequest("t", 0, 0, 0, 5), "gpuMilli", 5);
        OutOfRange(() => _ = new GpuRequest("t", 0, 0, 1, 0), "gpuMilli", 0);
        OutOfRange(() => _ = new GpuRequest("t", 0, 0, 1, 1001), "gpuMilli", 1001);
        OutOfRange(() => _ = new GpuRequest("t", 0, 0, 2, 500), "gpuMilli", 500);
        Rejects<ArgumentException>(() => _ = new GpuRequest("t", 0, 0, 1, 500, ["T4", " "]), "gpuModels", "'t'");
        Rejects<ArgumentException>(() => _ = new GpuRequest("t", 0, 0, 1, 500, [null!]), "gpuModels", "'t'");
        Rejects<ArgumentException>(() => _ = new GpuRequest("t", 0, 0, 0, 0, ["T4"]), "gpuModels", "'t'");
    }

    [Fact]
    public void GpuTaskShapeAndModel_BadValues_Rejected()
    {
        OutOfRange(() => _ = new GpuTaskShape(0, 1, 500, null, 0), "share", 0.0);
        OutOfRange(() => _ = new GpuTaskShape(0, 1, 500, null, 1.5), "share", 1.5);
        OutOfRange(() => _ = new GpuTaskShape(0, 1, 500, null, double.NaN), "share", double.NaN);
        OutOfRange(() => _ = new GpuTaskShape(-1, 1, 500, null, 0.5), "cpuMilli", -1L);
        OutOfRange(() => _ = new GpuTaskShape(0, 1, 0, null, 0.5), "gpuMilli", 0);

        Rejects<ArgumentNullException>(() => _ = new GpuFragmentationModel(null!), "shapes");
        Rejects<ArgumentException>(() => _ = new GpuFragmentationModel([]), "shapes");
        Rejects<ArgumentException>(() => _ = new GpuFragmentationModel([null!]), "shapes");
        Rejects<ArgumentException>(() => _ = new GpuFragmentationModel([new GpuTaskShape(0, 0, 0, null, 0.6), new GpuTaskShape(0, 1, 1, null, 0.6)]), "shapes", "1.2");

        Rejects<ArgumentNullException>(() => GpuFragmentationModel.FromWorkload(null!), "tasks");
        Rejects<ArgumentException>(() => GpuFragmentationModel.FromWorkload([]), "tasks");
        Rejects<ArgumentNullException>(() => GpuFragmentationModel.FromWorkload([CpuOnly("t", 1), null!]), "tasks");
        OutOfRange(() => GpuFragmentationModel.FromWorkload([CpuOnly("t", 1)], 0), "coverage", 0.0);
        OutOfRange(() => GpuFragmentationModel.FromWorkload([CpuOnly("t", 1)], 1.01), "coverage", 1.01);
        OutOfRange(() => GpuFragmentationModel.FromWorkload([CpuOnly("t", 1)], double.NaN), "coverage", double.NaN);
    }

    [Fact]
    public void GpuClusterAndTraceTask_BadValues_Rejected()
    {
        Rejects<ArgumentNullException>(() => _ = new GpuCluster(null!), "nodes");
        Rejects<ArgumentException>(() => _ = new GpuCluster([]), "nodes");
        Rejects<ArgumentException>(() => _ = new GpuCluster([Node("a", 1), null!]), "nodes", "Node 1");
        Rejects<ArgumentException>(() => _ = new GpuCluster([Node("a", 1), Node("b", 1), Node("a", 2)]), "nodes", "'a'");
        Rejects<ArgumentException>(() => _ = new GpuCluster(Enumerable.Range(0, 65).Select(i => Node($"n{i}", 1, model: $"M{i}"))), "nodes", "'M64'");

        Rejects<ArgumentNullException>(() => _ = new GpuTraceTask(null!, 0, 1), "request");
        OutOfRange(() => _ = new GpuTraceTask(CpuOnly("t", 1), -1, 1), "creationTime", -1L);
        Rejects<ArgumentOutOfRangeException>(() => _ = new GpuTraceTask(CpuOnly("t", 1), 10, 9), "deletionTime", "'t'", "9", "10");
    }

    [Fact]
    public void Allocate_BadNodeMaskOrDemand_RejectedAndNothingChanges()
    {
        var (cluster, _, _, _) = Busy();
        var share = cluster.Compile(Share("t", 500, cpu: 1000));

        RejectsUnchanged<ArgumentOutOfRangeException>(cluster, () => cluster.Allocate(-1, share, Mask(0)), "node", "-1");
        RejectsUnchanged<ArgumentOutOfRangeException>(cluster, () => cluster.Allocate(3, share, Mask(0)), "node", "3");
        RejectsUnchanged<ArgumentException>(cluster, () => cluster.Allocate(0, cluster.Compile(Share("t", 500, cpu: 16_000)), Mask(1)), "demand", "'a'", "insufficient cpu");
        RejectsUnchanged<ArgumentException>(cluster, () => cluster.Allocate(0, cluster.Compile(Share("t", 500, memory: 65_537)), Mask(1)), "demand", "'a'", "insufficient memory");
        RejectsUnchanged<ArgumentException>(cluster, () => cluster.Allocate(0, cluster.Compile(Share("t", 500, models: "T4")), Mask(1)), "demand", "'a'", "gpu model not allowed");
        RejectsUnchanged<ArgumentException>(cluster, () => cluster.Allocate(2, share, 0), "demand", "'c'", "node has no gpu");
        RejectsUnchanged<ArgumentException>(cluster, () => cluster.Allocate(1, cluster.Compile(Whole("t", 2)), Mask(0, 1)), "demand", "'b'", "insufficient gpu");
        RejectsUnchanged<ArgumentException>(cluster, () => cluster.Allocate(0, share, Mask(1, 2)), "gpuMask", "0x6");
        RejectsUnchanged<ArgumentException>(cluster, () => cluster.Allocate(0, share, 0), "gpuMask", "0x0");
        RejectsUnchanged<ArgumentException>(cluster, () => cluster.Allocate(0, share, Mask(4)), "gpuMask", "0x10");
        RejectsUnchanged<ArgumentException>(cluster, () => cluster.Allocate(0, cluster.Compile(Share("t", 800)), Mask(0)), "gpuMask", "GPU 0", "700");
        RejectsUnchanged<ArgumentException>(cluster, () => cluster.Allocate(0, cluster.Compile(Whole("t", 1)), Mask(0)), "gpuMask", "GPU 0");
        RejectsUnchanged<ArgumentException>(cluster, () => cluster.Allocate(2, cluster.Compile(CpuOnly("t", 1)), Mask(0)), "gpuMask");
    }

    [Fact]
    public void Allocate_HandBuiltDemandWithImpossibleAmounts_RejectedAndNothingChanges()
    {
        // GpuDemand is a public struct: one not made by Compile must still not push a node past its capacity.
        var (cluster, _, _, _) = Busy();
        var any = ulong.MaxValue;
        RejectsUnchanged<ArgumentException>(cluster, () => cluster.Allocate(0, new GpuDemand { CpuMilli = -5000 }, 0), "demand", "-5000");
        RejectsUnchanged<ArgumentException>(cluster, () => cluster.Allocate(0, new GpuDemand { MemoryMib = -1 }, 0), "demand");
        RejectsUnchanged<ArgumentException>(cluster, () => cluster.Allocate(0, new GpuDemand { GpuCount = 1, GpuMilli = -500, ModelMask = any }, Mask(1)), "demand", "-500");
        RejectsUnchanged<ArgumentException>(cluster, () => cluster.Allocate(0, new GpuDemand { GpuCount = 1, GpuMilli = 0, ModelMask = any }, Mask(1)), "demand");
        RejectsUnchanged<ArgumentException>(cluster, () => cluster.Allocate(0, new GpuDemand { GpuCount = 2, GpuMilli = 500, ModelMask = any }, Mask(1, 2)), "demand");
        RejectsUnchanged<ArgumentException>(cluster, () => cluster.Allocate(0, new GpuDemand { GpuCount = 0, GpuMilli = 300 }, 0), "demand");

        var scheduler = new GpuScheduler(cluster, GpuPlacementStrategies.DotProduct(), 1);
        RejectsUnchanged<ArgumentException>(cluster, () => scheduler.Place(new GpuDemand { CpuMilli = -5000 }), "demand", "-5000");
        RejectsUnchanged<ArgumentException>(cluster, () => scheduler.Place(new GpuDemand { GpuCount = 1, GpuMilli = -500, ModelMask = any }), "demand", "-500");
    }

    [Fact]
    public void Release_NotHeldOrForged_RejectedAndNothingChanges()
    {
        var (cluster, share, whole, cpu) = Busy();

        RejectsUnchanged<ArgumentOutOfRangeException>(cluster, () => cluster.Release(share with { Node = 3 }), "allocation", "3");
        RejectsUnchanged<ArgumentOutOfRangeException>(cluster, () => cluster.Release(share with { Node = -1 }), "allocation", "-1");
        RejectsUnchanged<ArgumentException>(cluster, () => cluster.Release(share with { GpuMask = Mask(1) }), "allocation", "'a'");
        RejectsUnchanged<ArgumentException>(cluster, () => cluster.Release(share with { GpuMask = Mask(5) }), "allocation", "'a'");
        RejectsUnchanged<ArgumentException>(cluster, () => cluster.Release(share with { CpuMilli = 15_001 }), "allocation", "'a'");
        RejectsUnchanged<ArgumentException>(cluster, () => cluster.Release(share with { Kind = 1 }), "allocation", "'a'");
        RejectsUnchanged<ArgumentException>(cluster, () => cluster.Release(share with { Kind = 99 }), "allocation", "'a'");
        RejectsUnchanged<ArgumentException>(cluster, () => cluster.Release(whole with { Node = 0 }), "allocation", "'a'");
        RejectsUnchanged<ArgumentException>(cluster, () => cluster.Release(cpu with { Node = 0 }), "allocation", "'a'");

        // Forged amounts that would take instead of give back, or overflow the check.
        RejectsUnchanged<ArgumentException>(cluster, () => cluster.Release(share with { GpuMilli = -2000 }), "allocation", "'a'");
        RejectsUnchanged<ArgumentException>(cluster, () => cluster.Release(cpu with { CpuMilli = long.MaxValue }), "allocation", "'c'");
        RejectsUnchanged<ArgumentException>(cluster, () => cluster.Release(cpu with { MemoryMib = long.MaxValue }), "allocation", "'c'");
        RejectsUnchanged<ArgumentException>(cluster, () => cluster.Release(cpu with { CpuMilli = -1 }), "allocation", "'c'");

        // Released once, the second time is rejected.
        cluster.Release(share);
        RejectsUnchanged<ArgumentException>(cluster, () => cluster.Release(share), "allocation", "'a'");
    }

    [Fact]
    public void Queries_BadNodeOrKind_Rejected()
    {
        var (cluster, _, _, _) = Busy();
        var demand = cluster.Compile(Share("t", 100));
        RejectsUnchanged<ArgumentOutOfRangeException>(cluster, () => cluster.Fits(3, demand), "node", "3");
        RejectsUnchanged<ArgumentOutOfRangeException>(cluster, () => cluster.FitFailureOf(-1, demand), "node", "-1");
        RejectsUnchanged<ArgumentOutOfRangeException>(cluster, () => cluster.FitFailureOf(3, demand), "node", "3");
        RejectsUnchanged<ArgumentOutOfRangeException>(cluster, () => cluster.GetGpuFree(-1), "node", "-1");
        RejectsUnchanged<ArgumentOutOfRangeException>(cluster, () => cluster.GetNode(3), "node", "3");
        RejectsUnchanged<ArgumentOutOfRangeException>(cluster, () => cluster.TaskCount(3), "node", "3");
        RejectsUnchanged<ArgumentOutOfRangeException>(cluster, () => cluster.GetFragmentation(-1), "node", "-1");
        RejectsUnchanged<ArgumentOutOfRangeException>(cluster, () => cluster.TasksOfKind(3, 0), "node", "3");
        RejectsUnchanged<ArgumentOutOfRangeException>(cluster, () => cluster.TasksOfKind(0, -2), "kind", "-2");
        RejectsUnchanged<ArgumentOutOfRangeException>(cluster, () => cluster.TasksOfKind(0, 65), "kind", "65");
        RejectsUnchanged<ArgumentOutOfRangeException>(cluster, () => cluster.FragmentationDecrease(3, demand, Mask(0)), "node", "3");
        RejectsUnchanged<ArgumentException>(cluster, () => cluster.FragmentationDecrease(0, demand, Mask(40)), "gpuMask");
        RejectsUnchanged<ArgumentException>(cluster, () => cluster.FragmentationDecrease(0, demand, Mask(1, 2)), "gpuMask");
        RejectsUnchanged<ArgumentNullException>(cluster, () => cluster.IndexOf(null!), "name");
        RejectsUnchanged<ArgumentNullException>(cluster, () => cluster.Compile(null!), "request");
        RejectsUnchanged<ArgumentNullException>(cluster, () => GpuChoice.Tightest(null!, 0, demand), "cluster");
        RejectsUnchanged<ArgumentOutOfRangeException>(cluster, () => GpuChoice.Tightest(cluster, 3, demand), "node", "3");
        Assert.Equal(-1, cluster.IndexOf("nope"));
    }

    [Fact]
    public void GpuScheduler_BadArguments_RejectedAndNothingChanges()
    {
        var (cluster, _, _, _) = Busy();
        var fgd = GpuPlacementStrategies.Fgd();
        Rejects<ArgumentNullException>(() => _ = new GpuScheduler(null!, fgd, 1), "cluster");
        Rejects<ArgumentNullException>(() => _ = new GpuScheduler(null!, fgd, ["a"]), "cluster");
        Rejects<ArgumentNullException>(() => _ = new GpuScheduler(cluster, null!, 1), "strategy");
        Rejects<ArgumentNullException>(() => _ = new GpuScheduler(cluster, fgd, (string[])null!), "tieBreakOrder");
        Rejects<ArgumentException>(() => _ = new GpuScheduler(cluster, fgd, ["a", "b"]), "tieBreakOrder", "2", "3");
        Rejects<ArgumentException>(() => _ = new GpuScheduler(cluster, fgd, ["a", "b", "zz"]), "tieBreakOrder", "'zz'");
        Rejects<ArgumentException>(() => _ = new GpuScheduler(cluster, fgd, ["a", "b", "a"]), "tieBreakOrder", "'a'", "twice");
        Rejects<ArgumentException>(() => _ = new GpuScheduler(cluster, fgd, ["a", null!, "c"]), "tieBreakOrder", "Entry 1");

        var scheduler = new GpuScheduler(cluster, fgd, 1);
        RejectsUnchanged<ArgumentNullException>(cluster, () => scheduler.Place((GpuRequest)null!), "request");
        RejectsUnchanged<ArgumentOutOfRangeException>(cluster, () => scheduler.TieBreakRank(-1), "node", "-1");
        RejectsUnchanged<ArgumentOutOfRangeException>(cluster, () => scheduler.TieBreakRank(3), "node", "3");

        Rejects<ArgumentNullException>(() => GpuPlacementStrategies.Create(null!), "name");
        Rejects<ArgumentException>(() => GpuPlacementStrategies.Create("nope"), "name", "'nope'", GpuPlacementStrategies.FgdName);
    }

    [Fact]
    public void Place_StrategyChoosesGpusWithoutRoom_ThrowsAndNothingChanges()
    {
        var (cluster, _, _, _) = Busy();
        var scheduler = Scheduler(cluster, new WrongGpus(), "a", "b", "c");

        // Ties go to a. The strategy always answers GPU 0, which on a has 700 free: an 800 share fits GPUs 1..3 only.
        RejectsUnchanged<InvalidOperationException>(cluster, () => scheduler.Place(Share("t", 800)), null, "wrong-gpus", "GPU 0");
    }

    private sealed class WrongGpus : IGpuPlacementStrategy
    {
        public string Name => "wrong-gpus";

        public void Score(GpuCluster cluster, in GpuDemand demand, ReadOnlySpan<int> candidates, Span<long> scores) =>
            scores[..candidates.Length].Clear();

        public ulong SelectGpus(GpuCluster cluster, int node, in GpuDemand demand) => 1;
    }
}
