using System.Collections.Generic;

namespace ContainerScheduling.Cli.Json;

/// <summary>A scenario file, read and checked: the cluster, the initial workload, the options and the events.</summary>
internal sealed class ScenarioDocument
{
    /// <summary>Gets or sets the cluster (required).</summary>
    public ClusterDocument Cluster { get; set; } = new();

    /// <summary>Gets or sets the initial workload, placed before the events (none when the file has no <c>workload</c>).</summary>
    public WorkloadDocument Workload { get; set; } = new();

    /// <summary>Gets or sets the strategy's name (default best-fit).</summary>
    public string Strategy { get; set; } = PlacementStrategies.BestFitName;

    /// <summary>Gets or sets the order in which each submitted batch is tried (default arrival).</summary>
    public OrderingPolicy Order { get; set; } = OrderingPolicy.Arrival;

    /// <summary>Gets or sets whether urgent work may preempt (default true, as <see cref="OrchestratorOptions.Preemption"/>).</summary>
    public bool Preemption { get; set; } = OrchestratorOptions.Default.Preemption;

    /// <summary>Gets or sets the priority a container must exceed to preempt (default 0, as <see cref="OrchestratorOptions.PreemptionThreshold"/>).</summary>
    public int PreemptionThreshold { get; set; } = OrchestratorOptions.Default.PreemptionThreshold;

    /// <summary>Gets the events in file order.</summary>
    public List<ScenarioEvent> Events { get; } = [];

    /// <summary>
    /// Gets or sets every resource name of the file: the cluster's first, then the initial workload's, then the
    /// events' in order (the rule <c>place</c> follows for its two files).
    /// </summary>
    public ResourceDimensions Dimensions { get; set; } = new();
}
