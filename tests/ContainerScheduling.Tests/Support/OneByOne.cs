using System.Collections.Generic;
using System.Linq;

namespace ContainerScheduling.Tests;

/// <summary>The oracle of every batch shortcut: placing the same containers one by one with <see cref="Scheduler.Place"/>.</summary>
internal static class OneByOne
{
    /// <summary>
    /// Whether <paramref name="batched"/> made exactly the placements, in order, and reported exactly the unplaced
    /// containers and explanations that placing <paramref name="specs"/> one by one with <paramref name="single"/>
    /// gives (it places them as a side effect).
    /// </summary>
    public static bool Matches(BatchPlacementResult batched, Scheduler single, IEnumerable<ContainerSpec> specs)
    {
        var expectedPlaced = new List<(string, string)>();
        var expectedUnplaced = new List<(string, string)>();
        foreach (var spec in specs)
        {
            var result = single.Place(spec);
            if (result.IsPlaced)
            {
                expectedPlaced.Add((spec.Name, result.Node!));
            }
            else
            {
                expectedUnplaced.Add((spec.Name, result.Failure!.Message));
            }
        }

        return batched.Placements.Select(p => (p.Container, p.Node)).SequenceEqual(expectedPlaced)
            && batched.Unplaced.Select(u => (u.Container, u.Failure.Message)).SequenceEqual(expectedUnplaced);
    }
}
