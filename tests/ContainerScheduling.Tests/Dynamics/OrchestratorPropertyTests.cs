using System;
using System.Collections.Generic;
using System.Linq;
using FsCheck;
using FsCheck.Fluent;
using Xunit;
using Xunit.Abstractions;

namespace ContainerScheduling.Tests.Dynamics;

/// <summary>
/// Model-based: random sequences of submit (containers with priorities, anti-affinity and dependencies; tasks),
/// remove, node down / up / add, drain, retry and rebalancing (a plan within its budget and never worse, applied
/// at once without a skipped move), against a model that only remembers what was submitted and
/// removed. After every step: no node is over capacity and the books balance; nothing runs on a down node or on a
/// node drained since it was last brought up; every live container is running or pending, never both, and nothing
/// else runs; every task is whole or wholly pending; anti-affinity holds; a preemption only evicts strictly lower
/// priorities; each report's pending containers are pending. Every "db" container has anti-affinity to "db" per
/// node, so the rule is checked symmetrically.
/// </summary>
public sealed class OrchestratorPropertyTests(ITestOutputHelper output)
{
    private const int Sequences = 2_500;

    private static readonly string[] Apps = ["web", "api", "db"];

    [Theory]
    [InlineData(PlacementStrategies.BestFitName)]
    [InlineData(PlacementStrategies.FirstFitName)]
    public void RandomEventSequences_EveryPromiseHoldsAfterEveryStep(string strategy)
    {
        var steps = 0;
        var moves = 0;
        var preemptions = 0;
        var evictions = 0;
        var config = Config.QuickThrowOnFailure.WithMaxTest(Sequences).WithQuietOnSuccess(true);
        Check.One(config, Prop.ForAll(Arb.From(Sequence()), sequence =>
        {
            var model = new Model(sequence.Nodes);
            var orchestrator = new Orchestrator(model.Build(), PlacementStrategies.Create(strategy));
            foreach (var operation in sequence.Operations)
            {
                var report = model.Apply(orchestrator, operation);
                steps++;
                if (report is not null)
                {
                    preemptions += report.Preemptions.Count;
                    evictions += report.Evicted.Count;
                }

                PropertyFailure.None(model.Violation(orchestrator, report) is { } problem ? $"after {operation}: {problem}" : null);
            }

            moves += model.Rebalanced;

            return true;
        }));

        output.WriteLine($"{strategy}: {steps} steps in {Sequences} sequences, {preemptions} preemptions, {evictions} evictions, {moves} rebalancing moves");
        Assert.True(steps >= 50_000, $"{steps} steps");
        Assert.True(preemptions > 100, $"{preemptions} preemptions: the generator must make preemption happen");
        Assert.True(evictions > 1000, $"{evictions} evictions");
        Assert.True(moves > 100, $"{moves} rebalancing moves");
    }

    private static Gen<EventSequence> Sequence() =>
        from nodes in Gen.Choose(2, 8)
        from shapes in Gen.ArrayOf(Gen.Elements(4000L, 8000L, 16000L), nodes)
        from count in Gen.Choose(20, 40)
        from operations in Gen.ArrayOf(Operation(), count)
        select new EventSequence(shapes, operations);

    private static Gen<Op> Operation() => Gen.Frequency(
        (6, from count in Gen.Choose(1, 4)
            from containers in Gen.ArrayOf(ContainerGen(), count)
            select (Op)new SubmitOp(containers)),
        (2, from members in Gen.Choose(2, 3)
            from specs in Gen.ArrayOf(ContainerGen(), members)
            select (Op)new SubmitTaskOp(specs)),
        (3, Gen.Choose(0, 1000).Select(pick => (Op)new RemoveOp(pick))),
        (2, Gen.Choose(0, 1000).Select(pick => (Op)new DownOp(pick))),
        (2, Gen.Choose(0, 1000).Select(pick => (Op)new UpOp(pick))),
        (1, Gen.Elements(4000L, 8000L).Select(cpu => (Op)new AddOp(cpu))),
        (1, Gen.Choose(0, 1000).Select(pick => (Op)new DrainOp(pick))),
        (1, Gen.Constant((Op)new RetryOp())),
        (1, from budget in Gen.Choose(0, 6)
            from pack in Gen.Elements(false, true)
            select (Op)new RebalanceOp(budget, pack)));

