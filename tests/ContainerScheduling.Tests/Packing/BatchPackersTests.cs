using System;
using System.Collections.Generic;
using System.Linq;
using FsCheck;
using FsCheck.Fluent;
using Xunit;

namespace ContainerScheduling.Tests.Packing;

/// <summary>The batch planners: names, validity, never better than the optimum, FFD's guarantee, the portfolio.</summary>
public sealed class BatchPackersTests
{
    private static readonly Config Quick = Config.QuickThrowOnFailure.WithMaxTest(200).WithQuietOnSuccess(true);

    public static IEnumerable<object[]> Names => BatchPackers.Names.Select(n => new object[] { n });

    [Fact]
    public void Names_DefaultFirst_EachCreatedUnderItsName()
    {
        Assert.Equal(BatchPackers.DefaultName, BatchPackers.Names[0]);
        Assert.Equal(BatchPackers.Names.Count, BatchPackers.Names.Distinct(StringComparer.Ordinal).Count());
        Assert.All(BatchPackers.Names, name => Assert.Equal(name, BatchPackers.Create(name).Name));
        Assert.Equal(BatchPackers.DefaultName, BatchPackers.Default().Name);
        Assert.Contains("ffd-sum", BatchPackers.Names);
        Assert.Contains("dot-product", BatchPackers.Names);
    }

    [Fact]
    public void Create_UnknownName_ThrowsNamingItAndTheValidOnes()
    {
        var error = Assert.Throws<ArgumentException>(() => BatchPackers.Create("nope"));
        Assert.Equal("name", error.ParamName);
        Assert.Contains("'nope'", error.Message, StringComparison.Ordinal);
        Assert.All(BatchPackers.Names, name => Assert.Contains(name, error.Message, StringComparison.Ordinal));
    }

    [Theory]
    [MemberData(nameof(Names))]
    public void Pack_NoItems_GivesNoBins(string name) =>
        Assert.Equal(0, BatchPackers.Create(name).Pack(new PackingInstance("empty", [10], [])).BinCount);

    [Theory]
    [MemberData(nameof(Names))]
    public void Pack_RandomSmallInstances_ValidAndNeverFewerBinsThanTheOptimum(string name)
    {
        var packer = BatchPackers.Create(name);
        Check.One(Quick, Prop.ForAll(PackingGenerators.Arb(maxItems: 12), small =>
        {
            // The PackingPlan constructor checks capacity and numbering; the plan must also be of this instance.
            var plan = packer.Pack(small.Instance);
            var optimum = ExactPacker.Solve(small.Instance, TimeSpan.FromSeconds(30));
            return optimum.IsOptimal && plan.Instance == small.Instance && plan.BinCount >= optimum.Plan.BinCount;
        }));
    }

    [Fact]
    public void FirstFitDecreasing_OneDimension_WithinElevenNinthsOfOptimumPlusSixNinths() =>
        Check.One(Quick, Prop.ForAll(PackingGenerators.Arb(maxItems: 12, minDims: 1, maxDims: 1), small =>
        {
            var ffd = BatchPackers.Create("ffd-sum").Pack(small.Instance).BinCount;
            var optimum = ExactPacker.Solve(small.Instance, TimeSpan.FromSeconds(30)).Plan.BinCount;
            return 9 * ffd <= 11 * optimum + 6;
        }));

    [Fact]
    public void FirstFitDecreasing_OneDimension_MatchesAHandPacking()
    {
        // Decreasing: 7, 6, 5, 4, 3, 2 with capacity 10: 7+3, 6+4, 5+2 -> three bins.
        var instance = new PackingInstance("ffd", [10], [3, 7, 2, 5, 6, 4]);
        var plan = BatchPackers.Create("ffd-sum").Pack(instance);
        Assert.Equal(3, plan.BinCount);
        Assert.Equal([0, 0, 2, 2, 1, 1], plan.Assignment);
    }

    [Fact]
    public void DotProduct_FillsOneBinAtATimeWithTheBestAlignedItem()
    {
        // The first bin is empty: the item with the largest normalised sum, (8,8), goes first; the room left is (2,2),
        // which only (2,2) fits. Then (5,1) and (1,5) and the rest fill the second bin.
        var instance = new PackingInstance("dp", [10, 10], [5, 1, 8, 8, 1, 5, 2, 2]);
        var plan = BatchPackers.Create("dot-product").Pack(instance);
        Assert.Equal([1, 0, 1, 0], plan.Assignment);
    }

    [Fact]
    public void DotProductDynamic8_LeansOnTheScarcestDimension_WherePowerOneDoesNot()
    {
        // Bin 0 takes (50,100) alone. The rest need (160,190): dimension 2 is scarcer. Power 1 weighs them 1.6 : 1.9,
        // so (40,60) scores 1.78 against (20,70)'s 1.65 and goes first, then (50,20) fills the bin to (90,80) and the
        // last three, (70,110) together, need two more bins, (20,70)+(20,30) and (30,10): 4. Power 8 weighs them 43 : 170, so (20,70) goes first,
        // then (50,20) and (30,10) fill the bin exactly, and (40,60) and (20,30) share the third: 3, the volume bound.
        var instance = new PackingInstance("pow", [100, 100], [40, 60, 30, 10, 20, 70, 20, 30, 50, 20, 50, 100]);

        var power1 = BatchPackers.Create("dot-product-dynamic").Pack(instance);
        var power8 = BatchPackers.Create("dot-product-dynamic8").Pack(instance);

        Assert.Equal([1, 3, 2, 2, 1, 0], power1.Assignment);
        Assert.Equal([2, 1, 1, 2, 1, 0], power8.Assignment);
        Assert.Equal(PackingBounds.Volume(instance), power8.BinCount);
    }

