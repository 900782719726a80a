using System;
using System.Linq;
using System.Threading;
using FsCheck;
using FsCheck.Fluent;
using Xunit;

namespace ContainerScheduling.Tests.Packing;

/// <summary>The optimizer: never worse than its start, deterministic for a seed and an iteration budget.</summary>
public sealed class PackingOptimizerTests
{
    private static readonly Config Quick = Config.QuickThrowOnFailure.WithMaxTest(200).WithQuietOnSuccess(true);

    private static PackingOptimizerOptions Budget(int seed, long moves) =>
        new() { Seed = seed, MaxIterations = moves, TimeLimit = Timeout.InfiniteTimeSpan };

    [Fact]
    public void Improve_RandomStarts_ValidNeverWorseNeverBelowTheOptimum() =>
        Check.One(Quick, Prop.ForAll(PackingGenerators.Arb(maxItems: 12), Gen.Choose(0, 1000).ToArbitrary(), (small, seed) =>
        {
            // Start from the worst plan there is: one item per bin.
            var start = new PackingPlan(small.Instance, Enumerable.Range(0, small.Instance.ItemCount).ToArray());
            var improved = PackingOptimizer.Improve(start, Budget(seed, 5_000));
            var optimum = ExactPacker.Solve(small.Instance, TimeSpan.FromSeconds(30)).Plan.BinCount;
            return improved.Instance == small.Instance && improved.BinCount <= start.BinCount && improved.BinCount >= optimum;
        }));

    [Fact]
    public void Improve_SameSeedAndBudget_SamePlan()
    {
        var instance = LargeInstance();
        var start = BatchPackers.Create("ffd-sum").Pack(instance);
        var first = PackingOptimizer.Improve(start, Budget(7, 3_000));
        var second = PackingOptimizer.Improve(start, Budget(7, 3_000));
        Assert.Equal(first.Assignment, second.Assignment);
    }

    [Fact]
    public void Improve_SingletonStart_ReachesTheOptimumOfAnEasyInstance()
    {
        // Eight items of 5 in capacity 10: four bins, found from eight.
        var instance = new PackingInstance("pairs", [10], Enumerable.Repeat(5L, 8).ToArray());
        var start = new PackingPlan(instance, Enumerable.Range(0, 8).ToArray());
        Assert.Equal(4, PackingOptimizer.Improve(start, Budget(0, 10_000)).BinCount);
    }

    [Fact]
    public void Improve_ImprovesFirstFitDecreasingOnARandomInstance()
    {
        var instance = LargeInstance();
        var start = BatchPackers.Create("ffd-sum").Pack(instance);
        var improved = PackingOptimizer.Improve(start, Budget(0, 50_000));
        Assert.True(improved.BinCount < start.BinCount, $"{improved.BinCount} bins from {start.BinCount}");
    }

    [Fact]
    public void Improve_StartAtTheLowerBound_ReturnsTheStart()
    {
        var instance = new PackingInstance("tight", [10], [5, 5, 5, 5]);
        var start = new PackingPlan(instance, [0, 0, 1, 1]);
        Assert.Same(start, PackingOptimizer.Improve(start, Budget(0, 1_000)));
    }

    [Fact]
    public void Improve_NegativeBudget_Throws()
    {
        var start = new PackingPlan(new PackingInstance("x", [10], [5, 5]), [0, 1]);
        Assert.Throws<ArgumentOutOfRangeException>(() => PackingOptimizer.Improve(start, new PackingOptimizerOptions { MaxIterations = -1 }));
        Assert.Throws<ArgumentOutOfRangeException>(() => PackingOptimizer.Improve(start, new PackingOptimizerOptions { TimeLimit = TimeSpan.FromSeconds(-2) }));
    }

