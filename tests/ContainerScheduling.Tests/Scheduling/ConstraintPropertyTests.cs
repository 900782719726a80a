using System;
using System.Collections.Generic;
using System.Linq;
using FsCheck;
using FsCheck.Fluent;
using Xunit;

namespace ContainerScheduling.Tests.Scheduling;

/// <summary>
/// The placement rules (node selector, taints, affinity, anti-affinity, topology spread, container limits) over
/// random clusters and workloads, checked against <see cref="RuleModel"/>, an independent model written from the
/// rules' definitions, for every built-in strategy.
/// </summary>
public sealed class ConstraintPropertyTests
{
    private static readonly Config Quick = Config.QuickThrowOnFailure.WithMaxTest(150).WithQuietOnSuccess(true);

    public static IEnumerable<object[]> StrategyNames => StrategyCatalog.BuiltInNames;

    public static IEnumerable<object[]> Strategies => StrategyCatalog.BuiltInNamesAndWeighting;

    [Theory]
    [MemberData(nameof(StrategyNames))]
    public void PlaceTasks_RandomRulesAndDependencies_EveryRuleHoldsAtEveryPlacement(string strategy) =>
        Check.One(Quick, Prop.ForAll(RuleGenerators.TaskWorkloadArb(), workload =>
        {
            var cluster = workload.Cluster.Build();
            var before = RuleModel.Of(cluster);
            var tasks = workload.Specs();
            var result = new Scheduler(cluster, PlacementStrategies.Create(strategy)).PlaceTasks(tasks, workload.Ordering);
            return PropertyFailure.None(RuleChecker.CheckTasks(before, tasks, result, cluster));
        }));

    [Theory]
    [MemberData(nameof(StrategyNames))]
    public void PlaceBatch_RandomRulesAndDependencies_EveryRuleHoldsAtEveryPlacement(string strategy) =>
        Check.One(Quick, Prop.ForAll(RuleGenerators.BatchWorkloadArb(), workload =>
        {
            var cluster = workload.Cluster.Build();
            var before = RuleModel.Of(cluster);
            var batch = workload.Specs();
            var result = new Scheduler(cluster, PlacementStrategies.Create(strategy)).PlaceBatch(batch, workload.Ordering);
            return PropertyFailure.None(RuleChecker.CheckBatch(before, batch, result, cluster));
        }));

    [Theory]
    [MemberData(nameof(Strategies))]
    public void PlaceTasks_RandomRulesAndDependencies_DecidesWhatTheStrategyDecidesOverTheEligibleNodes(string strategy, bool weighted) =>
        Check.One(Quick, Prop.ForAll(RuleGenerators.TaskWorkloadArb(), workload =>
        {
            var dimensions = workload.Cluster.Dimensions;
            var weights = weighted ? workload.Weights : StrategyCatalog.DefaultWeights(dimensions.Length);
            var cluster = workload.Cluster.Build();
            var tasks = workload.Specs();
            var (placements, unplaced) = RuleReference.PlaceTasks(
                RuleModel.Of(cluster), ReferenceCluster.Of(cluster), tasks, workload.Ordering, strategy, weights);

            var result = new Scheduler(cluster, StrategyCatalog.Create(strategy, dimensions, weighted ? weights : null)).PlaceTasks(tasks, workload.Ordering);

            return PropertyFailure.Unless(
                    result.Placements.SequenceEqual(placements),
                    () => $"placed [{string.Join("; ", result.Placements)}]{Environment.NewLine}the definition places [{string.Join("; ", placements)}]")
                && PropertyFailure.Unless(
                    result.Unplaced.Select(u => u.Container).Order(StringComparer.Ordinal).SequenceEqual(unplaced.Order(StringComparer.Ordinal)),
                    () => $"left [{string.Join(",", result.Unplaced.Select(u => u.Container))}] unplaced, the definition [{string.Join(",", unplaced)}]");
        }));

