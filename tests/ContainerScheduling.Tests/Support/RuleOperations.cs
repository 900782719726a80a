using System;
using System.Collections.Generic;
using System.Linq;
using FsCheck;
using FsCheck.Fluent;

namespace ContainerScheduling.Tests;

/// <summary>One step of a churn of a rule cluster.</summary>
internal abstract record RuleOperation;

/// <summary>Place a container with rules (renamed uniquely when run).</summary>
internal sealed record PlaceRuledOperation(ContainerDraft Container) : RuleOperation
{
    public override string ToString() => $"Place {Container}";
}

/// <summary>Place containers with rules as one batch (renamed uniquely when run).</summary>
internal sealed record PlaceRuledBatchOperation(ContainerDraft[] Containers) : RuleOperation
{
    public override string ToString() => $"PlaceBatch [{string.Join(" | ", Containers.Select(c => c.ToString()))}]";
}

/// <summary>Release the placed container at <c>Pick</c> modulo the number placed (any container, bound ones too).</summary>
internal sealed record ReleaseRuledOperation(int Pick) : RuleOperation
{
    public override string ToString() => $"Release #{Pick}";
}

/// <summary>Empty and remove <c>Count</c> consecutive nodes from the one at <c>Pick</c> modulo the node count.</summary>
internal sealed record RemoveNodesOperation(int Pick, int Count) : RuleOperation
{
    public override string ToString() => $"RemoveNodes #{Pick} x{Count}";
}

/// <summary>Add nodes (named uniquely when run), bind their containers, then set their states.</summary>
internal sealed record AddRuleNodesOperation(RuleNodeModel[] Nodes) : RuleOperation
{
    public override string ToString() => $"AddNodes [{string.Join(" | ", Nodes.Select(n => n.ToString()))}]";
}

/// <summary>Set the state of the node at <c>Pick</c> modulo the node count.</summary>
internal sealed record SetRuleNodeStateOperation(int Pick, NodeState State) : RuleOperation
{
    public override string ToString() => $"SetState #{Pick} {State}";
}

/// <summary>A rule cluster, a churn of it, and rule-bearing probes whose decisions are compared after each step.</summary>
internal sealed record ChurnScenario(RuleClusterModel Cluster, RuleOperation[] Operations, ContainerDraft[] Probes)
{
    public override string ToString() =>
        $"{Cluster}{Environment.NewLine}ops:{Environment.NewLine}    {string.Join(Environment.NewLine + "    ", Operations.Select(o => o.ToString()))}"
        + $"{Environment.NewLine}probes:{Environment.NewLine}    {string.Join(Environment.NewLine + "    ", Probes.Select(p => p.ToString()))}";
}

/// <summary>Generators of churns: placements with rules, releases, node removals (in runs long enough to compact), additions and state changes.</summary>
internal static class RuleOperations
{
    public static Gen<RuleOperation> Operation(int dimensions) => Gen.Frequency(
        (6, RuleGenerators.Container("x", [], dimensions).Select(c => (RuleOperation)new PlaceRuledOperation(c))),
        (1, from count in Gen.Choose(2, 8)
            from containers in Gen.ArrayOf(RuleGenerators.Container("x", [], dimensions), count)
            select (RuleOperation)new PlaceRuledBatchOperation(containers)),
        (4, Gen.Choose(0, 1000).Select(pick => (RuleOperation)new ReleaseRuledOperation(pick))),
        (3, from pick in Gen.Choose(0, 1000)
            from count in Gen.Frequency((2, Gen.Choose(1, 3)), (1, Gen.Choose(10, 40)))
            select (RuleOperation)new RemoveNodesOperation(pick, count)),
        (2, from count in Gen.Choose(1, 20)
            from capacity in Gen.ArrayOf(RuleGenerators.CapacityAmount(), dimensions)
            from nodes in Gen.ArrayOf(RuleGenerators.Node(dimensions, [capacity], false, 30, 10, 10), count)
            select (RuleOperation)new AddRuleNodesOperation(nodes)),
        (2, from pick in Gen.Choose(0, 1000)
            from state in Gen.Elements(NodeState.Ready, NodeState.Ready, NodeState.Cordoned, NodeState.Down)
            select (RuleOperation)new SetRuleNodeStateOperation(pick, state)));

    /// <summary>Probes carry at least one rule that narrows the nodes.</summary>
    public static Gen<ContainerDraft> Probe(int dimensions) =>
        RuleGenerators.Container("probe", [], dimensions).Where(c => c.NodeSelector is not null || c.Affinity.Length + c.AntiAffinity.Length + c.Spread.Length > 0);

    public static Gen<ChurnScenario> Scenarios() =>
        from cluster in RuleGenerators.Clusters()
        from count in Gen.Choose(1, 25)
        from operations in Gen.ArrayOf(Operation(cluster.Dimensions.Length), count)
        from probeCount in Gen.Choose(1, 3)
        from probes in Gen.ArrayOf(Probe(cluster.Dimensions.Length), probeCount)
        select new ChurnScenario(cluster, operations, probes.Select((p, k) => p with { Name = $"probe{k}" }).ToArray());

    public static Arbitrary<ChurnScenario> ScenarioArb() => Arb.From(Scenarios(), Shrink);

    public static IEnumerable<ChurnScenario> Shrink(ChurnScenario scenario)
    {
        var ops = scenario.Operations;
        if (ops.Length > 1)
        {
            yield return scenario with { Operations = ops[..(ops.Length / 2)] };
        }

        for (var i = ops.Length - 1; i >= 0; i--)
        {
            yield return scenario with { Operations = [.. ops[..i], .. ops[(i + 1)..]] };
        }

        for (var p = 0; p < scenario.Probes.Length; p++)
        {
            if (scenario.Probes.Length > 1)
            {
                yield return scenario with { Probes = scenario.Probes.Where((_, k) => k != p).ToArray() };
            }

            foreach (var simpler in scenario.Probes[p].Simpler())
            {
                var probes = (ContainerDraft[])scenario.Probes.Clone();
                probes[p] = simpler;
                yield return scenario with { Probes = probes };
            }
        }

        foreach (var cluster in RuleGenerators.ShrinkCluster(scenario.Cluster))
        {
            yield return scenario with { Cluster = cluster };
        }
    }
}
