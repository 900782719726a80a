using System;
using System.Diagnostics;
using System.Threading;

namespace ContainerScheduling;

/// <summary>
/// Improves batch plans within a budget. <see cref="Improve"/> is the bin-emptying tabu search: with B bins it removes
/// one bin, leaving its items pending, and searches for a way to place them in the B − 1 left, ejecting up to two items
/// per move. <see cref="Optimize"/> is the optimize mode: the exact solver first on
/// small instances, then that search.
/// The result never has more bins than the start and stops early at <see cref="PackingBounds.LowerBound"/>.
/// Every decision of the search comes from the seed and the plan; the clock is read only to stop, so a run bounded by
/// <see cref="PackingOptimizerOptions.MaxIterations"/> is the same on every machine, and one stopped by
/// <see cref="PackingOptimizerOptions.TimeLimit"/> depends on the machine's speed.
/// </summary>
public static class PackingOptimizer
{
    /// <summary>The most items for which <see cref="Optimize"/> runs <see cref="ExactPacker"/> first (its LP bound and branch-and-price work on up to 64).</summary>
    public const int ExactItemLimit = 64;

    /// <summary>
    /// Improves a plan by emptying bins: never returns more bins than <paramref name="start"/>. With B bins, it removes
    /// one bin (the least loaded first, then a random one), leaving its items pending, and runs a tabu search over the
    /// B − 1 bins whose goal is no pending item: each move takes one pending item and puts it into a bin, ejecting up to
    /// two of that bin's items into the pending set when it does not fit, choosing the move that lowers the pending size
    /// (Σ s/C) most; an ejected item may not go back into the bin it left for a while (tabu). When nothing is pending the
    /// plan has B − 1 bins and the search goes on from it; after too many moves without success it returns to the best
    /// plan and removes another bin.
    /// </summary>
    /// <param name="start">The plan to start from.</param>
    /// <param name="options">The seed and budget; null for the defaults.</param>
    /// <returns>A valid plan of the same instance with at most as many bins (<paramref name="start"/> itself when no better one was found).</returns>
    /// <exception cref="ArgumentOutOfRangeException">A negative time limit (other than infinite) or a negative iteration budget.</exception>
    public static PackingPlan Improve(PackingPlan start, PackingOptimizerOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(start);
        options ??= new PackingOptimizerOptions();
        Validate(options);
        return BinEmptyingSearch.Improve(start, options);
    }

    /// <summary>
    /// The optimize mode: improves a plan within the budget and reports the best bound proven on the way. An instance of
    /// at most <see cref="ExactItemLimit"/> items whose budget is a time limit alone (no
    /// <see cref="PackingOptimizerOptions.MaxIterations"/>) first goes to <see cref="ExactPacker"/> for half the time,
    /// which on such instances usually proves the optimum; the tabu search of <see cref="Improve"/> takes the time left
    /// (or the whole budget otherwise). With <see cref="PackingOptimizerOptions.MaxIterations"/> set the exact solver is
    /// skipped, since it is bound by time, so the plan is the same on every machine.
    /// </summary>
    /// <param name="start">The plan to start from (for example <c>BatchPackers.Default().Pack(instance)</c>).</param>
    /// <param name="options">The seed and budget (the time limit covers the whole call); null for the defaults.</param>
    /// <returns>A plan with at most as many bins as <paramref name="start"/>, and the larger of <see cref="PackingBounds.LowerBound"/> and the exact solver's proven bound.</returns>
    /// <exception cref="ArgumentOutOfRangeException">A negative time limit (other than infinite) or a negative iteration budget.</exception>
    public static ExactPackingResult Optimize(PackingPlan start, PackingOptimizerOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(start);
        options ??= new PackingOptimizerOptions();
        Validate(options);
        var clock = Stopwatch.StartNew();
        var instance = start.Instance;
        var plan = start;
        var lowerBound = PackingBounds.LowerBound(instance);
        var infinite = options.TimeLimit == Timeout.InfiniteTimeSpan;
        if (plan.BinCount > lowerBound && instance.ItemCount <= ExactItemLimit && options.MaxIterations == long.MaxValue)
        {
            var exact = ExactPacker.Solve(plan, infinite ? Timeout.InfiniteTimeSpan : options.TimeLimit / 2);
            lowerBound = Math.Max(lowerBound, exact.LowerBound);
            plan = exact.Plan;
        }

        if (plan.BinCount > lowerBound)
        {
            var left = infinite ? Timeout.InfiniteTimeSpan : options.TimeLimit - clock.Elapsed;
            plan = Improve(plan, new PackingOptimizerOptions
            {
                Seed = options.Seed,
                TimeLimit = infinite || left > TimeSpan.Zero ? left : TimeSpan.Zero,
                MaxIterations = options.MaxIterations,
            });
        }

        return new ExactPackingResult(plan, lowerBound);
    }

    private static void Validate(PackingOptimizerOptions options)
    {
        if (options.TimeLimit < TimeSpan.Zero && options.TimeLimit != Timeout.InfiniteTimeSpan)
        {
            throw new ArgumentOutOfRangeException(nameof(options), options.TimeLimit, "The time limit must be 0 or more, or infinite.");
        }

        if (options.MaxIterations < 0)
        {
            throw new ArgumentOutOfRangeException(nameof(options), options.MaxIterations, "The iteration budget must be 0 or more.");
        }
    }
}
