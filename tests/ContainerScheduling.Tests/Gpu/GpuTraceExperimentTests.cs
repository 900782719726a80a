using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using FsCheck;
using FsCheck.Fluent;
using Xunit;
using static ContainerScheduling.Tests.Gpu.GpuFixtures;

namespace ContainerScheduling.Tests.Gpu;

/// <summary>
/// The published trace experiment: the arrival order (shuffle, then inflated copies up to inflation × capacity),
/// the binned curves on clusters small enough to work out by hand (after each task arrive = round(arrived % of
/// capacity); the value at x% is the mean over the tasks at x, else over those at x ± 1, else the previous value),
/// and the run's rejections.
/// </summary>
public sealed class GpuTraceExperimentTests
{
    private static readonly Config Quick = Config.QuickThrowOnFailure.WithMaxTest(200).WithQuietOnSuccess(true);

    private static GpuTraceRun RunOn(GpuNodeSpec[] nodes, GpuRequest[] tasks, params string[] order) =>
        GpuTraceExperiment.Run(nodes, tasks, _ => GpuPlacementStrategies.BestFit(), new GpuTraceExperimentOptions { ArrivalOrder = order });

    private static void AssertCurve(IReadOnlyList<double> curve, Func<int, double> expected)
    {
        Assert.Equal(GpuTraceExperiment.MaxArrivalPercent + 1, curve.Count);
        for (var x = 0; x <= GpuTraceExperiment.MaxArrivalPercent; x++)
        {
            Assert.True(Math.Abs(curve[x] - expected(x)) < 1e-9, $"at {x}%: {curve[x]}, expected {expected(x)}");
        }
    }

    /// <summary>Tasks with unique names, some without GPU, and a capacity that fits the originals (so the limit binds).</summary>
    private static Gen<(GpuRequest[] Tasks, long Capacity, int Seed, double Inflation)> Workloads() =>
        from count in Gen.Choose(1, 30)
        from shapes in Gen.ArrayOf(Gen.Frequency((1, Gen.Constant((0, 0))), (3, Gen.Choose(1, 1000).Select(m => (1, m))), (1, Gen.Choose(2, 4).Select(k => (k, 1000)))), count)
        from extra in Gen.Choose(0, 20_000)
        from seed in Gen.Choose(-1000, 1000)
        from inflation in Gen.Elements(1.0, 1.3, 2.0)
        let tasks = shapes.Select((s, i) => new GpuRequest($"task-{i:D2}", 1000, 0, s.Item1, s.Item2)).ToArray()
        select (tasks, tasks.Sum(t => t.TotalGpuMilli) + extra, seed, inflation);

    [Fact]
    public void ArrivalOrder_AnyWorkload_OriginalsOnceThenNumberedCopiesWithinTheLimit() =>
        Check.One(Quick, Prop.ForAll(Workloads().ToArbitrary(), w =>
        {
            var order = GpuTraceExperiment.ArrivalOrder(w.Tasks, w.Capacity, w.Seed, w.Inflation);
            var originals = order.Take(w.Tasks.Length).Select(t => t.Name).Order(StringComparer.Ordinal);
            var byName = w.Tasks.ToDictionary(t => t.Name);
            var copies = order.Skip(w.Tasks.Length).ToArray();
            var copiesNumbered = copies.Select((c, i) =>
            {
                var suffix = $"-tuned-{i.ToString(CultureInfo.InvariantCulture)}";
                if (!c.Name.EndsWith(suffix, StringComparison.Ordinal) || !byName.TryGetValue(c.Name[..^suffix.Length], out var original))
                {
                    return false;
                }

                return c.CpuMilli == original.CpuMilli && c.MemoryMib == original.MemoryMib && c.GpuCount == original.GpuCount && c.GpuMilli == original.GpuMilli;
            });
            var total = order.Sum(t => t.TotalGpuMilli);
            return PropertyFailure.Unless(originals.SequenceEqual(w.Tasks.Select(t => t.Name)), () => "the originals are not each there once, first")
                && PropertyFailure.Unless(copiesNumbered.All(ok => ok), () => $"copies misnamed or changed: {string.Join(", ", copies.Select(c => c.Name))}")
                && PropertyFailure.Unless(total <= w.Inflation * w.Capacity, () => $"total GPU request {total} over {w.Inflation} × {w.Capacity}")
                && PropertyFailure.Unless(order.Select(t => t.Name).SequenceEqual(GpuTraceExperiment.ArrivalOrder(w.Tasks, w.Capacity, w.Seed, w.Inflation).Select(t => t.Name)), () => "same seed, another order");
        }));