    [Theory]
    [MemberData(nameof(Strategies))]
    public void PlaceBatch_RandomRulesAndDependencies_DecidesWhatTheStrategyDecidesOverTheEligibleNodes(string strategy, bool weighted) =>
        Check.One(Quick.WithMaxTest(100), Prop.ForAll(RuleGenerators.BatchWorkloadArb(), workload =>
        {
            var dimensions = workload.Cluster.Dimensions;
            var weights = weighted ? workload.Weights : StrategyCatalog.DefaultWeights(dimensions.Length);
            var cluster = workload.Cluster.Build();
            var batch = workload.Specs();
            var (placements, unplaced) = RuleReference.PlaceBatch(
                RuleModel.Of(cluster), ReferenceCluster.Of(cluster), batch, workload.Ordering, strategy, weights);

            var result = new Scheduler(cluster, StrategyCatalog.Create(strategy, dimensions, weighted ? weights : null)).PlaceBatch(batch, workload.Ordering);

            return PropertyFailure.Unless(
                    result.Placements.SequenceEqual(placements),
                    () => $"placed [{string.Join("; ", result.Placements)}]{Environment.NewLine}the definition places [{string.Join("; ", placements)}]")
                && PropertyFailure.Unless(
                    result.Unplaced.Select(u => u.Container).SequenceEqual(unplaced),
                    () => $"left [{string.Join(",", result.Unplaced.Select(u => u.Container))}] unplaced (in the order tried), the definition [{string.Join(",", unplaced)}]");
        }));

    /// <summary>
    /// One decision at a time: the masked search picks the node the unrestricted strategy picks on a copy of the
    /// cluster where every node the rules (evaluated by the model) or its container limit keep out is cordoned, and
    /// the node the strategy's definition (<see cref="ReferenceCluster"/>) picks on that copy.
    /// </summary>
    [Theory]
    [MemberData(nameof(Strategies))]
    public void Place_ContainerWithRules_ChoosesTheUnrestrictedChoiceOnACopyWithIneligibleNodesCordoned(string strategy, bool weighted)
    {
        var inputs =
            from cluster in RuleGenerators.Clusters()
            from count in Gen.Choose(1, 8)
            from containers in Gen.ArrayOf(RuleOperations.Probe(cluster.Dimensions.Length), count)
            from weights in ClusterGenerators.Weights(cluster.Dimensions.Length)
            select new BatchWorkload(cluster, containers.Select((c, k) => c with { Name = $"x{k}" }).ToArray(), OrderingPolicy.Arrival, weights);
        Check.One(Quick, Prop.ForAll(Arb.From(inputs, RuleGenerators.ShrinkBatch), workload =>
        {
            var dimensions = workload.Cluster.Dimensions;
            var weights = weighted ? workload.Weights : StrategyCatalog.DefaultWeights(dimensions.Length);
            var cluster = workload.Cluster.Build();
            var scheduler = new Scheduler(cluster, StrategyCatalog.Create(strategy, dimensions, weighted ? weights : null));
            foreach (var container in workload.Specs())
            {
                var model = RuleModel.Of(cluster);
                var copy = model.CordonedCopy(container);
                var definition = ReferenceCluster.Of(copy).ChooseName(strategy, model.RequestOf(container), weights);
                var unrestricted = new Scheduler(copy, StrategyCatalog.Create(strategy, dimensions, weighted ? weights : null))
                    .Place(ClusterModel.Container(container.Name, dimensions, model.RequestOf(container)));

                var result = scheduler.Place(container);

                PropertyFailure.Unless(
                    result.IsPlaced || (result.Failure.FittingNodeCount == 0 && result.Failure.NodeCount == model.Nodes.Count),
                    () => $"{container.Name} unplaced, but its failure counts {result.Failure!.FittingNodeCount} fitting of {result.Failure.NodeCount} nodes ({model.Nodes.Count} in the cluster): {result.Failure.Message}");
                PropertyFailure.Unless(
                    result.Node == unrestricted.Node && result.Node == definition,
                    () => $"{container.Name} went to {result.Node ?? "<nowhere>"}; unrestricted on the cordoned copy: {unrestricted.Node ?? "<nowhere>"};"
                        + $" the definition: {definition ?? "<nowhere>"}{Environment.NewLine}per node: "
                        + string.Join("; ", model.Nodes.Select((n, i) => $"{n.Spec.Name}: {model.Violation(container, i) ?? "ok"}")));
            }

            return true;
        }));
    }

