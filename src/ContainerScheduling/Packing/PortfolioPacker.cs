using System;
using System.Collections.Generic;

namespace ContainerScheduling;

/// <summary>
/// Runs several packers and keeps the plan with the fewest bins, the earliest packer on a tie (deterministic). Stops
/// as soon as a plan reaches the lower bound: no later packer can beat it, and a tie keeps the earlier one.
/// </summary>
internal sealed class PortfolioPacker(string name, IReadOnlyList<IBatchPacker> members) : IBatchPacker
{
    public string Name { get; } = name;

    public PackingPlan Pack(PackingInstance instance)
    {
        ArgumentNullException.ThrowIfNull(instance);
        PackingPlan? best = null;
        var bound = PackingBounds.LowerBound(instance);
        foreach (var member in members)
        {
            var plan = member.Pack(instance);
            if (best is null || plan.BinCount < best.BinCount)
            {
                best = plan;
            }

            if (best.BinCount <= bound)
            {
                break;
            }
        }

        return best!;
    }
}
