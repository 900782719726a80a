using System;
using System.Collections.Generic;
using System.Linq;
using System.Numerics;

namespace ContainerScheduling.Tests;

/// <summary>
/// A slow, obvious model of a cluster, read from a <see cref="ClusterState"/> through public queries only, with
/// the definitions of the built-in strategies, of batch ordering and of failure explanations written out
/// directly. Tests compare the library with it.
/// </summary>
internal sealed class ReferenceCluster
{
    private readonly List<Node> _nodes = [];

    private ReferenceCluster(string[] dimensions, long[] totalCapacity)
    {
        Dimensions = dimensions;
        TotalCapacity = totalCapacity;
    }

    public string[] Dimensions { get; }

    public long[] TotalCapacity { get; }

    public int Count => _nodes.Count;

    public static ReferenceCluster Of(ClusterState cluster)
    {
        var dimensions = cluster.Schema.Names.ToArray();
        var model = new ReferenceCluster(dimensions, dimensions.Select(cluster.GetTotalCapacity).ToArray());
        foreach (var spec in cluster.Nodes)
        {
            model._nodes.Add(new Node(
                spec.Name,
                cluster.GetNodeState(spec.Name),
                dimensions.Select(d => cluster.GetCapacity(spec.Name, d)).ToArray(),
                dimensions.Select(d => cluster.GetFree(spec.Name, d)).ToArray(),
                cluster.GetContainerCount(spec.Name)));
        }

        return model;
    }

    public string NameAt(int index) => _nodes[index].Name;

    /// <summary>An independent copy, to try a task and throw the attempt away.</summary>
    public ReferenceCluster Clone()
    {
        var copy = new ReferenceCluster(Dimensions, TotalCapacity);
        copy._nodes.AddRange(_nodes.Select(n => new Node(n.Name, n.State, n.Capacity, (long[])n.Free.Clone(), n.Containers)));
        return copy;
    }

    /// <summary>
    /// Places tasks the way the scheduler must: tasks in policy order by their total request, each task's
    /// containers in order, all or nothing. Returns the placements and the unplaced with their messages.
    /// </summary>
    public (List<ContainerScheduling.Placement> Placements, List<(string Container, string Message)> Unplaced) PlaceTasks(
        IReadOnlyList<(string Task, (string Name, long[] Request)[] Containers)> tasks, OrderingPolicy ordering, string strategy, double[] weights)
    {
        var totals = tasks.Select(t => Enumerable.Range(0, Dimensions.Length).Select(d => t.Containers.Sum(c => c.Request[d])).ToArray()).ToList();
        var placements = new List<ContainerScheduling.Placement>();
        var unplaced = new List<(string, string)>();
        var state = this;
        foreach (var t in Order(totals, ordering))
        {
            var (task, containers) = tasks[t];
            var attempt = state.Clone();
            var placed = new List<ContainerScheduling.Placement>();
            string? blocker = null;
            string? blockerMessage = null;
            foreach (var (name, request) in containers)
            {
                var chosen = attempt.Choose(strategy, request, weights);
                if (chosen < 0)
                {
                    blocker = name;
                    blockerMessage = attempt.Explain(request, strategy).Message;
                    break;
                }

                attempt.Place(chosen, request);
                placed.Add(new ContainerScheduling.Placement(name, attempt.NameAt(chosen)));
            }

            if (blocker is null)
            {
                state = attempt;
                placements.AddRange(placed);
                continue;
            }

            foreach (var (name, _) in containers)
            {
                unplaced.Add((name, name == blocker
                    ? blockerMessage!
                    : $"task '{task}' was not placed because container '{blocker}' could not be placed ({blockerMessage})"));
            }
        }

        return (placements, unplaced);
    }