    /// <summary>
    /// The same workload with and without one extra rule on one container: both runs pass the checker, the extra rule
    /// holds where the container went, and the container, if placed with the rule, was placed without it too when it
    /// was decided first (a rule only narrows the nodes).
    /// </summary>
    [Theory]
    [MemberData(nameof(StrategyNames))]
    public void PlaceBatch_OneRuleAdded_TheAddedRuleHoldsWhereverTheContainerGoes(string strategy)
    {
        var inputs =
            from workload in RuleGenerators.BatchWorkloads()
            from target in Gen.Choose(0, workload.Containers.Length - 1)
            from kind in Gen.Choose(0, 3)
            from term in RuleGenerators.Term()
            from spread in RuleGenerators.SpreadRule()
            from selector in RuleGenerators.NodeSelector()
            select (Workload: workload, Target: target, Extra: kind switch
            {
                0 => ContainerDraft.Plain("extra", []) with { Affinity = [term] },
                1 => ContainerDraft.Plain("extra", []) with { AntiAffinity = [term] },
                2 => ContainerDraft.Plain("extra", []) with { Spread = [spread] },
                _ => ContainerDraft.Plain("extra", []) with { NodeSelector = selector },
            });
        Check.One(Quick, Prop.ForAll(Arb.From(inputs), input =>
        {
            var (workload, target, extra) = input;
            var dimensions = workload.Cluster.Dimensions;
            var original = workload.Containers[target];
            var narrowed = original with
            {
                Affinity = [.. original.Affinity, .. extra.Affinity],
                AntiAffinity = [.. original.AntiAffinity, .. extra.AntiAffinity],
                Spread = [.. original.Spread, .. extra.Spread],
                NodeSelector = extra.NodeSelector is { } s ? Merge(original.NodeSelector, s) : original.NodeSelector,
            };
            var containers = (ContainerDraft[])workload.Containers.Clone();
            containers[target] = narrowed;

            var plain = Run(workload, strategy);
            var ruled = Run(workload with { Containers = containers }, strategy);

            // Replay up to the target's placement and evaluate the extra rule alone there.
            var extraOnly = (extra with
            {
                Name = original.Name, App = original.App, Tier = original.Tier, Request = original.Request, Tolerations = RuleGenerators.TaintNames,
            }).ToSpec(dimensions);
            var model = ruled.Before.Clone();
            string? extraViolation = null;
            foreach (var (name, node) in ruled.Result.Placements)
            {
                var index = model.IndexOf(node);
                if (name == original.Name)
                {
                    extraViolation = model.RuleVerdicts(extraOnly)[index];
                    break;
                }

                model.Place(ruled.Specs.Single(c => c.Name == name), index);
            }

            return PropertyFailure.None(plain.Problem)
                && PropertyFailure.None(ruled.Problem)
                && PropertyFailure.Unless(extraViolation is null, () => $"{original.Name} went where its added rule does not hold: {extraViolation}");
        }));

        static (RuleModel Before, ContainerSpec[] Specs, BatchPlacementResult Result, string? Problem) Run(BatchWorkload workload, string strategy)
        {
            var cluster = workload.Cluster.Build();
            var before = RuleModel.Of(cluster);
            var specs = workload.Specs();
            var result = new Scheduler(cluster, PlacementStrategies.Create(strategy)).PlaceBatch(specs, workload.Ordering);
            return (before, specs, result, RuleChecker.CheckBatch(before, specs, result, cluster));
        }
    }

