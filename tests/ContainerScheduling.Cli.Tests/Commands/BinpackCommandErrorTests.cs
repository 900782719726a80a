using System;
using System.IO;
using ContainerScheduling.Cli.Tests.Support;
using Xunit;
using static ContainerScheduling.Cli.Tests.Support.VbpFiles;

namespace ContainerScheduling.Cli.Tests.Commands;

/// <summary>
/// Every kind of bad input to <c>csched binpack</c> is exit code 2 with one line on stderr naming the file (in an
/// archive: the archive and the entry) and the line, and no output file is written.
/// </summary>
public sealed class BinpackCommandErrorTests : IDisposable
{
    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    [Theory]
    [InlineData("1\n10\n2\n6 1\n", 5, "the file ends where item type 2 of 2 should be")]
    [InlineData("1\n10\n", 3, "the file ends where the number of item types should be")]
    [InlineData("", 1, "the file ends where the number of dimensions should be")]
    [InlineData("1\n10\n1\nsix 1\n", 4, "size 1 must be an integer from 0 to")]
    [InlineData("1\n10\n1\n-3 1\n", 4, "size 1 must be an integer from 0 to")]
    [InlineData("1\nten\n1\n6 1\n", 2, "the capacity of dimension 1 must be an integer from 1 to")]
    [InlineData("1\n0\n1\n0 1\n", 2, "the capacity of dimension 1 must be an integer from 1 to")]
    [InlineData("1\n10\n1\n6 x\n", 4, "the multiplicity must be an integer")]
    [InlineData("1\n10\n\n1\n\n11 1\n", 6, "size 11 in dimension 1 is above the capacity 10")]
    [InlineData("2\n10 10\n1\n5 1\n", 4, "expected 2 sizes and a multiplicity (3 fields), found 2 fields")]
    [InlineData("2\n10 10\n1\n5 5 5 1\n", 4, "expected 2 sizes and a multiplicity (3 fields), found 4 fields")]
    [InlineData("2\n10\n1\n5 5 1\n", 2, "expected 2 capacities (one per dimension) (2 fields), found 1 field")]
    [InlineData("1 2\n10\n1\n5 1\n", 1, "expected the number of dimensions (1 field), found 2 fields")]
    [InlineData("1\n10\n1\n5 1\n4 1\n", 5, "unexpected content after the 1 item types")]
    public void Binpack_BadFile_ExitsTwoNamingFileAndLine(string content, int line, string message)
    {
        var file = _dir.Write("bad.vbp", content);
        var output = _dir.File("out.json");

        var run = CliRun.Of("binpack", "--instances", file, "--output", output);

        Assert.Equal(2, run.ExitCode);
        var error = Assert.Single(run.StderrLines);
        Assert.StartsWith($"csched: error: '{file}' line {line}: ", error, StringComparison.Ordinal);
        Assert.Contains(message, error, StringComparison.Ordinal);
        Assert.False(File.Exists(output));
        Assert.Equal(string.Empty, run.Stdout);
    }

    [Fact]
    public void Binpack_BadFileDeepInADirectory_NamesThatFile()
    {
        Directory.CreateDirectory(_dir.File("set/x"));
        _dir.Write("set/a.vbp", Vbp([10], [6, 1]));
        var bad = _dir.Write("set/x/b.vbp", "1\n10\n1\n6 1 1\n");
        var output = _dir.File("out.json");

        var run = CliRun.Of("binpack", "--instances", _dir.File("set"), "--output", output);

        Assert.Equal(2, run.ExitCode);
        Assert.StartsWith($"csched: error: '{bad}' line 4: expected 1 sizes and a multiplicity", Assert.Single(run.StderrLines), StringComparison.Ordinal);
        Assert.False(File.Exists(output));
    }

    [Fact]
    public void Binpack_BadEntryInAnArchive_NamesArchiveEntryAndLine()
    {
        var archive = WriteArchive(_dir.File("set.tar.gz"), ("set/good.vbp", Vbp([10], [6, 1])), ("set/c/bad.vbp", "1\n10\n1\n12 1\n"));
        var output = _dir.File("out.json");

        var run = CliRun.Of("binpack", "--instances", archive, "--output", output);

        Assert.Equal(2, run.ExitCode);
        Assert.Equal(
            $"csched: error: '{archive}' entry 'set/c/bad.vbp' line 4: size 12 in dimension 1 is above the capacity 10; such an item fits no bin",
            Assert.Single(run.StderrLines));
        Assert.False(File.Exists(output));
    }