    private static Gen<ContainerDraft> ContainerGen() =>
        from cpu in Gen.Elements(500L, 1000L, 2000L, 3000L)
        from memory in Gen.Elements(256L, 1024L, 4096L)
        from priority in Gen.Frequency((4, Gen.Constant(0)), (3, Gen.Choose(1, 3)), (1, Gen.Choose(4, 9)))
        from app in Gen.Elements(Apps)
        from dependency in Gen.Frequency((4, Gen.Constant(-1)), (1, Gen.Choose(0, 1000)))
        select new ContainerDraft(cpu, memory, priority, app, dependency);

    private sealed record EventSequence(long[] Nodes, Op[] Operations)
    {
        public override string ToString() => $"nodes [{string.Join(",", Nodes)}]: {string.Join("; ", Operations.Select(o => o.ToString()))}";
    }

    /// <summary>A container to submit; every "db" container keeps away from other "db" containers on its node.</summary>
    private sealed record ContainerDraft(long Cpu, long Memory, int Priority, string App, int Dependency)
    {
        public bool AntiAffinity => App == "db";
    }

    private abstract record Op;

    private sealed record SubmitOp(ContainerDraft[] Containers) : Op
    {
        public override string ToString() => $"submit {Containers.Length}";
    }

    private sealed record SubmitTaskOp(ContainerDraft[] Members) : Op
    {
        public override string ToString() => $"task of {Members.Length}";
    }

    private sealed record RemoveOp(int Pick) : Op;

    private sealed record DownOp(int Pick) : Op;

    private sealed record UpOp(int Pick) : Op;

    private sealed record AddOp(long Cpu) : Op;

    private sealed record DrainOp(int Pick) : Op;

    private sealed record RetryOp : Op;

    private sealed record RebalanceOp(int MaxMoves, bool Pack) : Op;

    /// <summary>What was submitted and not removed, which nodes are down or drained, and the tasks: nothing about where things run.</summary>
    private sealed class Model(long[] nodes)
    {
        private readonly Dictionary<string, ContainerSpec> _live = new(StringComparer.Ordinal);
        private readonly Dictionary<string, List<string>> _tasks = new(StringComparer.Ordinal);
        private readonly List<string> _nodes = [.. nodes.Select((_, i) => $"n{i}")];
        private readonly HashSet<string> _down = new(StringComparer.Ordinal);
        private readonly HashSet<string> _drained = new(StringComparer.Ordinal);
        private int _next;

        /// <summary>The moves made by rebalancing plans so far.</summary>
        public int Rebalanced { get; private set; }

        public ClusterState Build()
        {
            var cluster = new ClusterState(new ResourceSchema("cpu", "memory"));
            cluster.AddNodes(nodes.Select((cpu, i) => Node($"n{i}", cpu)));
            return cluster;
        }

        public ClusterEventReport? Apply(Orchestrator orchestrator, Op operation)
        {
            switch (operation)
            {
                case SubmitOp submit:
                    var specs = submit.Containers.Select(Spec).ToList();
                    foreach (var spec in specs)
                    {
                        _live.Add(spec.Name, spec);
                    }

                    return orchestrator.Submit(specs);
                case SubmitTaskOp task:
                    var name = $"t{_next++}";
                    var members = task.Members.Select(draft => Spec(draft with { Dependency = -1 })).ToList();
                    foreach (var member in members)
                    {
                        _live.Add(member.Name, member);
                    }

                    _tasks.Add(name, members.ConvertAll(member => member.Name));
                    return orchestrator.SubmitTasks([new TaskSpec(name, members)]);
                case RemoveOp remove when _live.Count > 0:
                    var victim = _live.Keys.Order(StringComparer.Ordinal).ElementAt(remove.Pick % _live.Count);
                    _live.Remove(victim);
                    foreach (var taskMembers in _tasks.Values)
                    {
                        taskMembers.Remove(victim);
                    }

                    return orchestrator.Remove(victim);
                case DownOp down:
                    var failed = _nodes[down.Pick % _nodes.Count];
                    _down.Add(failed);
                    _drained.Remove(failed);
                    return orchestrator.NodeDown(failed);
                case UpOp up:
                    var back = _nodes[up.Pick % _nodes.Count];
                    _down.Remove(back);
                    _drained.Remove(back);
                    return orchestrator.NodeUp(back);
                case AddOp add:
                    var added = $"n{_nodes.Count}";
                    _nodes.Add(added);
                    return orchestrator.AddNode(Node(added, add.Cpu));
                case DrainOp drain:
                    var drained = _nodes[drain.Pick % _nodes.Count];
                    _drained.Add(drained);
                    return orchestrator.Drain(drained);
                case RetryOp:
                    return orchestrator.RetryPending();
                case RebalanceOp rebalance:
                    var plan = orchestrator.PlanRebalance(new RebalanceOptions { MaxMoves = rebalance.MaxMoves, Mode = rebalance.Pack ? RebalanceMode.Pack : RebalanceMode.Balance });
                    if (plan.Moves.Count > rebalance.MaxMoves || plan.ObjectiveAfter > plan.ObjectiveBefore + 1e-12)
                    {
                        throw new PropertyFailure($"plan {plan} breaks its budget of {rebalance.MaxMoves} or makes the objective worse");
                    }

                    var applied = orchestrator.Apply(plan);
                    if (applied.Skipped.Count > 0 || Math.Abs(applied.ObjectiveAfter!.Value - plan.ObjectiveAfter) > 1e-9)
                    {
                        throw new PropertyFailure($"applying {plan} at once skipped {applied.Skipped.Count} moves and reached {applied.ObjectiveAfter}");
                    }

                    Rebalanced += plan.Moves.Count;
                    return applied;
                default:
                    return null;
            }
        }

