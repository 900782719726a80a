using System;
using System.Linq;
using System.Threading;
using FsCheck;
using FsCheck.Fluent;
using Xunit;

namespace ContainerScheduling.Tests.Packing;

/// <summary>The exact solver against brute force, and its result when time runs out.</summary>
public sealed class ExactPackerTests
{
    private static readonly Config Quick = Config.QuickThrowOnFailure.WithMaxTest(300).WithQuietOnSuccess(true);

    [Fact]
    public void Solve_TinyInstances_EqualsBruteForce() =>
        Check.One(Quick, Prop.ForAll(PackingGenerators.Arb(maxItems: 8), small =>
        {
            var result = ExactPacker.Solve(small.Instance, Timeout.InfiniteTimeSpan);
            var brute = PackingGenerators.BruteForceOptimum(small.Instance);
            return result.IsOptimal && result.Plan.BinCount == brute && result.LowerBound == brute;
        }));

    [Fact]
    public void Solve_SmallInstances_BoundNeverAboveThePlan() =>
        Check.One(Quick, Prop.ForAll(PackingGenerators.Arb(maxItems: 12), small =>
        {
            var result = ExactPacker.Solve(small.Instance, TimeSpan.FromSeconds(30));
            return result.LowerBound <= result.Plan.BinCount && result.LowerBound >= PackingBounds.LowerBound(small.Instance);
        }));

    [Fact]
    public void Solve_ClassFourLikeThirtyItemsWithoutALimit_ProvesTheOptimumTheSameWayTwice()
    {
        // Seed 175 of the README's fresh class-4 instances: the LP bound is 4, the optimum 5, and the proof needs a
        // branch-and-price tree that switches to scanning the maximal patterns. Without a time limit the switch is counted
        // in work, so two runs give the same plan.
        var random = new Random(175);
        var sizes = new long[30 * 10];
        for (var i = 0; i < sizes.Length; i++)
        {
            sizes[i] = random.Next(50, 201);
        }

        var instance = new PackingInstance("class4-like-175", Enumerable.Repeat(1000L, 10).ToArray(), sizes);

        var first = ExactPacker.Solve(instance, Timeout.InfiniteTimeSpan);
        var second = ExactPacker.Solve(instance, Timeout.InfiniteTimeSpan);

        Assert.True(first.IsOptimal);
        Assert.True(first.LowerBound > PackingBounds.LowerBound(instance), "the proof goes beyond the combinatorial bound");
        Assert.Equal(first.Plan.Assignment.ToArray(), second.Plan.Assignment.ToArray());
        Assert.Equal(first.LowerBound, second.LowerBound);
    }

    [Fact]
    public void Solve_OptimumAboveThePerDimensionBounds_ProvesIt()
    {
        // The first three items clash pairwise, each time in a different dimension: volume and L2 say 2, the optimum is 3.
        var instance = new PackingInstance("proof", [10, 10, 10], [6, 5, 0, 0, 6, 5, 5, 0, 6, 4, 4, 4]);
        var result = ExactPacker.Solve(instance, TimeSpan.FromSeconds(10));
        Assert.Equal(2, PackingBounds.MartelloToth(instance));
        Assert.True(result.IsOptimal);
        Assert.Equal(3, result.Plan.BinCount);
        Assert.Equal(3, PackingGenerators.BruteForceOptimum(instance));
    }

    [Fact]
    public void Solve_ZeroTime_ReturnsAValidPlanAndAValidBound()
    {
        var instance = new PackingInstance("zero", [10], [6, 6, 6, 5, 4, 4, 3, 2]);
        var result = ExactPacker.Solve(instance, TimeSpan.Zero);
        Assert.InRange(result.LowerBound, PackingBounds.LowerBound(instance), result.Plan.BinCount);
        Assert.Equal(result.Plan.BinCount == result.LowerBound, result.IsOptimal);
    }

    [Fact]
    public void Solve_FromAPlan_NeverWorseThanItAndProvesTheOptimum() =>
        Check.One(Config.QuickThrowOnFailure.WithMaxTest(100).WithQuietOnSuccess(true), Prop.ForAll(PackingGenerators.Arb(maxItems: 9), small =>
        {
            var start = new PackingPlan(small.Instance, Enumerable.Range(0, small.Instance.ItemCount).ToArray());
            var result = ExactPacker.Solve(start, TimeSpan.FromSeconds(30));
            return result.Plan.Instance == small.Instance && result.IsOptimal
                && result.Plan.BinCount == PackingGenerators.BruteForceOptimum(small.Instance);
        }));

    [Fact]
    public void Solve_NegativeTime_ThrowsNamingTheTimeLimit()
    {
        var instance = new PackingInstance("x", [1], [1]);
        Assert.Equal("timeLimit", Assert.Throws<ArgumentOutOfRangeException>(() => ExactPacker.Solve(instance, TimeSpan.FromSeconds(-1))).ParamName);
        Assert.Equal("timeLimit", Assert.Throws<ArgumentOutOfRangeException>(() => ExactPacker.Solve(new PackingPlan(instance, [0]), TimeSpan.FromSeconds(-1))).ParamName);
    }

    [Fact]
    public void Solve_NoItems_IsOptimalWithNoBins()
    {
        var result = ExactPacker.Solve(new PackingInstance("empty", [10], []), TimeSpan.FromSeconds(1));
        Assert.True(result.IsOptimal);
        Assert.Equal(0, result.Plan.BinCount);
    }
}
