using System;
using ContainerScheduling;
using Xunit;

namespace ContainerScheduling.Tests.Gpu;

/// <summary>
/// Our policy, fgd-cpu, by hand: F* = Σ p·(f + b/10) + s, scores ⌊ΔF*/10⌋. The kernel holds F* × 10 in fixed
/// point (× 2^24), so a hand value v of F* reads back as v · 10 · 2^24.
/// </summary>
public sealed class CpuAwareFgdTests
{
    private const long Fixed = 1L << 24;

    // One typical shape, 4 cores and one whole GPU, share 1: the workload's CPU per milli-GPU is 4000/1000 = 4.
    private static readonly GpuRequest WholeGpuShape = new("shape", cpuMilli: 4_000, memoryMib: 1, gpuCount: 1, gpuMilli: 1000);

    private static GpuCluster TwoNodes(long cpuA, long cpuB, int gpus, GpuRequest shape) =>
        new([new GpuNodeSpec("a", cpuA, 1 << 20, gpus, "T4"), new GpuNodeSpec("b", cpuB, 1 << 20, gpus, "T4")],
            GpuFragmentationModel.FromWorkload([shape]));

    [Fact]
    public void EvaluateCpuAware_NodeThatFeedsEveryGpu_IsZero()
    {
        // 2 idle GPUs, 9 cores: f = 0 (the shape fits, no GPU below 1000); gpuCopies 2, cpuCopies ⌊9000/4000⌋ = 2,
        // so b = 0; s: the CPU feeds 9000/4 = 2250 ≥ 2000 idle milli, so s = 0.
        var cluster = TwoNodes(9_000, 64_000, 2, WholeGpuShape);

        Assert.Equal(0, cluster.Kernel!.EvaluateCpuAware(9_000, 1UL, [1000, 1000]));
    }

    [Fact]
    public void EvaluateCpuAware_CpuForOneCopyOfTwo_CountsBlockedCopyAtATenthAndTheShortfall()
    {
        // 7 cores: f = 0 (7000 ≥ 4000); b = (2 − ⌊7000/4000⌋) · 1000 = 1000; s = 2000 − 7000/4 = 250.
        // F* = 1 · (0 + 1000/10) + 250 = 350 → ×10 = 3500.
        var cluster = TwoNodes(9_000, 64_000, 2, WholeGpuShape);

        Assert.Equal(3_500 * Fixed, cluster.Kernel!.EvaluateCpuAware(7_000, 1UL, [1000, 1000]));
    }

    [Fact]
    public void EvaluateCpuAware_TooLittleCpuForAnyCopy_CountsAllIdleAsFragmentPlusTheShortfall()
    {
        // 3 cores < 4: f = all idle = 2000 and b is not counted (f already holds it); s = 2000 − 3000/4 = 1250.
        // F* = 2000 + 1250 = 3250 → ×10 = 32500.
        var cluster = TwoNodes(9_000, 64_000, 2, WholeGpuShape);

        Assert.Equal(32_500 * Fixed, cluster.Kernel!.EvaluateCpuAware(3_000, 1UL, [1000, 1000]));
    }

    [Fact]
    public void EvaluateCpuAware_ShareShape_CountsCopiesPerGpu()
    {
        // Shape: 4 cores and 500 milli of one GPU; CPU per milli-GPU 4000/500 = 8.
        // One GPU at 1000 free, 7999 milli-cores: f = 0 (the GPU has room); gpuCopies ⌊1000/500⌋ = 2,
        // cpuCopies ⌊7999/4000⌋ = 1, b = 1 · 500 = 500; s = 1000 − ⌊7999 · 500 / 4000⌋ = 1000 − 999 = 1.
        // F* · 10 = 500 + 10 · 1 = 510.
        var share = new GpuRequest("shape", cpuMilli: 4_000, memoryMib: 1, gpuCount: 1, gpuMilli: 500);
        var cluster = TwoNodes(9_000, 64_000, 1, share);

        Assert.Equal(510 * Fixed, cluster.Kernel!.EvaluateCpuAware(7_999, 1UL, [1000]));
    }