    [Fact]
    public void Optimize_SmallInstancesWithTimeToSpare_ProvesTheOptimumFromTheWorstStart() =>
        Check.One(Config.QuickThrowOnFailure.WithMaxTest(100).WithQuietOnSuccess(true), Prop.ForAll(PackingGenerators.Arb(maxItems: 9), small =>
        {
            // One item per bin: the exact solver, which Optimize runs first on small instances, must close the gap.
            var start = new PackingPlan(small.Instance, Enumerable.Range(0, small.Instance.ItemCount).ToArray());
            var result = PackingOptimizer.Optimize(start, new PackingOptimizerOptions { TimeLimit = TimeSpan.FromSeconds(30) });
            var optimum = PackingGenerators.BruteForceOptimum(small.Instance);
            return result.IsOptimal && result.Plan.BinCount == optimum && result.LowerBound == optimum;
        }));

    [Fact]
    public void Optimize_WithAnIterationBudget_SkipsTheExactSolverAndIsTheSameEveryRun()
    {
        // (7,6), (9,1) and (8,5) fit with no other item, and (5,2), (5,1), (3,8) fit two at a time but not all three:
        // 5 bins. The combinatorial bound says 4; only the exact solver's LP proves 5.
        var instance = new PackingInstance("gap", [10, 10], [5, 2, 7, 6, 5, 1, 9, 1, 3, 8, 8, 5]);
        var start = new PackingPlan(instance, [0, 1, 2, 3, 4, 5]);

        var first = PackingOptimizer.Optimize(start, Budget(3, 2_000));
        var second = PackingOptimizer.Optimize(start, Budget(3, 2_000));
        var timed = PackingOptimizer.Optimize(start, new PackingOptimizerOptions { TimeLimit = TimeSpan.FromSeconds(10) });

        Assert.Equal(4, PackingBounds.LowerBound(instance));
        Assert.Equal(first.Plan.Assignment, second.Plan.Assignment);
        Assert.Equal(5, first.Plan.BinCount);
        Assert.Equal(4, first.LowerBound);
        Assert.Equal(5, timed.LowerBound);
        Assert.True(timed.IsOptimal);
    }

    [Fact]
    public void Optimize_LargerThanTheExactLimit_OnlyImproves()
    {
        var instance = LargeInstance();
        Assert.True(instance.ItemCount > PackingOptimizer.ExactItemLimit);
        var start = BatchPackers.Create("ffd-sum").Pack(instance);

        var result = PackingOptimizer.Optimize(start, Budget(0, 50_000));

        Assert.Equal(PackingOptimizer.Improve(start, Budget(0, 50_000)).Assignment, result.Plan.Assignment);
        Assert.Equal(PackingBounds.LowerBound(instance), result.LowerBound);
    }

    [Fact]
    public void Optimize_BadBudget_ThrowsNamingTheOptions()
    {
        var start = new PackingPlan(new PackingInstance("x", [10], [5, 5]), [0, 1]);
        var error = Assert.Throws<ArgumentOutOfRangeException>(() => PackingOptimizer.Optimize(start, new PackingOptimizerOptions { MaxIterations = -1 }));
        Assert.Equal("options", error.ParamName);
        Assert.Throws<ArgumentOutOfRangeException>(() => PackingOptimizer.Optimize(start, new PackingOptimizerOptions { TimeLimit = TimeSpan.FromSeconds(-2) }));
    }

    [Fact]
    public void Options_Defaults()
    {
        var options = new PackingOptimizerOptions();
        Assert.Equal(0, options.Seed);
        Assert.Equal(TimeSpan.FromMilliseconds(500), options.TimeLimit);
        Assert.Equal(long.MaxValue, options.MaxIterations);
    }

    /// <summary>120 items in 3 dimensions from a fixed linear congruential sequence, sizes 10..60 of 100.</summary>
    private static PackingInstance LargeInstance()
    {
        var sizes = new long[120 * 3];
        var x = 12345L;
        for (var i = 0; i < sizes.Length; i++)
        {
            x = (x * 1103515245 + 12345) & 0x7FFFFFFF;
            sizes[i] = 10 + (x >> 8) % 51;
        }

        return new PackingInstance("lcg", [100, 100, 100], sizes);
    }
}
