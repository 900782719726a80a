using System.IO;
using ContainerScheduling.Cli.Simulation;
using Xunit;

namespace ContainerScheduling.Cli.Tests.Simulation;

public sealed class CsvTableTests
{
    [Fact]
    public void Read_QuotedFields_KeepCommasAndDoubledQuotes()
    {
        var table = CsvTable.Read(new StringReader("a,b,c\n\"x, y\", \"say \"\"hi\"\"\" ,\"\"\n"), "t.csv", "a,b,c");

        var row = Assert.Single(table.Rows);
        Assert.Equal(2, row.Line);
        Assert.Equal(["x, y", "say \"hi\"", ""], row.Fields);
    }

    [Fact]
    public void Read_HeaderNames_MatchIgnoringCaseAndSpaces()
    {
        var table = CsvTable.Read(new StringReader(" Name , CPU_milli\nx,1\n"), "t.csv", "name");

        Assert.Equal(0, table.RequiredColumn("name"));
        Assert.Equal(1, table.RequiredColumn("cpu_milli"));
        Assert.Equal(-1, table.OptionalColumn("gpu_spec"));
    }

    [Theory]
    [InlineData("0001-n1", "n1")]
    [InlineData("42-openb-node-0001", "openb-node-0001")]
    [InlineData("n1", null)]
    [InlineData("12", null)]
    [InlineData("12-", null)]
    [InlineData("-n1", null)]
    public void WithoutRank_DropsOnlyALeadingNumberAndDash(string line, string? expected) => Assert.Equal(expected, TraceReader.WithoutRank(line));
}
