using System.Collections.Generic;

namespace ContainerScheduling;

/// <summary>The outcome of placing a task all-or-nothing.</summary>
public sealed class TaskPlacementResult
{
    internal TaskPlacementResult(string task, IReadOnlyList<Placement> placements, IReadOnlyList<UnplacedContainer> unplaced, string? blockingContainer)
    {
        Task = task;
        Placements = placements;
        Unplaced = unplaced;
        BlockingContainer = blockingContainer;
    }

    /// <summary>Gets the task's name.</summary>
    public string Task { get; }

    /// <summary>Gets whether the whole task was placed.</summary>
    public bool IsPlaced => BlockingContainer is null;

    /// <summary>Gets the placements in the order they were made; empty when the task was not placed.</summary>
    public IReadOnlyList<Placement> Placements { get; }

    /// <summary>Gets every container of the task with its reason when the task was not placed; otherwise empty.</summary>
    public IReadOnlyList<UnplacedContainer> Unplaced { get; }

    /// <summary>Gets the container that could not be placed and so blocked the task, or null.</summary>
    public string? BlockingContainer { get; }
}
