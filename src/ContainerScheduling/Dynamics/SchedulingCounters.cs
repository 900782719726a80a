using System;
using System.Collections.Generic;

namespace ContainerScheduling;

/// <summary>
/// Running totals of an <see cref="Orchestrator"/>: placements, failures by reason, evictions, preemptions,
/// failovers and moves since it was created.
/// </summary>
public sealed class SchedulingCounters
{
    private readonly Dictionary<string, long> _failures = new(StringComparer.Ordinal);

    internal SchedulingCounters(OrchestratorInstruments instruments) => Instruments = instruments;

    internal OrchestratorInstruments Instruments { get; }

    /// <summary>Gets the number of placements made (a re-placement counts again).</summary>
    public long Placements { get; private set; }

    /// <summary>Gets the number of times a container was tried and fitted nowhere (a retry that fails counts again).</summary>
    public long Failures { get; private set; }

    /// <summary>
    /// Gets the failures per cause (the <see cref="FailureCause.Reason"/>s of each <see cref="PlacementFailure"/>; one
    /// failure counts under each of its causes).
    /// </summary>
    public IReadOnlyDictionary<string, long> FailuresByReason => _failures;

    /// <summary>Gets the number of containers evicted: from failed nodes, as preemption victims, or with a task that could not stay whole.</summary>
    public long Evictions { get; private set; }

    /// <summary>Gets the number of preemptions (one per preempting container).</summary>
    public long Preemptions { get; private set; }

    /// <summary>Gets the number of failovers: nodes marked down while they ran containers or not.</summary>
    public long Failovers { get; private set; }

    /// <summary>Gets the number of containers moved while running (drains and rebalancing).</summary>
    public long Moves { get; private set; }

    internal void Placed()
    {
        Placements++;
        Instruments.Placed();
    }

    internal void Failed(PlacementFailure failure)
    {
        Failures++;
        foreach (var cause in failure.Causes)
        {
            _failures[cause.Reason] = _failures.GetValueOrDefault(cause.Reason) + 1;
            Instruments.Failed(cause.Reason);
        }
    }

    internal void Evicted(int count)
    {
        Evictions += count;
        Instruments.Evicted(count);
    }

    internal void Preempted()
    {
        Preemptions++;
        Instruments.Preempted();
    }

    internal void FailedOver()
    {
        Failovers++;
        Instruments.FailedOver();
    }

    internal void Moved()
    {
        Moves++;
        Instruments.Moved();
    }
}
