using System;
using System.Collections.Generic;
using System.Linq;

namespace ContainerScheduling;

/// <summary>
/// Greedy rebalancing on the live cluster, undone before the plan is returned. Balance: each step makes the
/// single move (a container from one of the four most loaded nodes with moves left, to any ready node where it
/// fits under its rules) that lowers the imbalance most, and stops when none lowers it. Pack: the least-used nodes
/// in turn are emptied onto the fullest nodes in use that take their containers; a node that cannot be emptied
/// whole within the budget is left as it was.
/// </summary>
internal static class RebalancePlanner
{
    private const int Sources = 4;

    public static RebalancePlan Plan(ClusterState cluster, RebalanceOptions options)
    {
        var moves = new List<(ContainerSpec Spec, long[] Request, int From, int To)>();
        try
        {
            return options.Mode == RebalanceMode.Balance ? Balance(cluster, options, moves) : Pack(cluster, options, moves);
        }
        finally
        {
            for (var i = moves.Count - 1; i >= 0; i--)
            {
                var (spec, request, from, _) = moves[i];
                cluster.Release(spec.Name);
                cluster.Reserve(from, spec, request);
            }
        }
    }

    /// <summary>The imbalance: the population standard deviation of the ready nodes' mean load.</summary>
    public static double Imbalance(ClusterState cluster) => ClusterMetrics.StandardDeviation(ReadySlots(cluster).Select(slot => Load(cluster, slot)).ToList());

    /// <summary>The ready nodes that run at least one container.</summary>
    public static int NodesInUse(ClusterState cluster) => ReadySlots(cluster).Count(slot => cluster.ContainerCountColumn[slot] > 0);

    /// <summary>Whether the container's rules let it run on the node (it must not be placed, so that it does not count against itself).</summary>
    public static bool Eligible(ClusterState cluster, ContainerSpec spec, int slot) =>
        !cluster.RestrictionOf(spec).Ruled || Bitset.IsSet(cluster.Eligibility(spec), slot);

    private static RebalancePlan Balance(ClusterState cluster, RebalanceOptions options, List<(ContainerSpec Spec, long[] Request, int From, int To)> moves)
    {
        var ready = ReadySlots(cluster);
        var loads = ready.ToDictionary(slot => slot, slot => Load(cluster, slot));
        var before = ClusterMetrics.StandardDeviation([.. loads.Values]);
        var current = before;
        var outOf = new Dictionary<int, int>();
        var n = loads.Count;
        while (moves.Count < options.MaxMoves && n >= 2)
        {
            var sum = loads.Values.Sum();
            var squares = loads.Values.Sum(load => load * load);
            (double Objective, ContainerSpec Spec, long[] Request, int From, int To)? best = null;
            var sources = loads
                .Where(pair => options.MaxMovesPerNode is not { } limit || outOf.GetValueOrDefault(pair.Key) < limit)
                .OrderByDescending(pair => pair.Value).ThenBy(pair => pair.Key)
                .Take(Sources)
                .Select(pair => pair.Key)
                .ToList();
            foreach (var from in sources)
            {
                foreach (var name in cluster.GetContainersOn(cluster.NodeNameAt(from)))
                {
                    var spec = cluster.GetContainer(name);
                    var request = spec.GetRequestVector(cluster.Schema, nameof(options));
                    cluster.Release(name);
                    var eligible = cluster.RestrictionOf(spec).Ruled ? cluster.Eligibility(spec).ToArray() : null;
                    foreach (var to in ready)
                    {
                        if (to == from || !cluster.Fits(to, request) || (eligible is not null && !Bitset.IsSet(eligible, to)))
                        {
                            continue;
                        }

                        var fromLoad = loads[from] - Share(cluster, from, request);
                        var toLoad = loads[to] + Share(cluster, to, request);
                        var newSum = sum - loads[from] - loads[to] + fromLoad + toLoad;
                        var newSquares = squares - (loads[from] * loads[from]) - (loads[to] * loads[to]) + (fromLoad * fromLoad) + (toLoad * toLoad);
                        var objective = Math.Sqrt(Math.Max(0.0, (newSquares / n) - ((newSum / n) * (newSum / n))));
                        if (best is null || objective < best.Value.Objective - 1e-12)
                        {
                            best = (objective, spec, request, from, to);
                        }
                    }

                    cluster.Reserve(from, spec, request);
                }
            }

            if (best is not { } move || move.Objective >= current - 1e-12)
            {
                break;
            }

            cluster.Release(move.Spec.Name);
            cluster.Reserve(move.To, move.Spec, move.Request);
            moves.Add((move.Spec, move.Request, move.From, move.To));
            outOf[move.From] = outOf.GetValueOrDefault(move.From) + 1;
            loads[move.From] = Load(cluster, move.From);
            loads[move.To] = Load(cluster, move.To);
            current = ClusterMetrics.StandardDeviation([.. loads.Values]);
        }

        return new RebalancePlan(RebalanceMode.Balance, Moves(cluster, moves), before, Math.Min(before, current));
    }

