using System;
using System.Diagnostics;
using System.Linq;
using FsCheck;
using FsCheck.Fluent;
using Xunit;

namespace ContainerScheduling.Tests.Packing;

/// <summary>The LP bound by column generation and the LP dive, against brute force and by hand.</summary>
public sealed class ColumnGenerationTests
{
    private static readonly Config Quick = Config.QuickThrowOnFailure.WithMaxTest(300).WithQuietOnSuccess(true);

    [Fact]
    public void Bound_ThreeItemsThatClashPairwise_IsThreeWhereMartelloTothSaysTwo()
    {
        // (6,5,0), (0,6,5) and (5,0,6) clash pairwise, each pair in a different dimension, so every bin pattern holds at
        // most one of them and the LP needs x ≥ 1 for each: 3. Volume and L2 per dimension see 2.
        var instance = new PackingInstance("clash", [10, 10, 10], [6, 5, 0, 0, 6, 5, 5, 0, 6, 4, 4, 4]);

        Assert.Equal(2, PackingBounds.MartelloToth(instance));
        Assert.Equal(3, ColumnGeneration.Bound(instance, floor: 0, target: 4, long.MaxValue));
    }

    [Fact]
    public void Bound_RandomSmallInstances_BetweenTheCombinatorialBoundAndTheOptimum() =>
        Check.One(Quick, Prop.ForAll(PackingGenerators.Arb(maxItems: 9), small =>
        {
            var floor = PackingBounds.LowerBound(small.Instance);
            var bound = ColumnGeneration.Bound(small.Instance, floor, int.MaxValue, long.MaxValue);
            return floor <= bound && bound <= PackingGenerators.BruteForceOptimum(small.Instance);
        }));

    [Fact]
    public void Bound_StopsAtTheTarget_AndKeepsTheFloorWhenItCannotRun()
    {
        var instance = new PackingInstance("clash", [10, 10, 10], [6, 5, 0, 0, 6, 5, 5, 0, 6, 4, 4, 4]);

        Assert.Equal(5, ColumnGeneration.Bound(instance, floor: 5, target: 4, long.MaxValue));
        Assert.Equal(2, ColumnGeneration.Bound(instance, floor: 2, target: 4, deadline: 0));
        var tooMany = new PackingInstance("big", [10], Enumerable.Repeat(6L, ColumnGeneration.MaxItems + 1).ToArray());
        Assert.Equal(7, ColumnGeneration.Bound(tooMany, floor: 7, target: 100, long.MaxValue));
    }

    [Fact]
    public void Dive_RandomSmallInstances_AValidPlanWithFewerBins_OrNothing() =>
        Check.One(Quick, Prop.ForAll(PackingGenerators.Arb(maxItems: 12), small =>
        {
            var toBeat = BatchPackers.Create("ffd-sum").Pack(small.Instance).BinCount + 1;
            var assignment = ColumnGeneration.Dive(small.Instance, toBeat, long.MaxValue);
            if (assignment is null)
            {
                return false; // with one bin to spare over FFD there is always a plan to find
            }

            var plan = new PackingPlan(small.Instance, assignment); // throws if a bin is over capacity
            return plan.BinCount < toBeat && plan.BinCount >= PackingGenerators.BruteForceOptimum(small.Instance);
        }));

    [Fact]
    public void Dive_WhereTheOptimumIsTheLpBound_FindsIt()
    {
        // The clash instance: the LP's patterns are each clashing item with a share of (4,4,4); diving fixes one and
        // the rest follow, 3 bins, which is what brute force gives.
        var instance = new PackingInstance("clash", [10, 10, 10], [6, 5, 0, 0, 6, 5, 5, 0, 6, 4, 4, 4]);

        var assignment = ColumnGeneration.Dive(instance, toBeat: 4, long.MaxValue);

        Assert.NotNull(assignment);
        Assert.Equal(3, new PackingPlan(instance, assignment).BinCount);
        Assert.Null(ColumnGeneration.Dive(instance, toBeat: 3, long.MaxValue));
    }
}
