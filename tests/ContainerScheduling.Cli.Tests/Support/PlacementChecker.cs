using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Text.Json;

namespace ContainerScheduling.Cli.Tests.Support;

/// <summary>What <see cref="PlacementChecker"/> found.</summary>
/// <param name="Violations">Every broken rule, one line each, in the order found.</param>
/// <param name="PlacedContainers">The containers placed.</param>
/// <param name="PlacedTasks">The tasks whose containers were placed.</param>
/// <param name="UnplacedTasks">The tasks whose containers were all reported unplaced.</param>
/// <param name="PlacedWithRule">Per rule kind (<c>dependsOn</c>, <c>nodeSelector</c>, …), the placed containers that carried it.</param>
internal sealed record CheckReport(
    IReadOnlyList<string> Violations, int PlacedContainers, int PlacedTasks, int UnplacedTasks, IReadOnlyDictionary<string, int> PlacedWithRule);

/// <summary>
/// An independent judge of a <c>csched place</c> result, written from the rules of issue 4 and not from the
/// engine: it reads the cluster, workload and result files with <see cref="JsonDocument"/>, replays the placements
/// in output order on its own model of the cluster, and reports every rule a placement breaks at the moment it was
/// made.
/// </summary>
/// <remarks>
/// <para>The rules: every container appears exactly once (placed or unplaced); only ready nodes take containers;
/// no node goes over capacity in any dimension (a missing amount is 0) or over its <c>maxContainers</c>; the node's
/// labels satisfy the node selector; the container tolerates every taint of the node; for each affinity term
/// either no placed container anywhere matches and the container matches its own selector (any node then), or the
/// node has the topology label and its domain already runs a matching container; for each anti-affinity term the node's domain (if it has
/// the label) runs no matching container; for each spread constraint the node has the topology label and
/// count(domain) + self − min over every domain of the cluster (counted after the placement) ≤ maxSkew; every
/// dependency of a container was placed before it; a task is placed whole or reported unplaced whole; a placed
/// task's dependencies were placed, all of them before any container of the task.</para>
/// <para>The topology key <c>node</c> makes each node its own domain; every other key's domains are the distinct
/// values of that label over all nodes, whatever their state.</para>
/// </remarks>
internal static class PlacementChecker
{
    private const string NodeTopology = "node";

    /// <summary>Checks a result against its input files.</summary>
    public static CheckReport Check(string clusterJson, string workloadJson, string outputJson)
    {
        using var clusterDocument = JsonDocument.Parse(clusterJson);
        using var workloadDocument = JsonDocument.Parse(workloadJson);
        using var outputDocument = JsonDocument.Parse(outputJson);
        var nodes = clusterDocument.RootElement.GetProperty("nodes").EnumerateArray().Select(Node.Parse).ToList();
        var containers = ParseWorkload(workloadDocument.RootElement, out var tasks);
        return new Replay(nodes, containers, tasks).Run(outputDocument.RootElement);
    }

    /// <summary>Checks a result and fails with the first violations when there is any.</summary>
    public static CheckReport AssertValid(string clusterJson, string workloadJson, string outputJson, string scenario)
    {
        var report = Check(clusterJson, workloadJson, outputJson);
        if (report.Violations.Count > 0)
        {
            throw new Xunit.Sdk.XunitException(
                $"{scenario}: {report.Violations.Count} rule violations, the first ones:\n  " + string.Join("\n  ", report.Violations.Take(15)));
        }

        return report;
    }