        public string? Violation(Orchestrator orchestrator, ClusterEventReport? report)
        {
            var cluster = orchestrator.Cluster;
            if (ClusterInvariants.Violation(cluster) is { } broken)
            {
                return broken;
            }

            var running = new Dictionary<string, string>(StringComparer.Ordinal);
            foreach (var node in cluster.Nodes)
            {
                var on = cluster.GetContainersOn(node.Name);
                if (on.Count > 0 && (_down.Contains(node.Name) || _drained.Contains(node.Name)))
                {
                    return $"{node.Name} is {(_down.Contains(node.Name) ? "down" : "drained")} but runs {string.Join(",", on)}";
                }

                foreach (var name in on)
                {
                    running.Add(name, node.Name);
                }
            }

            var pending = orchestrator.Pending.Select(p => p.Container).ToHashSet(StringComparer.Ordinal);
            foreach (var name in _live.Keys)
            {
                if (running.ContainsKey(name) == pending.Contains(name))
                {
                    return $"{name} is {(running.ContainsKey(name) ? "both running and pending" : "neither running nor pending: lost")}";
                }
            }

            if (running.Keys.Concat(pending).FirstOrDefault(name => !_live.ContainsKey(name)) is { } stray)
            {
                return $"{stray} was removed but is still running or pending";
            }

            foreach (var (task, members) in _tasks)
            {
                if (members.Count > 0 && members.Select(running.ContainsKey).Distinct().Count() > 1)
                {
                    return $"task {task} is split: {string.Join(",", members.Select(m => $"{m}{(running.ContainsKey(m) ? "+" : "-")}"))}";
                }
            }

            foreach (var (name, node) in running)
            {
                var spec = _live[name];
                if (spec.AntiAffinity.Count > 0
                    && running.FirstOrDefault(other => other.Value == node && other.Key != name && _live[other.Key].Labels["app"] == spec.Labels["app"]) is { Key: { } twin })
                {
                    return $"{name} (anti-affinity to app={spec.Labels["app"]}) shares {node} with {twin}";
                }
            }

            foreach (var preemption in report?.Preemptions ?? [])
            {
                var preemptor = _live[preemption.Preemptor].Priority;
                if (preemption.Victims.FirstOrDefault(v => _live[v].Priority >= preemptor) is { } wrong)
                {
                    return $"{preemption.Preemptor} (priority {preemptor}) preempted {wrong} (priority {_live[wrong].Priority})";
                }
            }

            if (report?.Pending.FirstOrDefault(p => !pending.Contains(p.Container)) is { Container: { } notPending })
            {
                return $"the report lists {notPending} as pending, but it is not";
            }

            return null;
        }

        private ContainerSpec Spec(ContainerDraft draft)
        {
            var name = $"c{_next++}";
            var dependency = draft.Dependency >= 0 && _live.Count > 0 ? _live.Keys.Order(StringComparer.Ordinal).ElementAt(draft.Dependency % _live.Count) : null;
            return new ContainerSpec(name, new Dictionary<string, long> { ["cpu"] = draft.Cpu, ["memory"] = draft.Memory })
            {
                Priority = draft.Priority,
                Labels = new Dictionary<string, string> { ["app"] = draft.App },
                AntiAffinity = draft.AntiAffinity ? [new AffinityTerm(new LabelSelector(new Dictionary<string, string> { ["app"] = draft.App }))] : [],
                DependsOn = dependency is null ? [] : [dependency],
            };
        }

        private static NodeSpec Node(string name, long cpu) =>
            new(name, new Dictionary<string, long> { ["cpu"] = cpu, ["memory"] = cpu * 2 });
    }
}
