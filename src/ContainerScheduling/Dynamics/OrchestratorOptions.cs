using System;

namespace ContainerScheduling;

/// <summary>How an <see cref="Orchestrator"/> treats work that does not fit.</summary>
public sealed class OrchestratorOptions
{
    /// <summary>
    /// Gets whether a container that fits nowhere may evict strictly lower-priority containers. On by default.
    /// </summary>
    public bool Preemption { get; init; } = true;

    /// <summary>
    /// Gets the priority a container must exceed to preempt (default 0: containers with a positive
    /// <see cref="ContainerSpec.Priority"/> may preempt; those at 0 or below wait as pending).
    /// </summary>
    public int PreemptionThreshold { get; init; }

    /// <summary>Gets the order in which a submitted batch is tried (default <see cref="OrderingPolicy.Arrival"/>).</summary>
    public OrderingPolicy Ordering { get; init; } = OrderingPolicy.Arrival;

    /// <summary>
    /// Gets the predictor that learns real usage per container kind from <see cref="Orchestrator.ObserveUsage"/>
    /// (none by default).
    /// </summary>
    public IUsagePredictor? UsagePredictor { get; init; }

    /// <summary>
    /// Gets whether submitted containers are placed by the predictor's recommended request for their kind instead of
    /// their own requests, where it has one (default false). Requires <see cref="UsagePredictor"/>.
    /// </summary>
    public bool PlaceByRecommendation { get; init; }

    /// <summary>Gets how a container's kind is named for the predictor (default: its <c>app</c> label, else its name).</summary>
    public Func<ContainerSpec, string> KindOf { get; init; } = DefaultKind;

    /// <summary>Gets the rebalancing budget and goal <see cref="Orchestrator.PlanRebalance"/> uses when given none (default: balance, 10 moves).</summary>
    public RebalanceOptions Rebalance { get; init; } = new();

    /// <summary>
    /// Gets the factory the orchestrator's <see cref="System.Diagnostics.Metrics.Meter"/> comes from (a host's
    /// <c>IMeterFactory</c>, which owns and disposes it), or null for a meter of the orchestrator's own.
    /// </summary>
    public System.Diagnostics.Metrics.IMeterFactory? MeterFactory { get; init; }

    /// <summary>Gets the name this orchestrator's telemetry is tagged with (tag <c>cluster</c>; default <c>default</c>).</summary>
    public string Name { get; init; } = "default";

    /// <summary>The default options.</summary>
    public static OrchestratorOptions Default { get; } = new();

    internal void Validate(string parameterName)
    {
        if (string.IsNullOrWhiteSpace(Name))
        {
            throw new ArgumentException($"{nameof(Name)} must be non-empty, but was '{Name}'.", parameterName);
        }

        if (PlaceByRecommendation && UsagePredictor is null)
        {
            throw new ArgumentException($"{nameof(PlaceByRecommendation)} needs a {nameof(UsagePredictor)}.", parameterName);
        }

        if (Rebalance is null)
        {
            throw new ArgumentException($"{nameof(Rebalance)} must not be null.", parameterName);
        }

        Rebalance.Validate(parameterName);
        if (KindOf is null)
        {
            throw new ArgumentException($"{nameof(KindOf)} must not be null.", parameterName);
        }

        if (!Enum.IsDefined(Ordering))
        {
            throw new ArgumentOutOfRangeException(parameterName, Ordering, $"{nameof(Ordering)} is not a defined {nameof(OrderingPolicy)} value.");
        }
    }

    private static string DefaultKind(ContainerSpec container) =>
        container.Labels.TryGetValue("app", out var app) ? app : container.Name;
}