    /// <summary>A single decision: with one more rule the container is placed only if it is placed without it, and
    /// first-fit then picks a node no earlier than without it (the eligible nodes only shrink).</summary>
    [Theory]
    [MemberData(nameof(StrategyNames))]
    public void Place_OneRuleAdded_NeverPlacesWhatCouldNotBePlacedWithoutIt(string strategy)
    {
        var inputs =
            from cluster in RuleGenerators.Clusters()
            from container in RuleGenerators.Container("x", [], cluster.Dimensions.Length)
            from term in RuleGenerators.Term()
            from spread in RuleGenerators.SpreadRule()
            from kind in Gen.Choose(0, 2)
            select new BatchWorkload(cluster, [container, kind switch
            {
                0 => container with { Affinity = [.. container.Affinity, term] },
                1 => container with { AntiAffinity = [.. container.AntiAffinity, term] },
                _ => container with { Spread = [.. container.Spread, spread] },
            }], OrderingPolicy.Arrival, []);
        Check.One(Quick, Prop.ForAll(Arb.From(inputs), input =>
        {
            var dimensions = input.Cluster.Dimensions;
            var without = new Scheduler(input.Cluster.Build(), PlacementStrategies.Create(strategy)).Place(input.Containers[0].ToSpec(dimensions));
            var withCluster = input.Cluster.Build();
            var with = new Scheduler(withCluster, PlacementStrategies.Create(strategy)).Place(input.Containers[1].ToSpec(dimensions));
            var order = withCluster.Nodes.Select(n => n.Name).ToList();
            return PropertyFailure.Unless(!with.IsPlaced || without.IsPlaced, () => $"placed on {with.Node} with the extra rule, unplaced without it: {without.Failure?.Message}")
                && PropertyFailure.Unless(
                    strategy != PlacementStrategies.FirstFitName || !with.IsPlaced || order.IndexOf(with.Node!) >= order.IndexOf(without.Node!),
                    () => $"first-fit chose {with.Node} with the extra rule, {without.Node} without it");
        }));
    }

    /// <summary>
    /// A custom strategy sees, through <see cref="ClusterView.IsEligible"/>, exactly the nodes the rules allow (state
    /// and resources aside), and <see cref="ClusterView.Fits"/> admits exactly the nodes that may take the container:
    /// a last-fit strategy built on them picks the last node the model allows.
    /// </summary>
    [Fact]
    public void Place_CustomStrategy_SeesEligibilityExactlyAsTheRulesDefineIt()
    {
        var inputs =
            from cluster in RuleGenerators.Clusters()
            from count in Gen.Choose(1, 8)
            from containers in Gen.ArrayOf(RuleGenerators.Container("x", [], cluster.Dimensions.Length), count)
            select new BatchWorkload(cluster, containers.Select((c, k) => c with { Name = $"x{k}" }).ToArray(), OrderingPolicy.Arrival, []);
        Check.One(Quick, Prop.ForAll(Arb.From(inputs, RuleGenerators.ShrinkBatch), workload =>
        {
            var cluster = workload.Cluster.Build();
            var strategy = new LastEligibleFitStrategy();
            var scheduler = new Scheduler(cluster, strategy);
            foreach (var container in workload.Specs())
            {
                var model = RuleModel.Of(cluster);
                var verdicts = model.RuleVerdicts(container);
                var result = scheduler.Place(container);
                for (var i = 0; i < model.Nodes.Count; i++)
                {
                    var name = model.Nodes[i].Spec.Name;
                    PropertyFailure.Unless(
                        strategy.Eligible.TryGetValue(name, out var eligible) && eligible == (verdicts[i] is null),
                        () => $"{container.Name}: the view says {name} is {(strategy.Eligible.TryGetValue(name, out var e) ? (e ? "eligible" : "not eligible") : "absent")}, the rules say {verdicts[i] ?? "eligible"}");
                }

                var unrestricted = container.NodeSelector is null && container.Affinity.Count + container.AntiAffinity.Count + container.TopologySpread.Count == 0
                    && model.Nodes.All(n => n.Spec.Taints.All(container.Tolerations.Contains));
                PropertyFailure.Unless(
                    !unrestricted || strategy.EligibleNodesWasEmpty,
                    () => $"{container.Name} has no rule that restricts it, but ClusterView.EligibleNodes was not empty");
                var expected = Enumerable.Range(0, model.Nodes.Count).LastOrDefault(i => model.Violation(container, i, verdicts) is null, -1);
                PropertyFailure.Unless(
                    result.Node == (expected < 0 ? null : model.Nodes[expected].Spec.Name),
                    () => $"{container.Name} went to {result.Node ?? "<nowhere>"}, the last node that may take it is {(expected < 0 ? "<none>" : model.Nodes[expected].Spec.Name)}");
            }

            return true;
        }));
    }

