using System;
using System.Collections.Generic;
using System.Linq;

namespace ContainerScheduling.Tests;

/// <summary>
/// A node of a generated cluster: its capacity in schema order, the containers bound to it while it is ready
/// (each fits in what the earlier ones left), its final state, and whether and when it is removed.
/// </summary>
/// <param name="Capacity">Capacity per dimension, in schema order.</param>
/// <param name="Fills">Requests of the containers bound to the node before states are set.</param>
/// <param name="State">The state the node ends in.</param>
/// <param name="RemovalRank">-1 to keep the node; otherwise nodes are removed in ascending rank.</param>
internal sealed record NodeModel(long[] Capacity, long[][] Fills, NodeState State, int RemovalRank)
{
    public override string ToString() =>
        $"[{Show(Capacity)}] fills {string.Join(" ", Fills.Select(f => $"[{Show(f)}]"))} {State}{(RemovalRank >= 0 ? $" removed#{RemovalRank}" : "")}";

    internal static string Show(IEnumerable<long> values) => string.Join(",", values);
}

/// <summary>
/// An immutable description of a cluster that builds a fresh <see cref="ClusterState"/> on demand, so a property
/// can build it twice (determinism) and FsCheck can shrink it.
/// </summary>
/// <remarks>
/// Build order: nodes before <see cref="LateFrom"/> are added (one by one or in one call), their fills bound;
/// the ones with a removal rank are emptied and removed in rank order (which may compact the columns); the
/// late nodes are added after the holes and filled; finally every node that is not ready gets its state.
/// </remarks>
internal sealed record ClusterModel(string[] Dimensions, NodeModel[] Nodes, int LateFrom, bool AddOneByOne)
{
    public static string NodeName(int index) => $"n{index:00}";

    public static string FillName(int node, int fill) => $"fill-{node:00}-{fill}";

    /// <summary>The nodes left after removals, in cluster order (early survivors, then late nodes).</summary>
    public IEnumerable<int> LiveNodeIndexes => Enumerable.Range(0, Nodes.Length).Where(i => !IsRemoved(i));

    public int RemovedCount => Enumerable.Range(0, Nodes.Length).Count(IsRemoved);

    public bool IsRemoved(int index) => index < LateFrom && Nodes[index].RemovalRank >= 0;

    public ResourceSchema Schema() => new(Dimensions);

    public ClusterState Build() => Build(Schema());

    public ClusterState Build(ResourceSchema schema) => Build(schema, null);

    /// <summary>Builds the cluster, handing it to <paramref name="prepare"/> before the first node is added.</summary>
    public ClusterState Build(ResourceSchema schema, Action<ClusterState>? prepare)
    {
        var cluster = new ClusterState(schema);
        prepare?.Invoke(cluster);
        Add(cluster, 0, LateFrom);
        var removals = Enumerable.Range(0, LateFrom)
            .Where(IsRemoved)
            .OrderBy(i => Nodes[i].RemovalRank)
            .ThenBy(i => i);
        foreach (var i in removals)
        {
            for (var f = 0; f < Nodes[i].Fills.Length; f++)
            {
                cluster.Release(FillName(i, f));
            }

            cluster.RemoveNode(NodeName(i));
        }

        Add(cluster, LateFrom, Nodes.Length);
        foreach (var i in LiveNodeIndexes)
        {
            if (Nodes[i].State != NodeState.Ready)
            {
                cluster.SetNodeState(NodeName(i), Nodes[i].State);
            }
        }

        return cluster;
    }

    public NodeSpec NodeSpecAt(int index) => new(NodeName(index), Amounts(Dimensions, Nodes[index].Capacity));

    public static Dictionary<string, long> Amounts(string[] dimensions, long[] vector)
    {
        var amounts = new Dictionary<string, long>(StringComparer.Ordinal);
        for (var d = 0; d < dimensions.Length; d++)
        {
            // Leave most zeros out: an unlisted dimension must mean 0.
            if (vector[d] != 0 || d == 0)
            {
                amounts[dimensions[d]] = vector[d];
            }
        }

        return amounts;
    }

    public static ContainerSpec Container(string name, string[] dimensions, long[] request) =>
        new(name, Amounts(dimensions, request));

    public override string ToString() =>
        $"dims [{string.Join(",", Dimensions)}] lateFrom {LateFrom} oneByOne {AddOneByOne}{Environment.NewLine}  "
        + string.Join(Environment.NewLine + "  ", Nodes.Select((n, i) => $"{NodeName(i)} {n}"));

    private void Add(ClusterState cluster, int from, int to)
    {
        if (AddOneByOne)
        {
            for (var i = from; i < to; i++)
            {
                cluster.AddNode(NodeSpecAt(i));
            }
        }
        else
        {
            cluster.AddNodes(Enumerable.Range(from, to - from).Select(NodeSpecAt));
        }

        for (var i = from; i < to; i++)
        {
            for (var f = 0; f < Nodes[i].Fills.Length; f++)
            {
                cluster.Bind(Container(FillName(i, f), Dimensions, Nodes[i].Fills[f]), NodeName(i));
            }
        }
    }
}

/// <summary>One step of a generated sequence.</summary>
internal abstract record Operation;

/// <summary>Place one container with the scheduler.</summary>
internal sealed record PlaceOperation(long[] Request) : Operation
{
    public override string ToString() => $"Place [{NodeModel.Show(Request)}]";
}

/// <summary>Release the container at <c>Pick</c> modulo the number placed so far (no-op when none).</summary>
internal sealed record ReleaseOperation(int Pick) : Operation
{
    public override string ToString() => $"Release #{Pick}";
}

/// <summary>Set the state of the live node at <c>Node</c> modulo the node count (no-op when none).</summary>
internal sealed record SetStateOperation(int Node, NodeState State) : Operation
{
    public override string ToString() => $"SetState #{Node} {State}";
}

/// <summary>Place a batch with the scheduler.</summary>
internal sealed record PlaceBatchOperation(long[][] Requests, OrderingPolicy Ordering) : Operation
{
    public override string ToString() => $"PlaceBatch {Ordering} {string.Join(" ", Requests.Select(r => $"[{NodeModel.Show(r)}]"))}";
}

/// <summary>A cluster and what to do on it.</summary>
internal sealed record Scenario(ClusterModel Cluster, Operation[] Operations, double[] Weights)
{
    public override string ToString() =>
        $"{Cluster}{Environment.NewLine}weights [{string.Join(",", Weights)}]{Environment.NewLine}ops: {string.Join("; ", Operations.Select(o => o.ToString()))}";
}

/// <summary>A cluster, one request and scoring weights: the input of a single placement decision.</summary>
internal sealed record Decision(ClusterModel Cluster, long[] Request, double[] Weights)
{
    public override string ToString() =>
        $"{Cluster}{Environment.NewLine}request [{NodeModel.Show(Request)}] weights [{string.Join(",", Weights)}]";
}
