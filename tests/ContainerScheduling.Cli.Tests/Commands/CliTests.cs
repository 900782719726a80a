using System;
using ContainerScheduling.Cli.Tests.Support;
using Xunit;

namespace ContainerScheduling.Cli.Tests.Commands;

public sealed class CliTests
{
    [Theory]
    [InlineData("--help")]
    [InlineData("-h")]
    [InlineData("help")]
    public void Run_Help_PrintsUsageToStdoutAndExitsZero(string flag)
    {
        var run = CliRun.Of(flag);

        Assert.Equal(0, run.ExitCode);
        Assert.Equal(string.Empty, run.Stderr);
        Assert.Contains("csched place --cluster FILE --workload FILE", run.Stdout, StringComparison.Ordinal);
        Assert.Contains("csched generate", run.Stdout, StringComparison.Ordinal);
        Assert.Contains("csched demo", run.Stdout, StringComparison.Ordinal);
        Assert.Contains("csched scenario --file SCENARIO.json", run.Stdout, StringComparison.Ordinal);
        Assert.Contains("csched simulate --nodes NODES.csv --tasks TASKS.csv", run.Stdout, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("place", "plain containers are placed first")]
    [InlineData("demo", "Usage: csched demo")]
    [InlineData("generate", "--workload-out FILE")]
    [InlineData("scenario", "Usage: csched scenario")]
    [InlineData("simulate", "Usage: csched simulate")]
    public void Run_CommandHelp_PrintsThatCommandsUsage(string command, string fragment)
    {
        var viaFlag = CliRun.Of(command, "--help");
        var viaHelp = CliRun.Of("help", command);

        Assert.Equal(0, viaFlag.ExitCode);
        Assert.Contains(fragment, viaFlag.Stdout, StringComparison.Ordinal);
        Assert.Equal(viaFlag.Stdout, viaHelp.Stdout);
    }

    [Fact]
    public void Run_HelpWithOtherOptions_StillPrintsHelp()
    {
        var run = CliRun.Of("place", "--bogus", "--help");

        Assert.Equal(0, run.ExitCode);
        Assert.StartsWith("Usage: csched place", run.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public void Run_HelpTexts_FitIn100Columns()
    {
        foreach (var text in new[] { Usage.Main, Usage.Place, Usage.Demo, Usage.Generate, Usage.Scenario, Usage.Simulate })
        {
            Assert.All(text.Split('\n'), line => Assert.True(line.Length <= 100, line));
        }
    }

    [Fact]
    public void Run_NoArguments_PrintsUsageToStderrAndExitsTwo()
    {
        var run = CliRun.Of();

        Assert.Equal(2, run.ExitCode);
        Assert.Equal(string.Empty, run.Stdout);
        Assert.Contains("Usage:", run.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public void Run_UnknownCommand_ExitsTwoWithOneLine()
    {
        var run = CliRun.Of("frobnicate", "--cluster", "x.json");

        PlaceCommandErrorTests.AssertFailedCleanly(run, "unknown command", ["unknown command 'frobnicate'", "place"]);
    }

    [Fact]
    public void Run_Version_PrintsVersion()
    {
        var run = CliRun.Of("--version");

        Assert.Equal(0, run.ExitCode);
        Assert.StartsWith("csched ", run.Stdout, StringComparison.Ordinal);
    }
}
