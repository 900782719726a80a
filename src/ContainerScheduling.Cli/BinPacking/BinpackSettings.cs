using System;
using System.Collections.Generic;

namespace ContainerScheduling.Cli.BinPacking;

/// <summary>What <c>csched binpack</c> was asked to do.</summary>
internal sealed class BinpackSettings
{
    /// <summary>Gets the <c>--instances</c> path.</summary>
    public required string InstancesPath { get; init; }

    /// <summary>Gets the planner's name.</summary>
    public required string Strategy { get; init; }

    /// <summary>Gets whether the improvement phase runs after the planner.</summary>
    public bool Optimize { get; init; }

    /// <summary>Gets the improvement phase's time limit per instance.</summary>
    public TimeSpan TimeLimit { get; init; }

    /// <summary>Gets the improvement phase's seed.</summary>
    public int Seed { get; init; }

    /// <summary>Gets the improvement phase's move budget per instance (<see cref="long.MaxValue"/>: only the time limit stops it).</summary>
    public long MaxIterations { get; init; } = long.MaxValue;

    /// <summary>Gets whether each instance's wall time is written (<c>ms</c>); off with <c>--no-timings</c>.</summary>
    public bool Timings { get; init; } = true;

    /// <summary>Gets the published per-instance bounds file that was read, or null.</summary>
    public string? PublishedPath { get; init; }

    /// <summary>Gets the published per-instance figures by name (empty without a file).</summary>
    public IReadOnlyDictionary<string, PublishedInstance> Published { get; init; } = new Dictionary<string, PublishedInstance>();
}
