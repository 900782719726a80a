using System;
using System.Collections.Generic;
using System.Linq;

namespace ContainerScheduling.Tests;

/// <summary>
/// A slow, obvious model of a cluster with placement rules, read from a <see cref="ClusterState"/> through public
/// queries only, with the rules written out from their definitions (node selector, taints, affinity, anti-affinity,
/// topology spread, container limits, capacity, node state). It never calls the library's eligibility code nor
/// <see cref="LabelSelector.Matches"/>: selectors are evaluated here from their match labels and requirements.
/// </summary>
internal sealed class RuleModel
{
    private RuleModel(string[] dimensions, List<Node> nodes)
    {
        Dimensions = dimensions;
        Nodes = nodes;
    }

    public string[] Dimensions { get; }

    public List<Node> Nodes { get; }

    public static RuleModel Of(ClusterState cluster)
    {
        var dimensions = cluster.Schema.Names.ToArray();
        var nodes = new List<Node>();
        foreach (var spec in cluster.Nodes)
        {
            var node = new Node(
                spec,
                cluster.GetNodeState(spec.Name),
                dimensions.Select(d => cluster.GetCapacity(spec.Name, d)).ToArray(),
                dimensions.Select(d => cluster.GetAllocated(spec.Name, d)).ToArray());
            node.Containers.AddRange(cluster.GetContainersOn(spec.Name).Select(cluster.GetContainer));
            nodes.Add(node);
        }

        return new RuleModel(dimensions, nodes);
    }

    public RuleModel Clone() => new(Dimensions, Nodes.Select(n => n.Clone()).ToList());

    public int IndexOf(string nodeName) => Nodes.FindIndex(n => n.Spec.Name == nodeName);

    public long[] RequestOf(ContainerSpec container) => Dimensions.Select(d => container.Requests[d]).ToArray();

    public int ContainerCount => Nodes.Sum(n => n.Containers.Count);