    private static Dictionary<string, Container> ParseWorkload(JsonElement root, out Dictionary<string, TaskInfo> tasks)
    {
        var containers = new Dictionary<string, Container>(StringComparer.Ordinal);
        tasks = new Dictionary<string, TaskInfo>(StringComparer.Ordinal);
        if (root.TryGetProperty("containers", out var plain))
        {
            foreach (var element in plain.EnumerateArray())
            {
                var container = Container.Parse(element, task: null);
                containers.Add(container.Name, container);
            }
        }

        if (root.TryGetProperty("tasks", out var taskArray))
        {
            foreach (var element in taskArray.EnumerateArray())
            {
                var name = element.GetProperty("name").GetString()!;
                var members = element.GetProperty("containers").EnumerateArray().Select(c => Container.Parse(c, name)).ToList();
                tasks.Add(name, new TaskInfo(name, members.Select(c => c.Name).ToList(), Strings(element, "dependsOn")));
                foreach (var container in members)
                {
                    containers.Add(container.Name, container);
                }
            }
        }

        return containers;
    }

    private static List<string> Strings(JsonElement element, string property) =>
        element.TryGetProperty(property, out var array) ? array.EnumerateArray().Select(e => e.GetString()!).ToList() : [];

    private static Dictionary<string, string> StringMap(JsonElement element, string property) =>
        element.TryGetProperty(property, out var map)
            ? map.EnumerateObject().ToDictionary(p => p.Name, p => p.Value.GetString()!, StringComparer.Ordinal)
            : new Dictionary<string, string>(StringComparer.Ordinal);

    private static Dictionary<string, long> Amounts(JsonElement element, string property) =>
        element.TryGetProperty(property, out var map)
            ? map.EnumerateObject().ToDictionary(p => p.Name, p => p.Value.GetInt64(), StringComparer.Ordinal)
            : new Dictionary<string, long>(StringComparer.Ordinal);

    private sealed record Node(string Name, Dictionary<string, long> Capacity, Dictionary<string, string> Labels, List<string> Taints, int? MaxContainers, string State)
    {
        public static Node Parse(JsonElement element) => new(
            element.GetProperty("name").GetString()!,
            Amounts(element, "capacity"),
            StringMap(element, "labels"),
            Strings(element, "taints"),
            element.TryGetProperty("maxContainers", out var limit) ? limit.GetInt32() : null,
            element.TryGetProperty("state", out var state) ? state.GetString()! : "ready");

        /// <summary>The node's domain for a topology key, or null when it lacks the label.</summary>
        public string? Domain(string topologyKey) =>
            topologyKey == NodeTopology ? "node:" + Name : Labels.TryGetValue(topologyKey, out var value) ? "label:" + value : null;
    }

    private sealed record Requirement(string Key, string Operator, List<string> Values)
    {
        public bool Matches(Dictionary<string, string> labels)
        {
            var present = labels.TryGetValue(Key, out var value);
            return Operator switch
            {
                "In" => present && Values.Contains(value!),
                "NotIn" => !present || !Values.Contains(value!),
                "Exists" => present,
                "DoesNotExist" => !present,
                _ => throw new InvalidOperationException($"unknown operator {Operator}"),
            };
        }
    }

    private sealed record Selector(Dictionary<string, string> Pairs, List<Requirement> Requirements)
    {
        public static Selector Parse(JsonElement element, string pairs, string requirements) => new(
            StringMap(element, pairs),
            element.TryGetProperty(requirements, out var array)
                ? array.EnumerateArray().Select(r => new Requirement(r.GetProperty("key").GetString()!, r.GetProperty("operator").GetString()!, Strings(r, "values"))).ToList()
                : []);

        public bool Matches(Dictionary<string, string> labels) =>
            Pairs.All(p => labels.TryGetValue(p.Key, out var value) && value == p.Value) && Requirements.All(r => r.Matches(labels));

        public override string ToString() =>
            string.Join(",", Pairs.Select(p => $"{p.Key}={p.Value}").Concat(Requirements.Select(r => $"{r.Key} {r.Operator} ({string.Join(",", r.Values)})")));
    }

    private sealed record Term(Selector Selector, string TopologyKey, int MaxSkew);

