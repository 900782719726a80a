using System.Linq;
using FsCheck;
using FsCheck.Fluent;
using Xunit;

namespace ContainerScheduling.Tests.Packing;

/// <summary>Branch-and-price against brute force, and by hand.</summary>
public sealed class BranchAndPriceTests
{
    private static readonly Config Quick = Config.QuickThrowOnFailure.WithMaxTest(300).WithQuietOnSuccess(true);

    [Theory]
    [InlineData(null)] // the default: the switch to scanning the maximal patterns once it pays
    [InlineData(true)] // scanning from the first LP
    [InlineData(false)] // the knapsack search throughout
    public void Search_RandomSmallInstances_FindsTheOptimumWhenOneBinMoreIsToBeat_AndProvesNoneBeatsTheOptimum(bool? scan) =>
        Check.One(Quick, Prop.ForAll(PackingGenerators.Arb(maxItems: 9), small =>
        {
            var instance = small.Instance;
            var optimum = PackingGenerators.BruteForceOptimum(instance);

            var (found, provenAbove) = BranchAndPrice.Search(instance, optimum + 1, long.MaxValue, scan: scan);
            var (none, provenAtOptimum) = BranchAndPrice.Search(instance, optimum, long.MaxValue, scan: scan);

            // PackingPlan throws if a bin is over capacity or an item is missing.
            return found is not null && !provenAbove && new PackingPlan(instance, found).BinCount == optimum
                && none is null && provenAtOptimum;
        }));

    [Fact]
    public void Search_ItemsOfAFifthToAHalfInTwoToFourDimensions_FindsTheOptimumAndProvesIt()
    {
        // Two or three items to a bin, in several dimensions: the LP often splits items between patterns, so the search
        // must branch; a plan can lie in the "apart" branch only (the next test is one such instance).
        var instances =
            from d in Gen.Choose(2, 4)
            from n in Gen.Choose(5, 10)
            from sizes in Gen.ArrayOf(Gen.Frequency((1, Gen.Choose(0, 600)), (3, Gen.Choose(200, 550))), n * d)
            select new SmallInstance(new PackingInstance($"fifths-{n}x{d}", Enumerable.Repeat(1000L, d).ToArray(), sizes.Select(s => (long)s).ToArray()));

        Check.One(Quick, Prop.ForAll(Arb.From(instances, PackingGenerators.Shrink), FindsTheOptimumAndProvesIt));
    }

    [Fact]
    public void Search_WhereThePlanNeedsTheApartBranch_FindsIt()
    {
        // Found by the property above with "apart" left out (after 200 cases): branching first puts together a pair that
        // no optimal plan has together.
        var instance = new PackingInstance("apart", [1000, 1000, 1000, 1000],
        [
            233, 312, 481, 233, 302, 361, 518, 557, 565, 462, 452, 386,
            469, 463, 275, 383, 488, 250, 506, 303, 492, 297, 130, 281,
        ]);
        var optimum = PackingGenerators.BruteForceOptimum(instance);

        var (plan, _) = BranchAndPrice.Search(instance, optimum + 1, long.MaxValue);

        Assert.NotNull(plan);
        Assert.Equal(optimum, new PackingPlan(instance, plan).BinCount);
    }

    [Fact]
    public void Search_ManySmallItemsToABin_FindsTheOptimumAndProvesIt() =>
        // Where the dive (one LP per bin) usually finds the plan before any branching.
        Check.One(Quick, Prop.ForAll(Arb.From(ColumnGenerationTests.ManySmallItems(), PackingGenerators.Shrink), FindsTheOptimumAndProvesIt));

    [Fact]
    public void Search_ThreeItemsThatClashPairwise_ProvesThreeBinsAreNeeded()
    {
        // (6,5,0), (0,6,5) and (5,0,6) clash pairwise (each pair overflows one dimension), so no two share a bin; the
        // small (4,4,4) fits with any one of them. Three bins, and no plan with two.
        var instance = new PackingInstance("clash", [10, 10, 10], [6, 5, 0, 0, 6, 5, 5, 0, 6, 4, 4, 4]);

        var (three, _) = BranchAndPrice.Search(instance, toBeat: 4, long.MaxValue);
        var (two, proven) = BranchAndPrice.Search(instance, toBeat: 3, long.MaxValue);

        Assert.NotNull(three);
        Assert.Equal(3, new PackingPlan(instance, three).BinCount);
        Assert.Null(two);
        Assert.True(proven);
    }

    [Fact]
    public void Search_TwoPairsThatFitOnlyCrosswise_FindsTheCrosswisePlan()
    {
        // (5,4), (5,6), (5,4), (5,6) in bins of (10,10): the two (5,6) cannot share a bin, so two bins means each (5,4)
        // with a (5,6).
        var instance = new PackingInstance("pairs", [10, 10], [5, 4, 5, 6, 5, 4, 5, 6]);

        var (plan, _) = BranchAndPrice.Search(instance, toBeat: 3, long.MaxValue);

        Assert.NotNull(plan);
        Assert.Equal(2, new PackingPlan(instance, plan).BinCount);
        Assert.NotEqual(plan[0], plan[2]);
        Assert.NotEqual(plan[1], plan[3]);
    }

    [Fact]
    public void Search_OutOfTimeOrTooManyItems_ReturnsNothingAndProvesNothing()
    {
        var instance = new PackingInstance("clash", [10, 10, 10], [6, 5, 0, 0, 6, 5, 5, 0, 6, 4, 4, 4]);
        var tooMany = new PackingInstance("big", [10], Enumerable.Repeat(6L, ColumnGeneration.MaxItems + 1).ToArray());

        Assert.Equal((null, false), BranchAndPrice.Search(instance, toBeat: 3, deadline: 0));
        Assert.Equal((null, false), BranchAndPrice.Search(tooMany, toBeat: 65, long.MaxValue));
    }

    /// <summary>With one bin more than the optimum to beat, the search finds an optimal plan; with the optimum, it proves none beats it.</summary>
    private static bool FindsTheOptimumAndProvesIt(SmallInstance small)
    {
        var instance = small.Instance;
        var optimum = PackingGenerators.BruteForceOptimum(instance);

        var (found, _) = BranchAndPrice.Search(instance, optimum + 1, long.MaxValue);
        var (none, proven) = BranchAndPrice.Search(instance, optimum, long.MaxValue);

        // PackingPlan throws if a bin is over capacity or an item is missing.
        return found is not null && new PackingPlan(instance, found).BinCount == optimum && none is null && proven;
    }
}
