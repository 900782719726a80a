using System;

namespace ContainerScheduling;

/// <summary>
/// The budget and seed of <see cref="PackingOptimizer.Improve"/>. The search stops at whichever of
/// <see cref="TimeLimit"/> and <see cref="MaxIterations"/> comes first. Its decisions never read the clock, so a run
/// bounded by <see cref="MaxIterations"/> alone gives the same plan on every machine; a run stopped by
/// <see cref="TimeLimit"/> depends on the machine's speed (a faster machine gets further).
/// </summary>
public sealed class PackingOptimizerOptions
{
    internal static readonly TimeSpan DefaultTimeLimit = TimeSpan.FromMilliseconds(500);

    /// <summary>Gets or sets the seed of the search's random choices.</summary>
    /// <value>The default value is 0.</value>
    public int Seed { get; set; }

    /// <summary>Gets or sets the wall-clock budget; <see cref="System.Threading.Timeout.InfiniteTimeSpan"/> for none.</summary>
    /// <value>The default value is 500 ms.</value>
    public TimeSpan TimeLimit { get; set; } = DefaultTimeLimit;

    /// <summary>Gets or sets the deterministic budget: the number of search moves (each one try to place one item).</summary>
    /// <value>The default value is <see cref="long.MaxValue"/> (only <see cref="TimeLimit"/> stops the search).</value>
    public long MaxIterations { get; set; } = long.MaxValue;
}
