using System;
using System.Collections.Generic;

namespace ContainerScheduling.Cli.Simulation;

/// <summary>Everything <c>csched simulate</c> ran: the input's size, each policy's runs, and how long it took.</summary>
/// <param name="Settings">What was asked.</param>
/// <param name="NodeCount">The number of nodes.</param>
/// <param name="GpuCount">The number of GPUs.</param>
/// <param name="TaskCount">The number of tasks in the task file.</param>
/// <param name="Policies">One result per policy, in the order of <see cref="SimulationSettings.Policies"/>.</param>
/// <param name="Placements">Where every task of the first run went, when recorded; otherwise null.</param>
/// <param name="Parallelism">How many runs ran at once.</param>
/// <param name="Wall">The wall time of all runs.</param>
internal sealed record SimulationResult(
    SimulationSettings Settings,
    int NodeCount,
    int GpuCount,
    int TaskCount,
    IReadOnlyList<PolicyResult> Policies,
    IReadOnlyList<PlacementRecord>? Placements,
    int Parallelism,
    TimeSpan Wall);