    private sealed record Container(
        string Name,
        string? Task,
        Dictionary<string, long> Requests,
        Dictionary<string, string> Labels,
        List<string> DependsOn,
        Selector NodeSelector,
        List<string> Tolerations,
        List<Term> Affinity,
        List<Term> AntiAffinity,
        List<Term> Spread)
    {
        public static Container Parse(JsonElement element, string? task) => new(
            element.GetProperty("name").GetString()!,
            task,
            Amounts(element, "requests"),
            StringMap(element, "labels"),
            Strings(element, "dependsOn"),
            Selector.Parse(element, "nodeSelector", "nodeSelectorTerms"),
            Strings(element, "tolerations"),
            Terms(element, "affinity"),
            Terms(element, "antiAffinity"),
            Terms(element, "spread"));

        /// <summary>The rule kinds the container carries, for coverage counts.</summary>
        public IEnumerable<string> RuleKinds()
        {
            if (DependsOn.Count > 0)
            {
                yield return "dependsOn";
            }

            if (NodeSelector.Pairs.Count + NodeSelector.Requirements.Count > 0)
            {
                yield return "nodeSelector";
            }

            if (Tolerations.Count > 0)
            {
                yield return "tolerations";
            }

            if (Affinity.Count > 0)
            {
                yield return "affinity";
            }

            if (AntiAffinity.Count > 0)
            {
                yield return "antiAffinity";
            }

            if (Spread.Count > 0)
            {
                yield return "spread";
            }
        }

        private static List<Term> Terms(JsonElement element, string property)
        {
            if (!element.TryGetProperty(property, out var value))
            {
                return [];
            }

            var entries = value.ValueKind == JsonValueKind.Array ? value.EnumerateArray().ToList() : [value];
            return entries.Select(e => new Term(
                    Selector.Parse(e, "labels", "expressions"),
                    e.TryGetProperty("topologyKey", out var key) ? key.GetString()! : NodeTopology,
                    e.TryGetProperty("maxSkew", out var skew) ? skew.GetInt32() : 0))
                .ToList();
        }
    }

    private sealed record TaskInfo(string Name, List<string> Containers, List<string> DependsOn);

    /// <summary>The cluster as the placements build it up, one at a time.</summary>
    private sealed class Replay(List<Node> nodes, Dictionary<string, Container> containers, Dictionary<string, TaskInfo> tasks)
    {
        private readonly Dictionary<string, Node> _nodeByName = nodes.ToDictionary(n => n.Name, StringComparer.Ordinal);
        private readonly Dictionary<string, Dictionary<string, long>> _used = nodes.ToDictionary(n => n.Name, _ => new Dictionary<string, long>(StringComparer.Ordinal), StringComparer.Ordinal);
        private readonly Dictionary<string, int> _count = nodes.ToDictionary(n => n.Name, _ => 0, StringComparer.Ordinal);
        private readonly List<(Container Container, Node Node)> _placed = [];
        private readonly Dictionary<string, int> _placedAt = new(StringComparer.Ordinal);
        private readonly List<string> _violations = [];

        public CheckReport Run(JsonElement output)
        {
            var placements = output.GetProperty("placements").EnumerateArray().ToList();
            var unplaced = output.GetProperty("unplaced").EnumerateArray().ToList();
            CheckListing(placements, unplaced);

            for (var i = 0; i < placements.Count; i++)
            {
                var name = placements[i].GetProperty("container").GetString()!;
                var nodeName = placements[i].GetProperty("node").GetString()!;
                if (!containers.TryGetValue(name, out var container) || _placedAt.ContainsKey(name))
                {
                    continue; // reported by CheckListing
                }

                if (!_nodeByName.TryGetValue(nodeName, out var node))
                {
                    Violation(i, name, $"placed on unknown node '{nodeName}'");
                    continue;
                }

                CheckPlacement(i, container, node);
                Apply(i, container, node);
            }

            var (placedTasks, unplacedTasks) = CheckTasks(unplaced);
            var withRule = new Dictionary<string, int>(StringComparer.Ordinal);
            foreach (var kind in _placed.SelectMany(p => p.Container.RuleKinds()))
            {
                withRule[kind] = withRule.GetValueOrDefault(kind) + 1;
            }

            return new CheckReport(_violations, _placed.Count, placedTasks, unplacedTasks, withRule);
        }

