using System;
using System.Linq;
using ContainerScheduling.Cli.Commands;
using ContainerScheduling.Cli.Demo;
using ContainerScheduling.Cli.Tests.Support;
using Xunit;

namespace ContainerScheduling.Cli.Tests.Commands;

public sealed class DemoCommandTests
{
    [Fact]
    public void Demo_NoOptions_ShowsEveryStrategyAndAnUnplacedReason()
    {
        var run = CliRun.Of("demo");

        Assert.Equal(0, run.ExitCode);
        Assert.Equal(string.Empty, run.Stderr);
        foreach (var strategy in PlacementStrategies.Names)
        {
            Assert.Contains($"== {strategy} ", run.Stdout, StringComparison.Ordinal);
        }

        Assert.Contains(DemoScenario.UnplaceableContainer, run.Stdout, StringComparison.Ordinal);
        Assert.Contains("0/12 nodes fit: 10 insufficient gpu", run.Stdout, StringComparison.Ordinal);
        Assert.Contains("cordoned", run.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public void Demo_Output_FitsIn100Columns()
    {
        var run = CliRun.Of("demo");

        var lines = run.Stdout.Split('\n');
        Assert.True(lines.Length > 60);
        Assert.All(lines, line => Assert.True(line.Length <= DemoCommand.Width, $"{line.Length} columns: {line}"));
    }

    [Fact]
    public void Demo_EveryStrategy_PlacesOrExplainsEveryContainerExactlyOnce()
    {
        var run = CliRun.Of("demo");
        var containers = DemoScenario.Workload().Containers.Select(c => c.Name).ToArray();

        var sections = run.Stdout.Split("== ", StringSplitOptions.RemoveEmptyEntries).Take(PlacementStrategies.Names.Count).ToArray();
        Assert.Equal(PlacementStrategies.Names.Count, sections.Length);
        foreach (var section in sections)
        {
            var words = section.Split([' ', '\n'], StringSplitOptions.RemoveEmptyEntries);
            foreach (var container in containers)
            {
                Assert.True(words.Count(w => w == container) == 1, $"{container} in section {section[..20]}");
            }
        }
    }

    [Fact]
    public void Demo_OneStrategy_ShowsOnlyThatStrategy()
    {
        var run = CliRun.Of("demo", "--strategy", "spread", "--order", "largest-first");

        Assert.Equal(0, run.ExitCode);
        Assert.Contains("== spread ", run.Stdout, StringComparison.Ordinal);
        Assert.Contains("(order: largest-first)", run.Stdout, StringComparison.Ordinal);
        Assert.DoesNotContain("== best-fit ", run.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public void Demo_UnknownStrategy_ExitsTwo()
    {
        var run = CliRun.Of("demo", "--strategy", "random");

        PlaceCommandErrorTests.AssertFailedCleanly(run, "demo strategy", ["unknown strategy 'random'"]);
    }

    [Fact]
    public void WrapNames_LongList_SplitsIntoRowsWithinWidth()
    {
        var names = Enumerable.Range(0, 40).Select(i => $"container-{i}").ToList();

        var rows = DemoCommand.WrapNames(names, 36);

        Assert.All(rows, row => Assert.True(row.Length <= 36));
        Assert.Equal(names, rows.SelectMany(row => row.Split(' ')));
    }
}
