using System;
using System.Collections.Generic;
using System.Linq;

namespace ContainerScheduling;

/// <summary>
/// Replays a trace with its real times: each task arrives at its creation time and leaves at its deletion time.
/// A task that does not fit when it arrives waits in a queue; after every batch of departures the queue is retried
/// in arrival order (a waiting task does not block the ones behind it). A task still waiting at its deletion time
/// leaves unplaced. A placed task keeps its deletion time, however long it waited.
/// </summary>
/// <remarks>
/// Events at the same second run arrivals first (in creation order, then name), then departures, then the retry.
/// The seed gives the fixed tie-break order of <see cref="GpuScheduler"/> and seeds random strategies.
/// </remarks>
public static class GpuTraceReplay
{
    /// <summary>The default number of samples over the replayed time.</summary>
    public const int DefaultSamples = 200;

    /// <summary>Replays a trace.</summary>
    /// <param name="nodes">The cluster's nodes.</param>
    /// <param name="tasks">The tasks with their times; names unique.</param>
    /// <param name="strategy">Creates the strategy for the seed.</param>
    /// <param name="seed">The seed of the tie-break order and of random strategies.</param>
    /// <param name="samples">How many evenly spaced samples to report, 2 or more.</param>
    /// <param name="onEvent">Optional: called after every event time with the current sample (for progress).</param>
    /// <returns>Counts and samples.</returns>
    /// <exception cref="ArgumentException">No node or task, repeated names, or fewer than 2 samples.</exception>
    public static GpuReplayRun Run(
        IReadOnlyList<GpuNodeSpec> nodes,
        IReadOnlyList<GpuTraceTask> tasks,
        Func<int, IGpuPlacementStrategy> strategy,
        int seed = 42,
        int samples = DefaultSamples,
        Action<GpuReplaySample>? onEvent = null)
    {
        ArgumentNullException.ThrowIfNull(nodes);
        ArgumentNullException.ThrowIfNull(tasks);
        ArgumentNullException.ThrowIfNull(strategy);
        ArgumentOutOfRangeException.ThrowIfLessThan(samples, 2);
        if (tasks.Count == 0)
        {
            throw new ArgumentException("The trace has no task.", nameof(tasks));
        }

        if (tasks.Select(t => t.Request.Name).Distinct(StringComparer.Ordinal).Count() != tasks.Count)
        {
            throw new ArgumentException("Task names must be unique.", nameof(tasks));
        }

        var byArrival = tasks.OrderBy(t => t.CreationTime).ThenBy(t => t.Request.Name, StringComparer.Ordinal).ToArray();
        var cluster = new GpuCluster(nodes, GpuFragmentationModel.FromWorkload(tasks.Select(t => t.Request).OrderBy(r => r.Name, StringComparer.Ordinal)));
        var scheduler = new GpuScheduler(cluster, strategy(seed) ?? throw new ArgumentException("The strategy factory returned null.", nameof(strategy)), seed);
        var demands = byArrival.Select(t => cluster.Compile(t.Request)).ToArray();
        var allocations = new GpuAllocation?[byArrival.Length];
        var departures = Enumerable.Range(0, byArrival.Length).OrderBy(i => byArrival[i].DeletionTime).ThenBy(i => i).ToArray();
        var pending = new SortedSet<int>();
        int placedOnArrival = 0, placedLater = 0, neverPlaced = 0, maxPending = 0, running = 0;

        var start = byArrival[0].CreationTime;
        var end = Math.Max(byArrival[^1].CreationTime, tasks.Max(t => t.DeletionTime));
        var sampleTimes = Enumerable.Range(0, samples).Select(k => start + (long)Math.Round((end - start) * (double)k / (samples - 1))).ToArray();
        var result = new List<GpuReplaySample>(samples);
        var nextSample = 0;
        var freed = new List<int>();
        GpuReplaySample Now(long time) => new(
            time, cluster.AllocatedGpuMilli * 100.0 / cluster.CapacityGpuMilli, cluster.TotalFragmentation * 100.0 / cluster.CapacityGpuMilli, running, pending.Count);

        int a = 0, d = 0;
        while (a < byArrival.Length || d < departures.Length)
        {
            var time = Math.Min(a < byArrival.Length ? byArrival[a].CreationTime : long.MaxValue, d < departures.Length ? byArrival[departures[d]].DeletionTime : long.MaxValue);

            // Samples strictly before this event time see the state after the previous events.
            while (nextSample < sampleTimes.Length && sampleTimes[nextSample] < time)
            {
                result.Add(Now(sampleTimes[nextSample++]));
            }

            for (; a < byArrival.Length && byArrival[a].CreationTime == time; a++)
            {
                var placed = scheduler.Place(demands[a]);
                if (placed.IsPlaced)
                {
                    allocations[a] = placed.Allocation;
                    placedOnArrival++;
                    running++;
                }
                else
                {
                    pending.Add(a);
                }
            }

            freed.Clear();
            for (; d < departures.Length && byArrival[departures[d]].DeletionTime == time; d++)
            {
                var i = departures[d];
                if (allocations[i] is { } held)
                {
                    scheduler.Remove(held);
                    allocations[i] = null;
                    running--;
                    freed.Add(held.Node);
                }
                else if (pending.Remove(i))
                {
                    neverPlaced++;
                }
            }

            maxPending = Math.Max(maxPending, pending.Count);
            if (freed.Count > 0 && pending.Count > 0)
            {
                // A waiting task fitted nowhere before; only the nodes that just freed something can take it now.
                foreach (var i in pending.ToArray())
                {
                    if (!AnyFits(cluster, freed, demands[i]))
                    {
                        continue;
                    }

                    var placed = scheduler.Place(demands[i]);
                    if (placed.IsPlaced)
                    {
                        pending.Remove(i);
                        allocations[i] = placed.Allocation;
                        placedLater++;
                        running++;
                    }
                }
            }

            onEvent?.Invoke(Now(time));
        }

        while (nextSample < sampleTimes.Length)
        {
            result.Add(Now(sampleTimes[nextSample++]));
        }

        return new GpuReplayRun(scheduler.Strategy.Name, seed, byArrival.Length, placedOnArrival, placedLater, neverPlaced, maxPending, result);
    }

    /// <summary>Whether one of <paramref name="nodes"/> can take <paramref name="demand"/>.</summary>
    private static bool AnyFits(GpuCluster cluster, List<int> nodes, in GpuDemand demand)
    {
        foreach (var node in nodes)
        {
            if (cluster.Fits(node, demand))
            {
                return true;
            }
        }

        return false;
    }
}
