using System;
using System.Collections.Generic;
using System.Linq;

namespace ContainerScheduling;

/// <summary>
/// The published trace experiment of the FGD paper: one pass over a shuffled, inflated task list on an idle
/// cluster, no departures, GPU allocation and fragmentation recorded after every task.
/// </summary>
/// <remarks>
/// Per seed: the tasks sorted by name are shuffled with <c>new Random(seed)</c>, then copies drawn uniformly with
/// replacement from the sorted list (same generator) are appended until the next one would push the total GPU request
/// past <see cref="GpuTraceExperimentOptions.Inflation"/> × capacity. The seed also gives the fixed random node order
/// that breaks ties (<see cref="GpuScheduler(GpuCluster, IGpuPlacementStrategy, int)"/>). The paper's simulator draws
/// with Go's generator, so its orders differ from ours; the means over ten seeds are what compare.
/// </remarks>
public static class GpuTraceExperiment
{
    /// <summary>The last arrival percentage of the curves.</summary>
    public const int MaxArrivalPercent = 130;

    /// <summary>The largest inflation accepted (as <see cref="GpuTraceExperimentOptions.Inflation"/>).</summary>
    internal const double MaxInflation = 100;

    /// <summary>Builds a seed's arrival order: the shuffle, then the inflated copies (named <c>name-tuned-i</c>, i = 0, 1, … as in the published simulator).</summary>
    /// <param name="tasks">The workload.</param>
    /// <param name="capacityGpuMilli">The cluster's GPU capacity in milli-GPU.</param>
    /// <param name="seed">The seed.</param>
    /// <param name="inflation">How far arrivals go, as a multiple of capacity.</param>
    /// <returns>The tasks in arrival order.</returns>
    /// <exception cref="ArgumentOutOfRangeException">A negative capacity, or an inflation outside 0..100.</exception>
    public static IReadOnlyList<GpuRequest> ArrivalOrder(IReadOnlyList<GpuRequest> tasks, long capacityGpuMilli, int seed, double inflation = GpuTraceExperimentOptions.DefaultInflation)
    {
        ArgumentNullException.ThrowIfNull(tasks);
        ArgumentOutOfRangeException.ThrowIfNegative(capacityGpuMilli);
        if (!(inflation >= 0 && inflation <= MaxInflation))
        {
            // NaN or infinity would never stop drawing copies.
            throw new ArgumentOutOfRangeException(nameof(inflation), inflation, $"The inflation must be in 0..{MaxInflation} (1.3 = arrivals up to 130% of GPU capacity).");
        }

        var sorted = tasks.OrderBy(t => t.Name, StringComparer.Ordinal).ToArray();
        var random = new Random(seed);
        var order = (GpuRequest[])sorted.Clone();
        random.Shuffle(order);
        var result = new List<GpuRequest>(order);
        var total = order.Sum(t => t.TotalGpuMilli);
        var limit = inflation * capacityGpuMilli;
        if (sorted.Length == 0 || sorted.All(t => t.TotalGpuMilli == 0))
        {
            return result;
        }

        for (var copy = 0; ; copy++)
        {
            var next = sorted[random.Next(sorted.Length)];
            if (total + next.TotalGpuMilli > limit)
            {
                return result;
            }

            total += next.TotalGpuMilli;
            result.Add(next.WithName($"{next.Name}-tuned-{copy}"));
        }
    }

