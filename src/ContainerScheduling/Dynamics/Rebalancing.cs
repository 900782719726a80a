using System;
using System.Collections.Generic;

namespace ContainerScheduling;

/// <summary>What a rebalancing plan improves.</summary>
public enum RebalanceMode
{
    /// <summary>Lower the imbalance: the standard deviation of the ready nodes' mean load (<see cref="ClusterMetrics.Imbalance"/>).</summary>
    Balance,

    /// <summary>Empty the least-used nodes so they can be turned off: the objective is the number of ready nodes that run something.</summary>
    Pack,
}

/// <summary>The budget and goal of a rebalancing plan.</summary>
public sealed class RebalanceOptions
{
    /// <summary>Gets the most moves the plan may hold (default 10; 0 plans nothing).</summary>
    public int MaxMoves { get; init; } = 10;

    /// <summary>Gets the most moves out of any one node, or null for no per-node limit.</summary>
    public int? MaxMovesPerNode { get; init; }

    /// <summary>Gets what the plan improves (default <see cref="RebalanceMode.Balance"/>).</summary>
    public RebalanceMode Mode { get; init; } = RebalanceMode.Balance;

    internal void Validate(string parameterName)
    {
        if (MaxMoves < 0)
        {
            throw new ArgumentOutOfRangeException(parameterName, MaxMoves, $"{nameof(MaxMoves)} must be 0 or more.");
        }

        if (MaxMovesPerNode is < 1)
        {
            throw new ArgumentOutOfRangeException(parameterName, MaxMovesPerNode, $"{nameof(MaxMovesPerNode)} must be 1 or more when set.");
        }

        if (!Enum.IsDefined(Mode))
        {
            throw new ArgumentOutOfRangeException(parameterName, Mode, $"{nameof(Mode)} is not a defined {nameof(RebalanceMode)} value.");
        }
    }
}

/// <summary>
/// A bounded list of moves, and the objective before and after them as planned. A value: planning changes
/// nothing; <see cref="Orchestrator.Apply"/> carries it out, checking each move again.
/// </summary>
public sealed class RebalancePlan
{
    internal RebalancePlan(RebalanceMode mode, IReadOnlyList<ContainerMove> moves, double objectiveBefore, double objectiveAfter)
    {
        Mode = mode;
        Moves = moves;
        ObjectiveBefore = objectiveBefore;
        ObjectiveAfter = objectiveAfter;
    }

    /// <summary>Gets what the plan improves.</summary>
    public RebalanceMode Mode { get; }

    /// <summary>Gets the moves, in the order they are to be made.</summary>
    public IReadOnlyList<ContainerMove> Moves { get; }

    /// <summary>Gets the objective when the plan was made (imbalance, or nodes in use).</summary>
    public double ObjectiveBefore { get; }

    /// <summary>Gets the objective after every move; never worse than <see cref="ObjectiveBefore"/>.</summary>
    public double ObjectiveAfter { get; }

    /// <inheritdoc/>
    public override string ToString() => $"{Mode}: {Moves.Count} moves, objective {ObjectiveBefore:0.####} → {ObjectiveAfter:0.####}";
}
