using System;
using System.Collections.Generic;

namespace ContainerScheduling;

/// <summary>The load of one node: per dimension L = R / C (allocated over capacity; 0 where the capacity is 0).</summary>
/// <param name="Node">The node's name.</param>
/// <param name="State">Its state.</param>
/// <param name="Load">Per dimension in schema order, R / C.</param>
/// <param name="MeanLoad">The mean of <paramref name="Load"/> over the dimensions the node has capacity in.</param>
public sealed record NodeLoad(string Node, NodeState State, IReadOnlyList<double> Load, double MeanLoad);

/// <summary>One dimension's cluster totals.</summary>
/// <param name="Resource">The dimension's name.</param>
/// <param name="Capacity">Σ capacity over nodes.</param>
/// <param name="Allocated">Σ requests of the running containers (R = Σ r_i).</param>
/// <param name="Load">Allocated / capacity (0 where the capacity is 0).</param>
/// <param name="Fragmentation">
/// The share of the free amount, on ready nodes, that sits on nodes where none of the reference requests fits
/// because some dimension is short (0 where nothing is free).
/// </param>
public sealed record DimensionTotals(string Resource, long Capacity, long Allocated, double Load, double Fragmentation);

/// <summary>
/// A snapshot of a cluster's load: per node and dimension L = R / C, the cluster's totals, the imbalance (the
/// spread of node load) and the fragmentation of free capacity.
/// </summary>
public sealed class ClusterMetrics
{
    private ClusterMetrics(IReadOnlyList<NodeLoad> nodes, IReadOnlyList<DimensionTotals> dimensions, double imbalance)
    {
        Nodes = nodes;
        Dimensions = dimensions;
        Imbalance = imbalance;
    }

    /// <summary>Gets every node's load, in cluster order.</summary>
    public IReadOnlyList<NodeLoad> Nodes { get; }

    /// <summary>Gets the totals per dimension, in schema order.</summary>
    public IReadOnlyList<DimensionTotals> Dimensions { get; }

    /// <summary>Gets the imbalance: the population standard deviation of <see cref="NodeLoad.MeanLoad"/> over the ready nodes (0 for fewer than two).</summary>
    public double Imbalance { get; }

    /// <summary>
    /// Measures a cluster. Fragmentation is judged against <paramref name="referenceRequests"/> (for example the
    /// pending requests, or a typical one): free capacity on a ready node counts as fragmented when none of them fits there.
    /// </summary>
    /// <param name="cluster">The cluster.</param>
    /// <param name="referenceRequests">Requests as amounts per dimension in schema order; none means every free amount counts as usable.</param>
    /// <returns>The snapshot.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="cluster"/> or <paramref name="referenceRequests"/> is null.</exception>
    /// <exception cref="ArgumentException">A reference request has the wrong length or a negative amount.</exception>
    public static ClusterMetrics Of(ClusterState cluster, IReadOnlyList<IReadOnlyList<long>> referenceRequests)
    {
        ArgumentNullException.ThrowIfNull(cluster);
        ArgumentNullException.ThrowIfNull(referenceRequests);
        var schema = cluster.Schema;
        foreach (var request in referenceRequests)
        {
            if (request is null || request.Count != schema.Count)
            {
                throw new ArgumentException($"Every reference request needs {schema.Count} amount(s) ({schema}).", nameof(referenceRequests));
            }

            for (var d = 0; d < request.Count; d++)
            {
                if (request[d] < 0)
                {
                    throw new ArgumentException($"A reference request asks {request[d]} of '{schema[d]}'; amounts must be non-negative.", nameof(referenceRequests));
                }
            }
        }

        var nodes = new List<NodeLoad>(cluster.NodeCount);
        var free = new long[schema.Count];
        var fragmented = new long[schema.Count];
        var readyLoads = new List<double>();
        var amounts = new long[schema.Count];
        foreach (var node in cluster.Nodes)
        {
            var load = new double[schema.Count];
            var sum = 0.0;
            var counted = 0;
            for (var d = 0; d < schema.Count; d++)
            {
                var capacity = cluster.GetCapacity(node.Name, schema[d]);
                var allocated = cluster.GetAllocated(node.Name, schema[d]);
                amounts[d] = capacity - allocated;
                if (capacity > 0)
                {
                    load[d] = (double)allocated / capacity;
                    sum += load[d];
                    counted++;
                }
            }

            var state = cluster.GetNodeState(node.Name);
            var mean = counted == 0 ? 0.0 : sum / counted;
            nodes.Add(new NodeLoad(node.Name, state, load, mean));
            if (state != NodeState.Ready)
            {
                continue;
            }

            readyLoads.Add(mean);
            var usable = referenceRequests.Count == 0;
            foreach (var request in referenceRequests)
            {
                usable |= Fits(amounts, request);
            }

            for (var d = 0; d < schema.Count; d++)
            {
                free[d] += amounts[d];
                fragmented[d] += usable ? 0 : amounts[d];
            }
        }

        var dimensions = new DimensionTotals[schema.Count];
        for (var d = 0; d < schema.Count; d++)
        {
            var capacity = cluster.GetTotalCapacity(schema[d]);
            var allocated = cluster.GetTotalAllocated(schema[d]);
            dimensions[d] = new DimensionTotals(
                schema[d], capacity, allocated, capacity == 0 ? 0.0 : (double)allocated / capacity, free[d] == 0 ? 0.0 : (double)fragmented[d] / free[d]);
        }

        return new ClusterMetrics(nodes, dimensions, StandardDeviation(readyLoads));
    }

    /// <summary>The population standard deviation (0 for fewer than two values).</summary>
    internal static double StandardDeviation(IReadOnlyList<double> values)
    {
        if (values.Count < 2)
        {
            return 0.0;
        }

        var mean = 0.0;
        foreach (var value in values)
        {
            mean += value;
        }

        mean /= values.Count;
        var squares = 0.0;
        foreach (var value in values)
        {
            squares += (value - mean) * (value - mean);
        }

        return Math.Sqrt(squares / values.Count);
    }

    private static bool Fits(long[] free, IReadOnlyList<long> request)
    {
        for (var d = 0; d < free.Length; d++)
        {
            if (request[d] > free[d])
            {
                return false;
            }
        }

        return true;
    }
}