    [Fact]
    public void EvaluateCpuAware_ModelNotAllowed_CountsAllIdle()
    {
        // The shape wants V100 only; on a T4 node f = all idle = 1000, and s = 1000 − 64000/4 < 0 → 0.
        var v100 = new GpuRequest("shape", cpuMilli: 4_000, memoryMib: 1, gpuCount: 1, gpuMilli: 1000, gpuModels: ["V100"]);
        var cluster = new GpuCluster(
            [new GpuNodeSpec("t4", 64_000, 1 << 20, 1, "T4"), new GpuNodeSpec("v100", 64_000, 1 << 20, 1, "V100")],
            GpuFragmentationModel.FromWorkload([v100]));

        Assert.Equal(10_000 * Fixed, cluster.Kernel!.EvaluateCpuAware(64_000, cluster.ModelBitColumn[0], [1000]));
        Assert.Equal(0, cluster.Kernel!.EvaluateCpuAware(64_000, cluster.ModelBitColumn[1], [1000]));
    }

    [Fact]
    public void Place_CpuOnlyTask_GoesWhereItStrandsNoGpu_WhereFgdTiesAndTakesTheFirstInOrder()
    {
        // A 2-core CPU-only task. On a (9 cores, 2 idle GPUs) it leaves 7 cores: F* 0 → 350, ΔF* = −350, score −35.
        // On b (64 cores) nothing changes: score 0. The paper's F sees no change on either (the shape still fits):
        // FGD scores both 50, and the tie goes to a, first in the order.
        var task = new GpuRequest("cpu-only", cpuMilli: 2_000, memoryMib: 1, gpuCount: 0, gpuMilli: 0);

        var ours = new GpuScheduler(TwoNodes(9_000, 64_000, 2, WholeGpuShape), GpuPlacementStrategies.CpuAwareFgd(), ["a", "b"]);
        var fgd = new GpuScheduler(TwoNodes(9_000, 64_000, 2, WholeGpuShape), GpuPlacementStrategies.Fgd(), ["a", "b"]);

        var oursResult = ours.Place(task);
        var fgdResult = fgd.Place(task);
        Assert.Equal(1, oursResult.Node);
        Assert.Equal(0, oursResult.Score);
        Assert.Equal(0, fgdResult.Node);
        Assert.Equal(50, fgdResult.Score);
    }

    [Fact]
    public void Score_NegativeDecrease_RoundsDownToTheStep()
    {
        // The share shape (4 cores, 500 milli). Before, on 8 cores and one idle GPU: b = (2 − 2) · 500 = 0 and
        // s = 1000 − 8000 · 500 / 4000 = 0, so F* = 0. A 1-core CPU-only task leaves 7 cores: b = (2 − 1) · 500 = 500,
        // counted at a tenth = 50; s = 1000 − 7000 · 500 / 4000 = 125; F* = 175. ΔF* = −175 milli → ⌊−17.5⌋ = −18.
        var share = new GpuRequest("shape", cpuMilli: 4_000, memoryMib: 1, gpuCount: 1, gpuMilli: 500);
        var cluster = TwoNodes(8_000, 8_000, 1, share);
        var strategy = GpuPlacementStrategies.CpuAwareFgd();
        var demand = cluster.Compile(new GpuRequest("cpu-only", cpuMilli: 1_000, memoryMib: 1, gpuCount: 0, gpuMilli: 0));
        Span<long> scores = stackalloc long[2];

        strategy.Score(cluster, demand, [0, 1], scores);

        Assert.Equal(-18, scores[0]);
        Assert.Equal(-18, scores[1]);
    }

    [Fact]
    public void ReachableWaste_FollowsTheRecurrence_WithAWaitCostPerShare()
    {
        // Shares of 300 and 400 milli cost round(0.5 / 0.5) = 1 and round(0.5 / 0.495) = 1; the 50 share (0.5% of tasks)
        // costs round(0.5 / 0.005) = 100, more than it ever saves. W(r) = min(r, min_m W(r − milli_m) + c_m):
        // W(r) = r below 300; W(300) = W(0) + 1 = 1; W(350) = W(50) + 1 = 51; W(399) = W(99) + 1 = 100;
        // W(650) = W(350) + 1 = 52; W(700) = W(400) + 1 = 2; W(1000) = W(700) + 1 = 3.
        var model = new GpuFragmentationModel([
            new GpuTaskShape(1_000, 1, 300, null, 0.5),
            new GpuTaskShape(1_000, 1, 400, null, 0.495),
            new GpuTaskShape(1_000, 1, 50, null, 0.005)]);

        var waste = CpuAwareFgdGpuStrategy.ReachableWaste(model);

        Assert.Equal(0, waste[0]);
        Assert.Equal(50, waste[50]);
        Assert.Equal(299, waste[299]);
        Assert.Equal(1, waste[300]);
        Assert.Equal(51, waste[350]);
        Assert.Equal(100, waste[399]);
        Assert.Equal(52, waste[650]);
        Assert.Equal(2, waste[700]);
        Assert.Equal(3, waste[1000]);
    }

