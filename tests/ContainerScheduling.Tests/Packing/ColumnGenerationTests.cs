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
    public void Bound_StopsAtTheTarget_AndKeepsTheFloorWhenItCannotRun()
    {
        var instance = new PackingInstance("clash", [10, 10, 10], [6, 5, 0, 0, 6, 5, 5, 0, 6, 4, 4, 4]);

        Assert.Equal(5, ColumnGeneration.Bound(instance, floor: 5, target: 4, long.MaxValue));
        Assert.Equal(2, ColumnGeneration.Bound(instance, floor: 2, target: 4, deadline: 0));
        var tooMany = new PackingInstance("big", [10], Enumerable.Repeat(6L, ColumnGeneration.MaxItems + 1).ToArray());
        Assert.Equal(7, ColumnGeneration.Bound(tooMany, floor: 7, target: 100, long.MaxValue));
    }}
