using System;
using System.Runtime.Intrinsics;

namespace ContainerScheduling;

/// <summary>
/// Dominance within a first-fit batch: a request at least as large as an earlier one in every dimension, with the
/// same eligible nodes, cannot fit before the node the earlier one got — every node before it lacked room for the
/// smaller request then, and within a batch nodes only lose room. So its scan starts there; and when the earlier one
/// fitted nowhere, neither does it. Decisions are exactly those of scanning from the first node.
/// </summary>
/// <remarks>
/// The last <see cref="Capacity"/> decisions are kept, each with the class of its eligible nodes: 0 for containers
/// that every node admits, 1 for containers whose only restriction is that they tolerate none of the cluster's
/// taints. Containers with rules of their own (whose eligible nodes change as the batch places) are not kept.
/// </remarks>
internal sealed class FirstFitFloor
{
    /// <summary>How many recent decisions are compared with each request.</summary>
    private const int Capacity = 32;

    private readonly long[][] _requests = new long[Capacity][];
    private readonly Vector256<long>[] _vectors = new Vector256<long>[Capacity];
    private readonly int[] _nodes = new int[Capacity];
    private readonly int[] _classes = new int[Capacity];
    private int _count;
    private int _next;

    /// <summary>
    /// The first node index the request's scan must consider, or −1 when a dominated earlier request of the same
    /// class fitted nowhere (so this one fits nowhere either).
    /// </summary>
    public int From(long[] request, int eligibility)
    {
        var from = 0;
        var narrow = request.Length <= Vector256<long>.Count;
        var vector = narrow ? Pad(request) : default;
        for (var k = 0; k < _count; k++)
        {
            // Up to four dimensions: one vector compare per remembered request (padding lanes are 0 on both sides).
            var dominates = narrow ? Vector256.GreaterThanOrEqualAll(vector, _vectors[k]) : Dominates(request, _requests[k]);
            if (_classes[k] != eligibility || !dominates)
            {
                continue;
            }

            if (_nodes[k] < 0)
            {
                return -1;
            }

            from = Math.Max(from, _nodes[k]);
        }

        return from;
    }

    /// <summary>Records a decision: the node the request got, or −1.</summary>
    public void Remember(long[] request, int eligibility, int node)
    {
        _requests[_next] = request;
        _vectors[_next] = request.Length <= Vector256<long>.Count ? Pad(request) : default;
        _nodes[_next] = node;
        _classes[_next] = eligibility;
        _next = (_next + 1) % Capacity;
        _count = Math.Min(_count + 1, Capacity);
    }

    private static Vector256<long> Pad(long[] request)
    {
        Span<long> lanes = stackalloc long[Vector256<long>.Count];
        lanes.Clear();
        request.CopyTo(lanes);
        return Vector256.Create((ReadOnlySpan<long>)lanes);
    }

    private static bool Dominates(long[] request, long[] earlier)
    {
        for (var d = 0; d < request.Length; d++)
        {
            if (request[d] < earlier[d])
            {
                return false;
            }
        }

        return true;
    }
}