    [Fact]
    public void ArrivalOrder_Seeds_SameSeedSameOrderOtherSeedOtherOrder()
    {
        var tasks = Enumerable.Range(0, 20).Select(i => Share($"t{i:D2}", 100 + (i * 40))).ToArray();
        string Names(int seed) => string.Join(",", GpuTraceExperiment.ArrivalOrder(tasks, 4000, seed).Select(t => t.Name));

        Assert.Equal(Names(42), Names(42));
        Assert.NotEqual(Names(42), Names(43));

        // 20 originals of 100..860 milli (9600 in all) on a capacity of 4000 × 1.3 = 5200: the originals alone are
        // over the limit, so there are no copies.
        Assert.Equal(20, GpuTraceExperiment.ArrivalOrder(tasks, 4000, 42).Count);
    }

    [Fact]
    public void ArrivalOrder_OneTask_CopiesUntilTheNextWouldPassTheLimit()
    {
        // One 500 share, capacity 1000 (every draw is that task).
        // Inflation 1.5 (limit 1500): 500, copy 1 → 1000, copy 2 → 1500 = the limit, not past it; copy 3 → 2000 would be.
        Assert.Equal(["a", "a-tuned-0", "a-tuned-1"], GpuTraceExperiment.ArrivalOrder([Share("a", 500)], 1000, 5, 1.5).Select(t => t.Name));

        // Inflation 1.3 (limit 1300): 500, copy 1 → 1000; copy 2 → 1500 would pass it.
        Assert.Equal(["a", "a-tuned-0"], GpuTraceExperiment.ArrivalOrder([Share("a", 500)], 1000, 5, 1.3).Select(t => t.Name));
    }

    [Fact]
    public void ArrivalOrder_NoTaskWantsAGpu_IsTheShuffledOriginalsOnly()
    {
        var tasks = Enumerable.Range(0, 5).Select(i => CpuOnly($"t{i}", 1000)).ToArray();
        Assert.Equal(5, GpuTraceExperiment.ArrivalOrder(tasks, 1000, 1).Count);
    }

    [Fact]
    public void ArrivalOrder_BadInflationOrCapacity_Rejected()
    {
        GpuRequest[] tasks = [Share("t", 500)];
        foreach (var inflation in new[] { -0.5, double.NaN, double.PositiveInfinity })
        {
            var e = Assert.Throws<ArgumentOutOfRangeException>(() => GpuTraceExperiment.ArrivalOrder(tasks, 1000, 1, inflation));
            Assert.Equal("inflation", e.ParamName);
            Assert.Equal(inflation, e.ActualValue);
        }

        Assert.Equal("capacityGpuMilli", Assert.Throws<ArgumentOutOfRangeException>(() => GpuTraceExperiment.ArrivalOrder(tasks, -1, 1)).ParamName);
        Assert.Equal("tasks", Assert.Throws<ArgumentNullException>(() => GpuTraceExperiment.ArrivalOrder(null!, 1, 1)).ParamName);
    }

