using System.Collections.Generic;
using ContainerScheduling.Cli.Json;

namespace ContainerScheduling.Cli.Scheduling;

/// <summary>
/// What one step of a scenario did: the placement of the initial workload or one event. A submit makes two
/// <see cref="Orchestrator"/> calls (the plain containers, then the tasks); their reports are joined in call order.
/// </summary>
internal sealed class ScenarioStep(ScenarioEvent? scenarioEvent)
{
    /// <summary>Gets the event, or null for the initial workload.</summary>
    public ScenarioEvent? Event { get; } = scenarioEvent;

    /// <summary>Gets the containers evicted, in eviction order.</summary>
    public List<string> Evicted { get; } = [];

    /// <summary>Gets the placements made, in order: submitted, re-placed after an eviction, or retried from pending.</summary>
    public List<Placement> Placed { get; } = [];

    /// <summary>Gets the containers the step left pending, with the reason.</summary>
    public List<UnplacedContainer> Pending { get; } = [];

    /// <summary>Gets the preemptions made.</summary>
    public List<Preemption> Preemptions { get; } = [];

    /// <summary>Gets the containers moved while running (drain, rebalance).</summary>
    public List<ContainerMove> Moves { get; } = [];

    /// <summary>Gets the planned rebalancing moves not made.</summary>
    public List<ContainerMove> Skipped { get; } = [];

    /// <summary>Gets the rebalancing objective before the moves, or null for other steps.</summary>
    public double? ObjectiveBefore { get; private set; }

    /// <summary>Gets the rebalancing objective after the moves, or null for other steps.</summary>
    public double? ObjectiveAfter { get; private set; }

    /// <summary>Adds one call's report.</summary>
    public void Add(ClusterEventReport report)
    {
        Evicted.AddRange(report.Evicted);
        Placed.AddRange(report.Placed);
        Pending.AddRange(report.Pending);
        Preemptions.AddRange(report.Preemptions);
        Moves.AddRange(report.Moves);
        Skipped.AddRange(report.Skipped);
        ObjectiveBefore ??= report.ObjectiveBefore;
        ObjectiveAfter = report.ObjectiveAfter ?? ObjectiveAfter;
    }
}
