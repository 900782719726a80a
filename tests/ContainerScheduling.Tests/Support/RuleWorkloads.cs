using System;
using System.Collections.Generic;
using System.Linq;

namespace ContainerScheduling.Tests;

/// <summary>A container bound to a node while the cluster is built, with an optional <c>app</c> label.</summary>
/// <param name="App">The value of the <c>app</c> label, or null for none.</param>
/// <param name="Request">The request per dimension, in schema order.</param>
internal sealed record PreplacedModel(string? App, long[] Request)
{
    public override string ToString() => $"{App ?? "-"}[{NodeModel.Show(Request)}]";
}

/// <summary>
/// A node of a generated rule cluster: capacity, <c>zone</c> / <c>rack</c> labels (either may be missing), taints,
/// a container limit, its final state, the containers bound to it, and whether it is a ghost (added, filled, emptied
/// and removed again while the cluster is built, so that the cluster has holes or was compacted).
/// </summary>
internal sealed record RuleNodeModel(
    long[] Capacity, string? Zone, string? Rack, string[] Taints, int? MaxContainers, NodeState State, bool Ghost, PreplacedModel[] Preplaced)
{
    public Dictionary<string, string> Labels()
    {
        var labels = new Dictionary<string, string>(StringComparer.Ordinal);
        if (Zone is not null)
        {
            labels["zone"] = Zone;
        }

        if (Rack is not null)
        {
            labels["rack"] = Rack;
        }

        return labels;
    }

    public NodeSpec ToSpec(string name, string[] dimensions) => new(name, ClusterModel.Amounts(dimensions, Capacity))
    {
        Labels = Labels(),
        Taints = Taints,
        MaxContainers = MaxContainers,
    };

    /// <summary>The node's containers as specs named <c>{prefix}-{k}</c>.</summary>
    public IEnumerable<ContainerSpec> PreplacedSpecs(string prefix, string[] dimensions) => Preplaced.Select((p, k) =>
    {
        var labels = new Dictionary<string, string>(StringComparer.Ordinal);
        if (p.App is { } app)
        {
            labels["app"] = app;
        }

        return new ContainerSpec($"{prefix}-{k}", ClusterModel.Amounts(dimensions, p.Request)) { Labels = labels };
    });

    public override string ToString() =>
        $"{(Ghost ? "GHOST " : "")}[{NodeModel.Show(Capacity)}] zone={Zone ?? "-"} rack={Rack ?? "-"} taints[{string.Join(",", Taints)}]"
        + $" max={MaxContainers?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "-"} {State} pre[{string.Join(" ", Preplaced.Select(p => p.ToString()))}]";
}

/// <summary>
/// An immutable description of a cluster with labels, taints, limits and labelled containers, which builds a fresh
/// <see cref="ClusterState"/> on demand.
/// </summary>
/// <remarks>
/// Build order: the early nodes (live and ghosts, in order) are added, one by one or in one call, and filled; the
/// ghosts are emptied and removed (often enough to compact the columns); the late nodes are added after that and
/// filled; finally every live node that is not ready gets its state. Node i is named <c>n{i:00}</c> whatever its kind.
/// </remarks>
internal sealed record RuleClusterModel(string[] Dimensions, RuleNodeModel[] Early, RuleNodeModel[] Late, bool AddOneByOne)
{
    public IEnumerable<RuleNodeModel> All => Early.Concat(Late);

    public int LiveCount => All.Count(n => !n.Ghost);

    public static string NodeName(int index) => $"n{index:00}";

    public static string PreplacedName(int node, int k) => $"pre-{node:00}-{k}";

    public NodeSpec NodeSpecAt(int index) => All.ElementAt(index).ToSpec(NodeName(index), Dimensions);

    public ClusterState Build()
    {
        var cluster = new ClusterState(new ResourceSchema(Dimensions));
        Add(cluster, 0, Early.Length);
        for (var i = 0; i < Early.Length; i++)
        {
            if (Early[i].Ghost)
            {
                for (var k = 0; k < Early[i].Preplaced.Length; k++)
                {
                    cluster.Release(PreplacedName(i, k));
                }

                cluster.RemoveNode(NodeName(i));
            }
        }

        Add(cluster, Early.Length, Early.Length + Late.Length);
        var index = 0;
        foreach (var node in All)
        {
            if (!node.Ghost && node.State != NodeState.Ready)
            {
                cluster.SetNodeState(NodeName(index), node.State);
            }

            index++;
        }

        return cluster;
    }

    public override string ToString()
    {
        var lines = All.Select((n, i) => $"{NodeName(i)} {n}{(i == Early.Length ? "   <- late nodes start here" : "")}");
        return $"dims [{string.Join(",", Dimensions)}] oneByOne {AddOneByOne}{Environment.NewLine}  " + string.Join(Environment.NewLine + "  ", lines);
    }

    private void Add(ClusterState cluster, int from, int to)
    {
        var specs = Enumerable.Range(from, to - from).Select(NodeSpecAt).ToList();
        if (AddOneByOne)
        {
            specs.ForEach(cluster.AddNode);
        }
        else
        {
            cluster.AddNodes(specs);
        }

        for (var i = from; i < to; i++)
        {
            foreach (var container in All.ElementAt(i).PreplacedSpecs($"pre-{i:00}", Dimensions))
            {
                cluster.Bind(container, NodeName(i));
            }
        }
    }
}