    private static RebalancePlan Pack(ClusterState cluster, RebalanceOptions options, List<(ContainerSpec Spec, long[] Request, int From, int To)> moves)
    {
        var ready = ReadySlots(cluster);
        var inUse = ready.Where(slot => cluster.ContainerCountColumn[slot] > 0).ToList();
        var before = inUse.Count;
        var emptied = new HashSet<int>();
        foreach (var node in inUse.OrderBy(slot => Load(cluster, slot)).ThenBy(slot => slot).ToList())
        {
            var names = cluster.GetContainersOn(cluster.NodeNameAt(node));
            if (names.Count > options.MaxMoves - moves.Count || names.Count > (options.MaxMovesPerNode ?? int.MaxValue))
            {
                continue;
            }

            var mark = moves.Count;
            var whole = true;
            foreach (var spec in names.Select(cluster.GetContainer).OrderByDescending(spec => Size(cluster, spec)).ThenBy(spec => spec.Name, StringComparer.Ordinal).ToList())
            {
                var request = spec.GetRequestVector(cluster.Schema, nameof(options));
                cluster.Release(spec.Name);
                var eligible = cluster.RestrictionOf(spec).Ruled ? cluster.Eligibility(spec).ToArray() : null;
                var target = inUse
                    .Where(to => to != node && !emptied.Contains(to) && cluster.Fits(to, request) && (eligible is null || Bitset.IsSet(eligible, to)))
                    .OrderByDescending(to => Load(cluster, to)).ThenBy(to => to)
                    .DefaultIfEmpty(-1)
                    .First();
                if (target < 0)
                {
                    cluster.Reserve(node, spec, request);
                    whole = false;
                    break;
                }

                cluster.Reserve(target, spec, request);
                moves.Add((spec, request, node, target));
            }

            if (whole)
            {
                emptied.Add(node);
                continue;
            }

            // Put back what this node had already given away.
            for (var i = moves.Count - 1; i >= mark; i--)
            {
                cluster.Release(moves[i].Spec.Name);
                cluster.Reserve(moves[i].From, moves[i].Spec, moves[i].Request);
                moves.RemoveAt(i);
            }
        }

        return new RebalancePlan(RebalanceMode.Pack, Moves(cluster, moves), before, before - emptied.Count);
    }

    private static List<ContainerMove> Moves(ClusterState cluster, List<(ContainerSpec Spec, long[] Request, int From, int To)> moves) =>
        moves.ConvertAll(move => new ContainerMove(move.Spec.Name, cluster.NodeNameAt(move.From), cluster.NodeNameAt(move.To)));

    private static List<int> ReadySlots(ClusterState cluster) =>
        [.. cluster.Nodes.Select(node => cluster.SlotOf(node.Name, "node")).Where(slot => cluster.GetNodeState(cluster.NodeNameAt(slot)) == NodeState.Ready)];

    /// <summary>A node's mean load over the dimensions it has capacity in.</summary>
    private static double Load(ClusterState cluster, int slot)
    {
        var name = cluster.NodeNameAt(slot);
        var sum = 0.0;
        var counted = 0;
        foreach (var resource in cluster.Schema.Names)
        {
            var capacity = cluster.GetCapacity(name, resource);
            if (capacity > 0)
            {
                sum += (double)cluster.GetAllocated(name, resource) / capacity;
                counted++;
            }
        }

        return counted == 0 ? 0.0 : sum / counted;
    }

    /// <summary>What a request adds to a node's mean load.</summary>
    private static double Share(ClusterState cluster, int slot, long[] request)
    {
        var name = cluster.NodeNameAt(slot);
        var sum = 0.0;
        var counted = 0;
        for (var d = 0; d < request.Length; d++)
        {
            var capacity = cluster.GetCapacity(name, cluster.Schema[d]);
            if (capacity > 0)
            {
                sum += (double)request[d] / capacity;
                counted++;
            }
        }

        return counted == 0 ? 0.0 : sum / counted;
    }

    /// <summary>A request's size for ordering: the sum of its amounts over the cluster's total capacity per dimension.</summary>
    private static double Size(ClusterState cluster, ContainerSpec spec)
    {
        var request = spec.GetRequestVector(cluster.Schema, "containers");
        var size = 0.0;
        for (var d = 0; d < request.Length; d++)
        {
            var total = cluster.GetTotalCapacity(cluster.Schema[d]);
            size += total == 0 ? 0.0 : (double)request[d] / total;
        }

        return size;
    }
}
