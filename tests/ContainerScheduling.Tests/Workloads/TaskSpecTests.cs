using System;
using System.Collections.Generic;
using System.Linq;
using Xunit;

namespace ContainerScheduling.Tests.Workloads;

/// <summary>A task holds one or more distinctly named containers in order.</summary>
public sealed class TaskSpecTests
{
    private static ContainerSpec C(string name) => new(name, new Dictionary<string, long> { ["cpu"] = 1 });

    [Fact]
    public void Constructor_KeepsContainersInOrder()
    {
        var task = new TaskSpec("shop", [C("web"), C("api"), C("db")]);
        Assert.Equal("shop", task.Name);
        Assert.Equal(["web", "api", "db"], task.Containers.Select(c => c.Name));
        Assert.Equal("shop (3 containers)", task.ToString());
    }

    [Fact]
    public void Constructor_RepeatedContainerName_ThrowsNamingIt()
    {
        var thrown = Assert.Throws<ArgumentException>(() => new TaskSpec("shop", [C("web"), C("web")]));
        Assert.Equal("containers", thrown.ParamName);
        Assert.Contains("'web'", thrown.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Constructor_NoContainers_ThrowsArgumentException() =>
        Assert.Equal("containers", Assert.Throws<ArgumentException>(() => new TaskSpec("shop", [])).ParamName);

    [Fact]
    public void Constructor_NullContainer_ThrowsArgumentNullWithItsPosition()
    {
        var thrown = Assert.Throws<ArgumentNullException>(() => new TaskSpec("shop", [C("web"), null!]));
        Assert.Equal("containers", thrown.ParamName);
        Assert.Contains("position 1", thrown.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Constructor_NullArguments_ThrowArgumentNull()
    {
        Assert.Equal("name", Assert.Throws<ArgumentNullException>(() => new TaskSpec(null!, [C("web")])).ParamName);
        Assert.Equal("containers", Assert.Throws<ArgumentNullException>(() => new TaskSpec("shop", null!)).ParamName);
    }
}
