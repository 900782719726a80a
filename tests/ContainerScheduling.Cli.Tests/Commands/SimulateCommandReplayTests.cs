using System;
using System.IO;
using System.Linq;
using System.Text.Json;
using System.Xml.Linq;
using ContainerScheduling.Cli.Tests.Support;
using Xunit;
using static ContainerScheduling.Cli.Tests.Support.TraceFiles;

namespace ContainerScheduling.Cli.Tests.Commands;

/// <summary><c>csched simulate --replay</c>: tasks arrive at their creation time and leave at their deletion time.</summary>
public sealed class SimulateCommandReplayTests : IDisposable
{
    private const string TimedHeader = TaskHeader + ",creation_time,deletion_time";

    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    [Fact]
    public void Replay_TaskWaitsForAnotherToLeave_IsPlacedLater()
    {
        // One GPU. a holds it from 0 to 100. b arrives at 10 and waits until a leaves at 100, then runs until 200.
        // c arrives at 20 and gives up at 50, still waiting: never placed. The queue is longest (b and c) from 20 to 50.
        _dir.Write("nodes.csv", Csv(NodeHeader, "n1,32000,65536,1,T4"));
        _dir.Write("tasks.csv", Csv(TimedHeader, "a,1000,1024,1,1000,0,100", "b,1000,1024,1,1000,10,200", "c,1000,1024,1,1000,20,50"));

        var (run, json) = Simulate(_dir, "nodes.csv", "tasks.csv", "--replay", "--policy", "bestfit", "--seeds", "1", "--samples", "3");

        Assert.Equal(0, run.ExitCode);
        using var document = JsonDocument.Parse(json);
        var root = document.RootElement;
        Assert.Equal("replay", root.GetProperty("mode").GetString());
        Assert.Equal("bestfit", root.GetProperty("policy").GetString());
        var summary = root.GetProperty("summary");
        Assert.Equal(1, summary.GetProperty("placedOnArrival").GetDouble());
        Assert.Equal(1, summary.GetProperty("placedLater").GetDouble());
        Assert.Equal(1, summary.GetProperty("neverPlaced").GetDouble());
        Assert.Equal(2, summary.GetProperty("maxPending").GetDouble());

        var replay = Assert.Single(root.GetProperty("runs").EnumerateArray());
        Assert.Equal(1, replay.GetProperty("seed").GetInt32());
        var samples = replay.GetProperty("samples").EnumerateArray().ToArray();
        Assert.Equal([0L, 100L, 200L], samples.Select(s => s.GetProperty("time").GetInt64()));

        // At 100, a has left and b took its GPU; at the end everything has left.
        Assert.Equal(100.0, samples[1].GetProperty("allocatedGpuPct").GetDouble());
        Assert.Equal(1, samples[1].GetProperty("running").GetInt32());
        Assert.Equal(0, samples[1].GetProperty("pending").GetInt32());
        Assert.Equal(0.0, samples[2].GetProperty("allocatedGpuPct").GetDouble());
        Assert.Equal(0, samples[2].GetProperty("running").GetInt32());
        Assert.Equal(samples.Average(s => s.GetProperty("allocatedGpuPct").GetDouble()), summary.GetProperty("meanAllocatedGpuPct").GetDouble(), 3);
        Assert.Single(run.Stdout.Split('\n'), line => SimulateCommandTests.IsRowOf("bestfit", line) && line.Contains(" 1.0  ", StringComparison.Ordinal));
    }

    [Fact]
    public void Replay_AllPolicies_WritesOneEntryPerPolicyAndAChartOverTime()
    {
        SimulateCommandTests.WriteMixedTrace(_dir, nodes: 4, tasks: 120, seed: 4);
        var chart = _dir.File("chart.svg");

        var (run, json) = Simulate(_dir, "nodes.csv", "tasks.csv", "--replay", "--policy", "all", "--seeds", "1-2", "--samples", "50", "--chart", chart);

        Assert.Equal(0, run.ExitCode);
        using var document = JsonDocument.Parse(json);
        Assert.Equal("replay", document.RootElement.GetProperty("mode").GetString());
        var policies = document.RootElement.GetProperty("policies").EnumerateArray().ToArray();
        Assert.Equal(GpuPlacementStrategies.Names, policies.Select(p => p.GetProperty("policy").GetString()!));
        foreach (var policy in policies)
        {
            foreach (var replay in policy.GetProperty("runs").EnumerateArray())
            {
                Assert.Equal(50, replay.GetProperty("samples").GetArrayLength());
                Assert.Equal(120, replay.GetProperty("placedOnArrival").GetInt32() + replay.GetProperty("placedLater").GetInt32() + replay.GetProperty("neverPlaced").GetInt32());
            }
        }

        var svg = XDocument.Parse(File.ReadAllText(chart));
        XNamespace ns = "http://www.w3.org/2000/svg";
        var curves = svg.Descendants(ns + "g").Single(g => g.Attribute("class")?.Value == "curves").Elements(ns + "polyline").ToArray();
        Assert.Equal(GpuPlacementStrategies.Names.Count, curves.Length);
        Assert.All(curves, c => Assert.Equal(50, c.Attribute("points")!.Value.Split(' ').Length));
        Assert.Contains(svg.Descendants(ns + "text"), t => t.Value == "hours from the first arrival");
    }

    [Fact]
    public void Replay_WithoutCreationTime_ExitsTwoSayingSo()
    {
        _dir.Write("nodes.csv", TwoSingleGpuNodes);
        _dir.Write("tasks.csv", Csv(TaskHeader + ",deletion_time", "a,1,1,0,0,5"));

        var (run, json) = Simulate(_dir, "nodes.csv", "tasks.csv", "--replay");

        PlaceCommandErrorTests.AssertFailedCleanly(run, "no creation_time", ["tasks.csv:1: the header has no column 'creation_time'", "--replay needs creation_time and deletion_time"]);
        Assert.Equal("", json);
    }

    [Fact]
    public void Replay_DeletionBeforeCreation_ExitsTwoNamingTheLine()
    {
        _dir.Write("nodes.csv", TwoSingleGpuNodes);
        _dir.Write("tasks.csv", Csv(TimedHeader, "a,1,1,0,0,5,10", "b,1,1,0,0,50,10"));

        var (run, _) = Simulate(_dir, "nodes.csv", "tasks.csv", "--replay");

        PlaceCommandErrorTests.AssertFailedCleanly(run, "deletion first", ["tasks.csv:3: column 'deletion_time': '10' is not accepted", "before it is created at 50"]);
    }

    [Fact]
    public void Simulate_WithoutReplay_IgnoresBadTimes()
    {
        // The published experiment ignores times, so a file whose times are unusable still runs.
        _dir.Write("nodes.csv", TwoSingleGpuNodes);
        _dir.Write("tasks.csv", Csv(TimedHeader, "a,1,1,0,0,later,never"));

        var (run, _) = Simulate(_dir, "nodes.csv", "tasks.csv", "--seeds", "1");

        Assert.Equal(0, run.ExitCode);
    }
}
