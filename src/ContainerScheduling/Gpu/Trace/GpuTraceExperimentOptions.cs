using System;
using System.Collections.Generic;

namespace ContainerScheduling;

/// <summary>Settings of one run of the published trace experiment (<see cref="GpuTraceExperiment"/>).</summary>
public sealed class GpuTraceExperimentOptions
{
    /// <summary>The default inflation: arrivals continue to 130% of the cluster's GPU capacity.</summary>
    public const double DefaultInflation = 1.3;

    /// <summary>Gets or sets the seed: it shuffles the tasks, draws the inflated copies, orders the nodes for ties and seeds random strategies.</summary>
    /// <value>The default value is 42.</value>
    public int Seed { get; set; } = 42;

    /// <summary>Gets or sets how far arrivals go, as a multiple of the cluster's GPU capacity (1.3 = 130%), at least 0.</summary>
    /// <value>The default value is 1.3.</value>
    public double Inflation { get; set; } = DefaultInflation;

    /// <summary>Gets or sets the share of tasks the fragmentation measure's typical shapes cover.</summary>
    /// <value>The default value is 0.95.</value>
    public double Coverage { get; set; } = GpuFragmentationModel.DefaultCoverage;

    /// <summary>
    /// Gets or sets an explicit arrival order (task names; <c>name-tuned-i</c> is a copy of task <c>name</c>) that
    /// replaces the seeded shuffle and inflation, e.g. to replay the published reference run. Null: drawn from the seed.
    /// </summary>
    /// <value>The default value is null.</value>
    public IReadOnlyList<string>? ArrivalOrder { get; set; }

    /// <summary>Gets or sets an explicit tie-break order (every node name once, most preferred first). Null: drawn from the seed.</summary>
    /// <value>The default value is null.</value>
    public IReadOnlyList<string>? TieBreakOrder { get; set; }

    /// <summary>Gets or sets a callback after every task: its position in the arrival order, the task, and the outcome.</summary>
    /// <value>The default value is null.</value>
    public Action<int, GpuRequest, GpuPlacementResult>? OnTask { get; set; }

    internal void Validate()
    {
        if (!(Inflation >= 0 && Inflation <= GpuTraceExperiment.MaxInflation))
        {
            throw new ArgumentOutOfRangeException(nameof(Inflation), Inflation, "The inflation must be in 0..100 (1.3 = arrivals up to 130% of GPU capacity).");
        }

        if (!(Coverage > 0 && Coverage <= 1))
        {
            throw new ArgumentOutOfRangeException(nameof(Coverage), Coverage, "The coverage must be in (0, 1].");
        }
    }
}