    /// <summary>Whether a label map satisfies a selector: every match label present with its value, every requirement true.</summary>
    public static bool Matches(LabelSelector selector, IReadOnlyDictionary<string, string> labels)
    {
        foreach (var (key, value) in selector.MatchLabels)
        {
            if (!labels.TryGetValue(key, out var actual) || actual != value)
            {
                return false;
            }
        }

        foreach (var requirement in selector.Requirements)
        {
            var present = labels.TryGetValue(requirement.Key, out var actual);
            var holds = requirement.Operator switch
            {
                LabelOperator.In => present && requirement.Values.Contains(actual),
                LabelOperator.NotIn => !present || !requirement.Values.Contains(actual),
                LabelOperator.Exists => present,
                LabelOperator.DoesNotExist => !present,
                _ => throw new ArgumentOutOfRangeException(nameof(selector), requirement.Operator, "unknown operator"),
            };
            if (!holds)
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>
    /// Per node, the first placement rule of <paramref name="container"/> that keeps it off the node, or null where
    /// the rules allow it (resources, state and the container limit aside).
    /// </summary>
    public string?[] RuleVerdicts(ContainerSpec container)
    {
        var verdicts = new string?[Nodes.Count];
        void Exclude(int node, string why) => verdicts[node] ??= why;

        for (var i = 0; i < Nodes.Count; i++)
        {
            foreach (var taint in Nodes[i].Spec.Taints)
            {
                if (!container.Tolerations.Contains(taint))
                {
                    Exclude(i, $"taint '{taint}' not tolerated");
                }
            }

            if (container.NodeSelector is { } selector && !Matches(selector, Nodes[i].Spec.Labels))
            {
                Exclude(i, $"node selector {{{selector}}} not matched by the node's labels");
            }
        }

        foreach (var term in container.Affinity)
        {
            var matching = MatchingPerNode(term.Selector);
            if (matching.Sum() == 0)
            {
                if (!Matches(term.Selector, container.Labels))
                {
                    for (var i = 0; i < Nodes.Count; i++)
                    {
                        Exclude(i, $"affinity {term}: no placed container matches and the container does not match itself");
                    }
                }

                continue;
            }

            var holding = DomainsHolding(term.TopologyKey, matching);
            for (var i = 0; i < Nodes.Count; i++)
            {
                var domain = DomainOf(i, term.TopologyKey);
                if (domain is null || !holding.Contains(domain))
                {
                    Exclude(i, $"affinity {term}: the node's domain '{domain ?? "<none>"}' holds no matching container (domains holding one: {string.Join(",", holding)})");
                }
            }
        }

        foreach (var term in container.AntiAffinity)
        {
            var holding = DomainsHolding(term.TopologyKey, MatchingPerNode(term.Selector));
            for (var i = 0; i < Nodes.Count; i++)
            {
                if (DomainOf(i, term.TopologyKey) is { } domain && holding.Contains(domain))
                {
                    Exclude(i, $"anti-affinity {term}: the node's domain '{domain}' holds a matching container");
                }
            }
        }

        foreach (var rule in container.TopologySpread)
        {
            var matching = MatchingPerNode(rule.Selector);
            var counts = new Dictionary<string, int>(StringComparer.Ordinal);
            for (var i = 0; i < Nodes.Count; i++)
            {
                if (DomainOf(i, rule.TopologyKey) is { } domain)
                {
                    counts[domain] = counts.GetValueOrDefault(domain) + matching[i];
                }
            }

            var self = Matches(rule.Selector, container.Labels) ? 1 : 0;
            var min = counts.Count == 0 ? 0 : counts.Values.Min();
            for (var i = 0; i < Nodes.Count; i++)
            {
                var domain = DomainOf(i, rule.TopologyKey);
                if (domain is null)
                {
                    Exclude(i, $"{rule}: the node has no '{rule.TopologyKey}' label");
                }
                else if (counts[domain] + self - min > rule.MaxSkew)
                {
                    Exclude(i, $"{rule}: domain '{domain}' count {counts[domain]} + {self} − min {min} > {rule.MaxSkew} (counts {string.Join(",", counts.Select(p => $"{p.Key}:{p.Value}"))})");
                }
            }
        }

        return verdicts;
    }

    /// <summary>Why <paramref name="container"/> may not go to node <paramref name="node"/> now, or null when it may.</summary>
    public string? Violation(ContainerSpec container, int node) => Violation(container, node, RuleVerdicts(container));

    public string? Violation(ContainerSpec container, int node, string?[] verdicts)
    {
        var n = Nodes[node];
        if (n.State != NodeState.Ready)
        {
            return $"node {n.Spec.Name} is {n.State}";
        }

        if (n.Spec.MaxContainers is { } max && n.Containers.Count >= max)
        {
            return $"node {n.Spec.Name} already runs {n.Containers.Count} containers, its limit is {max}";
        }

        var request = RequestOf(container);
        for (var d = 0; d < Dimensions.Length; d++)
        {
            if (n.Allocated[d] + request[d] > n.Capacity[d])
            {
                return $"node {n.Spec.Name} has {n.Capacity[d] - n.Allocated[d]} {Dimensions[d]} free, the request is {request[d]}";
            }
        }

        return verdicts[node] is { } why ? $"node {n.Spec.Name}: {why}" : null;
    }

    public void Place(ContainerSpec container, int node)
    {
        var request = RequestOf(container);
        for (var d = 0; d < Dimensions.Length; d++)
        {
            Nodes[node].Allocated[d] += request[d];
        }

        Nodes[node].Containers.Add(container);
    }

    /// <summary>
    /// A new cluster with the same nodes in the same order (capacity only: no labels, taints or limits), the same
    /// containers (requests only) and states, except that every ready node that may not take
    /// <paramref name="container"/> by its rules or its container limit is cordoned. An unrestricted strategy on it
    /// decides what a rule-aware strategy must decide here.
    /// </summary>
    public ClusterState CordonedCopy(ContainerSpec container)
    {
        var verdicts = RuleVerdicts(container);
        var copy = new ClusterState(new ResourceSchema(Dimensions));
        copy.AddNodes(Nodes.Select(n => new NodeSpec(n.Spec.Name, ClusterModel.Amounts(Dimensions, n.Capacity))));
        foreach (var node in Nodes)
        {
            foreach (var placed in node.Containers)
            {
                copy.Bind(ClusterModel.Container(placed.Name, Dimensions, RequestOf(placed)), node.Spec.Name);
            }
        }

        for (var i = 0; i < Nodes.Count; i++)
        {
            var node = Nodes[i];
            var atLimit = node.Spec.MaxContainers is { } max && node.Containers.Count >= max;
            var state = node.State == NodeState.Ready && (atLimit || verdicts[i] is not null) ? NodeState.Cordoned : node.State;
            if (state != NodeState.Ready)
            {
                copy.SetNodeState(node.Spec.Name, state);
            }
        }

        return copy;
    }

    /// <summary>A fresh cluster with exactly this state: the same node specs in order, containers in per-node order, states.</summary>
    public ClusterState Rebuild()
    {
        var cluster = new ClusterState(new ResourceSchema(Dimensions));
        cluster.AddNodes(Nodes.Select(n => n.Spec));
        foreach (var node in Nodes)
        {
            foreach (var placed in node.Containers)
            {
                cluster.Bind(placed, node.Spec.Name);
            }
        }

        foreach (var node in Nodes.Where(n => n.State != NodeState.Ready))
        {
            cluster.SetNodeState(node.Spec.Name, node.State);
        }

        return cluster;
    }

    /// <summary>
    /// What the view's columns must hold per node, in the format of the churn test: available amounts (−1 where the
    /// node takes no new work: not ready, or at its container limit), capacities and the container count.
    /// </summary>
    public string ExpectedViewColumns() => string.Join(" ", Nodes.Select(n =>
    {
        var takes = n.State == NodeState.Ready && !(n.Spec.MaxContainers is { } max && n.Containers.Count >= max);
        return $"{n.Spec.Name}:{string.Join("/", n.Capacity.Select((c, d) => takes ? c - n.Allocated[d] : -1))}|{string.Join("/", n.Capacity)}#{n.Containers.Count}";
    }));

    /// <summary>The first difference between this model and what the cluster shows, or null.</summary>
    public string? DifferenceFrom(ClusterState cluster)
    {
        var names = cluster.Nodes.Select(n => n.Name).ToList();
        if (!names.SequenceEqual(Nodes.Select(n => n.Spec.Name)))
        {
            return $"the cluster has nodes [{string.Join(",", names)}], the model [{string.Join(",", Nodes.Select(n => n.Spec.Name))}]";
        }

        foreach (var node in Nodes)
        {
            var name = node.Spec.Name;
            var listed = cluster.GetContainersOn(name);
            if (!listed.SequenceEqual(node.Containers.Select(c => c.Name)))
            {
                return $"{name} runs [{string.Join(",", listed)}], the replay says [{string.Join(",", node.Containers.Select(c => c.Name))}]";
            }

            if (cluster.GetNodeState(name) != node.State)
            {
                return $"{name} is {cluster.GetNodeState(name)}, the model says {node.State}";
            }

            for (var d = 0; d < Dimensions.Length; d++)
            {
                if (cluster.GetAllocated(name, Dimensions[d]) != node.Allocated[d])
                {
                    return $"{name} has {cluster.GetAllocated(name, Dimensions[d])} {Dimensions[d]} allocated, the replay says {node.Allocated[d]}";
                }
            }
        }

        return cluster.ContainerCount != ContainerCount
            ? $"the cluster holds {cluster.ContainerCount} containers, the replay {ContainerCount}"
            : ClusterInvariants.Violation(cluster);
    }

    /// <summary>The node's domain under a topology key: the node itself for <c>node</c>, else its label value or null.</summary>
    public string? DomainOf(int node, string topologyKey) =>
        topologyKey == AffinityTerm.NodeTopology ? "node:" + Nodes[node].Spec.Name : Nodes[node].Spec.Labels.GetValueOrDefault(topologyKey);

    private int[] MatchingPerNode(LabelSelector selector) =>
        Nodes.Select(n => n.Containers.Count(c => Matches(selector, c.Labels))).ToArray();

    private HashSet<string> DomainsHolding(string topologyKey, int[] matching)
    {
        var holding = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < Nodes.Count; i++)
        {
            if (matching[i] > 0 && DomainOf(i, topologyKey) is { } domain)
            {
                holding.Add(domain);
            }
        }

        return holding;
    }

    /// <summary>One node: its spec (labels, taints, limit), state, capacity, allocated amounts and containers in placement order.</summary>
    internal sealed class Node(NodeSpec spec, NodeState state, long[] capacity, long[] allocated)
    {
        public NodeSpec Spec { get; } = spec;

        public NodeState State { get; } = state;

        public long[] Capacity { get; } = capacity;

        public long[] Allocated { get; } = allocated;

        public List<ContainerSpec> Containers { get; } = [];

        public Node Clone()
        {
            var copy = new Node(Spec, State, Capacity, (long[])Allocated.Clone());
            copy.Containers.AddRange(Containers);
            return copy;
        }
    }
}
