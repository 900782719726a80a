using System;
using FsCheck;
using FsCheck.Fluent;
using Xunit;

namespace ContainerScheduling.Tests.Packing;

/// <summary>Lower bounds: by hand on classic examples, and never above the optimum.</summary>
public sealed class PackingBoundsTests
{
    private static readonly Config Quick = Config.QuickThrowOnFailure.WithMaxTest(300).WithQuietOnSuccess(true);

    [Fact]
    public void Volume_OneDimension_IsCeilingOfTotalOverCapacity()
    {
        // 7 + 7 + 4·4 = 30 over capacity 10.
        var instance = new PackingInstance("mt", [10], [7, 7, 4, 4, 4, 4]);
        Assert.Equal(3, PackingBounds.Volume(instance));
    }

    [Fact]
    public void MartelloToth_SevensAndFours_SeesThatNoFourSharesWithASeven()
    {
        // K = 4: the two 7s (> C − K = 6) need a bin each and take no 4; the four 4s (16) need two more: L2 = 4 > volume 3.
        var instance = new PackingInstance("mt", [10], [7, 7, 4, 4, 4, 4]);
        Assert.Equal(4, PackingBounds.MartelloToth(instance));
        Assert.Equal(4, ExactPacker.Solve(instance, TimeSpan.FromSeconds(10)).Plan.BinCount);
    }

    [Fact]
    public void MartelloToth_ThreeItemsAboveHalf_NeedThreeBins()
    {
        var instance = new PackingInstance("halves", [10], [6, 6, 6]);
        Assert.Equal(2, PackingBounds.Volume(instance));
        Assert.Equal(3, PackingBounds.MartelloToth(instance));
    }

    [Fact]
    public void MartelloToth_TakesTheBestDimension()
    {
        // Dimension 0 is light; dimension 1 has three items above half.
        var instance = new PackingInstance("2d", [10, 10], [1, 6, 1, 6, 1, 6]);
        Assert.Equal(3, PackingBounds.MartelloToth(instance));
    }

    [Fact]
    public void Incompatibility_ItemsLargeInDifferentDimensions_SeesWhatPerDimensionBoundsMiss()
    {
        // (6,5)+(5,6) = (11,11), (6,5)+(5,5) = (11,10), (5,6)+(5,5) = (10,11): no two share a bin.
        var instance = new PackingInstance("clique", [10, 10], [6, 5, 5, 6, 5, 5]);
        Assert.Equal(2, PackingBounds.Volume(instance));
        Assert.Equal(2, PackingBounds.MartelloToth(instance));
        Assert.Equal(3, PackingBounds.Incompatibility(instance));
        Assert.Equal(3, PackingBounds.LowerBound(instance));
    }

    [Fact]
    public void Incompatibility_AddsTheOverflowOfTheOtherItems()
    {
        // The 7s each need a bin and leave 3 + 3 = 6 of room; the four 3s (12) overflow by 6: one more bin.
        var instance = new PackingInstance("overflow", [10], [7, 7, 3, 3, 3, 3]);
        Assert.Equal(3, PackingBounds.Incompatibility(instance));
    }

    [Fact]
    public void Bounds_NoItems_AreZero()
    {
        var instance = new PackingInstance("empty", [10, 10], []);
        Assert.Equal(0, PackingBounds.Volume(instance));
        Assert.Equal(0, PackingBounds.MartelloToth(instance));
        Assert.Equal(0, PackingBounds.Incompatibility(instance));
    }

    [Fact]
    public void LowerBound_RandomSmallInstances_NeverAboveTheBruteForceOptimum() =>
        Check.One(Quick, Prop.ForAll(PackingGenerators.Arb(maxItems: 8), small =>
        {
            var optimum = PackingGenerators.BruteForceOptimum(small.Instance);
            return PackingBounds.Volume(small.Instance) <= optimum
                && PackingBounds.MartelloToth(small.Instance) <= optimum
                && PackingBounds.Incompatibility(small.Instance) <= optimum
                && PackingBounds.LowerBound(small.Instance) <= optimum;
        }));
}
