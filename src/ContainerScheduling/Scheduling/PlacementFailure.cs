using System;
using System.Collections.Generic;
using System.Linq;

namespace ContainerScheduling;

/// <summary>
/// Why a container was not placed, counted per cause, e.g.
/// <c>0/12 nodes fit: 7 insufficient memory, 3 insufficient cpu, 2 cordoned</c>.
/// </summary>
/// <remarks>
/// A node counts once under every cause that excludes it, so the counts may add up to more than
/// <see cref="NodeCount"/>. Causes are listed by descending count, then by name.
/// </remarks>
public sealed class PlacementFailure
{
    private PlacementFailure(int nodeCount, int fittingNodeCount, IReadOnlyList<FailureCause> causes, string message)
    {
        NodeCount = nodeCount;
        FittingNodeCount = fittingNodeCount;
        Causes = causes;
        Message = message;
    }

    /// <summary>Gets the number of nodes in the cluster when the placement was tried.</summary>
    public int NodeCount { get; }

    /// <summary>Gets the number of nodes that had room (non-zero only when a strategy chose none of them).</summary>
    public int FittingNodeCount { get; }

    /// <summary>Gets the causes with the number of nodes each excluded.</summary>
    public IReadOnlyList<FailureCause> Causes { get; }

    /// <summary>Gets the readable explanation.</summary>
    public string Message { get; }

    /// <inheritdoc/>
    public override string ToString() => Message;

    internal static PlacementFailure FromCounts(int nodeCount, int fitting, Dictionary<string, int> counts)
    {
        var causes = counts
            .OrderByDescending(pair => pair.Value)
            .ThenBy(pair => pair.Key, StringComparer.Ordinal)
            .Select(pair => new FailureCause(pair.Key, pair.Value))
            .ToArray();
        var detail = nodeCount == 0
            ? "the cluster has no nodes"
            : string.Join(", ", causes.Select(cause => $"{cause.NodeCount} {cause.Reason}"));
        return new PlacementFailure(nodeCount, fitting, causes, $"{fitting}/{nodeCount} nodes fit: {detail}");
    }

    internal static PlacementFailure DependencyNotPlaced(int nodeCount, string dependency) =>
        Single(nodeCount, $"depends on container '{dependency}', which was not placed");

    internal static PlacementFailure TaskDependencyNotPlaced(int nodeCount, string task, string dependency) =>
        Single(nodeCount, $"task '{task}' depends on task '{dependency}', which was not placed");

    private static PlacementFailure Single(int nodeCount, string reason) =>
        new(nodeCount, 0, new[] { new FailureCause(reason, nodeCount) }, reason);

    internal static PlacementFailure BlockedBy(string taskName, string blocker, PlacementFailure blockerFailure)
    {
        var reason = $"task '{taskName}' was not placed because container '{blocker}' could not be placed";
        return new PlacementFailure(
            blockerFailure.NodeCount,
            blockerFailure.FittingNodeCount,
            new[] { new FailureCause(reason, blockerFailure.NodeCount) },
            $"{reason} ({blockerFailure.Message})");
    }
}
