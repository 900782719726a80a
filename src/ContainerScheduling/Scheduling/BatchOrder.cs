using System;

namespace ContainerScheduling;

/// <summary>Computes the order of a batch under an <see cref="OrderingPolicy"/>.</summary>
internal static class BatchOrder
{
    /// <summary>Returns the indexes of <paramref name="requests"/> in placement order; the sort is stable.</summary>
    internal static int[] Sort(long[][] requests, ClusterState cluster, OrderingPolicy ordering, string parameterName)
    {
        if (ordering is not (OrderingPolicy.Arrival or OrderingPolicy.LargestFirst or OrderingPolicy.SmallestFirst))
        {
            throw new ArgumentOutOfRangeException(parameterName, ordering, "Not a defined OrderingPolicy value.");
        }

        var order = new int[requests.Length];
        for (var i = 0; i < order.Length; i++)
        {
            order[i] = i;
        }

        if (ordering == OrderingPolicy.Arrival)
        {
            return order;
        }

        var schema = cluster.Schema;
        var inverseTotal = new double[schema.Count];
        for (var d = 0; d < schema.Count; d++)
        {
            var total = cluster.GetTotalCapacity(schema[d]);
            inverseTotal[d] = total == 0 ? 0.0 : 1.0 / total;
        }

        var demand = new double[requests.Length];
        for (var i = 0; i < requests.Length; i++)
        {
            demand[i] = NormalisedDemand(requests[i], inverseTotal);
        }

        var sign = ordering == OrderingPolicy.LargestFirst ? -1 : 1;
        Array.Sort(order, (a, b) =>
        {
            var byDemand = sign * demand[a].CompareTo(demand[b]);
            return byDemand != 0 ? byDemand : a.CompareTo(b);
        });
        return order;
    }

    /// <summary>Σ_d request_d / totalCapacity_d, skipping dimensions with no capacity.</summary>
    internal static double NormalisedDemand(ReadOnlySpan<long> request, ReadOnlySpan<double> inverseTotal)
    {
        var sum = 0.0;
        for (var d = 0; d < request.Length; d++)
        {
            sum += request[d] * inverseTotal[d];
        }

        return sum;
    }
}