    [Fact]
    public void Binpack_NotAGzipArchive_ExitsTwo()
    {
        var archive = _dir.Write("set.tar.gz", "plain text, not gzip");

        var run = CliRun.Of("binpack", "--instances", archive);

        Assert.Equal(2, run.ExitCode);
        Assert.StartsWith($"csched: error: '{archive}' is not a readable .tar.gz archive", Assert.Single(run.StderrLines), StringComparison.Ordinal);
    }

    [Fact]
    public void Binpack_TwoInstancesWithOneName_ExitsTwoNamingBoth()
    {
        Directory.CreateDirectory(_dir.File("set/a"));
        Directory.CreateDirectory(_dir.File("set/b"));
        var first = _dir.Write("set/a/x.vbp", Vbp([10], [6, 1]));
        var second = _dir.Write("set/b/x.vbp", Vbp([10], [5, 1]));

        var run = CliRun.Of("binpack", "--instances", _dir.File("set"));

        Assert.Equal(2, run.ExitCode);
        Assert.Equal($"csched: error: two instances are named 'x': '{first}' and '{second}'; names must be unique", Assert.Single(run.StderrLines));
    }

    [Fact]
    public void Binpack_EmptyDirectoryOrMissingPath_ExitsTwo()
    {
        Directory.CreateDirectory(_dir.File("empty"));

        Assert.Equal(2, CliRun.Of("binpack", "--instances", _dir.File("empty")).ExitCode);
        Assert.Equal(2, CliRun.Of("binpack", "--instances", _dir.File("missing.vbp")).ExitCode);
        Assert.Equal(2, CliRun.Of("binpack", "--instances", _dir.Write("x.txt", "1\n10\n0\n")).ExitCode);
        Assert.Equal(2, CliRun.Of("binpack").ExitCode);
    }

    [Fact]
    public void Binpack_UnknownStrategy_ExitsTwoListingTheNames()
    {
        var file = _dir.Write("a.vbp", Vbp([10], [6, 1]));

        var run = CliRun.Of("binpack", "--instances", file, "--strategy", "nope");

        Assert.Equal(2, run.ExitCode);
        Assert.Equal($"csched: error: unknown strategy 'nope'; expected one of: {string.Join(", ", BatchPackers.Names)}", Assert.Single(run.StderrLines));
    }

    [Theory]
    [InlineData("--time-limit-ms", "100")]
    [InlineData("--seed", "3")]
    public void Binpack_OptimizerOptionWithoutOptimize_ExitsTwo(string option, string value)
    {
        var file = _dir.Write("a.vbp", Vbp([10], [6, 1]));

        var run = CliRun.Of("binpack", "--instances", file, option, value);

        Assert.Equal(2, run.ExitCode);
        Assert.Contains("add --optimize", run.Stderr, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("0")]
    [InlineData("-5")]
    [InlineData("soon")]
    public void Binpack_BadTimeLimit_ExitsTwo(string value)
    {
        var file = _dir.Write("a.vbp", Vbp([10], [6, 1]));

        Assert.Equal(2, CliRun.Of("binpack", "--instances", file, "--optimize", $"--time-limit-ms={value}").ExitCode);
    }

    [Theory]
    [InlineData("instance_name\tLB\tOPT\nx\t1\t1\n", 1, "the header must name the columns")]
    [InlineData("instance_name\tLB\tOPT\tbest_overall\nx\t1\t1\n", 2, "expected 4 tab-separated fields")]
    [InlineData("instance_name\tLB\tOPT\tbest_overall\nx\tone\t1\t1\n", 2, "LB must be an integer above 0")]
    [InlineData("instance_name\tLB\tOPT\tbest_overall\nx\t1\t0\t1\n", 2, "OPT must be an integer above 0, or -1 for unknown")]
    [InlineData("instance_name\tLB\tOPT\tbest_overall\n\nx\t1\t1\t1\nx\t1\t1\t1\n", 4, "instance 'x' is listed twice")]
    public void Binpack_BadPublishedFile_ExitsTwoNamingFileAndLine(string content, int line, string message)
    {
        var file = _dir.Write("a.vbp", Vbp([10], [6, 1]));
        var published = _dir.Write("pub.tsv", content);
        var output = _dir.File("out.json");

        var run = CliRun.Of("binpack", "--instances", file, "--report", "--published", published, "--output", output);

        Assert.Equal(2, run.ExitCode);
        var error = Assert.Single(run.StderrLines);
        Assert.StartsWith($"csched: error: '{published}' line {line}: ", error, StringComparison.Ordinal);
        Assert.Contains(message, error, StringComparison.Ordinal);
        Assert.False(File.Exists(output));
    }
}