        /// <summary>Every container exactly once, names known, the task field right, the summary consistent.</summary>
        private void CheckListing(List<JsonElement> placements, List<JsonElement> unplaced)
        {
            var seen = new Dictionary<string, int>(StringComparer.Ordinal);
            foreach (var entry in placements.Concat(unplaced))
            {
                var name = entry.GetProperty("container").GetString()!;
                seen[name] = seen.GetValueOrDefault(name) + 1;
                if (!containers.TryGetValue(name, out var container))
                {
                    _violations.Add($"'{name}' is in the output but not in the workload");
                    continue;
                }

                var task = entry.TryGetProperty("task", out var t) ? t.GetString() : null;
                if (task != container.Task)
                {
                    _violations.Add($"'{name}' is listed with task '{task}', but belongs to '{container.Task}'");
                }
            }

            foreach (var (name, times) in seen.Where(p => p.Value > 1))
            {
                _violations.Add($"'{name}' appears {times} times in the output");
            }

            foreach (var name in containers.Keys.Where(n => !seen.ContainsKey(n)))
            {
                _violations.Add($"'{name}' is lost: neither placed nor unplaced");
            }
        }

        private void CheckPlacement(int index, Container container, Node node)
        {
            if (node.State != "ready")
            {
                Violation(index, container.Name, $"node '{node.Name}' is {node.State}");
            }

            foreach (var (dimension, request) in container.Requests)
            {
                var capacity = node.Capacity.GetValueOrDefault(dimension);
                var used = _used[node.Name].GetValueOrDefault(dimension);
                if (used + request > capacity)
                {
                    Violation(index, container.Name, $"node '{node.Name}' over capacity in {dimension}: {used} + {request} > {capacity}");
                }
            }

            if (node.MaxContainers is { } limit && _count[node.Name] >= limit)
            {
                Violation(index, container.Name, $"node '{node.Name}' already runs {_count[node.Name]} containers, its maxContainers is {limit}");
            }

            if (!container.NodeSelector.Matches(node.Labels))
            {
                Violation(index, container.Name, $"node '{node.Name}' does not match the node selector {container.NodeSelector}");
            }

            foreach (var taint in node.Taints.Where(t => !container.Tolerations.Contains(t)))
            {
                Violation(index, container.Name, $"node '{node.Name}' has taint '{taint}', not tolerated");
            }

            foreach (var term in container.Affinity)
            {
                CheckAffinity(index, container, node, term);
            }

            foreach (var term in container.AntiAffinity)
            {
                var domain = node.Domain(term.TopologyKey);
                var clash = domain is null ? null : _placed.FirstOrDefault(p => p.Node.Domain(term.TopologyKey) == domain && term.Selector.Matches(p.Container.Labels)).Container;
                if (clash is not null)
                {
                    Violation(index, container.Name, $"anti-affinity {{{term.Selector}}} per {term.TopologyKey}: '{clash.Name}' already runs in {domain}");
                }
            }

            foreach (var term in container.Spread)
            {
                CheckSpread(index, container, node, term);
            }

            foreach (var dependency in container.DependsOn.Where(d => !_placedAt.ContainsKey(d)))
            {
                Violation(index, container.Name, $"dependency '{dependency}' was not placed before it");
            }
        }

        private void CheckAffinity(int index, Container container, Node node, Term term)
        {
            // The first of a group: nothing matching runs anywhere and the container matches itself, so any node
            // will do, with or without the topology label (the issue: "it may go anywhere").
            var anywhere = _placed.Any(p => term.Selector.Matches(p.Container.Labels));
            if (!anywhere && term.Selector.Matches(container.Labels))
            {
                return;
            }

            var domain = node.Domain(term.TopologyKey);
            if (domain is null)
            {
                Violation(index, container.Name, $"affinity per {term.TopologyKey}: node '{node.Name}' lacks the label");
                return;
            }

            if (!_placed.Any(p => p.Node.Domain(term.TopologyKey) == domain && term.Selector.Matches(p.Container.Labels)))
            {
                Violation(
                    index,
                    container.Name,
                    $"affinity {{{term.Selector}}} per {term.TopologyKey}: nothing matching runs in {domain} (matching containers run elsewhere: {anywhere}; it matches itself: {term.Selector.Matches(container.Labels)})");
            }
        }

