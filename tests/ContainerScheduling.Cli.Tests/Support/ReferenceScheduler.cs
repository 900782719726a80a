using System;
using System.Collections.Generic;
using System.Linq;
using System.Numerics;

namespace ContainerScheduling.Cli.Tests.Support;

/// <summary>
/// The strategy definitions written out the slow, obvious way over plain arrays, to check the CLI against: the
/// schema is the union of keys (cluster first), a missing key is 0, only ready nodes take containers.
/// </summary>
internal sealed class ReferenceScheduler
{
    private readonly GeneratedInstance _instance;
    private readonly string[] _dimensions;
    private readonly long[][] _capacity;
    private readonly long[][] _free;
    private readonly int[] _count;
    private readonly bool[] _ready;
    private readonly Dictionary<string, int> _nodeIndex;

    public ReferenceScheduler(GeneratedInstance instance)
    {
        _instance = instance;
        var dimensions = new List<string>();
        foreach (var key in instance.Nodes.SelectMany(n => n.Capacity).Concat(instance.Containers.SelectMany(c => c.Requests)).Select(p => p.Key))
        {
            if (!dimensions.Contains(key))
            {
                dimensions.Add(key);
            }
        }

        _dimensions = [.. dimensions];
        _capacity = instance.Nodes.Select(n => Vector(n.Capacity)).ToArray();
        _free = _capacity.Select(c => (long[])c.Clone()).ToArray();
        _count = new int[instance.Nodes.Count];
        _ready = instance.Nodes.Select(n => n.State is "" or "ready").ToArray();
        _nodeIndex = instance.Nodes.Select((n, i) => (n.Name, i)).ToDictionary(p => p.Name, p => p.i);
    }

    public IReadOnlyList<string> Dimensions => _dimensions;

    public long[] Vector(List<KeyValuePair<string, long>> amounts)
    {
        var vector = new long[_dimensions.Length];
        foreach (var (key, value) in amounts)
        {
            vector[Array.IndexOf(_dimensions, key)] = value;
        }

        return vector;
    }

    /// <summary>
    /// The order containers are tried in: arrival, or by the normalised demand Σ_d request_d / totalCapacity_d
    /// (totals over all nodes, dimensions without capacity skipped), compared as exact fractions, ties in arrival
    /// order.
    /// </summary>
    public List<TestContainer> Order(string order)
    {
        var totals = new long[_dimensions.Length];
        foreach (var capacity in _capacity)
        {
            for (var d = 0; d < totals.Length; d++)
            {
                totals[d] += capacity[d];
            }
        }

        // Σ_d r_d / T_d = (Σ_d r_d · Π_{e≠d} T_e) / Π_e T_e over the dimensions with T > 0: compare the numerators.
        BigInteger Numerator(TestContainer container)
        {
            var request = Vector(container.Requests);
            var sum = BigInteger.Zero;
            for (var d = 0; d < request.Length; d++)
            {
                if (totals[d] == 0)
                {
                    continue;
                }

                var term = new BigInteger(request[d]);
                for (var e = 0; e < totals.Length; e++)
                {
                    if (e != d && totals[e] != 0)
                    {
                        term *= totals[e];
                    }
                }

                sum += term;
            }

            return sum;
        }

        return order switch
        {
            "arrival" => [.. _instance.Containers],
            "largest-first" => [.. _instance.Containers.OrderByDescending(Numerator)],
            "smallest-first" => [.. _instance.Containers.OrderBy(Numerator)],
            _ => throw new ArgumentOutOfRangeException(nameof(order), order, null),
        };
    }

    /// <summary>The node the strategy picks for the request now, or -1.</summary>
    public int Choose(string strategy, long[] request)
    {
        var best = -1;
        for (var i = 0; i < _capacity.Length; i++)
        {
            if (!Fits(i, request))
            {
                continue;
            }

            if (strategy == "first-fit")
            {
                return i;
            }

            if (best < 0)
            {
                best = i;
                continue;
            }

            var score = Score(i, request);
            var bestScore = Score(best, request);
            var better = strategy switch
            {
                "best-fit" => score < bestScore,
                "least-loaded" => score > bestScore,
                "spread" => _count[i] < _count[best] || (_count[i] == _count[best] && score > bestScore),
                _ => throw new ArgumentOutOfRangeException(nameof(strategy), strategy, null),
            };
            if (better)
            {
                best = i;
            }
        }

        return best;
    }

    public bool Fits(int node, long[] request)
    {
        if (!_ready[node])
        {
            return false;
        }

        for (var d = 0; d < request.Length; d++)
        {
            if (_free[node][d] < request[d])
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>Σ_d free_d · k_d − Σ_d request_d · k_d with k_d = (1 / capacity_d) · 1.0, each fused per dimension from 0.0 in dimension order; capacity 0 adds nothing.</summary>
    public double Score(int node, long[] request)
    {
        var key = 0.0;
        var demand = 0.0;
        for (var d = 0; d < request.Length; d++)
        {
            var capacity = _capacity[node][d];
            if (capacity == 0)
            {
                continue;
            }

            key = Math.FusedMultiplyAdd(_free[node][d], (1.0 / capacity) * 1.0, key);
            demand = Math.FusedMultiplyAdd(request[d], (1.0 / capacity) * 1.0, demand);
        }

        return key - demand;
    }

    public void Reserve(int node, long[] request)
    {
        for (var d = 0; d < request.Length; d++)
        {
            _free[node][d] -= request[d];
            if (_free[node][d] < 0)
            {
                throw new InvalidOperationException($"node {node} over capacity in {_dimensions[d]}");
            }
        }

        _count[node]++;
    }

    public int IndexOf(string node) => _nodeIndex[node];

    public string NameOf(int node) => _instance.Nodes[node].Name;
}
