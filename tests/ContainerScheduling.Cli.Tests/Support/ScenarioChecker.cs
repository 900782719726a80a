using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Text.Json;

namespace ContainerScheduling.Cli.Tests.Support;

/// <summary>What <see cref="ScenarioChecker"/> found.</summary>
/// <param name="Violations">Every broken promise, one line each, in the order found.</param>
/// <param name="Running">The containers listed under <c>placements</c>.</param>
/// <param name="Pending">The containers listed under <c>pending</c>.</param>
/// <param name="Preemptions">The preemptions listed by the initial placement and every event.</param>
/// <param name="RebalanceMoves">The moves listed by rebalance events.</param>
internal sealed record ScenarioCheck(IReadOnlyList<string> Violations, int Running, int Pending, int Preemptions, int RebalanceMoves);

/// <summary>
/// An independent judge of a <c>csched scenario</c> result, written from the contract of issue 5 and not from the
/// engine: it reads the scenario and the result with <see cref="JsonDocument"/>, plays the events on its own model
/// (which containers were submitted and not removed, which nodes exist and in which state, every container's
/// requests, priority, labels and anti-affinity), and checks the final state and every event against it.
/// </summary>
/// <remarks>
/// The promises: every container submitted and not removed appears exactly once in <c>placements</c> or
/// <c>pending</c>, and nothing else does; no node runs more than its capacity in any dimension (a missing amount is
/// 0) or more than its <c>maxContainers</c>; nothing runs on a node that is down or cordoned at the end (down after
/// <c>nodeDown</c>, cordoned after <c>drain</c> unless it was down, ready again after <c>nodeUp</c>; the cluster
/// file's state until then), and <c>metrics.nodes</c> reports exactly those states; a task runs whole or waits
/// whole; no two running containers share a domain when one's anti-affinity term selects the other; every preemption
/// victim has a strictly lower priority than its preemptor; a rebalance makes at most <c>maxMoves</c> moves (10 when
/// not given), at most <c>maxMovesPerNode</c> out of one node, and its <c>objectiveAfter</c> is not above its
/// <c>objectiveBefore</c>; <c>events</c> has one entry per input event echoing its type; the per-dimension
/// capacity and allocation in <c>metrics</c> are the sums over the nodes and the running containers.
/// </remarks>
internal static class ScenarioChecker
{
    /// <summary>Checks a result against its scenario.</summary>
    public static ScenarioCheck Check(string scenarioJson, string outputJson)
    {
        using var scenarioDocument = JsonDocument.Parse(scenarioJson);
        using var outputDocument = JsonDocument.Parse(outputJson);
        var model = Model.Play(scenarioDocument.RootElement);
        return model.Judge(scenarioDocument.RootElement, outputDocument.RootElement);
    }

    /// <summary>Checks a result and fails with the first violations when there is any.</summary>
    public static ScenarioCheck AssertValid(string scenarioJson, string outputJson)
    {
        var check = Check(scenarioJson, outputJson);
        if (check.Violations.Count > 0)
        {
            throw new Xunit.Sdk.XunitException(
                $"{check.Violations.Count} broken promises, the first ones:\n  " + string.Join("\n  ", check.Violations.Take(15)));
        }

        return check;
    }

    private static Dictionary<string, long> Amounts(JsonElement element, string property) =>
        element.TryGetProperty(property, out var map)
            ? map.EnumerateObject().ToDictionary(p => p.Name, p => p.Value.GetInt64(), StringComparer.Ordinal)
            : new Dictionary<string, long>(StringComparer.Ordinal);

    private static Dictionary<string, string> LabelsOf(JsonElement element) =>
        element.TryGetProperty("labels", out var map)
            ? map.EnumerateObject().ToDictionary(p => p.Name, p => p.Value.GetString()!, StringComparer.Ordinal)
            : new Dictionary<string, string>(StringComparer.Ordinal);

    private sealed record Node(string Name, Dictionary<string, long> Capacity, Dictionary<string, string> Labels, int? MaxContainers)
    {
        public static Node Parse(JsonElement element) => new(
            element.GetProperty("name").GetString()!,
            Amounts(element, "capacity"),
            LabelsOf(element),
            element.TryGetProperty("maxContainers", out var limit) ? limit.GetInt32() : null);

        public string? Domain(string topologyKey) =>
            topologyKey == "node" ? "node:" + Name : Labels.TryGetValue(topologyKey, out var value) ? "label:" + value : null;
    }

