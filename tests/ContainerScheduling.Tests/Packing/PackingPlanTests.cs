using System;
using Xunit;

namespace ContainerScheduling.Tests.Packing;

/// <summary>A plan is checked when it is created.</summary>
public sealed class PackingPlanTests
{
    private static readonly PackingInstance Instance = new("plan", [10, 10], [6, 1, 5, 2, 4, 9]);

    [Fact]
    public void Constructor_BinOverCapacity_IsRejectedNamingBinAndDimension()
    {
        // Items 0 and 1 together hold 11 in dimension 0.
        var error = Assert.Throws<ArgumentException>(() => new PackingPlan(Instance, [0, 0, 1]));
        Assert.Contains("Bin 0 holds 11 in dimension 0", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Constructor_OverCapacityInTheSecondDimensionOnly_IsRejected() =>
        Assert.Throws<ArgumentException>(() => new PackingPlan(Instance, [1, 0, 0]));

    [Fact]
    public void Constructor_GapInBinNumbers_IsRejected() =>
        Assert.Throws<ArgumentException>(() => new PackingPlan(Instance, [0, 2, 2]));

    [Fact]
    public void Constructor_WrongItemCount_IsRejected() =>
        Assert.Throws<ArgumentException>(() => new PackingPlan(Instance, [0, 1]));

    [Fact]
    public void Constructor_ValidPlan_CountsBins()
    {
        var plan = new PackingPlan(Instance, [0, 1, 0]);
        Assert.Equal(2, plan.BinCount);
        Assert.Equal([0, 1, 0], plan.Assignment);
    }
}