        private void CheckSpread(int index, Container container, Node node, Term term)
        {
            var domain = node.Domain(term.TopologyKey);
            if (domain is null)
            {
                Violation(index, container.Name, $"spread over {term.TopologyKey}: node '{node.Name}' lacks the label");
                return;
            }

            var counts = nodes.Select(n => n.Domain(term.TopologyKey)).OfType<string>().Distinct().ToDictionary(d => d, _ => 0, StringComparer.Ordinal);
            foreach (var (other, on) in _placed)
            {
                if (on.Domain(term.TopologyKey) is { } d && term.Selector.Matches(other.Labels))
                {
                    counts[d]++;
                }
            }

            var self = term.Selector.Matches(container.Labels) ? 1 : 0;
            var after = counts[domain] + self;
            counts[domain] = after;
            var skew = after - counts.Values.Min();
            if (skew > term.MaxSkew)
            {
                Violation(
                    index,
                    container.Name,
                    $"spread {{{term.Selector}}} over {term.TopologyKey}: {domain} would hold {after}, skew {skew} > {term.MaxSkew} (counts after: {string.Join(", ", counts.OrderBy(p => p.Key, StringComparer.Ordinal).Select(p => $"{p.Key}={p.Value}"))})");
            }
        }

        private void Apply(int index, Container container, Node node)
        {
            var used = _used[node.Name];
            foreach (var (dimension, request) in container.Requests)
            {
                used[dimension] = used.GetValueOrDefault(dimension) + request;
            }

            _count[node.Name]++;
            _placed.Add((container, node));
            _placedAt[container.Name] = index;
        }

        /// <summary>Tasks whole or absent; a placed task only after every task it depends on.</summary>
        private (int Placed, int Unplaced) CheckTasks(List<JsonElement> unplaced)
        {
            var unplacedNames = unplaced.Select(u => u.GetProperty("container").GetString()!).ToHashSet(StringComparer.Ordinal);
            var placedTasks = 0;
            var unplacedTasks = 0;
            foreach (var task in tasks.Values)
            {
                var placed = task.Containers.Count(_placedAt.ContainsKey);
                if (placed == 0)
                {
                    unplacedTasks += task.Containers.All(unplacedNames.Contains) ? 1 : 0;
                    continue;
                }

                if (placed < task.Containers.Count)
                {
                    _violations.Add($"task '{task.Name}' is split: {placed} of {task.Containers.Count} containers placed");
                    continue;
                }

                placedTasks++;
                var first = task.Containers.Min(c => _placedAt[c]);
                foreach (var dependency in task.DependsOn)
                {
                    if (!tasks.TryGetValue(dependency, out var other))
                    {
                        _violations.Add($"task '{task.Name}' was placed although its dependency '{dependency}' is no task of the workload");
                    }
                    else if (!other.Containers.All(_placedAt.ContainsKey))
                    {
                        _violations.Add($"task '{task.Name}' was placed, but the task it depends on, '{dependency}', was not");
                    }
                    else if (other.Containers.Max(c => _placedAt[c]) > first)
                    {
                        _violations.Add($"task '{task.Name}' started (placement #{first}) before the task it depends on, '{dependency}', was placed (last #{other.Containers.Max(c => _placedAt[c])})");
                    }
                }
            }

            return (placedTasks, unplacedTasks);
        }

        private void Violation(int index, string container, string problem) =>
            _violations.Add(string.Create(CultureInfo.InvariantCulture, $"placement #{index} '{container}': {problem}"));
    }
}
