using System;
using System.Numerics;

namespace ContainerScheduling;

/// <summary>Computes the order of a batch under an <see cref="OrderingPolicy"/>.</summary>
internal static class BatchOrder
{
    /// <summary>
    /// How far apart two double demand sums must be to be trusted: far above their rounding error (a few ulps,
    /// about 10⁻¹⁵ relative for five dimensions) and far below any real difference worth sorting by.
    /// </summary>
    private const double RelativeTolerance = 1e-12;

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
        var totals = new long[schema.Count];
        var inverseTotal = new double[schema.Count];
        for (var d = 0; d < schema.Count; d++)
        {
            totals[d] = cluster.GetTotalCapacity(schema[d]);
            inverseTotal[d] = totals[d] == 0 ? 0.0 : 1.0 / totals[d];
        }

        var demand = new double[requests.Length];
        for (var i = 0; i < requests.Length; i++)
        {
            demand[i] = NormalisedDemand(requests[i], inverseTotal);
        }

        var sign = ordering == OrderingPolicy.LargestFirst ? -1 : 1;
        Array.Sort(order, (a, b) =>
        {
            var byDemand = sign * CompareDemand(requests[a], requests[b], demand[a], demand[b], totals);
            return byDemand != 0 ? byDemand : a.CompareTo(b);
        });
        return order;
    }

    /// <summary>
    /// Compares the normalised demands of two requests exactly. The double sums are within a few ulps of the true
    /// values, so they decide whenever they lie further apart than that; closer sums (exact ties such as
    /// 45/135 + 4/135 against 14/135 + 35/135, or small amounts lost next to huge ones) are compared as exact
    /// rationals over the common denominator Π_d totalCapacity_d, so ties really keep arrival order.
    /// </summary>
    internal static int CompareDemand(ReadOnlySpan<long> a, ReadOnlySpan<long> b, double demandA, double demandB, ReadOnlySpan<long> totals)
    {
        if (Math.Abs(demandA - demandB) > RelativeTolerance * Math.Max(demandA, demandB))
        {
            return demandA.CompareTo(demandB);
        }

        if (a.SequenceEqual(b))
        {
            return 0;
        }

        // sign(Σ_d (a_d − b_d) / total_d) = sign(Σ_d (a_d − b_d) · Π_{e≠d} total_e), all totals being positive.
        var difference = BigInteger.Zero;
        for (var d = 0; d < a.Length; d++)
        {
            if (totals[d] == 0 || a[d] == b[d])
            {
                continue;
            }

            var term = new BigInteger(a[d]) - b[d];
            for (var e = 0; e < totals.Length; e++)
            {
                if (e != d && totals[e] != 0)
                {
                    term *= totals[e];
                }
            }

            difference += term;
        }

        return difference.Sign;
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