    private sealed record AntiAffinity(Dictionary<string, string> Selector, string TopologyKey)
    {
        public bool Selects(Container other) => Selector.All(pair => other.Labels.TryGetValue(pair.Key, out var value) && value == pair.Value);
    }

    private sealed record Container(string Name, Dictionary<string, long> Requests, int Priority, Dictionary<string, string> Labels, List<AntiAffinity> AntiAffinity, string? Task)
    {
        public static Container Parse(JsonElement element, string? task) => new(
            element.GetProperty("name").GetString()!,
            Amounts(element, "requests"),
            element.TryGetProperty("priority", out var priority) ? priority.GetInt32() : 0,
            LabelsOf(element),
            element.TryGetProperty("antiAffinity", out var terms)
                ? terms.EnumerateArray().Select(term => new AntiAffinity(
                    LabelsOf(term),
                    term.TryGetProperty("topologyKey", out var key) ? key.GetString()! : "node")).ToList()
                : [],
            task);
    }

    private sealed class Model
    {
        private readonly Dictionary<string, Node> _nodes = new(StringComparer.Ordinal);
        private readonly List<string> _nodeOrder = [];
        private readonly Dictionary<string, string> _state = new(StringComparer.Ordinal);
        private readonly Dictionary<string, Container> _live = new(StringComparer.Ordinal);
        private readonly Dictionary<string, Container> _everSubmitted = new(StringComparer.Ordinal);
        private readonly List<JsonElement> _events = [];

        public static Model Play(JsonElement scenario)
        {
            var model = new Model();
            foreach (var element in scenario.GetProperty("cluster").GetProperty("nodes").EnumerateArray())
            {
                model.AddNode(element, element.TryGetProperty("state", out var state) ? state.GetString()! : "ready");
            }

            if (scenario.TryGetProperty("workload", out var workload))
            {
                model.Submit(workload);
            }

            if (scenario.TryGetProperty("events", out var events))
            {
                foreach (var element in events.EnumerateArray())
                {
                    model._events.Add(element);
                    model.Apply(element);
                }
            }

            return model;
        }

        private void AddNode(JsonElement element, string state)
        {
            var node = Node.Parse(element);
            _nodes.Add(node.Name, node);
            _nodeOrder.Add(node.Name);
            _state[node.Name] = state;
        }

        private void Submit(JsonElement workload)
        {
            if (workload.TryGetProperty("containers", out var plain))
            {
                foreach (var element in plain.EnumerateArray())
                {
                    Admit(Container.Parse(element, null));
                }
            }

            if (workload.TryGetProperty("tasks", out var tasks))
            {
                foreach (var task in tasks.EnumerateArray())
                {
                    var name = task.GetProperty("name").GetString()!;
                    foreach (var element in task.GetProperty("containers").EnumerateArray())
                    {
                        Admit(Container.Parse(element, name));
                    }
                }
            }
        }

        private void Admit(Container container)
        {
            _live.Add(container.Name, container);
            _everSubmitted[container.Name] = container;
        }

        private void Apply(JsonElement element)
        {
            var type = element.GetProperty("type").GetString();
            switch (type)
            {
                case "nodeDown":
                    _state[element.GetProperty("node").GetString()!] = "down";
                    break;
                case "nodeUp":
                    _state[element.GetProperty("node").GetString()!] = "ready";
                    break;
                case "drain":
                    var drained = element.GetProperty("node").GetString()!;
                    _state[drained] = _state[drained] == "down" ? "down" : "cordoned";
                    break;
                case "addNode":
                    AddNode(element.GetProperty("node"), "ready");
                    break;
                case "removeContainer":
                    _live.Remove(element.GetProperty("container").GetString()!);
                    break;
                case "submit":
                    Submit(element.GetProperty("workload"));
                    break;
                case "rebalance":
                    break;
                default:
                    throw new InvalidOperationException($"the checker does not know event type '{type}'");
            }
        }