    /// <summary>
    /// The promise in <see cref="TopologySpreadConstraint"/>'s remarks: when every container the selector matches
    /// carries the constraint (and none was placed before), the domains' counts never differ by more than the skew.
    /// </summary>
    [Theory]
    [MemberData(nameof(StrategyNames))]
    public void PlaceBatch_EveryMatchingContainerCarriesTheSpread_CountsStayWithinTheSkew(string strategy)
    {
        var inputs =
            from workload in RuleGenerators.BatchWorkloads()
            from key in Gen.Elements(AffinityTerm.NodeTopology, "zone", "rack")
            from maxSkew in Gen.Choose(1, 3)
            from spreading in Gen.ArrayOf(Gen.Elements(false, true, true), workload.Containers.Length)
            let rule = new TopologySpreadConstraint(key, maxSkew, new LabelSelector(requirements: [new LabelRequirement("tier", LabelOperator.In, ["spread"])]))
            select workload with
            {
                Containers = workload.Containers
                    .Select((c, i) => spreading[i] ? c with { Tier = "spread", Spread = [.. c.Spread, rule] } : c with { Tier = c.Tier is null ? null : "front" })
                    .ToArray(),
            };
        Check.One(Quick, Prop.ForAll(Arb.From(inputs, RuleGenerators.ShrinkBatch), workload =>
        {
            var cluster = workload.Cluster.Build();
            var model = RuleModel.Of(cluster);
            var specs = workload.Specs();
            var rule = workload.Containers.SelectMany(c => c.Spread).FirstOrDefault(r => r.Selector.Requirements.Any(q => q.Values.Contains("spread")));
            if (rule is null || workload.Containers.Any(c => c.Tier == "spread" && !c.Spread.Contains(rule)))
            {
                return true; // Shrinking dropped the premise: not every matching container carries the constraint.
            }

            foreach (var (name, node) in new Scheduler(cluster, PlacementStrategies.Create(strategy)).PlaceBatch(specs, workload.Ordering).Placements)
            {
                model.Place(specs.Single(c => c.Name == name), model.IndexOf(node));
                var counts = model.Nodes.Select((n, i) => (Domain: model.DomainOf(i, rule.TopologyKey), Count: n.Containers.Count(c => c.Labels.GetValueOrDefault("tier") == "spread")))
                    .Where(p => p.Domain is not null)
                    .GroupBy(p => p.Domain, StringComparer.Ordinal)
                    .Select(g => (Domain: g.Key, Count: g.Sum(p => p.Count)))
                    .ToList();
                PropertyFailure.Unless(
                    counts.Count == 0 || counts.Max(c => c.Count) - counts.Min(c => c.Count) <= rule.MaxSkew,
                    () => $"after {name} → {node}, counts per {rule.TopologyKey} are {string.Join(",", counts.Select(c => $"{c.Domain}:{c.Count}"))}, max skew {rule.MaxSkew}");
            }

            return true;
        }));
    }