    [Fact]
    public void Run_ThreeHalfGpuTasksOnOneGpu_BinsByHand()
    {
        // 1 GPU (capacity 1000 milli), three 500 shares, inflation 1.5: 3 × 500 = 1500 = 1.5 × 1000, one more copy
        // would pass it, so no copy. After task 1: arrived 500 → 50%, allocated 50%; task 2: 1000 → 100%, 100%;
        // task 3 fits nowhere: 1500 → 150% is past 130% and not binned.
        // Allocation curve: bins 50 → 50, 100 → 100. x 0..48 nothing at x or x ± 1 → previous (0 at the start);
        // 49 and 51 → x ± 1 = 50 → 50; 52..98 → 50 (previous); 99, 100, 101 → 100; 102..130 → 100.
        var run = GpuTraceExperiment.Run(
            [Node("n", 1)],
            [Share("a", 500), Share("b", 500), Share("c", 500)],
            _ => GpuPlacementStrategies.BestFit(),
            new GpuTraceExperimentOptions { Inflation = 1.5, Seed = 7 });

        Assert.Equal((3, 2, 1), (run.Tasks, run.Placed, run.Failed));
        Assert.Equal((GpuPlacementStrategies.BestFitName, 7), (run.Policy, run.Seed));
        AssertCurve(run.AllocatedGpuPct, x => x < 49 ? 0 : x < 99 ? 50 : 100);
        Assert.Equal(0, run.UnallocatedGpuPctAtArrival100);
        Assert.Equal(100, run.AllocatedGpuPctAtArrival130);
    }

    [Fact]
    public void Run_TwoShapesOnOneGpu_FragmentationCurveByHand()
    {
        // One GPU; a 400 share and a 600 share, one of each shape: shares 1/2, 1/2. Order b (600), then a (400).
        // After b: free 400, arrived 600 → bin 60, allocated 60%; F = 1/2 · 0 (400 fits, nothing below 400)
        //   + 1/2 · 400 (600 fits nowhere: all idle) = 200 → 20% of capacity.
        // After a: free 0, arrived 1000 → bin 100, allocated 100%, F = 0.
        var run = RunOn([Node("n", 1)], [Share("a", 400), Share("b", 600)], "b", "a");

        Assert.Equal((2, 2), (run.Tasks, run.Placed));
        AssertCurve(run.AllocatedGpuPct, x => x < 59 ? 0 : x < 99 ? 60 : 100);
        AssertCurve(run.FragmentationPct, x => x < 59 ? 0 : x < 99 ? 20 : 0);
        Assert.Equal(0, run.FragmentationPctAtArrival100);
    }

    [Fact]
    public void Run_SeveralTasksInOneBin_TakesTheirMean()
    {
        // One GPU; shares of 1, 2 and 3 milli in that order: arrived 1, 3, 6 milli → 0.1%, 0.3%, 0.6% → bins 0, 0, 1;
        // allocated 0.1%, 0.3%, 0.6%. At 0: mean(0.1, 0.3) = 0.2; at 1: 0.6; at 2: x ± 1 → 0.6; then 0.6 onwards.
        var run = RunOn([Node("n", 1)], [Share("a", 1), Share("b", 2), Share("c", 3)], "a", "b", "c");
        AssertCurve(run.AllocatedGpuPct, x => x == 0 ? 0.2 : 0.6);
    }

    [Fact]
    public void Run_NothingAtZeroPercent_TakesTheTasksAtOnePercent()
    {
        // One GPU; two 10 milli shares: arrived 10 → 1%, 20 → 2%; allocated 1%, 2%. Bin 0 is empty: at 0% the
        // value is the mean at x ± 1, i.e. at 1%: 1. Then 1 → 1, 2 → 2, 3 → x ± 1 → 2, and 2 onwards.
        var run = RunOn([Node("n", 1)], [Share("a", 10), Share("b", 10)], "a", "b");
        AssertCurve(run.AllocatedGpuPct, x => x <= 1 ? 1 : 2);
    }

    [Fact]
    public void Run_ExplicitOrderWithCopies_PlacesTheCopiesUnderTheirNames()
    {
        var seen = new List<string>();
        var run = GpuTraceExperiment.Run(
            [Node("n", 2)],
            [Share("a", 400), Share("b", 600)],
            _ => GpuPlacementStrategies.Packing(),
            new GpuTraceExperimentOptions { ArrivalOrder = ["b", "a", "b-tuned-1", "a-tuned-2"], OnTask = (i, task, result) => seen.Add($"{i}:{task.Name}:{result.IsPlaced}") });

        // 2 GPUs: b (600) and a (400) fill GPU 0 (packing takes the partly used GPU), b-tuned-1 takes GPU 1 (600),
        // a-tuned-2 the 400 left on it.
        Assert.Equal(["0:b:True", "1:a:True", "2:b-tuned-1:True", "3:a-tuned-2:True"], seen);
        Assert.Equal((4, 4), (run.Tasks, run.Placed));
    }

