using System;
using System.Collections.Generic;

namespace ContainerScheduling;

/// <summary>
/// The shared part of the strategies that score nodes with Σ_d w_d · (free_d − request_d) / capacity_d:
/// the per-dimension weights, resolved once per schema.
/// </summary>
internal abstract class ScoredStrategy : IPlacementStrategy
{
    private readonly KeyValuePair<string, double>[] _weights;
    private WeightVector? _resolved;

    protected ScoredStrategy(IReadOnlyDictionary<string, double>? weights)
    {
        var list = new List<KeyValuePair<string, double>>();
        foreach (var (name, weight) in weights ?? new Dictionary<string, double>())
        {
            if (string.IsNullOrWhiteSpace(name))
            {
                throw new ArgumentException($"Weight names must be non-empty, but got '{name}'.", nameof(weights));
            }

            if (!(weight >= 0 && weight <= PlacementStrategies.MaxWeight))
            {
                throw new ArgumentOutOfRangeException(
                    nameof(weights), weight, $"The weight of '{name}' must be a number from 0 to {PlacementStrategies.MaxWeight:0e0}.");
            }

            list.Add(new KeyValuePair<string, double>(name, weight));
        }

        _weights = list.ToArray();
    }

    public abstract string Name { get; }

    public abstract int SelectNode(in ClusterView cluster, ReadOnlySpan<long> request);

    /// <summary>The weights in schema order: 1.0 for every dimension not named.</summary>
    /// <exception cref="InvalidOperationException">A weight names a dimension the schema does not define.</exception>
    internal double[] WeightsFor(ResourceSchema schema)
    {
        var resolved = _resolved;
        if (resolved is not null && ReferenceEquals(resolved.Schema, schema))
        {
            return resolved.Weights;
        }

        var weights = new double[schema.Count];
        Array.Fill(weights, 1.0);
        foreach (var (name, weight) in _weights)
        {
            var d = schema.IndexOf(name);
            if (d < 0)
            {
                throw new InvalidOperationException(
                    $"Strategy '{Name}' has a weight for resource '{name}', which the cluster's schema ({schema}) does not define.");
            }

            weights[d] = weight;
        }

        _resolved = new WeightVector(schema, weights);
        return weights;
    }

    private sealed record WeightVector(ResourceSchema Schema, double[] Weights);
}