    /// <summary>
    /// After every step of a random churn (rule-bearing placements and batches, releases, node removals often enough to
    /// compact the columns, additions, state changes), rule-bearing probes are decided exactly as on a cluster built
    /// afresh with the same state: the per-selector counts and label indexes never go stale.
    /// </summary>
    [Theory]
    [MemberData(nameof(StrategyNames))]
    public void Place_AfterAnyChurn_DecidesAsOnAFreshClusterWithTheSameState(string strategy) =>
        Check.One(Quick.WithMaxTest(100), Prop.ForAll(RuleOperations.ScenarioArb(), scenario =>
            PropertyFailure.None(new ChurnRunner(scenario, strategy).Run())));

    /// <summary>The generators exercise every rule: over a fixed sample, each kind both lets containers through and keeps some out.</summary>
    [Fact]
    public void Generators_FixedSample_ExerciseEveryRuleBothWays()
    {
        var placedWith = new Dictionary<string, int>(StringComparer.Ordinal);
        var blockedBy = new Dictionary<string, int>(StringComparer.Ordinal);
        var compacted = 0;
        foreach (var workload in Gen.Sample(RuleGenerators.BatchWorkloads(), 200, new Rnd(20260401UL), 50))
        {
            compacted += workload.Cluster.Early.Count(n => n.Ghost) >= 32 ? 1 : 0;
            var cluster = workload.Cluster.Build();
            var model = RuleModel.Of(cluster);
            var result = new Scheduler(cluster, PlacementStrategies.FirstFit()).PlaceBatch(workload.Specs(), workload.Ordering);
            foreach (var container in workload.Containers.Where(c => result.Placements.Any(p => p.Container == c.Name)))
            {
                foreach (var kind in Kinds(container))
                {
                    placedWith[kind] = placedWith.GetValueOrDefault(kind) + 1;
                }
            }

            foreach (var spec in workload.Specs().Where(s => s.DependsOn.Count == 0))
            {
                foreach (var verdict in model.RuleVerdicts(spec).OfType<string>())
                {
                    var kind = verdict.Split(' ')[0];
                    blockedBy[kind] = blockedBy.GetValueOrDefault(kind) + 1;
                }
            }
        }

        Assert.All(["tolerations", "selector", "affinity", "anti-affinity", "spread"], kind => Assert.True(placedWith.GetValueOrDefault(kind) > 20, $"{kind}: {placedWith.GetValueOrDefault(kind)} placed"));
        Assert.All(["taint", "node", "affinity", "anti-affinity", "spread"], kind => Assert.True(blockedBy.GetValueOrDefault(kind) > 20, $"{kind}: {blockedBy.GetValueOrDefault(kind)} blocked"));
        Assert.True(compacted > 20, $"{compacted} clusters removed 32 or more ghost nodes");

        static IEnumerable<string> Kinds(ContainerDraft c)
        {
            if (c.Tolerations.Length > 0)
            {
                yield return "tolerations";
            }

            if (c.NodeSelector is not null)
            {
                yield return "selector";
            }

            if (c.Affinity.Length > 0)
            {
                yield return "affinity";
            }

            if (c.AntiAffinity.Length > 0)
            {
                yield return "anti-affinity";
            }

            if (c.Spread.Length > 0)
            {
                yield return "spread";
            }
        }
    }

    private static LabelSelector Merge(LabelSelector? first, LabelSelector second)
    {
        if (first is null)
        {
            return second;
        }

        var labels = new Dictionary<string, string>(first.MatchLabels, StringComparer.Ordinal);
        foreach (var (key, value) in second.MatchLabels)
        {
            if (!labels.TryAdd(key, value) && labels[key] != value)
            {
                // Two different values for one key: keep both as requirements, which no node satisfies — still a narrowing.
                return new LabelSelector(labels, [.. first.Requirements, .. second.Requirements, new LabelRequirement(key, LabelOperator.In, [value])]);
            }
        }

        return new LabelSelector(labels, [.. first.Requirements, .. second.Requirements]);
    }

