using System.Collections.Generic;

namespace ContainerScheduling;

/// <summary>The outcome of placing a batch: every container appears exactly once, placed or unplaced.</summary>
public sealed class BatchPlacementResult
{
    internal BatchPlacementResult(IReadOnlyList<Placement> placements, IReadOnlyList<UnplacedContainer> unplaced)
    {
        Placements = placements;
        Unplaced = unplaced;
    }

    /// <summary>Gets the placements in the order they were made.</summary>
    public IReadOnlyList<Placement> Placements { get; }

    /// <summary>Gets the containers that were not placed, with their reasons, in the order they were tried.</summary>
    public IReadOnlyList<UnplacedContainer> Unplaced { get; }
}