    [Fact]
    public void PairFill_TwoExactTriplets_PacksTheOptimumWhereFirstFitDecreasingNeedsThree()
    {
        // Two bins filled exactly in both dimensions by three items each: (45,40)+(30,35)+(25,25) and
        // (40,45)+(35,25)+(25,30). Listed as 0:(25,25) 1:(40,45) 2:(45,40) 3:(35,25) 4:(30,35) 5:(25,30); sums
        // 50, 85, 85, 60, 65, 55. FFD by sum puts 1 and 2 together (85,85), then 4, 3, 5 (90,90) in bin 1, and 0 fits
        // neither: 3 bins. Pair-fill opens bin 0 with item 1, room (60,55): no pair with item 2 or 4 fits, 3+5 adds
        // exactly (60,55) and is taken; bin 1 opens with item 2, room (55,60), filled exactly by 4+0: 2 bins.
        var instance = new PackingInstance("triplets", [100, 100], [25, 25, 40, 45, 45, 40, 35, 25, 30, 35, 25, 30]);

        var ffd = BatchPackers.Create("ffd-sum").Pack(instance);
        var pairFill = BatchPackers.Create("pair-fill").Pack(instance);

        Assert.Equal(3, ffd.BinCount);
        Assert.Equal([2, 0, 0, 1, 1, 1], ffd.Assignment);
        Assert.Equal(2, pairFill.BinCount);
        Assert.Equal([1, 0, 1, 0, 1, 0], pairFill.Assignment);
        Assert.Equal(2, BatchPackers.Create("pair-fill-dynamic").Pack(instance).BinCount);
    }

    [Fact]
    public void PairFill_NoPairFits_TakesTheLargestSingleItem()
    {
        // Capacity 10, one dimension. Items 6, 3, 2, 1: 6 opens bin 0, room 4; of the pairs 3+2 (5) does not fit and
        // 3+1 fills it exactly, so bin 0 = 6, 3, 1 and bin 1 = 2. Items 7, 2, 2: 7 opens bin 0, room 3; the only pair
        // (2+2) does not fit, so the largest single item, the first 2, goes in (room 1) and the other 2 opens bin 1.
        var exact = BatchPackers.Create("pair-fill").Pack(new PackingInstance("pair", [10], [6, 3, 2, 1]));
        var single = BatchPackers.Create("pair-fill").Pack(new PackingInstance("single", [10], [7, 2, 2]));

        Assert.Equal([0, 0, 1, 0], exact.Assignment);
        Assert.Equal([0, 0, 1], single.Assignment);
    }

    [Theory]
    [InlineData("pair-fill")]
    [InlineData("pair-fill-dynamic")]
    public void PairFill_RandomInstances_NoItemOfALaterBinFitsAnEarlierBin(string name)
    {
        // One bin at a time, closed only when no unplaced item fits it: whatever went to a later bin did not fit the
        // earlier bin's final load.
        var packer = BatchPackers.Create(name);
        Check.One(Quick, Prop.ForAll(PackingGenerators.Arb(maxItems: 40), small =>
        {
            var instance = small.Instance;
            var plan = packer.Pack(instance);
            var d = instance.Dimensions;
            var load = new long[plan.BinCount * d];
            for (var i = 0; i < instance.ItemCount; i++)
            {
                for (var k = 0; k < d; k++)
                {
                    load[plan.Assignment[i] * d + k] += instance.Sizes[i * d + k];
                }
            }

            for (var i = 0; i < instance.ItemCount; i++)
            {
                for (var b = 0; b < plan.Assignment[i]; b++)
                {
                    var fits = true;
                    for (var k = 0; k < d; k++)
                    {
                        fits &= load[b * d + k] + instance.Sizes[i * d + k] <= instance.Capacity[k];
                    }

                    if (fits)
                    {
                        return false;
                    }
                }
            }

            return true;
        }));
    }

    [Fact]
    public void Portfolio_RandomInstances_NeverMoreBinsThanAnyMember() =>
        Check.One(Quick, Prop.ForAll(PackingGenerators.Arb(maxItems: 12), small =>
        {
            var portfolio = BatchPackers.Default().Pack(small.Instance).BinCount;
            return BatchPackers.Names.All(n => BatchPackers.Create(n).Pack(small.Instance).BinCount >= portfolio);
        }));

    [Theory]
    [MemberData(nameof(Names))]
    public void Pack_SameInstanceTwice_SamePlan(string name)
    {
        var instance = new PackingInstance("repeat", [10, 10, 10], Enumerable.Range(0, 60).Select(i => (long)(i * 7 % 9)).ToArray());
        Assert.Equal(BatchPackers.Create(name).Pack(instance).Assignment, BatchPackers.Create(name).Pack(instance).Assignment);
    }
}
