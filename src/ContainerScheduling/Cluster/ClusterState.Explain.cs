using System;
using System.Collections.Generic;

namespace ContainerScheduling;

/// <content>Why a request fits nowhere, counted per cause over every node.</content>
public sealed partial class ClusterState
{
    /// <summary>
    /// Explains why no node was chosen for a request. Each node counts once per cause that excludes it (the
    /// Kubernetes convention), so a node short of both cpu and memory counts under both.
    /// </summary>
    internal PlacementFailure Explain(ReadOnlySpan<long> request, string strategyName)
    {
        var counts = new Dictionary<string, int>(StringComparer.Ordinal);
        var fitting = 0;
        for (var slot = 0; slot < _slotCount; slot++)
        {
            var state = _state[slot];
            if (state == StateRemoved)
            {
                continue;
            }

            if (state != StateReady)
            {
                Count(counts, state == (byte)NodeState.Down ? "down" : "cordoned");
                continue;
            }

            var fits = true;
            for (var d = 0; d < _dims; d++)
            {
                var at = (d * _stride) + slot;
                if (_capacity[at] - _allocated[at] < request[d])
                {
                    Count(counts, _insufficientReasons[d]);
                    fits = false;
                }
            }

            if (fits)
            {
                fitting++;
            }
        }

        if (fitting > 0)
        {
            counts.Add($"not chosen by strategy '{strategyName}'", fitting);
        }

        return PlacementFailure.FromCounts(NodeCount, fitting, counts);
    }

    private static void Count(Dictionary<string, int> counts, string reason) =>
        counts[reason] = counts.TryGetValue(reason, out var n) ? n + 1 : 1;
}
