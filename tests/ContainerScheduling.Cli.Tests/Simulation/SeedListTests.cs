using ContainerScheduling.Cli.Simulation;
using Xunit;

namespace ContainerScheduling.Cli.Tests.Simulation;

public sealed class SeedListTests
{
    [Theory]
    [InlineData("42", new[] { 42 })]
    [InlineData("42-51", new[] { 42, 43, 44, 45, 46, 47, 48, 49, 50, 51 })]
    [InlineData("42,45,50", new[] { 42, 45, 50 })]
    [InlineData("7, 1-3 ,0", new[] { 7, 1, 2, 3, 0 })]
    [InlineData("5-5", new[] { 5 })]
    [InlineData("2147483646-2147483647", new[] { 2147483646, 2147483647 })]
    public void Parse_AcceptsSeedsRangesAndLists(string text, int[] expected) => Assert.Equal(expected, SeedList.Parse(text));

    [Theory]
    [InlineData(new[] { 42 }, "42")]
    [InlineData(new[] { 42, 43, 44, 45, 46, 47, 48, 49, 50, 51 }, "42-51")]
    [InlineData(new[] { 1, 2, 5, 7, 8, 9, 3 }, "1-2,5,7-9,3")]
    [InlineData(new[] { 2147483646, 2147483647 }, "2147483646-2147483647")]
    public void Format_WritesRunsAsRanges(int[] seeds, string expected)
    {
        Assert.Equal(expected, SeedList.Format(seeds));
        Assert.Equal(seeds, SeedList.Parse(expected));
    }
}