    /// <summary>Runs a churn on one cluster and, after every step, probes it and a fresh cluster with the same state.</summary>
    private sealed class ChurnRunner(ChurnScenario scenario, string strategy)
    {
        private readonly string[] _dimensions = scenario.Cluster.Dimensions;
        private int _next;

        public string? Run()
        {
            var cluster = scenario.Cluster.Build();
            var problem = Probe(cluster);
            for (var k = 0; k < scenario.Operations.Length && problem is null; k++)
            {
                var operation = scenario.Operations[k];
                problem = Apply(cluster, operation) ?? ClusterInvariants.Violation(cluster) ?? Probe(cluster);
                if (problem is not null)
                {
                    return $"after op #{k} ({operation}): {problem}";
                }
            }

            return problem is null ? null : $"before any op: {problem}";
        }

        private string? Apply(ClusterState cluster, RuleOperation operation)
        {
            var scheduler = new Scheduler(cluster, PlacementStrategies.Create(strategy));
            switch (operation)
            {
                case PlaceRuledOperation place:
                {
                    var before = RuleModel.Of(cluster);
                    var spec = (place.Container with { Name = $"x{_next++}" }).ToSpec(_dimensions);
                    return RuleChecker.CheckBatch(before, [spec], AsBatch(scheduler.Place(spec)), cluster);
                }

                case PlaceRuledBatchOperation batch:
                {
                    var before = RuleModel.Of(cluster);
                    var specs = batch.Containers.Select(c => (c with { Name = $"x{_next++}" }).ToSpec(_dimensions)).ToArray();
                    return RuleChecker.CheckBatch(before, specs, scheduler.PlaceBatch(specs), cluster);
                }

                case ReleaseRuledOperation release:
                {
                    var placed = cluster.Nodes.SelectMany(n => cluster.GetContainersOn(n.Name)).ToList();
                    if (placed.Count > 0)
                    {
                        cluster.Release(placed[release.Pick % placed.Count]);
                    }

                    return null;
                }

                case RemoveNodesOperation remove:
                {
                    var nodes = cluster.Nodes.Select(n => n.Name).ToList();
                    foreach (var name in Enumerable.Range(0, Math.Min(remove.Count, nodes.Count)).Select(i => nodes[(remove.Pick + i) % nodes.Count]))
                    {
                        foreach (var container in cluster.GetContainersOn(name))
                        {
                            cluster.Release(container);
                        }

                        cluster.RemoveNode(name);
                    }

                    return null;
                }

                case AddRuleNodesOperation add:
                {
                    var named = add.Nodes.Select(n => (Name: $"a{_next++}", Node: n)).ToList();
                    cluster.AddNodes(named.Select(p => p.Node.ToSpec(p.Name, _dimensions)));
                    foreach (var (name, node) in named)
                    {
                        foreach (var container in node.PreplacedSpecs($"{name}-pre", _dimensions))
                        {
                            cluster.Bind(container, name);
                        }
                    }

                    foreach (var (name, node) in named.Where(p => p.Node.State != NodeState.Ready))
                    {
                        cluster.SetNodeState(name, node.State);
                    }

                    return null;
                }

                case SetRuleNodeStateOperation set:
                {
                    var nodes = cluster.Nodes;
                    if (nodes.Count > 0)
                    {
                        cluster.SetNodeState(nodes[set.Pick % nodes.Count].Name, set.State);
                    }

                    return null;
                }

                default:
                    return $"unknown operation {operation}";
            }
        }

