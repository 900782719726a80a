using System;
using System.Collections.Generic;
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
    public void Bound_RandomSmallInstances_HandsBackOnlyPatternsThatFitOneBin() =>
        Check.One(Quick, Prop.ForAll(PackingGenerators.Arb(maxItems: 12), small =>
        {
            var instance = small.Instance;
            var patterns = new List<ulong>();
            ColumnGeneration.Bound(instance, floor: 0, int.MaxValue, long.MaxValue, patterns);
            return patterns.All(pattern =>
                pattern != 0
                && pattern >> instance.ItemCount == 0
                && Enumerable.Range(0, instance.Dimensions).All(k =>
                    Enumerable.Range(0, instance.ItemCount).Where(i => (pattern >> i & 1) != 0).Sum(i => instance.Item(i)[k]) <= instance.Capacity[k]));
        }));

    [Fact]
    public void Bound_ManySmallItemsToABin_BetweenTheCombinatorialBoundAndTheOptimum() =>
        Check.One(Quick, Prop.ForAll(Arb.From(ManySmallItems(), PackingGenerators.Shrink), small =>
        {
            // Five to ten items to a bin: here the surrogate table and the quick swaps do most of the pricing.
            var floor = PackingBounds.LowerBound(small.Instance);
            var bound = ColumnGeneration.Bound(small.Instance, floor, int.MaxValue, long.MaxValue);
            return floor <= bound && bound <= PackingGenerators.BruteForceOptimum(small.Instance);
        }));

    [Fact]
    public void Bound_TargetOneAboveWhatTheLpProves_IsReachedWithoutTheBestPattern()
    {
        // With the target at 3 the pricing only asks whether a pattern is worth more than the price total over 2; none
        // is (each holds at most one of the three clashing items), and that alone proves 3.
        var instance = new PackingInstance("clash", [10, 10, 10], [6, 5, 0, 0, 6, 5, 5, 0, 6, 4, 4, 4]);

        Assert.Equal(3, ColumnGeneration.Bound(instance, floor: 0, target: 3, long.MaxValue));
        Assert.Equal(3, ColumnGeneration.Solve(instance, target: 3, long.MaxValue, decide: true).Bound);
    }

    [Fact]
    public void Solve_Deciding_NeverClaimsMoreThanTheOptimum_AndProvesTheOptimumWhenOneBinFewerIsAsked() =>
        Check.One(Quick, Prop.ForAll(Arb.From(Gen.OneOf(PackingGenerators.Instances(9, 1, 4), ManySmallItems()), PackingGenerators.Shrink), small =>
        {
            var instance = small.Instance;
            var optimum = PackingGenerators.BruteForceOptimum(instance);

            var atOptimum = ColumnGeneration.Solve(instance, optimum, long.MaxValue, decide: true);
            var aboveOptimum = ColumnGeneration.Solve(instance, optimum + 1, long.MaxValue, decide: true);

            // Deciding stops early, but every bound it reports must hold; and it never claims the target a plan beats.
            return atOptimum.Bound <= optimum && aboveOptimum.Bound <= optimum && !atOptimum.TimedOut && !aboveOptimum.TimedOut;
        }));

    /// <summary>Six to ten items of 2–20% of the capacity in three to six dimensions: five to ten items fill a bin.</summary>
    internal static Gen<SmallInstance> ManySmallItems() =>
        from d in Gen.Choose(3, 6)
        from n in Gen.Choose(6, 10)
        from sizes in Gen.ArrayOf(Gen.Choose(20, 200), n * d)
        select new SmallInstance(new PackingInstance($"small-{n}x{d}", Enumerable.Repeat(1000L, d).ToArray(), sizes.Select(s => (long)s).ToArray()));

    [Fact]
    public void Bound_StopsAtTheTarget_AndKeepsTheFloorWhenItCannotRun()
    {
        var instance = new PackingInstance("clash", [10, 10, 10], [6, 5, 0, 0, 6, 5, 5, 0, 6, 4, 4, 4]);

        Assert.Equal(5, ColumnGeneration.Bound(instance, floor: 5, target: 4, long.MaxValue));
        Assert.Equal(2, ColumnGeneration.Bound(instance, floor: 2, target: 4, deadline: 0));
        var tooMany = new PackingInstance("big", [10], Enumerable.Repeat(6L, ColumnGeneration.MaxItems + 1).ToArray());
        Assert.Equal(7, ColumnGeneration.Bound(tooMany, floor: 7, target: 100, long.MaxValue));
    }}