    [Fact]
    public void Run_ExplicitOrdersNamingUnknownTasksOrNodes_RejectedNamingThem()
    {
        GpuNodeSpec[] nodes = [Node("n0", 1), Node("n1", 1)];
        GpuRequest[] tasks = [Share("a", 100), Share("b", 100)];
        GpuTraceRun Run(GpuTraceExperimentOptions options) => GpuTraceExperiment.Run(nodes, tasks, _ => GpuPlacementStrategies.Fgd(), options);

        var task = Assert.Throws<ArgumentException>(() => Run(new() { ArrivalOrder = ["a", "zz"] }));
        Assert.Contains("'zz'", task.Message, StringComparison.Ordinal);
        Assert.Equal("options", task.ParamName);

        var copy = Assert.Throws<ArgumentException>(() => Run(new() { ArrivalOrder = ["a", "zz-tuned-3"] }));
        Assert.Contains("'zz-tuned-3'", copy.Message, StringComparison.Ordinal);

        var node = Assert.Throws<ArgumentException>(() => Run(new() { TieBreakOrder = ["n0", "ghost"] }));
        Assert.Contains("'ghost'", node.Message, StringComparison.Ordinal);
        Assert.Equal("tieBreakOrder", node.ParamName);
    }

    [Fact]
    public void Run_BadArguments_Rejected()
    {
        GpuNodeSpec[] nodes = [Node("n0", 1)];
        GpuRequest[] tasks = [Share("a", 100)];
        Func<int, IGpuPlacementStrategy> fgd = _ => GpuPlacementStrategies.Fgd();

        Assert.Equal("nodes", Assert.Throws<ArgumentNullException>(() => GpuTraceExperiment.Run(null!, tasks, fgd)).ParamName);
        Assert.Equal("tasks", Assert.Throws<ArgumentNullException>(() => GpuTraceExperiment.Run(nodes, null!, fgd)).ParamName);
        Assert.Equal("strategy", Assert.Throws<ArgumentNullException>(() => GpuTraceExperiment.Run(nodes, tasks, null!)).ParamName);
        Assert.Equal("tasks", Assert.Throws<ArgumentException>(() => GpuTraceExperiment.Run(nodes, [], fgd)).ParamName);
        Assert.Equal("strategy", Assert.Throws<ArgumentException>(() => GpuTraceExperiment.Run(nodes, tasks, _ => null!)).ParamName);
        Assert.Equal("nodes", Assert.Throws<ArgumentException>(() => GpuTraceExperiment.Run([], tasks, fgd)).ParamName);
        var inflation = Assert.Throws<ArgumentOutOfRangeException>(() => GpuTraceExperiment.Run(nodes, tasks, fgd, new() { Inflation = -1 }));
        Assert.Equal((nameof(GpuTraceExperimentOptions.Inflation), (object?)(-1.0)), (inflation.ParamName, inflation.ActualValue));
        var coverage = Assert.Throws<ArgumentOutOfRangeException>(() => GpuTraceExperiment.Run(nodes, tasks, fgd, new() { Coverage = 0 }));
        Assert.Equal(nameof(GpuTraceExperimentOptions.Coverage), coverage.ParamName);

        // Two tasks of one name: rejected whether or not the order is explicit.
        GpuRequest[] twice = [Share("a", 100), Share("a", 200)];
        var seeded = Assert.Throws<ArgumentException>(() => GpuTraceExperiment.Run(nodes, twice, fgd));
        Assert.Equal(("tasks", true), (seeded.ParamName, seeded.Message.Contains("'a'", StringComparison.Ordinal)));
        var ordered = Assert.Throws<ArgumentException>(() => GpuTraceExperiment.Run(nodes, twice, fgd, new() { ArrivalOrder = ["a"] }));
        Assert.Equal("tasks", ordered.ParamName);
    }
}