        public ScenarioCheck Judge(JsonElement scenario, JsonElement output)
        {
            var violations = new List<string>();
            var seen = new Dictionary<string, int>(StringComparer.Ordinal);
            var nodeOf = new Dictionary<string, string>(StringComparer.Ordinal);
            var placements = output.GetProperty("placements").EnumerateArray().ToList();
            var pending = output.GetProperty("pending").EnumerateArray().ToList();
            foreach (var entry in placements.Concat(pending))
            {
                var name = entry.GetProperty("container").GetString()!;
                seen[name] = seen.GetValueOrDefault(name) + 1;
                if (!_live.ContainsKey(name))
                {
                    violations.Add($"'{name}' is in the output but was never submitted or was removed");
                }
            }

            foreach (var (name, count) in seen.Where(pair => pair.Value > 1))
            {
                violations.Add($"'{name}' appears {count} times in placements and pending");
            }

            foreach (var name in _live.Keys.Where(name => !seen.ContainsKey(name)))
            {
                violations.Add($"'{name}' was submitted and not removed, but is neither placed nor pending");
            }

            // Capacity, maxContainers, node state.
            var allocated = _nodes.Keys.ToDictionary(name => name, _ => new Dictionary<string, long>(StringComparer.Ordinal), StringComparer.Ordinal);
            var counts = new Dictionary<string, int>(StringComparer.Ordinal);
            foreach (var entry in placements)
            {
                var name = entry.GetProperty("container").GetString()!;
                var nodeName = entry.GetProperty("node").GetString()!;
                if (!_nodes.TryGetValue(nodeName, out var node))
                {
                    violations.Add($"'{name}' runs on unknown node '{nodeName}'");
                    continue;
                }

                nodeOf[name] = nodeName;
                if (_state[nodeName] != "ready")
                {
                    violations.Add($"'{name}' runs on node '{nodeName}', which is {_state[nodeName]} at the end");
                }

                counts[nodeName] = counts.GetValueOrDefault(nodeName) + 1;
                if (_live.TryGetValue(name, out var container))
                {
                    foreach (var (resource, amount) in container.Requests)
                    {
                        allocated[nodeName][resource] = allocated[nodeName].GetValueOrDefault(resource) + amount;
                    }
                }
            }

            foreach (var (nodeName, used) in allocated)
            {
                foreach (var (resource, amount) in used)
                {
                    var capacity = _nodes[nodeName].Capacity.GetValueOrDefault(resource);
                    if (amount > capacity)
                    {
                        violations.Add($"node '{nodeName}' is over capacity in {resource}: {amount} > {capacity}");
                    }
                }

                if (_nodes[nodeName].MaxContainers is { } limit && counts.GetValueOrDefault(nodeName) > limit)
                {
                    violations.Add($"node '{nodeName}' runs {counts[nodeName]} containers, its maxContainers is {limit}");
                }
            }

            CheckTasks(nodeOf, pending, violations);
            CheckAntiAffinity(nodeOf, violations);
            var preemptions = CheckEvents(output, violations, out var rebalanceMoves);
            CheckMetrics(output.GetProperty("metrics"), allocated, violations);
            return new ScenarioCheck(violations, placements.Count, pending.Count, preemptions, rebalanceMoves);
        }

        private void CheckTasks(Dictionary<string, string> nodeOf, List<JsonElement> pending, List<string> violations)
        {
            var waiting = pending.Select(entry => entry.GetProperty("container").GetString()!).ToHashSet(StringComparer.Ordinal);
            foreach (var task in _live.Values.Where(c => c.Task is not null).GroupBy(c => c.Task!, StringComparer.Ordinal))
            {
                var running = task.Count(member => nodeOf.ContainsKey(member.Name));
                var waitingMembers = task.Count(member => waiting.Contains(member.Name));
                if (running > 0 && waitingMembers > 0)
                {
                    violations.Add($"task '{task.Key}' is split: {running} members run, {waitingMembers} wait");
                }
            }
        }

        private void CheckAntiAffinity(Dictionary<string, string> nodeOf, List<string> violations)
        {
            foreach (var (name, nodeName) in nodeOf)
            {
                if (!_live.TryGetValue(name, out var container))
                {
                    continue;
                }

                foreach (var term in container.AntiAffinity)
                {
                    var domain = _nodes[nodeName].Domain(term.TopologyKey);
                    if (domain is null)
                    {
                        continue;
                    }

                    foreach (var (otherName, otherNode) in nodeOf)
                    {
                        if (otherName != name && _live.TryGetValue(otherName, out var other) && term.Selects(other)
                            && _nodes[otherNode].Domain(term.TopologyKey) == domain)
                        {
                            violations.Add($"'{name}' on '{nodeName}' and '{otherName}' on '{otherNode}' share the domain {domain} against the anti-affinity of '{name}'");
                        }
                    }
                }
            }
        }

