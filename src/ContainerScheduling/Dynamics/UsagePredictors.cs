using System;
using System.Collections.Generic;

namespace ContainerScheduling;

/// <summary>
/// Learns what containers of a kind really use and recommends a request for the kind. Implementations are
/// deterministic: the same samples in the same order give the same recommendation.
/// </summary>
public interface IUsagePredictor
{
    /// <summary>Records one usage sample of a container kind: one amount per dimension, in schema order.</summary>
    /// <param name="kind">The container kind (for example its <c>app</c> label).</param>
    /// <param name="usage">The observed amounts, each non-negative.</param>
    void Observe(string kind, IReadOnlyList<long> usage);

    /// <summary>The recommended request for a kind, one amount per dimension, or null before its first sample.</summary>
    /// <param name="kind">The container kind.</param>
    long[]? Recommend(string kind);
}

/// <summary>
/// The approach of Kubernetes' vertical pod autoscaler: per kind and dimension a histogram with exponentially
/// growing buckets whose samples decay with a half-life (counted in samples of the kind), and the recommendation is
/// a percentile of it (the upper edge of the bucket that reaches it) plus a safety margin.
/// </summary>
public sealed class DecayingHistogramPredictor : IUsagePredictor
{
    private const double RenormaliseAbove = 1e100;

    private readonly int _dimensions;
    private readonly Dictionary<string, KindHistogram> _kinds = new(StringComparer.Ordinal);
    private readonly double[] _edges;
    private readonly double _growthPerSample;

    /// <summary>Creates the predictor.</summary>
    /// <param name="dimensions">The number of dimensions of every sample.</param>
    /// <param name="percentile">The percentile recommended, in (0, 1] (default 0.9, as the autoscaler's target).</param>
    /// <param name="halfLife">After this many samples of a kind a sample weighs half as much (default 1000).</param>
    /// <param name="margin">The safety margin added to the percentile, as a fraction (default 0.15, as the autoscaler's).</param>
    /// <param name="firstBucket">The width of the first bucket (default 1 unit); later buckets grow by <paramref name="growth"/>.</param>
    /// <param name="growth">The ratio of consecutive bucket widths, above 1 (default 1.05: 5% resolution).</param>
    /// <exception cref="ArgumentOutOfRangeException">A parameter is out of its range; the message names it and its value.</exception>
    public DecayingHistogramPredictor(int dimensions, double percentile = 0.9, double halfLife = 1000, double margin = 0.15, double firstBucket = 1, double growth = 1.05)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(dimensions);
        if (!(percentile > 0 && percentile <= 1))
        {
            throw new ArgumentOutOfRangeException(nameof(percentile), percentile, "The percentile must be in (0, 1].");
        }

        if (!(halfLife > 0) || double.IsInfinity(halfLife))
        {
            throw new ArgumentOutOfRangeException(nameof(halfLife), halfLife, "The half-life must be a positive number of samples.");
        }

        if (!(margin >= 0) || double.IsInfinity(margin))
        {
            throw new ArgumentOutOfRangeException(nameof(margin), margin, "The margin must be a non-negative fraction.");
        }

        if (!(firstBucket > 0) || double.IsInfinity(firstBucket))
        {
            throw new ArgumentOutOfRangeException(nameof(firstBucket), firstBucket, "The first bucket's width must be positive.");
        }

        if (!(growth > 1) || double.IsInfinity(growth))
        {
            throw new ArgumentOutOfRangeException(nameof(growth), growth, "The growth must be above 1.");
        }

        _dimensions = dimensions;
        _growthPerSample = Math.Pow(2, 1 / halfLife);
        Percentile = percentile;
        HalfLife = halfLife;
        Margin = margin;

        // Edge b is the upper edge of bucket b: firstBucket · (growth^(b+1) − 1) / (growth − 1), up to 2^62.
        var edges = new List<double>();
        var width = firstBucket;
        var edge = 0.0;
        while (edge < 4.6e18)
        {
            edge += width;
            width *= growth;
            edges.Add(edge);
        }