    /// <summary>Runs the experiment once.</summary>
    /// <param name="nodes">The cluster's nodes.</param>
    /// <param name="tasks">The workload (the original list; the run inflates it).</param>
    /// <param name="strategy">Creates the strategy for a seed (e.g. <c>seed => GpuPlacementStrategies.Create("fgd", seed)</c>).</param>
    /// <param name="options">The seed and settings; null for the defaults.</param>
    /// <returns>The run's counts and curves.</returns>
    /// <exception cref="ArgumentException">No node or task, repeated node or task names, an explicit order naming an unknown task or node, or bad options.</exception>
    public static GpuTraceRun Run(IReadOnlyList<GpuNodeSpec> nodes, IReadOnlyList<GpuRequest> tasks, Func<int, IGpuPlacementStrategy> strategy, GpuTraceExperimentOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(nodes);
        ArgumentNullException.ThrowIfNull(tasks);
        ArgumentNullException.ThrowIfNull(strategy);
        options ??= new GpuTraceExperimentOptions();
        options.Validate();
        if (tasks.Count == 0)
        {
            throw new ArgumentException("The workload has no task.", nameof(tasks));
        }

        var byName = tasks.OrderBy(t => t.Name, StringComparer.Ordinal).ToArray();
        for (var i = 1; i < byName.Length; i++)
        {
            if (byName[i].Name == byName[i - 1].Name)
            {
                throw new ArgumentException($"Task name '{byName[i].Name}' is used twice.", nameof(tasks));
            }
        }

        var cluster = new GpuCluster(nodes, GpuFragmentationModel.FromWorkload(byName, options.Coverage));
        var arrivals = options.ArrivalOrder is null
            ? ArrivalOrder(byName, cluster.CapacityGpuMilli, options.Seed, options.Inflation)
            : Resolve(options, byName);
        var policy = strategy(options.Seed) ?? throw new ArgumentException("The strategy factory returned null.", nameof(strategy));
        var scheduler = options.TieBreakOrder is null
            ? new GpuScheduler(cluster, policy, options.Seed)
            : new GpuScheduler(cluster, policy, options.TieBreakOrder);

        var curves = new ArrivalCurves(cluster.CapacityGpuMilli);
        long arrived = 0;
        var placed = 0;
        for (var i = 0; i < arrivals.Count; i++)
        {
            var task = arrivals[i];
            var result = scheduler.Place(task);
            placed += result.IsPlaced ? 1 : 0;
            arrived += task.TotalGpuMilli;
            curves.Add(arrived, cluster.AllocatedGpuMilli, cluster.TotalFragmentation);
            options.OnTask?.Invoke(i, task, result);
        }

        var (allocated, fragmentation) = curves.Bin();
        return new GpuTraceRun(policy.Name, options.Seed, arrivals.Count, placed, allocated, fragmentation);
    }

    /// <summary>The tasks of an explicit arrival order; a bad name is reported against Run's <c>options</c>.</summary>
    private static List<GpuRequest> Resolve(GpuTraceExperimentOptions options, GpuRequest[] tasks)
    {
        var order = options.ArrivalOrder!;
        var byName = new Dictionary<string, GpuRequest>(StringComparer.Ordinal);
        foreach (var task in tasks)
        {
            if (!byName.TryAdd(task.Name, task))
            {
                throw new ArgumentException($"Task name '{task.Name}' is used twice.", nameof(tasks));
            }
        }

        var result = new List<GpuRequest>(order.Count);
        foreach (var name in order)
        {
            var cut = name?.IndexOf("-tuned-", StringComparison.Ordinal) ?? -1;
            var original = cut >= 0 ? name![..cut] : name;
            if (original is null || !byName.TryGetValue(original, out var task))
            {
                throw new ArgumentException($"The arrival order names '{name}', which is not a task of the workload.", nameof(options));
            }

            result.Add(cut >= 0 ? task.WithName(name!) : task);
        }

        return result;
    }

    /// <summary>The published binning: after each task, arrive = round(arrived % of capacity); the value at x% is the mean over the tasks at x (x ± 1 when none; the last value when still none).</summary>
    private sealed class ArrivalCurves(long capacity)
    {
        private readonly double[] _allocatedSum = new double[MaxArrivalPercent + 1];
        private readonly double[] _fragmentationSum = new double[MaxArrivalPercent + 1];
        private readonly int[] _count = new int[MaxArrivalPercent + 1];

        public void Add(long arrived, long allocated, double fragmentation)
        {
            if (capacity == 0)
            {
                return;
            }

            var bin = (int)Math.Round(arrived * 100.0 / capacity, MidpointRounding.ToEven);
            if (bin > MaxArrivalPercent)
            {
                return;
            }

            _allocatedSum[bin] += allocated * 100.0 / capacity;
            _fragmentationSum[bin] += fragmentation * 100.0 / capacity;
            _count[bin]++;
        }

        public (double[] Allocated, double[] Fragmentation) Bin()
        {
            var allocated = new double[MaxArrivalPercent + 1];
            var fragmentation = new double[MaxArrivalPercent + 1];
            for (var x = 0; x <= MaxArrivalPercent; x++)
            {
                double a = 0, f = 0;
                var n = 0;
                for (var d = 0; d <= 1 && n == 0; d++)
                {
                    // x itself, then x − 1 and x + 1 (either may be off the axis).
                    for (var y = x - d; y <= x + d; y += d == 0 ? 1 : 2 * d)
                    {
                        if (y is >= 0 and <= MaxArrivalPercent)
                        {
                            a += _allocatedSum[y];
                            f += _fragmentationSum[y];
                            n += _count[y];
                        }
                    }
                }

                (allocated[x], fragmentation[x]) = n > 0 ? (a / n, f / n) : x > 0 ? (allocated[x - 1], fragmentation[x - 1]) : (0, 0);
            }

            return (allocated, fragmentation);
        }
    }
}
