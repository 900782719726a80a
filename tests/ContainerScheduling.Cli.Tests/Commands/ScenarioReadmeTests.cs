using System;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Text.Json;
using ContainerScheduling.Cli.Tests.Support;
using Xunit;

namespace ContainerScheduling.Cli.Tests.Commands;

/// <summary>The README's scenario example runs, keeps the contract, and gives the output its excerpt shows.</summary>
public sealed class ScenarioReadmeTests
{
    private const string Heading = "### What-if scenarios: `csched scenario`";

    [Fact]
    public void ReadmeScenario_Runs_AndMatchesItsOutputExcerpt()
    {
        var readme = File.ReadAllText(FindReadme());
        var section = readme[readme.IndexOf(Heading, StringComparison.Ordinal)..];
        var scenario = Block(section, "```json\n");
        var excerpt = Block(section, "```jsonc\n");
        using var dir = new TempDirectory();

        var run = CliRun.Of("scenario", "--file", dir.Write("scenario.json", scenario), "--compact");

        Assert.True(run.ExitCode == 0, run.Stderr);
        ScenarioChecker.AssertValid(scenario, run.Stdout);
        using var json = run.Json();
        var root = json.RootElement;
        var rebalance = root.GetProperty("events").EnumerateArray().Single(e => e.GetProperty("type").GetString() == "rebalance");
        Assert.Contains(
            string.Create(CultureInfo.InvariantCulture, $"\"objectiveBefore\": {rebalance.GetProperty("objectiveBefore").GetDouble()}, \"objectiveAfter\": {rebalance.GetProperty("objectiveAfter").GetDouble()}"),
            excerpt,
            StringComparison.Ordinal);
        var preemption = root.GetProperty("events")[1].GetProperty("preemptions")[0];
        Assert.Contains(
            $"{{\"preemptor\": \"{preemption.GetProperty("preemptor").GetString()}\", \"node\": \"{preemption.GetProperty("node").GetString()}\", \"victims\": [{string.Join(", ", preemption.GetProperty("victims").EnumerateArray().Select(v => $"\"{v.GetString()}\""))}]}}",
            excerpt,
            StringComparison.Ordinal);
        var placements = string.Join(", ", root.GetProperty("placements").EnumerateArray().Select(p => $"{{\"container\": \"{p.GetProperty("container").GetString()}\", \"node\": \"{p.GetProperty("node").GetString()}\"}}"));
        Assert.Equal(placements, string.Join(" ", Block(excerpt, "\"placements\": [").Split('\n').Select(line => line.Trim())).TrimEnd(']', ',').Trim());
    }

    /// <summary>The text after the first <paramref name="start"/> up to the end of its block or list.</summary>
    private static string Block(string text, string start)
    {
        var from = text.IndexOf(start, StringComparison.Ordinal) + start.Length;
        var end = start.StartsWith("```", StringComparison.Ordinal) ? text.IndexOf("```", from, StringComparison.Ordinal) : text.IndexOf(']', from);
        return text[from..end];
    }

    private static string FindReadme()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            var candidate = Path.Combine(dir.FullName, "README.md");
            if (File.Exists(candidate) && File.Exists(Path.Combine(dir.FullName, "ContainerScheduling.sln")))
            {
                return candidate;
            }
        }

        throw new FileNotFoundException("README.md next to ContainerScheduling.sln, above " + AppContext.BaseDirectory);
    }
}
