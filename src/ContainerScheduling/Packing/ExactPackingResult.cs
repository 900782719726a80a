using System;

namespace ContainerScheduling;

/// <summary>
/// A plan and a proven lower bound on the optimum: what <see cref="ExactPacker"/> or
/// <see cref="PackingOptimizer.Optimize"/> found.
/// </summary>
public sealed class ExactPackingResult
{
    internal ExactPackingResult(PackingPlan plan, int lowerBound)
    {
        ArgumentNullException.ThrowIfNull(plan);
        Plan = plan;
        LowerBound = lowerBound;
    }

    /// <summary>Gets the best plan found.</summary>
    public PackingPlan Plan { get; }

    /// <summary>Gets a proven lower bound on the number of bins: no plan uses fewer.</summary>
    public int LowerBound { get; }

    /// <summary>Gets a value indicating whether <see cref="Plan"/> is proven optimal (its bins equal <see cref="LowerBound"/>).</summary>
    public bool IsOptimal => Plan.BinCount == LowerBound;
}