    /// <summary>Ready, and request ≤ free in every dimension.</summary>
    public bool Fits(int index, long[] request)
    {
        var node = _nodes[index];
        if (node.State != NodeState.Ready)
        {
            return false;
        }

        for (var d = 0; d < request.Length; d++)
        {
            if (request[d] > node.Free[d])
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>Σ_d ((double)(free_d − req_d) · (1.0 / cap_d)) · w_d from 0.0 in dimension order; cap 0 adds 0.</summary>
    public double Score(int index, long[] request, double[] weights)
    {
        var node = _nodes[index];
        var key = 0.0;
        var demand = 0.0;
        for (var d = 0; d < request.Length; d++)
        {
            var factor = (node.Capacity[d] == 0 ? 0.0 : 1.0 / node.Capacity[d]) * weights[d];
            key = Math.FusedMultiplyAdd(node.Free[d], factor, key);
            demand = Math.FusedMultiplyAdd(request[d], factor, demand);
        }

        return key - demand;
    }

    /// <summary>The node the named strategy must choose by its definition, or -1.</summary>
    public int Choose(string strategy, long[] request, double[] weights) => strategy switch
    {
        PlacementStrategies.FirstFitName => FirstFit(request),
        PlacementStrategies.BestFitName => BestScore(request, weights, lowest: true),
        PlacementStrategies.LeastLoadedName => BestScore(request, weights, lowest: false),
        PlacementStrategies.SpreadName => Spread(request, weights),
        LastFitStrategy.StrategyName => LastFit(request),
        _ => throw new ArgumentOutOfRangeException(nameof(strategy), strategy, "No reference for this strategy."),
    };

    public string? ChooseName(string strategy, long[] request, double[] weights)
    {
        var index = Choose(strategy, request, weights);
        return index < 0 ? null : NameAt(index);
    }

    public void Place(int index, long[] request)
    {
        var node = _nodes[index];
        for (var d = 0; d < request.Length; d++)
        {
            node.Free[d] -= request[d];
        }

        node.Containers++;
    }

    public int IndexOf(string name) => _nodes.FindIndex(n => n.Name == name);

    /// <summary>
    /// The placement order under a policy: by Σ_d req_d / total_d compared exactly (rationals), descending for
    /// largest-first and ascending for smallest-first, ties in arrival order.
    /// </summary>
    public int[] Order(IReadOnlyList<long[]> requests, OrderingPolicy ordering)
    {
        var arrival = Enumerable.Range(0, requests.Count);
        if (ordering == OrderingPolicy.Arrival)
        {
            return arrival.ToArray();
        }

        // Common denominator Π total_d over dimensions with capacity; numerator Σ req_d · Π_{e≠d} total_e.
        var denominator = BigInteger.One;
        foreach (var total in TotalCapacity.Where(t => t > 0))
        {
            denominator *= total;
        }

        BigInteger Numerator(long[] request)
        {
            var sum = BigInteger.Zero;
            for (var d = 0; d < request.Length; d++)
            {
                if (TotalCapacity[d] > 0)
                {
                    sum += request[d] * (denominator / TotalCapacity[d]);
                }
            }

            return sum;
        }

        var numerators = requests.Select(Numerator).ToArray();
        return ordering == OrderingPolicy.LargestFirst
            ? arrival.OrderByDescending(i => numerators[i]).ToArray()
            : arrival.OrderBy(i => numerators[i]).ToArray();
    }

    /// <summary>The explanation the cluster must give for a request no node took.</summary>
    public (string Message, FailureCause[] Causes) Explain(long[] request, string strategyName)
    {
        var counts = new Dictionary<string, int>(StringComparer.Ordinal);
        var fitting = 0;
        void Count(string reason) => counts[reason] = counts.GetValueOrDefault(reason) + 1;
        foreach (var node in _nodes)
        {
            if (node.State != NodeState.Ready)
            {
                Count(node.State == NodeState.Down ? "down" : "cordoned");
                continue;
            }

            var fits = true;
            for (var d = 0; d < request.Length; d++)
            {
                if (request[d] > node.Free[d])
                {
                    Count("insufficient " + Dimensions[d]);
                    fits = false;
                }
            }

            fitting += fits ? 1 : 0;
        }

        if (fitting > 0)
        {
            counts[$"not chosen by strategy '{strategyName}'"] = fitting;
        }

        var causes = counts
            .Select(pair => new FailureCause(pair.Key, pair.Value))
            .OrderByDescending(cause => cause.NodeCount)
            .ThenBy(cause => cause.Reason, StringComparer.Ordinal)
            .ToArray();
        var detail = _nodes.Count == 0 ? "the cluster has no nodes" : string.Join(", ", causes.Select(c => $"{c.NodeCount} {c.Reason}"));
        return ($"{fitting}/{_nodes.Count} nodes fit: {detail}", causes);
    }

    /// <summary>Places a batch the way the scheduler must, returning the placements and the unplaced in attempt order.</summary>
    public (List<ContainerScheduling.Placement> Placements, List<(string Container, string Message)> Unplaced) PlaceBatch(
        IReadOnlyList<(string Name, long[] Request)> batch, OrderingPolicy ordering, string strategy, double[] weights)
    {
        var placements = new List<ContainerScheduling.Placement>();
        var unplaced = new List<(string, string)>();
        foreach (var i in Order(batch.Select(b => b.Request).ToList(), ordering))
        {
            var (name, request) = batch[i];
            var chosen = Choose(strategy, request, weights);
            if (chosen >= 0)
            {
                Place(chosen, request);
                placements.Add(new ContainerScheduling.Placement(name, NameAt(chosen)));
            }
            else
            {
                unplaced.Add((name, Explain(request, strategy).Message));
            }
        }

        return (placements, unplaced);
    }

    private int FirstFit(long[] request)
    {
        for (var i = 0; i < _nodes.Count; i++)
        {
            if (Fits(i, request))
            {
                return i;
            }
        }

        return -1;
    }

    private int LastFit(long[] request)
    {
        for (var i = _nodes.Count - 1; i >= 0; i--)
        {
            if (Fits(i, request))
            {
                return i;
            }
        }

        return -1;
    }

    private int BestScore(long[] request, double[] weights, bool lowest)
    {
        var best = -1;
        var bestScore = 0.0;
        for (var i = 0; i < _nodes.Count; i++)
        {
            if (!Fits(i, request))
            {
                continue;
            }

            var score = Score(i, request, weights);
            if (best < 0 || (lowest ? score < bestScore : score > bestScore))
            {
                best = i;
                bestScore = score;
            }
        }

        return best;
    }

    private int Spread(long[] request, double[] weights)
    {
        var best = -1;
        var bestScore = 0.0;
        for (var i = 0; i < _nodes.Count; i++)
        {
            if (!Fits(i, request))
            {
                continue;
            }

            var score = Score(i, request, weights);
            var count = _nodes[i].Containers;
            if (best < 0 || count < _nodes[best].Containers || (count == _nodes[best].Containers && score > bestScore))
            {
                best = i;
                bestScore = score;
            }
        }

        return best;
    }

    private sealed class Node(string name, NodeState state, long[] capacity, long[] free, int containers)
    {
        public string Name { get; } = name;

        public NodeState State { get; } = state;

        public long[] Capacity { get; } = capacity;

        public long[] Free { get; } = free;

        public int Containers { get; set; } = containers;
    }
}
