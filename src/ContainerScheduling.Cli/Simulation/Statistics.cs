using System;
using System.Collections.Generic;

namespace ContainerScheduling.Cli.Simulation;

/// <summary>Means and standard deviations over the runs of a policy (one value per seed).</summary>
internal static class Statistics
{
    /// <summary>Gets the arithmetic mean; 0 for no value.</summary>
    /// <param name="values">The values.</param>
    /// <returns>The mean.</returns>
    public static double Mean(IReadOnlyList<double> values)
    {
        ArgumentNullException.ThrowIfNull(values);
        if (values.Count == 0)
        {
            return 0;
        }

        var sum = 0.0;
        foreach (var value in values)
        {
            sum += value;
        }

        return sum / values.Count;
    }

    /// <summary>Gets the sample standard deviation (n − 1 in the denominator); 0 for fewer than two values.</summary>
    /// <param name="values">The values.</param>
    /// <returns>The standard deviation.</returns>
    public static double StandardDeviation(IReadOnlyList<double> values)
    {
        ArgumentNullException.ThrowIfNull(values);
        if (values.Count < 2)
        {
            return 0;
        }

        var mean = Mean(values);
        var squares = 0.0;
        foreach (var value in values)
        {
            squares += (value - mean) * (value - mean);
        }

        return Math.Sqrt(squares / (values.Count - 1));
    }
}