        _edges = [.. edges];
    }

    /// <summary>Gets the percentile recommended.</summary>
    public double Percentile { get; }

    /// <summary>Gets the half-life in samples of a kind.</summary>
    public double HalfLife { get; }

    /// <summary>Gets the safety margin.</summary>
    public double Margin { get; }

    /// <inheritdoc/>
    /// <exception cref="ArgumentNullException"><paramref name="kind"/> or <paramref name="usage"/> is null.</exception>
    /// <exception cref="ArgumentException"><paramref name="usage"/> has the wrong length or a negative amount.</exception>
    public void Observe(string kind, IReadOnlyList<long> usage)
    {
        RequireSample(kind, usage, _dimensions);
        if (!_kinds.TryGetValue(kind, out var histogram))
        {
            histogram = new KindHistogram(_dimensions, _edges.Length);
            _kinds.Add(kind, histogram);
        }

        // Instead of decaying every old sample, a new one weighs 2^(n / halfLife) — the same ratios — and the weights
        // are scaled down together before they overflow.
        var weight = histogram.NextWeight;
        histogram.NextWeight *= _growthPerSample;
        histogram.Samples++;
        for (var d = 0; d < _dimensions; d++)
        {
            histogram.Weights[d][Bucket(usage[d])] += weight;
        }

        histogram.Total += weight;
        if (histogram.Total > RenormaliseAbove)
        {
            histogram.Scale(1 / histogram.Total);
        }
    }

    /// <inheritdoc/>
    /// <exception cref="ArgumentNullException"><paramref name="kind"/> is null.</exception>
    public long[]? Recommend(string kind)
    {
        ArgumentNullException.ThrowIfNull(kind);
        if (!_kinds.TryGetValue(kind, out var histogram))
        {
            return null;
        }

        var request = new long[_dimensions];
        for (var d = 0; d < _dimensions; d++)
        {
            var target = Percentile * histogram.Total;
            var reached = 0.0;
            var bucket = 0;
            var weights = histogram.Weights[d];
            for (; bucket < weights.Length - 1; bucket++)
            {
                reached += weights[bucket];
                if (reached >= target * (1 - 1e-12))
                {
                    break;
                }
            }

            request[d] = (long)Math.Min(Math.Ceiling(_edges[bucket] * (1 + Margin)), long.MaxValue / 2);
        }

        return request;
    }

    /// <summary>The bucket of an amount: the first whose upper edge is above it.</summary>
    private int Bucket(long amount)
    {
        var index = Array.BinarySearch(_edges, (double)amount);
        return Math.Min(index >= 0 ? index + 1 : ~index, _edges.Length - 1);
    }

    internal static void RequireSample(string kind, IReadOnlyList<long> usage, int dimensions)
    {
        ArgumentNullException.ThrowIfNull(kind);
        ArgumentNullException.ThrowIfNull(usage);
        if (usage.Count != dimensions)
        {
            throw new ArgumentException($"A usage sample needs {dimensions} amount(s), but had {usage.Count}.", nameof(usage));
        }

        for (var d = 0; d < usage.Count; d++)
        {
            if (usage[d] < 0)
            {
                throw new ArgumentException($"Usage amount #{d} must be non-negative, but was {usage[d]}.", nameof(usage));
            }
        }
    }

    private sealed class KindHistogram(int dimensions, int buckets)
    {
        public double[][] Weights { get; } = CreateWeights(dimensions, buckets);

        public double Total { get; set; }

        public long Samples { get; set; }

        /// <summary>The weight of the next sample: 2^(samples / half-life), times every scale applied so far.</summary>
        public double NextWeight { get; set; } = 1;

        public void Scale(double factor)
        {
            foreach (var weights in Weights)
            {
                for (var b = 0; b < weights.Length; b++)
                {
                    weights[b] *= factor;
                }
            }

            Total *= factor;
            NextWeight *= factor;
        }

        private static double[][] CreateWeights(int dimensions, int buckets)
        {
            var weights = new double[dimensions][];
            for (var d = 0; d < dimensions; d++)
            {
                weights[d] = new double[buckets];
            }

            return weights;
        }
    }
}

/// <summary>
/// Per kind and dimension an exponentially weighted mean and variance of the samples; the recommendation is the
/// mean plus k standard deviations (for normally distributed usage, k = 2 covers about 97.7%).
/// </summary>
public sealed class MeanDeviationPredictor : IUsagePredictor
{
    private readonly int _dimensions;
    private readonly Dictionary<string, (double[] Mean, double[] Variance)> _kinds = new(StringComparer.Ordinal);

    /// <summary>Creates the predictor.</summary>
    /// <param name="dimensions">The number of dimensions of every sample.</param>
    /// <param name="alpha">The weight of each new sample, in (0, 1] (default 0.05).</param>
    /// <param name="k">The number of standard deviations added to the mean, 0 or more (default 2).</param>
    /// <exception cref="ArgumentOutOfRangeException">A parameter is out of its range; the message names it and its value.</exception>
    public MeanDeviationPredictor(int dimensions, double alpha = 0.05, double k = 2)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(dimensions);
        if (!(alpha > 0 && alpha <= 1))
        {
            throw new ArgumentOutOfRangeException(nameof(alpha), alpha, "Alpha must be in (0, 1].");
        }

        if (!(k >= 0) || double.IsInfinity(k))
        {
            throw new ArgumentOutOfRangeException(nameof(k), k, "k must be a non-negative number.");
        }

        _dimensions = dimensions;
        Alpha = alpha;
        K = k;
    }

    /// <summary>Gets the weight of each new sample.</summary>
    public double Alpha { get; }

    /// <summary>Gets the number of standard deviations added to the mean.</summary>
    public double K { get; }

    /// <inheritdoc/>
    /// <exception cref="ArgumentNullException"><paramref name="kind"/> or <paramref name="usage"/> is null.</exception>
    /// <exception cref="ArgumentException"><paramref name="usage"/> has the wrong length or a negative amount.</exception>
    public void Observe(string kind, IReadOnlyList<long> usage)
    {
        DecayingHistogramPredictor.RequireSample(kind, usage, _dimensions);
        if (!_kinds.TryGetValue(kind, out var state))
        {
            // The first sample is the mean, with no spread yet.
            state = (new double[_dimensions], new double[_dimensions]);
            for (var d = 0; d < _dimensions; d++)
            {
                state.Mean[d] = usage[d];
            }

            _kinds.Add(kind, state);
            return;
        }

        for (var d = 0; d < _dimensions; d++)
        {
            // West's incremental exponentially weighted mean and variance.
            var difference = usage[d] - state.Mean[d];
            var increment = Alpha * difference;
            state.Mean[d] += increment;
            state.Variance[d] = (1 - Alpha) * (state.Variance[d] + (difference * increment));
        }
    }

    /// <inheritdoc/>
    /// <exception cref="ArgumentNullException"><paramref name="kind"/> is null.</exception>
    public long[]? Recommend(string kind)
    {
        ArgumentNullException.ThrowIfNull(kind);
        if (!_kinds.TryGetValue(kind, out var state))
        {
            return null;
        }

        var request = new long[_dimensions];
        for (var d = 0; d < _dimensions; d++)
        {
            request[d] = (long)Math.Min(Math.Ceiling(state.Mean[d] + (K * Math.Sqrt(state.Variance[d]))), long.MaxValue / 2);
        }

        return request;
    }
}
