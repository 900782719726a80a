using System;
using System.IO;
using ContainerScheduling.Cli.Simulation;
using Xunit;

namespace ContainerScheduling.Cli.Tests.Simulation;

public sealed class SimulationProgressTests
{
    [Fact]
    public void Line_FormatsPolicySeedCountsAndSeconds()
    {
        Assert.Equal("simulate: fgd seed 45 (23/70 runs, 12.3 s)", SimulationProgress.Line("fgd", 45, 23, 70, TimeSpan.FromSeconds(12.34)));
        Assert.Equal("simulate: random seed 0 (0/1 runs, 0.0 s)", SimulationProgress.Line("random", 0, 0, 1, TimeSpan.Zero));
    }

    [Fact]
    public void Progress_RedrawsOneLineInPlaceAndClearsIt()
    {
        using var terminal = new StringWriter();
        var progress = new SimulationProgress(terminal, 70);

        progress.Started("clustering", 42);
        progress.Finished("fgd", 9);
        progress.Clear();

        var text = terminal.ToString();
        Assert.DoesNotContain("\n", text, StringComparison.Ordinal);
        var frames = text.Split('\r');
        Assert.Equal("", frames[0]);
        Assert.StartsWith("simulate: clustering seed 42 (0/70 runs, ", frames[1], StringComparison.Ordinal);

        // The shorter second line is padded over the first, and the clear blanks the longest.
        Assert.StartsWith("simulate: fgd seed 9 (1/70 runs, ", frames[2], StringComparison.Ordinal);
        Assert.Equal(frames[1].Length, frames[2].Length);
        Assert.Equal(new string(' ', frames[1].Length), frames[3]);
        Assert.Equal("", frames[4]);
    }

    [Fact]
    public void Clear_WithNothingDrawn_WritesNothing()
    {
        using var terminal = new StringWriter();

        new SimulationProgress(terminal, 3).Clear();

        Assert.Equal("", terminal.ToString());
    }
}
