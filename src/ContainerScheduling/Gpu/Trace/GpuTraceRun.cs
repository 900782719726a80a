using System.Collections.Generic;

namespace ContainerScheduling;

/// <summary>
/// The outcome of one run of the trace experiment: counts, and GPU allocation and fragmentation at each arrival
/// percentage 0..<see cref="GpuTraceExperiment.MaxArrivalPercent"/>, binned the way the published curves are.
/// </summary>
public sealed class GpuTraceRun
{
    internal GpuTraceRun(string policy, int seed, int tasks, int placed, IReadOnlyList<double> allocated, IReadOnlyList<double> fragmentation)
    {
        Policy = policy;
        Seed = seed;
        Tasks = tasks;
        Placed = placed;
        AllocatedGpuPct = allocated;
        FragmentationPct = fragmentation;
    }

    /// <summary>Gets the strategy's name.</summary>
    public string Policy { get; }

    /// <summary>Gets the seed.</summary>
    public int Seed { get; }

    /// <summary>Gets the number of tasks that arrived (originals and inflated copies).</summary>
    public int Tasks { get; }

    /// <summary>Gets the number of tasks placed.</summary>
    public int Placed { get; }

    /// <summary>Gets the number of tasks that could not be placed.</summary>
    public int Failed => Tasks - Placed;

    /// <summary>Gets the allocated GPU milli as % of capacity at each arrival % (index = arrival %).</summary>
    public IReadOnlyList<double> AllocatedGpuPct { get; }

    /// <summary>Gets the cluster fragmentation as % of GPU capacity at each arrival %.</summary>
    public IReadOnlyList<double> FragmentationPct { get; }

    /// <summary>Gets the headline number: 100 − allocated GPU % when arrivals reach 100% of capacity.</summary>
    public double UnallocatedGpuPctAtArrival100 => 100 - AllocatedGpuPct[100];

    /// <summary>Gets the allocated GPU % when arrivals reach 130% of capacity.</summary>
    public double AllocatedGpuPctAtArrival130 => AllocatedGpuPct[130];

    /// <summary>Gets the fragmentation % when arrivals reach 100% of capacity.</summary>
    public double FragmentationPctAtArrival100 => FragmentationPct[100];
}
