using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Linq;
using System.Runtime.ExceptionServices;
using System.Threading.Tasks;

namespace ContainerScheduling.Cli.Simulation;

/// <summary>
/// Runs every (policy, seed) pair of a simulation — the published trace experiment or a replay with real times —
/// in parallel, one run per core. Each run builds its own cluster from the shared, immutable nodes and tasks, and
/// its result is stored at its index, so the output is the same as a sequential run's.
/// </summary>
internal static class SimulationRunner
{
    /// <summary>Runs the simulation.</summary>
    /// <param name="nodes">The nodes, read once.</param>
    /// <param name="workload">The tasks, read once (with times for a replay).</param>
    /// <param name="settings">What to run.</param>
    /// <param name="progress">The terminal progress line, or null.</param>
    /// <returns>The results in policy, then seed order.</returns>
    public static SimulationResult Run(IReadOnlyList<GpuNodeSpec> nodes, TraceWorkload workload, SimulationSettings settings, SimulationProgress? progress)
    {
        ArgumentNullException.ThrowIfNull(nodes);
        ArgumentNullException.ThrowIfNull(workload);
        ArgumentNullException.ThrowIfNull(settings);
        var policies = settings.Policies;
        var seeds = settings.Seeds;
        var count = policies.Count * seeds.Count;
        var runs = settings.Replay ? null : new GpuTraceRun[count];
        var replays = settings.Replay ? new GpuReplayRun[count] : null;
        var seconds = new double[count];
        var placements = settings.RecordPlacements ? new List<PlacementRecord>() : null;
        var parallelism = Math.Min(Environment.ProcessorCount, count);

        var clock = Stopwatch.StartNew();
        try
        {
            Parallel.For(0, count, new ParallelOptions { MaxDegreeOfParallelism = parallelism }, job =>
            {
                var policy = policies[job / seeds.Count];
                var seed = seeds[job % seeds.Count];
                progress?.Started(policy, seed);
                var started = Stopwatch.GetTimestamp();
                IGpuPlacementStrategy Strategy(int s) => GpuPlacementStrategies.Create(policy, s);
                if (replays is not null)
                {
                    replays[job] = GpuTraceReplay.Run(nodes, workload.Timed!, Strategy, seed, settings.Samples);
                }
                else
                {
                    runs![job] = GpuTraceExperiment.Run(nodes, workload.Requests, Strategy, new GpuTraceExperimentOptions
                    {
                        Seed = seed,
                        Inflation = settings.Inflation,
                        ArrivalOrder = settings.ArrivalOrder,
                        TieBreakOrder = settings.TieBreakOrder,
                        OnTask = job == 0 && placements is not null
                            ? (_, task, result) => placements.Add(new PlacementRecord(
                                task.Name, result.IsPlaced ? nodes[result.Node].Name : null, result.IsPlaced ? result.Allocation.GpuMask : 0))
                            : null,
                    });
                }

                seconds[job] = Stopwatch.GetElapsedTime(started).TotalSeconds;
                progress?.Finished(policy, seed);
            });
        }
        catch (AggregateException e)
        {
            // Report the first failure as if the runs were sequential (e.g. an ArgumentException: exit code 2).
            ExceptionDispatchInfo.Capture(e.Flatten().InnerExceptions[0]).Throw();
            throw;
        }

        var wall = clock.Elapsed;
        var results = new PolicyResult[policies.Count];
        for (var p = 0; p < policies.Count; p++)
        {
            var range = new Range(p * seeds.Count, (p + 1) * seeds.Count);
            results[p] = new PolicyResult(policies[p], seeds, runs?[range], replays?[range], seconds[range]);
        }

        return new SimulationResult(
            settings, nodes.Count, nodes.Sum(n => n.GpuCount), workload.Requests.Count, results, placements, parallelism, wall);
    }
}
