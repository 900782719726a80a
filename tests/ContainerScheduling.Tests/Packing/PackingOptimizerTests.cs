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
