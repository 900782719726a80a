using System.Collections.Generic;

namespace ContainerScheduling;

/// <summary>The outcome of a replay with real arrivals and departures (<see cref="GpuTraceReplay"/>).</summary>
public sealed class GpuReplayRun
{
    internal GpuReplayRun(string policy, int seed, int tasks, int placedOnArrival, int placedLater, int neverPlaced, int maxPending, IReadOnlyList<GpuReplaySample> samples)
    {
        Policy = policy;
        Seed = seed;
        Tasks = tasks;
        PlacedOnArrival = placedOnArrival;
        PlacedLater = placedLater;
        NeverPlaced = neverPlaced;
        MaxPending = maxPending;
        Samples = samples;
    }

    /// <summary>Gets the strategy's name.</summary>
    public string Policy { get; }

    /// <summary>Gets the seed of the tie-break order.</summary>
    public int Seed { get; }

    /// <summary>Gets the number of tasks replayed.</summary>
    public int Tasks { get; }

    /// <summary>Gets the number of tasks placed when they arrived.</summary>
    public int PlacedOnArrival { get; }

    /// <summary>Gets the number of tasks that waited in the queue and were placed later.</summary>
    public int PlacedLater { get; }

    /// <summary>Gets the number of tasks that left (reached their deletion time) without ever being placed.</summary>
    public int NeverPlaced { get; }

    /// <summary>Gets the longest the pending queue grew.</summary>
    public int MaxPending { get; }

    /// <summary>Gets the state at evenly spaced moments from the first arrival to the last event, the last one included.</summary>
    public IReadOnlyList<GpuReplaySample> Samples { get; }
}
