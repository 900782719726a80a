using System;
using System.Linq;
using FsCheck;
using FsCheck.Fluent;
using Xunit;

namespace ContainerScheduling.Tests.Resources;

/// <summary>A schema keeps its names in order, finds them ordinally, and rejects empty, blank and repeated names.</summary>
public sealed class ResourceSchemaTests
{
    private static readonly Config Quick = Config.QuickThrowOnFailure.WithMaxTest(200).WithQuietOnSuccess(true);

    [Fact]
    public void IndexOf_AnyDistinctNames_IsThePositionAndMinusOneOtherwise() =>
        Check.One(Quick, Prop.ForAll(Arb.From(ClusterGenerators.Dimensions()), names =>
        {
            var schema = new ResourceSchema(names);
            return schema.Count == names.Length
                && schema.Names.SequenceEqual(names)
                && names.Select((n, i) => schema.IndexOf(n) == i && schema[i] == n && schema.Contains(n)).All(x => x)
                && schema.IndexOf("CPU") == -1
                && !schema.Contains("nope")
                && schema.ToString() == string.Join(", ", names);
        }));

    [Fact]
    public void Constructor_NoNames_ThrowsArgumentException()
    {
        var thrown = Assert.Throws<ArgumentException>(() => new ResourceSchema());
        Assert.Equal("names", thrown.ParamName);
        Assert.Contains("at least one", thrown.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Constructor_RepeatedName_ThrowsNamingIt()
    {
        var thrown = Assert.Throws<ArgumentException>(() => new ResourceSchema("cpu", "memory", "cpu"));
        Assert.Equal("names", thrown.ParamName);
        Assert.Contains("'cpu'", thrown.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("")]
    [InlineData(" ")]
    [InlineData(null)]
    public void Constructor_BlankName_ThrowsNamingItsPosition(string? blank)
    {
        var thrown = Assert.Throws<ArgumentException>(() => new ResourceSchema("cpu", blank!));
        Assert.Equal("names", thrown.ParamName);
        Assert.Contains("#1", thrown.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Constructor_Null_ThrowsArgumentNull()
    {
        Assert.Equal("names", Assert.Throws<ArgumentNullException>(() => new ResourceSchema((string[])null!)).ParamName);
        Assert.Equal("name", Assert.Throws<ArgumentNullException>(() => new ResourceSchema("cpu").IndexOf(null!)).ParamName);
    }

    [Fact]
    public void Names_IsReadOnly_AndCaseSensitive()
    {
        var schema = new ResourceSchema(ResourceNames.Cpu, ResourceNames.Memory, ResourceNames.Disk, ResourceNames.Gpu, "Cpu");
        Assert.Equal(5, schema.Count);
        Assert.Equal(4, schema.IndexOf("Cpu"));
        Assert.Throws<NotSupportedException>(() => ((System.Collections.Generic.IList<string>)schema.Names).Add("x"));
    }
}