        private int CheckEvents(JsonElement output, List<string> violations, out int rebalanceMoves)
        {
            rebalanceMoves = 0;
            var outputs = output.GetProperty("events").EnumerateArray().ToList();
            if (outputs.Count != _events.Count)
            {
                violations.Add($"the output lists {outputs.Count} events, the scenario has {_events.Count}");
            }

            var preemptions = CheckPreemptions(output.GetProperty("initial"), "initial", violations);
            for (var i = 0; i < Math.Min(outputs.Count, _events.Count); i++)
            {
                var input = _events[i];
                var result = outputs[i];
                var type = input.GetProperty("type").GetString();
                if (result.GetProperty("type").GetString() != type)
                {
                    violations.Add($"events[{i}] is echoed as '{result.GetProperty("type").GetString()}', the scenario says '{type}'");
                }

                preemptions += CheckPreemptions(result, $"events[{i}]", violations);
                if (type != "rebalance")
                {
                    continue;
                }

                var moves = result.GetProperty("moves").EnumerateArray().ToList();
                rebalanceMoves += moves.Count;
                var maxMoves = input.TryGetProperty("maxMoves", out var max) ? max.GetInt32() : 10;
                if (moves.Count > maxMoves)
                {
                    violations.Add($"events[{i}] makes {moves.Count} moves, maxMoves is {maxMoves}");
                }

                if (input.TryGetProperty("maxMovesPerNode", out var perNode))
                {
                    foreach (var from in moves.GroupBy(move => move.GetProperty("from").GetString()).Where(group => group.Count() > perNode.GetInt32()))
                    {
                        violations.Add($"events[{i}] moves {from.Count()} containers off '{from.Key}', maxMovesPerNode is {perNode.GetInt32()}");
                    }
                }

                var before = result.GetProperty("objectiveBefore").GetDouble();
                var after = result.GetProperty("objectiveAfter").GetDouble();
                if (after > before)
                {
                    violations.Add(string.Create(CultureInfo.InvariantCulture, $"events[{i}] raises the objective from {before} to {after}"));
                }
            }

            return preemptions;
        }

        private int CheckPreemptions(JsonElement step, string where, List<string> violations)
        {
            var count = 0;
            foreach (var preemption in step.GetProperty("preemptions").EnumerateArray())
            {
                count++;
                var preemptor = preemption.GetProperty("preemptor").GetString()!;
                var priority = _everSubmitted[preemptor].Priority;
                foreach (var victim in preemption.GetProperty("victims").EnumerateArray().Select(v => v.GetString()!))
                {
                    if (_everSubmitted[victim].Priority >= priority)
                    {
                        violations.Add($"{where}: '{preemptor}' (priority {priority}) preempts '{victim}' (priority {_everSubmitted[victim].Priority})");
                    }
                }
            }

            return count;
        }

        private void CheckMetrics(JsonElement metrics, Dictionary<string, Dictionary<string, long>> allocated, List<string> violations)
        {
            var reported = metrics.GetProperty("nodes").EnumerateArray().ToList();
            var names = reported.Select(node => node.GetProperty("node").GetString()!).ToList();
            if (!names.SequenceEqual(_nodeOrder))
            {
                violations.Add($"metrics.nodes lists [{string.Join(", ", names)}], the scenario's nodes are [{string.Join(", ", _nodeOrder)}]");
            }

            foreach (var node in reported)
            {
                var name = node.GetProperty("node").GetString()!;
                var state = node.GetProperty("state").GetString();
                if (_state.TryGetValue(name, out var expected) && state != expected)
                {
                    violations.Add($"metrics.nodes says '{name}' is {state}, the events leave it {expected}");
                }
            }

            foreach (var dimension in metrics.GetProperty("dimensions").EnumerateArray())
            {
                var resource = dimension.GetProperty("resource").GetString()!;
                var capacity = _nodes.Values.Sum(node => node.Capacity.GetValueOrDefault(resource));
                var used = allocated.Values.Sum(amounts => amounts.GetValueOrDefault(resource));
                if (dimension.GetProperty("capacity").GetInt64() != capacity || dimension.GetProperty("allocated").GetInt64() != used)
                {
                    violations.Add($"metrics.dimensions '{resource}' reports {dimension.GetProperty("allocated").GetInt64()} of {dimension.GetProperty("capacity").GetInt64()}, the placements hold {used} of {capacity}");
                }
            }
        }
    }
}
