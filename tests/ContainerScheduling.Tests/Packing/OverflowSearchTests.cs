using System;
using System.Linq;
using System.Threading;
using FsCheck;
using FsCheck.Fluent;
using Xunit;

namespace ContainerScheduling.Tests.Packing;

/// <summary>The search that lets k bins overflow and drives the overflow to zero.</summary>
public sealed class OverflowSearchTests
{
    private static readonly Config Quick = Config.QuickThrowOnFailure.WithMaxTest(300).WithQuietOnSuccess(true);

    [Fact]
    public void Pack_RandomInstancesAndBinCounts_AnyPlanFoundIsValidAndWithinTheBins() =>
        Check.One(Quick, Prop.ForAll(PackingGenerators.Arb(maxItems: 12), Gen.Choose(1, 12).ToArbitrary(), (small, bins) =>
        {
            var instance = small.Instance;
            var assignment = OverflowSearch.Pack(instance, bins, 500, long.MaxValue);
            if (assignment is null)
            {
                // Nothing is claimed when nothing is found, except where a plan is trivial: one bin per item.
                return bins < instance.ItemCount;
            }

            var plan = new PackingPlan(instance, assignment); // throws on a bin over capacity or a gap in the numbering
            return plan.BinCount <= bins && plan.BinCount >= PackingBounds.LowerBound(instance);
        }));

    [Fact]
    public void Pack_FewerBinsThanTheLowerBound_FindsNothing() =>
        Check.One(Quick, Prop.ForAll(PackingGenerators.Arb(maxItems: 12), small =>
        {
            var below = PackingBounds.LowerBound(small.Instance) - 1;
            return below < 1 || OverflowSearch.Pack(small.Instance, below, 200, long.MaxValue) is null;
        }));

    [Fact]
    public void Pack_TwoBinsOfFifteenItems_FindsThePlanTheBinEmptyingSearchMisses()
    {
        // Seed 289 of 30 class-5-like items (10 dimensions, sizes 25..100 of 1,000): 2 bins suffice, but the portfolio
        // and 20,000 bin-emptying moves stay at 3, and the LP bound needs about half a second to say 2.
        var instance = ClassFiveLike(289);
        var emptying = BinEmptyingSearch.Improve(
            BatchPackers.Default().Pack(instance),
            new PackingOptimizerOptions { MaxIterations = 20_000, TimeLimit = Timeout.InfiniteTimeSpan });

        var assignment = OverflowSearch.Pack(instance, 2, 2_000, long.MaxValue);

        Assert.Equal(2, PackingBounds.LowerBound(instance));
        Assert.Equal(3, emptying.BinCount);
        Assert.NotNull(assignment);
        Assert.Equal(2, new PackingPlan(instance, assignment).BinCount);
    }

    [Fact]
    public void Pack_SameSeed_SamePlan()
    {
        var instance = ClassFiveLike(289);

        var first = OverflowSearch.Pack(instance, 2, 2_000, long.MaxValue, seed: 5);
        var second = OverflowSearch.Pack(instance, 2, 2_000, long.MaxValue, seed: 5);

        Assert.NotNull(first);
        Assert.Equal(first, second);
    }

    [Fact]
    public void Pack_EdgeCases_NoItemsIsEmptyAndNoBinsIsNothing()
    {
        Assert.Empty(OverflowSearch.Pack(new PackingInstance("empty", [10], []), 0, 10, long.MaxValue)!);
        Assert.Null(OverflowSearch.Pack(new PackingInstance("one", [10], [5]), 0, 10, long.MaxValue));
    }

    [Fact]
    public void ExactSolve_TwoBinsOfFifteenItems_ProvesTwo()
    {
        var instance = ClassFiveLike(289);

        var result = ExactPacker.Solve(instance, Timeout.InfiniteTimeSpan);

        Assert.True(result.IsOptimal);
        Assert.Equal(2, result.Plan.BinCount);
    }

    /// <summary>30 items of 10 dimensions, sizes uniform in 25..100, capacity 1,000 (class 5 of the shared set), from <c>new Random(seed)</c>.</summary>
    private static PackingInstance ClassFiveLike(int seed)
    {
        var random = new Random(seed);
        var sizes = new long[30 * 10];
        for (var i = 0; i < sizes.Length; i++)
        {
            sizes[i] = random.Next(25, 101);
        }

        return new PackingInstance($"class5-like-{seed}", Enumerable.Repeat(1000L, 10).ToArray(), sizes);
    }
}
