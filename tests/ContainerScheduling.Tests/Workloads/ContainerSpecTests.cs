using System;
using System.Collections.Generic;
using Xunit;

namespace ContainerScheduling.Tests.Workloads;

/// <summary>A container specification validates its name and requests and caches its request vector per schema.</summary>
public sealed class ContainerSpecTests
{
    [Fact]
    public void Constructor_NegativeRequest_ThrowsNamingTheRequestsParameterAndValue()
    {
        var thrown = Assert.Throws<ArgumentException>(() => new ContainerSpec("c", new Dictionary<string, long> { ["memory"] = -512 }));
        Assert.Equal("requests", thrown.ParamName);
        Assert.Contains("'memory'", thrown.Message, StringComparison.Ordinal);
        Assert.Contains("-512", thrown.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Constructor_BadArguments_ThrowNamingTheParameter()
    {
        Assert.Equal("name", Assert.Throws<ArgumentNullException>(() => new ContainerSpec(null!, ResourceAmounts.Empty)).ParamName);
        Assert.Equal("name", Assert.Throws<ArgumentException>(() => new ContainerSpec("", ResourceAmounts.Empty)).ParamName);
        Assert.Equal("requests", Assert.Throws<ArgumentNullException>(() => new ContainerSpec("c", null!)).ParamName);
    }

    [Fact]
    public void GetRequestVector_SchemaOrderWithZerosForUnlisted_AndCachedPerSchema()
    {
        var spec = new ContainerSpec("c", new Dictionary<string, long> { ["memory"] = 512, ["cpu"] = 250 });
        var schema = new ResourceSchema("cpu", "gpu", "memory");

        var vector = spec.GetRequestVector(schema, "container");
        Assert.Equal([250L, 0L, 512L], vector);
        Assert.Same(vector, spec.GetRequestVector(schema, "container"));
        Assert.Equal([512L, 250L], spec.GetRequestVector(new ResourceSchema("memory", "cpu"), "container"));

        var thrown = Assert.Throws<ArgumentException>(() => spec.GetRequestVector(new ResourceSchema("cpu"), "batch"));
        Assert.Equal("batch", thrown.ParamName);
        Assert.Contains("'memory'", thrown.Message, StringComparison.Ordinal);
        Assert.Contains("'c'", thrown.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Properties_DefaultsAndInit()
    {
        var spec = new ContainerSpec("web", new Dictionary<string, long> { ["cpu"] = 500 })
        {
            Labels = new Dictionary<string, string> { ["app"] = "web" },
            Priority = 10,
        };
        Assert.Equal(10, spec.Priority);
        Assert.Equal("web", spec.Labels["app"]);
        Assert.Equal("web {cpu=500}", spec.ToString());
        Assert.Equal(0, new ContainerSpec("x", ResourceAmounts.Empty).Priority);
        Assert.Equal("Labels", Assert.Throws<ArgumentException>(() => new ContainerSpec("x", ResourceAmounts.Empty) { Labels = new Dictionary<string, string> { ["k"] = null! } }).ParamName);
    }
}