/// <summary>
/// A container to place, with every kind of placement rule, kept as plain data so that it can be shrunk and printed
/// in full; <see cref="ToSpec"/> makes the <see cref="ContainerSpec"/>.
/// </summary>
internal sealed record ContainerDraft(
    string Name,
    long[] Request,
    string? App,
    string? Tier,
    string[] Tolerations,
    LabelSelector? NodeSelector,
    AffinityTerm[] Affinity,
    AffinityTerm[] AntiAffinity,
    TopologySpreadConstraint[] Spread,
    string[] DependsOn)
{
    public static ContainerDraft Plain(string name, long[] request) => new(name, request, null, null, [], null, [], [], [], []);

    public Dictionary<string, string> Labels()
    {
        var labels = new Dictionary<string, string>(StringComparer.Ordinal);
        if (App is not null)
        {
            labels["app"] = App;
        }

        if (Tier is not null)
        {
            labels["tier"] = Tier;
        }

        return labels;
    }

    public bool HasRules => Tolerations.Length > 0 || NodeSelector is not null || Affinity.Length > 0 || AntiAffinity.Length > 0 || Spread.Length > 0;

    public ContainerSpec ToSpec(string[] dimensions) => new(Name, ClusterModel.Amounts(dimensions, Request))
    {
        Labels = Labels(),
        Tolerations = Tolerations,
        NodeSelector = NodeSelector,
        Affinity = Affinity,
        AntiAffinity = AntiAffinity,
        TopologySpread = Spread,
        DependsOn = DependsOn,
    };

    /// <summary>Simpler variants: each rule kind dropped in turn, fewer dependencies, no labels.</summary>
    public IEnumerable<ContainerDraft> Simpler()
    {
        if (Affinity.Length > 0)
        {
            yield return this with { Affinity = [] };
        }

        if (AntiAffinity.Length > 0)
        {
            yield return this with { AntiAffinity = [] };
        }

        if (Spread.Length > 0)
        {
            yield return this with { Spread = [] };
        }

        if (NodeSelector is not null)
        {
            yield return this with { NodeSelector = null };
        }

        if (Tolerations.Length > 0)
        {
            yield return this with { Tolerations = [] };
        }

        for (var i = 0; i < DependsOn.Length; i++)
        {
            yield return this with { DependsOn = [.. DependsOn[..i], .. DependsOn[(i + 1)..]] };
        }

        if (Tier is not null)
        {
            yield return this with { Tier = null };
        }
    }

    public override string ToString()
    {
        var parts = new List<string> { $"{Name} [{NodeModel.Show(Request)}] app={App ?? "-"} tier={Tier ?? "-"}" };
        if (Tolerations.Length > 0)
        {
            parts.Add($"tolerates [{string.Join(",", Tolerations)}]");
        }

        if (NodeSelector is not null)
        {
            parts.Add($"nodeSelector {{{NodeSelector}}}");
        }

        parts.AddRange(Affinity.Select(a => $"affinity {a}"));
        parts.AddRange(AntiAffinity.Select(a => $"anti-affinity {a}"));
        parts.AddRange(Spread.Select(s => s.ToString()));
        if (DependsOn.Length > 0)
        {
            parts.Add($"after [{string.Join(",", DependsOn)}]");
        }

        return string.Join("; ", parts);
    }
}

/// <summary>A task to place: its containers (in the order given) and the tasks it waits for.</summary>
internal sealed record TaskDraft(string Name, ContainerDraft[] Containers, string[] DependsOn)
{
    public TaskSpec ToSpec(string[] dimensions) => new(Name, Containers.Select(c => c.ToSpec(dimensions))) { DependsOn = DependsOn };

    public override string ToString() =>
        $"task {Name}{(DependsOn.Length > 0 ? $" after [{string.Join(",", DependsOn)}]" : "")}:{Environment.NewLine}      "
        + string.Join(Environment.NewLine + "      ", Containers.Select(c => c.ToString()));
}

/// <summary>A cluster, tasks for one <see cref="Scheduler.PlaceTasks"/> call, the policy, and scoring weights.</summary>
internal sealed record TaskWorkload(RuleClusterModel Cluster, TaskDraft[] Tasks, OrderingPolicy Ordering, double[] Weights)
{
    public TaskSpec[] Specs() => Tasks.Select(t => t.ToSpec(Cluster.Dimensions)).ToArray();

    public override string ToString() =>
        $"{Cluster}{Environment.NewLine}ordering {Ordering} weights [{string.Join(",", Weights)}]{Environment.NewLine}    "
        + string.Join(Environment.NewLine + "    ", Tasks.Select(t => t.ToString()));
}

/// <summary>A cluster, containers for one <see cref="Scheduler.PlaceBatch"/> call, the policy, and scoring weights.</summary>
internal sealed record BatchWorkload(RuleClusterModel Cluster, ContainerDraft[] Containers, OrderingPolicy Ordering, double[] Weights)
{
    public ContainerSpec[] Specs() => Containers.Select(c => c.ToSpec(Cluster.Dimensions)).ToArray();

    public override string ToString() =>
        $"{Cluster}{Environment.NewLine}ordering {Ordering} weights [{string.Join(",", Weights)}]{Environment.NewLine}    "
        + string.Join(Environment.NewLine + "    ", Containers.Select(c => c.ToString()));
}
