using System;
using System.IO;
using System.Linq;
using ContainerScheduling.Cli.Tests.Support;
using Xunit;

namespace ContainerScheduling.Cli.Tests.Commands;

public sealed class GenerateCommandTests : IDisposable
{
    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    [Fact]
    public void Generate_ThenPlace_ProducesAConsistentRun()
    {
        var cluster = _dir.File("c.json");
        var workload = _dir.File("w.json");

        var generate = CliRun.Of("generate", "--nodes", "50", "--containers", "400", "--seed", "3", "--cluster-out", cluster, "--workload-out", workload);
        var place = CliRun.Of("place", "--cluster", cluster, "--workload", workload, "--strategy", "first-fit");

        Assert.Equal(0, generate.ExitCode);
        Assert.Equal(0, place.ExitCode);
        using var json = place.Json();
        var summary = json.RootElement.GetProperty("summary");
        Assert.Equal(400, summary.GetProperty("containers").GetInt32());
        Assert.Equal(50, summary.GetProperty("nodes").GetInt32());
        Assert.Equal(["cpu", "memory", "disk", "gpu"], summary.GetProperty("dimensions").EnumerateArray().Select(d => d.GetString()!));
        Assert.True(summary.GetProperty("placed").GetInt32() > 200);
    }

    [Fact]
    public void Generate_SameSeed_WritesIdenticalFilesAndOtherSeedDiffers()
    {
        string[] Generate(string prefix, string seed)
        {
            var run = CliRun.Of("generate", "--nodes", "20", "--containers", "100", "--seed", seed, "--cluster-out", _dir.File(prefix + "c.json"), "--workload-out", _dir.File(prefix + "w.json"));
            Assert.Equal(0, run.ExitCode);
            return [File.ReadAllText(_dir.File(prefix + "c.json")), File.ReadAllText(_dir.File(prefix + "w.json"))];
        }

        var first = Generate("a", "11");
        var again = Generate("b", "11");
        var other = Generate("c", "12");

        Assert.Equal(first, again);
        Assert.NotEqual(first[1], other[1]);
    }

    [Theory]
    [InlineData(new[] { "--containers", "10" }, "--nodes")]
    [InlineData(new[] { "--nodes", "0", "--containers", "10" }, "--nodes must be an integer from 1")]
    [InlineData(new[] { "--nodes", "ten", "--containers", "10" }, "'ten'")]
    [InlineData(new[] { "--nodes", "5", "--containers", "10", "--fill", "-1" }, "--fill")]
    public void Generate_BadArguments_ExitsTwoAndWritesNothing(string[] arguments, string fragment)
    {
        var run = CliRun.Of(["generate", .. arguments, "--cluster-out", _dir.File("c.json"), "--workload-out", _dir.File("w.json")]);

        PlaceCommandErrorTests.AssertFailedCleanly(run, "generate", [fragment]);
        Assert.Empty(_dir.FileNames());
    }
}
