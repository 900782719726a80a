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