    [Fact]
    public void ReachableWaste_ShareThatCostsMoreThanItSaves_IsNeverCounted()
    {
        // A 30 share with 1% of tasks costs round(0.5 / 0.01) = 50 milli, more than the 30 it would fill, so W(330) stays
        // W(30) + 1 = 31. A 1% floor would count it as common and give W(330) = 0; sharing tasks out among many such
        // shares is what made W look as if every remainder could be filled.
        var model = new GpuFragmentationModel([
            new GpuTaskShape(1_000, 1, 300, null, 0.5),
            new GpuTaskShape(1_000, 1, 400, null, 0.49),
            new GpuTaskShape(1_000, 1, 30, null, 0.01)]);

        var waste = CpuAwareFgdGpuStrategy.ReachableWaste(model);

        Assert.Equal(30, waste[30]);
        Assert.Equal(31, waste[330]);
        Assert.Equal(60, waste[60]);
    }

    [Fact]
    public void Place_Share_KeepsTheRemainderThatCommonSharesFill_WhereFgdFillsTheHole()
    {
        // Shapes, 1 core each: one whole GPU ½, shares of 470 ¼, 320 0.15 and 650 0.1 (wait costs round(0.5 / p): 2, 3 and 5).
        // Two nodes of 64 cores (so b = s = 0) and one GPU each: a holds a 470 (530 free), b is idle. A 320 share:
        //   on a, 530 → 210: f was ½ · 530 (whole GPU) + 0.1 · 530 (650) = 318, is 210 (nothing fits): ΔF = +108.
        //     W(530) = W(60) + 2 = 62 (a 470), W(210) = 210 (nothing fits): W rises by 148, counted 20 times.
        //     ΔF* = 108 − 2960 = −2852 → ⌊−285.2⌋ = −286.
        //   on b, 1000 → 680: f = ½ · 680 = 340, ΔF = −340; W(1000) = W(30) + 5 + 3 = 38 (650 + 320), W(680) = W(30) + 5 = 35:
        //     W falls by 3. ΔF* = −340 + 60 = −280 → −28. b wins: a's 530 stays for another 470, b's 680 for a 650.
        // FGD scores a (int)(100 · sigmoid(0.108)) = 52 and b (int)(100 · sigmoid(−0.34)) = 41, and takes a.
        var model = new GpuFragmentationModel([
            new GpuTaskShape(1_000, 1, 1000, null, 0.5),
            new GpuTaskShape(1_000, 1, 470, null, 0.25),
            new GpuTaskShape(1_000, 1, 320, null, 0.15),
            new GpuTaskShape(1_000, 1, 650, null, 0.1)]);
        var waste = CpuAwareFgdGpuStrategy.ReachableWaste(model);
        Assert.Equal([62, 210, 38, 35], new[] { waste[530], waste[210], waste[1000], waste[680] });
        var share = new GpuRequest("share", cpuMilli: 1_000, memoryMib: 1, gpuCount: 1, gpuMilli: 320);

        GpuScheduler Scheduler(IGpuPlacementStrategy strategy)
        {
            var cluster = new GpuCluster(
                [new GpuNodeSpec("a", 64_000, 1 << 20, 1, "T4"), new GpuNodeSpec("b", 64_000, 1 << 20, 1, "T4")], model);
            cluster.Allocate(0, cluster.Compile(new GpuRequest("470", 1_000, 1, 1, 470)), 0b1);
            return new GpuScheduler(cluster, strategy, ["a", "b"]);
        }

        var ours = Scheduler(GpuPlacementStrategies.CpuAwareFgd()).Place(share);
        var fgd = Scheduler(GpuPlacementStrategies.Fgd()).Place(share);

        Assert.Equal(1, ours.Node);
        Assert.Equal(-28, ours.Score);
        Assert.Equal(0, fgd.Node);
        Assert.Equal(52, fgd.Score);
    }
}
