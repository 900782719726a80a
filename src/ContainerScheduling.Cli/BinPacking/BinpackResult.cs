using System;
using System.Collections.Generic;
using System.Linq;

namespace ContainerScheduling.Cli.BinPacking;

/// <summary>Every instance's result, in name order, with what the whole run measured.</summary>
internal sealed class BinpackResult
{
    /// <summary>Gets the settings of the run.</summary>
    public required BinpackSettings Settings { get; init; }

    /// <summary>Gets the results, in instance name order.</summary>
    public required IReadOnlyList<InstanceResult> Instances { get; init; }

    /// <summary>Gets whether the command re-checked every assignment against the capacities and found every bin within them.</summary>
    public required bool Valid { get; init; }

    /// <summary>Gets the wall time of all the packing.</summary>
    public TimeSpan Wall { get; init; }

    /// <summary>Gets how many instances were packed at a time.</summary>
    public int Parallelism { get; init; }

    /// <summary>Gets the total of bins.</summary>
    public long Bins => Instances.Sum(r => (long)r.Plan.BinCount);

    /// <summary>Gets the total of our lower bounds.</summary>
    public long LowerBound => Instances.Sum(r => (long)r.LowerBound);

    /// <summary>Gets the mean over instances of the % above our lower bound.</summary>
    public double MeanPctAboveLowerBound => Mean(Instances, r => r.PctAbove(r.LowerBound));

    /// <summary>Gets the instances listed in the published file.</summary>
    public IEnumerable<InstanceResult> Matched => Instances.Where(r => r.Published is not null);

    /// <summary>Gets the instances with a published proven optimum.</summary>
    public IEnumerable<InstanceResult> WithOptimum => Instances.Where(r => r.Published?.Optimum is not null);

    /// <summary>The mean of a value over some results, 0 for none.</summary>
    public static double Mean(IEnumerable<InstanceResult> results, Func<InstanceResult, double> value)
    {
        double sum = 0;
        var count = 0;
        foreach (var result in results)
        {
            sum += value(result);
            count++;
        }

        return count == 0 ? 0 : sum / count;
    }
}
