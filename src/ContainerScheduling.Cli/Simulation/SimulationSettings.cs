using System.Collections.Generic;

namespace ContainerScheduling.Cli.Simulation;

/// <summary>What <c>csched simulate</c> was asked to run, after its options were checked.</summary>
internal sealed class SimulationSettings
{
    /// <summary>Gets the node file, as given.</summary>
    public required string NodesPath { get; init; }

    /// <summary>Gets the task file, as given.</summary>
    public required string TasksPath { get; init; }

    /// <summary>Gets the policies to run, in output order.</summary>
    public required IReadOnlyList<string> Policies { get; init; }

    /// <summary>Gets the seeds, in output order.</summary>
    public required IReadOnlyList<int> Seeds { get; init; }

    /// <summary>Gets how far arrivals go in the published experiment, as a multiple of GPU capacity.</summary>
    public double Inflation { get; init; } = GpuTraceExperimentOptions.DefaultInflation;

    /// <summary>Gets whether to replay the trace's own times (<see cref="GpuTraceReplay"/>) instead of the published experiment.</summary>
    public bool Replay { get; init; }

    /// <summary>Gets the number of samples of a replay.</summary>
    public int Samples { get; init; } = GpuTraceReplay.DefaultSamples;

    /// <summary>Gets an explicit arrival order (a reference run), or null.</summary>
    public IReadOnlyList<string>? ArrivalOrder { get; init; }

    /// <summary>Gets an explicit tie-break order (a reference run), or null.</summary>
    public IReadOnlyList<string>? TieBreakOrder { get; init; }

    /// <summary>Gets whether to record where every task of the first run went (<c>--placements-out</c>).</summary>
    public bool RecordPlacements { get; init; }

    /// <summary>Gets whether more than one policy runs (then the JSON lists them under <c>"policies"</c>).</summary>
    public bool Comparison => Policies.Count > 1;

    /// <summary>Gets the workload's name: the published one (<c>default</c>, …) or the task file's name without extension.</summary>
    public string Workload => PublishedGpuResults.WorkloadOf(TasksPath) ?? System.IO.Path.GetFileNameWithoutExtension(TasksPath);
}
