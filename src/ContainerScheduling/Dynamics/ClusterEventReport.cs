using System.Collections.Generic;
using System.Diagnostics;

namespace ContainerScheduling;

/// <summary>What an <see cref="Orchestrator"/> call did.</summary>
public enum ClusterEventKind
{
    /// <summary>Containers or tasks were submitted.</summary>
    Submit,

    /// <summary>A node went down: its containers were evicted and re-placed or made pending.</summary>
    NodeDown,

    /// <summary>A node came back: pending work was retried.</summary>
    NodeUp,

    /// <summary>A node was added: pending work was retried.</summary>
    AddNode,

    /// <summary>A container was removed: pending work was retried.</summary>
    RemoveContainer,

    /// <summary>A node was cordoned and its containers moved off.</summary>
    Drain,

    /// <summary>Pending work was retried on request.</summary>
    Retry,

    /// <summary>A rebalancing plan was applied.</summary>
    Rebalance,
}

/// <summary>One preemption: the container that needed room, the node it got, and the lower-priority containers evicted for it.</summary>
/// <param name="Preemptor">The container placed by preempting.</param>
/// <param name="Node">The node it was placed on.</param>
/// <param name="Victims">The evicted containers, each of strictly lower priority than the preemptor.</param>
public sealed record Preemption(string Preemptor, string Node, IReadOnlyList<string> Victims);

/// <summary>A container that moved from one node to another while it kept running.</summary>
/// <param name="Container">The container's name.</param>
/// <param name="From">The node it left.</param>
/// <param name="To">The node it runs on now.</param>
public readonly record struct ContainerMove(string Container, string From, string To);

/// <summary>
/// The outcome of one <see cref="Orchestrator"/> call: what was evicted, placed (or re-placed), made pending,
/// preempted and moved. Every container the call touched appears in one of its lists.
/// </summary>
public sealed class ClusterEventReport
{
    internal ClusterEventReport(ClusterEventKind kind, string? node)
    {
        Kind = kind;
        Node = node;
    }

    /// <summary>Gets what happened.</summary>
    public ClusterEventKind Kind { get; }

    /// <summary>Gets the node the event concerned, or null.</summary>
    public string? Node { get; }

    /// <summary>Gets the containers evicted, in eviction order: from a failed node, as preemption victims, or the rest of a task that could not stay whole.</summary>
    public IReadOnlyList<string> Evicted => EvictedList;

    /// <summary>Gets the placements this call made, in order: submitted, re-placed after an eviction, or retried from pending.</summary>
    public IReadOnlyList<Placement> Placed => PlacedList;

    /// <summary>Gets the containers that became or stayed pending in this call, with the reason; they are retried when capacity appears.</summary>
    public IReadOnlyList<UnplacedContainer> Pending => PendingList;

    /// <summary>Gets the preemptions made.</summary>
    public IReadOnlyList<Preemption> Preemptions => PreemptionList;

    /// <summary>Gets the containers moved while running (a drain or a rebalancing plan).</summary>
    public IReadOnlyList<ContainerMove> Moves => MoveList;

    /// <summary>Gets the moves of a rebalancing plan that were not made because the cluster had changed (the container stays where it was).</summary>
    public IReadOnlyList<ContainerMove> Skipped => SkippedList;

    /// <summary>Gets, for a rebalancing, the objective measured before the moves (imbalance, or nodes in use); otherwise null.</summary>
    public double? ObjectiveBefore { get; internal set; }

    /// <summary>Gets, for a rebalancing, the objective measured after the moves; otherwise null.</summary>
    public double? ObjectiveAfter { get; internal set; }

    internal List<ContainerMove> SkippedList { get; } = [];

    /// <summary>The call's activity while it runs (null when nobody listens, and once the call returns).</summary>
    internal Activity? Activity { get; set; }

    internal List<string> EvictedList { get; } = [];

    internal List<Placement> PlacedList { get; } = [];

    internal List<UnplacedContainer> PendingList { get; } = [];

    internal List<Preemption> PreemptionList { get; } = [];

    internal List<ContainerMove> MoveList { get; } = [];

    /// <inheritdoc/>
    public override string ToString() =>
        $"{Kind}{(Node is null ? "" : $" {Node}")}: {EvictedList.Count} evicted, {PlacedList.Count} placed, {PendingList.Count} pending, "
        + $"{PreemptionList.Count} preemptions, {MoveList.Count} moves";
}
