using System;
using System.Collections.Generic;
using System.Linq;

namespace ContainerScheduling.Cli.Simulation;

/// <summary>The runs of one policy, one per seed in the order of the seeds: trace experiments or replays.</summary>
internal sealed class PolicyResult
{
    /// <summary>Creates the result of a policy.</summary>
    /// <param name="policy">The policy's name.</param>
    /// <param name="seeds">The seeds, in run order.</param>
    /// <param name="runs">The experiment runs (one per seed), or null for a replay.</param>
    /// <param name="replays">The replays (one per seed), or null for an experiment.</param>
    /// <param name="runSeconds">The time each run took.</param>
    public PolicyResult(string policy, IReadOnlyList<int> seeds, IReadOnlyList<GpuTraceRun>? runs, IReadOnlyList<GpuReplayRun>? replays, IReadOnlyList<double> runSeconds)
    {
        Policy = policy;
        Seeds = seeds;
        Runs = runs;
        Replays = replays;
        RunSeconds = runSeconds;
    }

    /// <summary>Gets the policy's name.</summary>
    public string Policy { get; }

    /// <summary>Gets the seeds, in run order.</summary>
    public IReadOnlyList<int> Seeds { get; }

    /// <summary>Gets the experiment runs, or null for a replay.</summary>
    public IReadOnlyList<GpuTraceRun>? Runs { get; }

    /// <summary>Gets the replays, or null for an experiment.</summary>
    public IReadOnlyList<GpuReplayRun>? Replays { get; }

    /// <summary>Gets the time each run took, in seconds.</summary>
    public IReadOnlyList<double> RunSeconds { get; }

    /// <summary>Gets the time all runs of the policy took together (they may have run in parallel with others).</summary>
    public double Seconds => RunSeconds.Sum();

    /// <summary>Gets one value per experiment run.</summary>
    /// <param name="value">What to take from a run.</param>
    /// <returns>The values, in seed order.</returns>
    public double[] Values(Func<GpuTraceRun, double> value) => Runs!.Select(value).ToArray();

    /// <summary>Gets one value per replay.</summary>
    /// <param name="value">What to take from a replay.</param>
    /// <returns>The values, in seed order.</returns>
    public double[] Values(Func<GpuReplayRun, double> value) => Replays!.Select(value).ToArray();

    /// <summary>Gets the mean over the seeds of a run's value.</summary>
    /// <param name="value">What to take from a run.</param>
    /// <returns>The mean.</returns>
    public double Mean(Func<GpuTraceRun, double> value) => Statistics.Mean(Values(value));

    /// <summary>Gets the mean over the seeds of a replay's value.</summary>
    /// <param name="value">What to take from a replay.</param>
    /// <returns>The mean.</returns>
    public double Mean(Func<GpuReplayRun, double> value) => Statistics.Mean(Values(value));

    /// <summary>Gets a replay's allocated GPU % averaged over its samples (evenly spaced in time, so a time average).</summary>
    /// <param name="replay">The replay.</param>
    /// <returns>The mean allocation.</returns>
    public static double MeanAllocatedGpuPct(GpuReplayRun replay) => replay.Samples.Count == 0 ? 0 : replay.Samples.Average(s => s.AllocatedGpuPct);

    /// <summary>Gets a replay's fragmentation % averaged over its samples.</summary>
    /// <param name="replay">The replay.</param>
    /// <returns>The mean fragmentation.</returns>
    public static double MeanFragmentationPct(GpuReplayRun replay) => replay.Samples.Count == 0 ? 0 : replay.Samples.Average(s => s.FragmentationPct);

    /// <summary>Gets the allocated GPU % at each arrival % (experiment) or each sample (replay), averaged over the seeds.</summary>
    /// <returns>One value per arrival % or per sample.</returns>
    public double[] MeanAllocationCurve()
    {
        if (Runs is { } runs)
        {
            return Enumerable.Range(0, runs[0].AllocatedGpuPct.Count).Select(x => runs.Average(r => r.AllocatedGpuPct[x])).ToArray();
        }

        var replays = Replays!;
        return Enumerable.Range(0, replays[0].Samples.Count).Select(k => replays.Average(r => r.Samples[k].AllocatedGpuPct)).ToArray();
    }
}
