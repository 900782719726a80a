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
    public void ToVector_AmountsInAnyOrderAndSubset_LandInTheirSchemaPositions()
    {
        // Amounts in schema order take a positional shortcut; any other order, a subset, or names equal to the
        // schema's but separate string instances must map exactly as a lookup by name does.
        var cases =
            from names in ClusterGenerators.Dimensions()
            from shuffled in Gen.Shuffle(names)
            from take in Gen.Choose(0, names.Length)
            from inOrder in Gen.Elements(false, true)
            from amounts in Gen.ArrayOf(Gen.Choose(0, 1000).Select(x => (long)x), names.Length)
            select (names, listed: (inOrder ? names : shuffled).Take(take).ToArray(), amounts);
        Check.One(Quick, Prop.ForAll(Arb.From(cases), c =>
        {
            var schema = new ResourceSchema(c.names);
            var requests = c.listed.Select((n, i) => new System.Collections.Generic.KeyValuePair<string, long>(new string(n.AsSpan()), c.amounts[i]));
            var vector = new ContainerSpec("c", requests).GetRequestVector(schema, "containers");
            return vector.Length == c.names.Length
                && c.names.Select((n, d) => vector[d] == (Array.IndexOf(c.listed, n) is var at && at >= 0 ? c.amounts[at] : 0)).All(x => x);
        }));
    }

    [Fact]
    public void ToVector_NameOutsideTheSchema_ThrowsNamingTheOwnerAndTheResource()
    {
        var schema = new ResourceSchema("cpu", "memory");
        var thrown = Assert.Throws<ArgumentException>(() =>
            new ContainerSpec("web-1", new System.Collections.Generic.Dictionary<string, long> { ["cpu"] = 1, ["gpu"] = 2 }).GetRequestVector(schema, "containers"));
        Assert.Equal("containers", thrown.ParamName);
        Assert.Contains("Container 'web-1' names resource 'gpu'", thrown.Message, StringComparison.Ordinal);
        Assert.Contains("(cpu, memory)", thrown.Message, StringComparison.Ordinal);
    }

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
