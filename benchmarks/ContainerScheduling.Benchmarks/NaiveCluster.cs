using System.Collections.Generic;

namespace ContainerScheduling.Benchmarks;

/// <summary>
/// The obvious implementation, the shape of a typical tutorial: a class per node holding a dictionary of
/// resources, a list of nodes, and a foreach over it. It is the baseline the library is measured against.
/// </summary>
public sealed class NaiveCluster
{
    private readonly List<NaiveNode> _nodes = [];
    private readonly Dictionary<string, NaiveNode> _byName = [];

    public void AddNode(string name, IReadOnlyDictionary<string, long> capacity)
    {
        var node = new NaiveNode(name);
        foreach (var (dimension, amount) in capacity)
        {
            node.Capacity[dimension] = amount;
            node.Allocated[dimension] = 0;
        }

        _nodes.Add(node);
        _byName.Add(name, node);
    }

    public void Place(string nodeName, IReadOnlyDictionary<string, long> request)
    {
        var node = _byName[nodeName];
        foreach (var (dimension, amount) in request)
        {
            node.Allocated[dimension] += amount;
        }
    }

    public void Release(string nodeName, IReadOnlyDictionary<string, long> request)
    {
        var node = _byName[nodeName];
        foreach (var (dimension, amount) in request)
        {
            node.Allocated[dimension] -= amount;
        }
    }

    /// <summary>The first node on which the request fits.</summary>
    public NaiveNode? FirstFit(IReadOnlyDictionary<string, long> request)
    {
        foreach (var node in _nodes)
        {
            if (node.Fits(request))
            {
                return node;
            }
        }

        return null;
    }

    /// <summary>The node that leaves the least free capacity (Σ free fraction after placement).</summary>
    public NaiveNode? BestFit(IReadOnlyDictionary<string, long> request)
    {
        NaiveNode? best = null;
        var bestScore = double.MaxValue;
        foreach (var node in _nodes)
        {
            if (!node.Fits(request))
            {
                continue;
            }

            var score = 0.0;
            foreach (var (dimension, capacity) in node.Capacity)
            {
                if (capacity > 0)
                {
                    request.TryGetValue(dimension, out var amount);
                    score += (double)(capacity - node.Allocated[dimension] - amount) / capacity;
                }
            }

            if (score < bestScore)
            {
                bestScore = score;
                best = node;
            }
        }

        return best;
    }
}

public sealed class NaiveNode(string name)
{
    public string Name { get; } = name;

    public Dictionary<string, long> Capacity { get; } = [];

    public Dictionary<string, long> Allocated { get; } = [];

    public bool Fits(IReadOnlyDictionary<string, long> request)
    {
        foreach (var (dimension, amount) in request)
        {
            if (amount > 0 && (!Capacity.TryGetValue(dimension, out var capacity) || capacity - Allocated[dimension] < amount))
            {
                return false;
            }
        }

        return true;
    }
}
