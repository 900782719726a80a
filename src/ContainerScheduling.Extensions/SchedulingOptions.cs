using System.Collections.Generic;
using System.ComponentModel.DataAnnotations;

namespace ContainerScheduling.Extensions;

/// <summary>
/// One scheduler configuration, bound from configuration (for example the <c>ContainerScheduling</c> section of
/// <c>appsettings.json</c>) or set in code. Named options are profiles: several configurations in one host.
/// Validated on start (<see cref="SchedulingOptionsValidator"/>); an invalid value fails with a message naming it.
/// </summary>
public sealed class SchedulingOptions
{
    /// <summary>The configuration section <c>AddContainerScheduling(IConfiguration)</c> users conventionally bind.</summary>
    public const string SectionName = "ContainerScheduling";

    /// <summary>Gets or sets the strategy by name: a built-in (<see cref="PlacementStrategies.Names"/>) or one added with <c>AddPlacementStrategy</c>. Default <c>best-fit</c>.</summary>
    [Required]
    public string Strategy { get; set; } = PlacementStrategies.BestFitName;

    /// <summary>Gets or sets the order in which a batch is placed (default <see cref="OrderingPolicy.Arrival"/>).</summary>
    [EnumDataType(typeof(OrderingPolicy))]
    public OrderingPolicy Ordering { get; set; } = OrderingPolicy.Arrival;

    /// <summary>Gets the weight per dimension name for the built-in scored strategies (0 to <see cref="PlacementStrategies.MaxWeight"/>; unnamed dimensions weigh 1).</summary>
    public Dictionary<string, double> Weights { get; } = [];

    /// <summary>Gets or sets whether work that fits nowhere may preempt lower priorities (default true).</summary>
    public bool Preemption { get; set; } = true;

    /// <summary>Gets or sets the priority a container must exceed to preempt (default 0).</summary>
    public int PreemptionThreshold { get; set; }

    /// <summary>Gets or sets the most moves a rebalancing plan may hold (default 10).</summary>
    [Range(0, 1_000_000)]
    public int RebalanceMaxMoves { get; set; } = 10;

    /// <summary>Gets or sets the most moves out of one node in a rebalancing plan, or null for no limit.</summary>
    [Range(1, 1_000_000)]
    public int? RebalanceMaxMovesPerNode { get; set; }

    /// <summary>Gets or sets what rebalancing improves (default <see cref="RebalanceMode.Balance"/>).</summary>
    [EnumDataType(typeof(RebalanceMode))]
    public RebalanceMode RebalanceMode { get; set; } = RebalanceMode.Balance;
}
