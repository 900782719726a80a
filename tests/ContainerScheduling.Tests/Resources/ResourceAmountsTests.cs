using System;
using System.Collections.Generic;
using System.Linq;
using FsCheck;
using FsCheck.Fluent;
using Xunit;

namespace ContainerScheduling.Tests.Resources;

/// <summary>An immutable, ordered set of non-negative named amounts; unlisted names read as 0.</summary>
public sealed class ResourceAmountsTests
{
    private static readonly Config Quick = Config.QuickThrowOnFailure.WithMaxTest(200).WithQuietOnSuccess(true);

    [Fact]
    public void Constructor_AnyDistinctAmounts_KeepsOrderAndValues()
    {
        var inputs =
            from names in ClusterGenerators.Dimensions()
            from amounts in Gen.ArrayOf(ClusterGenerators.RequestAmount(), names.Length)
            select names.Zip(amounts, (n, a) => new KeyValuePair<string, long>(n, a)).ToArray();
        Check.One(Quick, Prop.ForAll(Arb.From(inputs), pairs =>
        {
            var amounts = new ResourceAmounts(pairs);
            return amounts.Count == pairs.Length
                && amounts.SequenceEqual(pairs)
                && amounts.Keys.SequenceEqual(pairs.Select(p => p.Key))
                && amounts.Values.SequenceEqual(pairs.Select(p => p.Value))
                && pairs.All(p => amounts[p.Key] == p.Value && amounts.ContainsKey(p.Key) && amounts.TryGetValue(p.Key, out var v) && v == p.Value)
                && amounts["unlisted"] == 0
                && !amounts.TryGetValue("unlisted", out var zero) && zero == 0
                && amounts.ToString() == "{" + string.Join(", ", pairs.Select(p => $"{p.Key}={p.Value}")) + "}";
        }));
    }

    [Fact]
    public void Constructor_NegativeAmount_ThrowsNamingResourceAndValue()
    {
        var thrown = Assert.Throws<ArgumentException>(() => new ResourceAmounts(new Dictionary<string, long> { ["cpu"] = 1, ["memory"] = -5 }));
        Assert.Equal("amounts", thrown.ParamName);
        Assert.Contains("'memory'", thrown.Message, StringComparison.Ordinal);
        Assert.Contains("-5", thrown.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Constructor_RepeatedName_ThrowsNamingIt()
    {
        var thrown = Assert.Throws<ArgumentException>(() => new ResourceAmounts([new("cpu", 1L), new("cpu", 2L)]));
        Assert.Equal("amounts", thrown.ParamName);
        Assert.Contains("'cpu'", thrown.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("")]
    [InlineData("\t")]
    public void Constructor_BlankName_ThrowsArgumentException(string name) =>
        Assert.Equal("amounts", Assert.Throws<ArgumentException>(() => new ResourceAmounts([new(name, 1L)])).ParamName);

    [Fact]
    public void Constructor_Null_ThrowsArgumentNull() =>
        Assert.Equal("amounts", Assert.Throws<ArgumentNullException>(() => new ResourceAmounts(null!)).ParamName);

    [Fact]
    public void Empty_HasNothingAndReadsZero()
    {
        Assert.Empty(ResourceAmounts.Empty);
        Assert.Equal(0, ResourceAmounts.Empty["cpu"]);
        Assert.Equal("{}", ResourceAmounts.Empty.ToString());
    }

    [Fact]
    public void Constructor_CopiesItsInput()
    {
        var source = new Dictionary<string, long> { ["cpu"] = 1 };
        var amounts = new ResourceAmounts(source);
        source["cpu"] = 99;
        source["memory"] = 1;
        Assert.Equal(1, amounts["cpu"]);
        Assert.Single(amounts);
    }
}