        /// <summary>Places the probes one by one on the churned cluster and on a fresh copy; the decisions must agree.</summary>
        private string? Probe(ClusterState cluster)
        {
            var model = RuleModel.Of(cluster);
            var fresh = model.Rebuild();
            var columns = ViewColumns(cluster);
            if (columns != ViewColumns(fresh) || columns != model.ExpectedViewColumns())
            {
                return $"the view's columns by node differ:{Environment.NewLine}churned {columns}{Environment.NewLine}fresh   {ViewColumns(fresh)}{Environment.NewLine}model   {model.ExpectedViewColumns()}";
            }

            var churned = new Scheduler(cluster, PlacementStrategies.Create(strategy));
            var rebuilt = new Scheduler(fresh, PlacementStrategies.Create(strategy));
            var placed = new List<string>();
            string? problem = null;
            foreach (var spec in scenario.Probes.Select(p => p.ToSpec(_dimensions)))
            {
                var actual = churned.Place(spec);
                var expected = rebuilt.Place(spec);
                if (actual.IsPlaced)
                {
                    placed.Add(spec.Name);
                }

                problem ??= actual.Node != expected.Node
                    ? $"{spec.Name} went to {actual.Node ?? "<nowhere>"}, on a fresh cluster with the same state to {expected.Node ?? "<nowhere>"}"
                    : actual.Failure?.Message != expected.Failure?.Message
                    ? $"{spec.Name} unplaced because '{actual.Failure?.Message}', on a fresh cluster because '{expected.Failure?.Message}'"
                    : null;
            }

            placed.Reverse();
            placed.ForEach(name => cluster.Release(name));
            return problem;
        }

        /// <summary>Per live node index, in order: name, available and capacity per dimension, container count.</summary>
        private static string ViewColumns(ClusterState cluster)
        {
            var view = cluster.CreateView();
            var parts = new List<string>();
            for (var i = 0; i < view.NodeCount; i++)
            {
                if (!cluster.ContainsNode(SafeName(view, i) ?? "\0"))
                {
                    continue;
                }

                var available = new long[view.DimensionCount];
                var capacity = new long[view.DimensionCount];
                for (var d = 0; d < view.DimensionCount; d++)
                {
                    available[d] = view.Available(d)[i];
                    capacity[d] = view.Capacity(d)[i];
                }

                parts.Add($"{view.GetNodeName(i)}:{string.Join("/", available)}|{string.Join("/", capacity)}#{view.ContainerCounts[i]}");
            }

            return string.Join(" ", parts);
        }

        private static string? SafeName(ClusterView view, int i)
        {
            try
            {
                return view.GetNodeName(i);
            }
            catch (InvalidOperationException)
            {
                return null;
            }
        }

        private static BatchPlacementResult AsBatch(PlacementResult result) =>
            result.IsPlaced
                ? new BatchPlacementResult([new ContainerScheduling.Placement(result.Container, result.Node)], [])
                : new BatchPlacementResult([], [new UnplacedContainer(result.Container, result.Failure)]);
    }
}

/// <summary>A user strategy: the last node the view's <see cref="ClusterView.Fits"/> admits; it records what <see cref="ClusterView.IsEligible"/> says per node.</summary>
internal sealed class LastEligibleFitStrategy : IPlacementStrategy
{
    public Dictionary<string, bool> Eligible { get; } = new(StringComparer.Ordinal);

    public bool EligibleNodesWasEmpty { get; private set; }

    public string Name => "last-eligible-fit";

    public int SelectNode(in ClusterView cluster, ReadOnlySpan<long> request)
    {
        Eligible.Clear();
        EligibleNodesWasEmpty = cluster.EligibleNodes.IsEmpty;
        var chosen = -1;
        for (var i = 0; i < cluster.NodeCount; i++)
        {
            string name;
            try
            {
                name = cluster.GetNodeName(i);
            }
            catch (InvalidOperationException)
            {
                continue;
            }

            Eligible[name] = cluster.IsEligible(i);
            if (cluster.Fits(i, request))
            {
                chosen = i;
            }
        }

        return chosen;
    }
}
