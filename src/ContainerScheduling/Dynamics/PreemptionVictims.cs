using System.Collections.Generic;
using System.Linq;

namespace ContainerScheduling;

/// <summary>
/// Chooses which strictly lower-priority containers to evict from one node so that a request fits there: the
/// lowest priority level whose containers, all removed together with every lower one, make room; then each of
/// them, highest priority first (ties: the latest name first), is kept when room remains without it.
/// </summary>
internal static class PreemptionVictims
{
    /// <summary>The victims, lowest priority first, or null when evicting every lower-priority container would not make room (or none is needed).</summary>
    public static List<ContainerSpec>? Choose(ClusterState cluster, NodeSpec node, int priority, long[] request)
    {
        var schema = cluster.Schema;
        var shortfall = new long[schema.Count];
        var short_ = false;
        for (var d = 0; d < schema.Count; d++)
        {
            var free = cluster.GetCapacity(node.Name, schema[d]) - cluster.GetAllocated(node.Name, schema[d]);
            shortfall[d] = request[d] - free;
            short_ |= shortfall[d] > 0;
        }

        var running = cluster.GetContainersOn(node.Name);
        var slotsNeeded = node.MaxContainers is { } limit ? running.Count + 1 - limit : 0;
        if (!short_ && slotsNeeded <= 0)
        {
            return null;
        }

        var lower = running
            .Select(cluster.GetContainer)
            .Where(container => container.Priority < priority)
            .OrderBy(container => container.Priority)
            .ThenBy(container => container.Name, System.StringComparer.Ordinal)
            .ToList();
        var freed = new long[schema.Count];
        var victims = new List<ContainerSpec>();
        var covered = false;
        for (var i = 0; i < lower.Count && !covered;)
        {
            // Take a whole priority level at a time.
            var level = lower[i].Priority;
            for (; i < lower.Count && lower[i].Priority == level; i++)
            {
                victims.Add(lower[i]);
                Add(freed, lower[i].GetRequestVector(schema, "victims"), 1);
            }

            covered = Covers(freed, shortfall, victims.Count, slotsNeeded);
        }

        if (!covered)
        {
            return null;
        }

        // Keep back what is not needed, the most important first.
        for (var i = victims.Count - 1; i >= 0; i--)
        {
            var amounts = victims[i].GetRequestVector(schema, "victims");
            Add(freed, amounts, -1);
            if (Covers(freed, shortfall, victims.Count - 1, slotsNeeded))
            {
                victims.RemoveAt(i);
            }
            else
            {
                Add(freed, amounts, 1);
            }
        }

        return victims;
    }

    private static bool Covers(long[] freed, long[] shortfall, int victims, int slotsNeeded)
    {
        for (var d = 0; d < freed.Length; d++)
        {
            if (freed[d] < shortfall[d])
            {
                return false;
            }
        }

        return victims >= slotsNeeded;
    }

    private static void Add(long[] total, long[] amounts, int sign)
    {
        for (var d = 0; d < total.Length; d++)
        {
            total[d] += sign * amounts[d];
        }
    }
}
