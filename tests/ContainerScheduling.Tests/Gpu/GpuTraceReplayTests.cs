using System;
using System.Collections.Generic;
using System.Linq;
using Xunit;
using static ContainerScheduling.Tests.Gpu.GpuFixtures;

namespace ContainerScheduling.Tests.Gpu;

/// <summary>
/// The replay with real times on timelines worked out by hand: arrivals first, then departures, then the retry of
/// the waiting tasks in arrival order; a task still waiting at its deletion time leaves unplaced; samples evenly
/// spaced from the first arrival to the last event, the state after every event up to and including that time.
/// </summary>
public sealed class GpuTraceReplayTests
{
    private static GpuTraceTask Task(string name, int gpus, long created, long deleted) => new(Whole(name, gpus), created, deleted);

    [Fact]
    public void Run_OneGpu_ATaskWaitsForADepartureAndAnotherLeavesUnplaced()
    {
        // One GPU. a holds it from 100 to 110. c arrives at 102 and must leave at 108: it never gets the GPU.
        // b arrives at 105, waits, and takes the GPU when a leaves at 110; it leaves at 120.
        var events = new List<long>();
        var run = GpuTraceReplay.Run(
            [Node("n", 1)],
            [Task("a", 1, 100, 110), Task("b", 1, 105, 120), Task("c", 1, 102, 108)],
            _ => GpuPlacementStrategies.Fgd(),
            seed: 3,
            samples: 5,
            onEvent: s => events.Add(s.Time));

        Assert.Equal((3, 1, 1, 1, 2), (run.Tasks, run.PlacedOnArrival, run.PlacedLater, run.NeverPlaced, run.MaxPending));
        Assert.Equal((GpuPlacementStrategies.FgdName, 3), (run.Policy, run.Seed));

        // From 100 to 120 in 5 samples: 100, 105, 110, 115, 120.
        // 100: a runs (100% allocated). 105: a runs, c and b wait. 110: a left, c left at 108, b runs.
        // 115: b runs. 120: b left, nothing runs. Every task is a whole GPU: no idle GPU is ever stranded, F = 0.
        Assert.Equal(
            [
                new GpuReplaySample(100, 100, 0, 1, 0),
                new GpuReplaySample(105, 100, 0, 1, 2),
                new GpuReplaySample(110, 100, 0, 1, 0),
                new GpuReplaySample(115, 100, 0, 1, 0),
                new GpuReplaySample(120, 0, 0, 0, 0),
            ],
            run.Samples);

        // One callback per event time: arrivals 100, 102, 105; departures 108, 110, 120.
        Assert.Equal([100L, 102L, 105L, 108L, 110L, 120L], events);
    }

    [Fact]
    public void Run_AWaitingTaskThatStillDoesNotFit_DoesNotBlockTheOnesBehindIt()
    {
        // Two GPUs, each held by x1 (0..10) and x2 (0..50). y wants both (arrives 1), z one (arrives 2), both until 60.
        // At 10 one GPU frees: y (first in the queue) still does not fit, z behind it takes the GPU. At 50 the other
        // frees: y needs two, z holds one: y still waits, and leaves unplaced at 60.
        var run = GpuTraceReplay.Run(
            [Node("n", 2)],
            [Task("x1", 1, 0, 10), Task("x2", 1, 0, 50), Task("y", 2, 1, 60), Task("z", 1, 2, 60)],
            _ => GpuPlacementStrategies.Packing(),
            samples: 2);

        Assert.Equal((4, 2, 1, 1, 2), (run.Tasks, run.PlacedOnArrival, run.PlacedLater, run.NeverPlaced, run.MaxPending));

        // Two samples: the first arrival (0: x1 and x2 run) and the end (60: everything left).
        Assert.Equal([new GpuReplaySample(0, 100, 0, 2, 0), new GpuReplaySample(60, 0, 0, 0, 0)], run.Samples);
    }

    [Fact]
    public void Run_TwoTasksWaitForOneGpu_TheEarlierArrivalGetsItFirst()
    {
        // One GPU held by a (0..10). b arrives at 1 (until 20), c at 2 (until 40). At 10 the queue is retried in
        // arrival order: b takes the GPU; at 20 b leaves and c takes it. (Newest first, c would take it at 10 and
        // b would leave unplaced at 20.)
        var run = GpuTraceReplay.Run(
            [Node("n", 1)],
            [Task("a", 1, 0, 10), Task("c", 1, 2, 40), Task("b", 1, 1, 20)],
            _ => GpuPlacementStrategies.DotProduct(),
            samples: 5);

        Assert.Equal((3, 1, 2, 0, 2), (run.Tasks, run.PlacedOnArrival, run.PlacedLater, run.NeverPlaced, run.MaxPending));

        // Samples at 0, 10, 20, 30, 40: one task runs until 40, the queue empties at 20.
        Assert.Equal([1, 1, 1, 1, 0], run.Samples.Select(s => s.Running));
        Assert.Equal([0, 1, 0, 0, 0], run.Samples.Select(s => s.Pending));
    }

    [Fact]
    public void Run_SamplesBetweenEvents_AreEvenlySpacedWithTheLastAtTheEnd()
    {
        // Events at 0 and 7; 3 samples: 0, round(3.5) = 4, 7. At 4 the task placed at 0 still runs.
        var run = GpuTraceReplay.Run([Node("n", 1)], [Task("a", 1, 0, 7)], _ => GpuPlacementStrategies.BestFit(), samples: 3);
        Assert.Equal([0L, 4L, 7L], run.Samples.Select(s => s.Time));
        Assert.Equal([1, 1, 0], run.Samples.Select(s => s.Running));
    }

    [Fact]
    public void Run_BadArguments_Rejected()
    {
        GpuNodeSpec[] nodes = [Node("n", 1)];
        GpuTraceTask[] tasks = [Task("a", 1, 0, 1)];
        Func<int, IGpuPlacementStrategy> fgd = _ => GpuPlacementStrategies.Fgd();

        var samples = Assert.Throws<ArgumentOutOfRangeException>(() => GpuTraceReplay.Run(nodes, tasks, fgd, samples: 1));
        Assert.Equal(("samples", (object?)1), (samples.ParamName, samples.ActualValue));
        Assert.Equal("tasks", Assert.Throws<ArgumentException>(() => GpuTraceReplay.Run(nodes, [], fgd)).ParamName);
        Assert.Equal("tasks", Assert.Throws<ArgumentException>(() => GpuTraceReplay.Run(nodes, [Task("a", 1, 0, 1), Task("a", 1, 2, 3)], fgd)).ParamName);
        Assert.Equal("strategy", Assert.Throws<ArgumentException>(() => GpuTraceReplay.Run(nodes, tasks, _ => null!)).ParamName);
        Assert.Equal("nodes", Assert.Throws<ArgumentNullException>(() => GpuTraceReplay.Run(null!, tasks, fgd)).ParamName);
        Assert.Equal("tasks", Assert.Throws<ArgumentNullException>(() => GpuTraceReplay.Run(nodes, null!, fgd)).ParamName);
        Assert.Equal("strategy", Assert.Throws<ArgumentNullException>(() => GpuTraceReplay.Run(nodes, tasks, null!)).ParamName);
    }
}
