using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Threading.Tasks;

namespace ContainerScheduling.Cli.BinPacking;

/// <summary>
/// Packs every instance, in parallel (one per core), each result stored at its instance's index so the output is in
/// name order whatever finishes first. Each plan is built through <see cref="PackingPlan"/>'s checking constructor;
/// afterwards every assignment is checked again here, independently, against the capacities. With <c>--optimize</c>
/// each plan goes through <see cref="PackingOptimizer.Optimize"/> with what is left of the per-instance time limit (it
/// covers everything done for the instance, the start plan included); the lower bound written is then the larger of
/// <see cref="PackingBounds.LowerBound"/> and the bound it proved.
/// </summary>
internal static class BinpackRunner
{
    /// <summary>Runs the packing.</summary>
    public static BinpackResult Run(IReadOnlyList<PackingInstance> instances, BinpackSettings settings, BinpackProgress? progress)
    {
        ArgumentNullException.ThrowIfNull(instances);
        ArgumentNullException.ThrowIfNull(settings);
        var results = new InstanceResult[instances.Count];
        var parallelism = Math.Max(1, Environment.ProcessorCount);
        var packer = BatchPackers.Create(settings.Strategy);
        var wall = Stopwatch.StartNew();
        Parallel.For(0, instances.Count, new ParallelOptions { MaxDegreeOfParallelism = parallelism }, i =>
        {
            var instance = instances[i];
            var clock = Stopwatch.StartNew();
            var plan = packer.Pack(instance);
            var lowerBound = PackingBounds.LowerBound(instance);
            if (settings.Optimize)
            {
                // The time limit covers the whole instance, the start plan included.
                var left = settings.TimeLimit - clock.Elapsed;
                var optimized = PackingOptimizer.Optimize(plan, new PackingOptimizerOptions
                {
                    Seed = settings.Seed,
                    TimeLimit = left > TimeSpan.Zero ? left : TimeSpan.Zero,
                    MaxIterations = settings.MaxIterations,
                });
                plan = optimized.Plan;
                lowerBound = Math.Max(lowerBound, optimized.LowerBound);
            }

            clock.Stop();

            // Through the checking constructor again: a planner's plan is never written unchecked.
            plan = new PackingPlan(instance, plan.Assignment);
            PublishedInstance? published = settings.Published.TryGetValue(instance.Name, out var figures) ? figures : null;
            results[i] = new InstanceResult(plan, lowerBound, published, clock.Elapsed.TotalMilliseconds);
            progress?.Finished(instance.Name);
        });
        wall.Stop();

        var valid = true;
        foreach (var result in results)
        {
            valid &= IsValid(result.Plan.Instance, result.Plan.Assignment);
        }

        return new BinpackResult { Settings = settings, Instances = results, Valid = valid, Wall = wall.Elapsed, Parallelism = parallelism };
    }

    /// <summary>Recomputes every bin's load from the assignment: true when each item has a bin and no bin is over capacity in any dimension.</summary>
    public static bool IsValid(PackingInstance instance, IReadOnlyList<int> assignment)
    {
        ArgumentNullException.ThrowIfNull(instance);
        ArgumentNullException.ThrowIfNull(assignment);
        var n = instance.ItemCount;
        var d = instance.Dimensions;
        if (assignment.Count != n)
        {
            return false;
        }

        var loads = new Dictionary<int, long[]>();
        var sizes = instance.Sizes;
        for (var i = 0; i < n; i++)
        {
            var bin = assignment[i];
            if (bin < 0)
            {
                return false;
            }

            if (!loads.TryGetValue(bin, out var load))
            {
                loads[bin] = load = new long[d];
            }

            for (var k = 0; k < d; k++)
            {
                load[k] += sizes[i * d + k];
                if (load[k] > instance.Capacity[k])
                {
                    return false;
                }
            }
        }

        return true;
    }
}
