using System.Diagnostics.CodeAnalysis;

namespace ContainerScheduling;

/// <summary>The outcome of placing one container: the node it went to, or why it went nowhere.</summary>
public readonly struct PlacementResult
{
    internal PlacementResult(string container, string? node, PlacementFailure? failure)
    {
        Container = container;
        Node = node;
        Failure = failure;
    }

    /// <summary>Gets the container's name.</summary>
    public string Container { get; }

    /// <summary>Gets the chosen node's name, or null when the container was not placed.</summary>
    public string? Node { get; }

    /// <summary>Gets why the container was not placed, or null when it was.</summary>
    public PlacementFailure? Failure { get; }

    /// <summary>Gets whether the container was placed.</summary>
    [MemberNotNullWhen(true, nameof(Node))]
    [MemberNotNullWhen(false, nameof(Failure))]
    public bool IsPlaced => Node is not null;

    /// <inheritdoc/>
    public override string ToString() => IsPlaced ? $"{Container} → {Node}" : $"{Container} unplaced: {Failure.Message}";
}
