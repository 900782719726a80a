using System;
using System.Collections.Generic;
using Xunit;

namespace ContainerScheduling.Tests.Placement;

/// <summary>The built-in strategies by name, and the validation of their weights.</summary>
public sealed class PlacementStrategiesTests
{
    [Theory]
    [InlineData("first-fit")]
    [InlineData("best-fit")]
    [InlineData("least-loaded")]
    [InlineData("spread")]
    public void Create_BuiltInName_ReturnsAStrategyWithThatName(string name)
    {
        Assert.Equal(name, PlacementStrategies.Create(name).Name);
        Assert.Contains(name, PlacementStrategies.Names);
    }

    [Fact]
    public void Names_ListsTheFourBuiltInsInOrder() =>
        Assert.Equal(["first-fit", "best-fit", "least-loaded", "spread"], PlacementStrategies.Names);

    [Fact]
    public void Create_UnknownName_ThrowsNamingItAndTheChoices()
    {
        var thrown = Assert.Throws<ArgumentException>(() => PlacementStrategies.Create("worst-fit"));
        Assert.Equal("name", thrown.ParamName);
        Assert.Contains("'worst-fit'", thrown.Message, StringComparison.Ordinal);
        Assert.Contains("first-fit, best-fit, least-loaded, spread", thrown.Message, StringComparison.Ordinal);
        Assert.Equal("name", Assert.Throws<ArgumentNullException>(() => PlacementStrategies.Create(null!)).ParamName);
    }

    [Theory]
    [InlineData(-1.0)]
    [InlineData(double.NaN)]
    [InlineData(double.PositiveInfinity)]
    [InlineData(double.NegativeInfinity)]
    public void BestFit_BadWeight_ThrowsArgumentOutOfRangeWithTheValue(double weight)
    {
        Func<IReadOnlyDictionary<string, double>, IPlacementStrategy>[] factories =
            [w => PlacementStrategies.BestFit(w), w => PlacementStrategies.LeastLoaded(w), w => PlacementStrategies.Spread(w)];
        foreach (var create in factories)
        {
            var thrown = Assert.Throws<ArgumentOutOfRangeException>(() => create(new Dictionary<string, double> { ["cpu"] = weight }));
            Assert.Equal("weights", thrown.ParamName);
            Assert.Equal(weight, thrown.ActualValue);
            Assert.Contains("'cpu'", thrown.Message, StringComparison.Ordinal);
        }
    }

    [Theory]
    [InlineData("")]
    [InlineData("  ")]
    public void BestFit_BlankWeightName_ThrowsArgumentException(string name)
    {
        var thrown = Assert.Throws<ArgumentException>(() => PlacementStrategies.BestFit(new Dictionary<string, double> { [name] = 1.0 }));
        Assert.Equal("weights", thrown.ParamName);
    }

    [Fact]
    public void FirstFit_IsShared_ScoredStrategiesAreNot()
    {
        Assert.Same(PlacementStrategies.FirstFit(), PlacementStrategies.FirstFit());
        Assert.NotSame(PlacementStrategies.BestFit(), PlacementStrategies.BestFit());
    }

    [Fact]
    public void Scheduler_NoStrategyGiven_UsesBestFit()
    {
        var scheduler = new Scheduler(new ClusterState(new ResourceSchema("cpu")));
        Assert.Equal("best-fit", scheduler.Strategy.Name);
    }
}
