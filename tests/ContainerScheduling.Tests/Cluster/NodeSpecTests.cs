using System;
using System.Collections.Generic;
using Xunit;

namespace ContainerScheduling.Tests.Cluster;

/// <summary>A node specification validates its name, capacity, labels and taints, and copies them.</summary>
public sealed class NodeSpecTests
{
    [Fact]
    public void Constructor_NegativeCapacity_ThrowsNamingTheCapacityParameterAndValue()
    {
        var thrown = Assert.Throws<ArgumentException>(() => new NodeSpec("n", new Dictionary<string, long> { ["cpu"] = -1 }));
        Assert.Equal("capacity", thrown.ParamName);
        Assert.Contains("'cpu'", thrown.Message, StringComparison.Ordinal);
        Assert.Contains("-1", thrown.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Constructor_BadName_ThrowsNamingTheNameParameter()
    {
        Assert.Equal("name", Assert.Throws<ArgumentNullException>(() => new NodeSpec(null!, ResourceAmounts.Empty)).ParamName);
        var blank = Assert.Throws<ArgumentException>(() => new NodeSpec(" ", ResourceAmounts.Empty));
        Assert.Equal("name", blank.ParamName);
        Assert.Equal("capacity", Assert.Throws<ArgumentNullException>(() => new NodeSpec("n", null!)).ParamName);
    }

    [Fact]
    public void Taints_RepeatedAndBlank_AreDeduplicatedOrRejected()
    {
        var node = new NodeSpec("n", ResourceAmounts.Empty) { Taints = ["gpu", "gpu", "spot"] };
        Assert.Equal(["gpu", "spot"], node.Taints);
        Assert.Equal("Taints", Assert.Throws<ArgumentException>(() => new NodeSpec("n", ResourceAmounts.Empty) { Taints = [""] }).ParamName);
        Assert.Empty(new NodeSpec("n", ResourceAmounts.Empty).Taints);
    }

    [Fact]
    public void Labels_AreCopiedAndValidated()
    {
        var labels = new Dictionary<string, string> { ["zone"] = "a" };
        var node = new NodeSpec("n", ResourceAmounts.Empty) { Labels = labels };
        labels["zone"] = "b";
        Assert.Equal("a", node.Labels["zone"]);
        Assert.Equal("Labels", Assert.Throws<ArgumentException>(() => new NodeSpec("n", ResourceAmounts.Empty) { Labels = new Dictionary<string, string> { [" "] = "x" } }).ParamName);
        Assert.Empty(new NodeSpec("n", ResourceAmounts.Empty).Labels);
    }

    [Fact]
    public void ToString_ShowsNameAndCapacity() =>
        Assert.Equal("n1 {cpu=4000, memory=8192}", new NodeSpec("n1", new Dictionary<string, long> { ["cpu"] = 4000, ["memory"] = 8192 }).ToString());
}
