using System;
using System.Collections.Generic;
using System.Linq;
using FsCheck;
using FsCheck.Fluent;

namespace ContainerScheduling.Tests;

/// <summary>
/// FsCheck generators of clusters with labels, taints, container limits and labelled containers, and of workloads
/// whose containers carry every kind of placement rule and dependencies, with shrinkers.
/// </summary>
/// <remarks>
/// Clusters have 1–70 live nodes labelled <c>zone</c> ∈ {a, b, c} (a fifth without) and <c>rack</c> ∈ {r0 … r4} (a
/// tenth without), tainted <c>gpu</c> / <c>spot</c> in some clusters, mostly without a container limit, some cordoned
/// or down, with containers labelled <c>app</c> ∈ {web, db, cache, batch} already bound, and often ghost nodes that
/// are removed while the cluster is built (32 or more of them often enough to compact the columns). Rules use the
/// topology keys <c>node</c>, <c>zone</c>, <c>rack</c> and <c>region</c> (a key no node has), and selectors with
/// match labels and all four operators.
/// </remarks>
internal static class RuleGenerators
{
    public static readonly string[] Apps = ["web", "db", "cache", "batch"];
    public static readonly string[] Zones = ["a", "b", "c"];
    public static readonly string[] Racks = ["r0", "r1", "r2", "r3", "r4"];
    public static readonly string[] TaintNames = ["gpu", "spot"];
    public static readonly OrderingPolicy[] Orderings = [OrderingPolicy.Arrival, OrderingPolicy.LargestFirst, OrderingPolicy.SmallestFirst];

    public static Gen<string[]> Dimensions() =>
        Gen.Elements<string[]>(["cpu"], ["cpu", "memory"], ["memory", "cpu", "gpu"]);

    public static Gen<long> CapacityAmount() => Gen.Frequency(
        (1, Gen.Constant(0L)),
        (12, Gen.Choose(8, 64).Select(x => x * 125L)));

    public static Gen<long> RequestAmount() => Gen.Frequency(
        (20, Gen.Constant(0L)),
        (40, Gen.Choose(1, 8).Select(x => x * 125L)),
        (8, Gen.Choose(1, 4).Select(x => x * 1000L)),
        (1, Gen.Constant(ClusterGenerators.TooBig)));

    public static Gen<long[]> Request(int dimensions) => Gen.ArrayOf(RequestAmount(), dimensions);

    public static Gen<string[]> NonEmptySubset(string[] pool) =>
        from count in Gen.Choose(1, pool.Length)
        from shuffled in Gen.Shuffle(pool)
        select shuffled.Take(count).ToArray();

    public static Gen<string?> Maybe(string[] pool, int present, int absent) =>
        Gen.Frequency((present, Gen.Elements(pool).Select(v => (string?)v)), (absent, Gen.Constant((string?)null)));

    public static Gen<RuleClusterModel> Clusters() => Clusters(1, 70);

    public static Gen<RuleClusterModel> Clusters(int minLive, int maxLive) =>
        from dimensions in Dimensions()
        from typeCount in Gen.Choose(1, 3)
        from types in Gen.ArrayOf(Gen.ArrayOf(CapacityAmount(), dimensions.Length), typeCount)
        from taintPercent in Gen.Elements(0, 15, 40)
        from limitPercent in Gen.Elements(0, 0, 10, 30)
        from notReadyPercent in Gen.Elements(0, 10, 30)
        from oneOffs in Gen.Elements(0, 1)
        from live in Gen.Choose(minLive, maxLive)
        from lateCount in Gen.Frequency((3, Gen.Constant(0)), (1, Gen.Choose(0, live)))
        from ghosts in Gen.Frequency((3, Gen.Constant(0)), (1, Gen.Choose(1, 10)), (2, Gen.Choose(32, 64)))
        from earlyLive in Gen.ArrayOf(Node(dimensions.Length, types, false, taintPercent, limitPercent, notReadyPercent, oneOffs), live - lateCount)
        from ghostNodes in Gen.ArrayOf(Node(dimensions.Length, types, true, taintPercent, limitPercent, 0, oneOffs), ghosts)
        from early in Gen.Shuffle(earlyLive.Concat(ghostNodes))
        from late in Gen.ArrayOf(Node(dimensions.Length, types, false, taintPercent, limitPercent, notReadyPercent, oneOffs), lateCount)
        from oneByOne in Gen.Elements(false, true)
        select new RuleClusterModel(dimensions, early, late, oneByOne);

    /// <summary>
    /// A node; <paramref name="taintPercent"/>, <paramref name="limitPercent"/>, <paramref name="notReadyPercent"/> are
    /// the odds of each; with <paramref name="oneOffWeight"/> 0 its capacity is one of <paramref name="types"/>, so that
    /// even large clusters keep within the 16 machine shapes of the keyed scans.
    /// </summary>
    public static Gen<RuleNodeModel> Node(int dimensions, long[][] types, bool ghost, int taintPercent, int limitPercent, int notReadyPercent, int oneOffWeight = 1) =>
        from capacity in oneOffWeight == 0 ? Gen.Elements(types) : Gen.Frequency((4, Gen.Elements(types)), (oneOffWeight, Gen.ArrayOf(CapacityAmount(), dimensions)))
        from zone in Maybe(Zones, 4, 1)
        from rack in Maybe(Racks, 9, 1)
        from taintRoll in Gen.Choose(0, 99)
        from taints in NonEmptySubset(TaintNames)
        from limitRoll in Gen.Choose(0, 99)
        from limit in Gen.Choose(0, 4)
        from stateRoll in Gen.Choose(0, 99)
        from down in Gen.Elements(false, true)
        from count in Gen.Frequency((3, Gen.Constant(0)), (3, Gen.Constant(1)), (2, Gen.Constant(2)), (1, Gen.Constant(3)))
        from apps in Gen.ArrayOf(Maybe(Apps, 4, 1), count)
        from permilles in Gen.ArrayOf(Gen.ArrayOf(Gen.Choose(0, 300), dimensions), count)
        let max = limitRoll < limitPercent ? limit : (int?)null
        select new RuleNodeModel(
            capacity,
            zone,
            rack,
            taintRoll < taintPercent ? taints : [],
            max,
            stateRoll >= notReadyPercent ? NodeState.Ready : down ? NodeState.Down : NodeState.Cordoned,
            ghost,
            Preplaced(capacity, apps, permilles).Take(Math.Min(count, max ?? count)).ToArray());

    /// <summary>Each container takes a share of what the earlier ones left, so they always fit.</summary>
    private static PreplacedModel[] Preplaced(long[] capacity, string?[] apps, int[][] permilles)
    {
        var remaining = (long[])capacity.Clone();
        var containers = new PreplacedModel[apps.Length];
        for (var k = 0; k < apps.Length; k++)
        {
            var request = new long[capacity.Length];
            for (var d = 0; d < capacity.Length; d++)
            {
                request[d] = remaining[d] * permilles[k][d] / 1000;
                remaining[d] -= request[d];
            }

            containers[k] = new PreplacedModel(apps[k], request);
        }

        return containers;
    }

    /// <summary>Selectors over containers' <c>app</c> and <c>tier</c> labels.</summary>
    public static Gen<LabelSelector> ContainerSelector() => Gen.Frequency(
        (4, Gen.Elements(Apps).Select(app => Match("app", app))),
        (2, NonEmptySubset(Apps).Select(values => Require("app", LabelOperator.In, values))),
        (2, NonEmptySubset(Apps).Select(values => Require("app", LabelOperator.NotIn, values))),
        (1, Gen.Elements("app", "tier").Select(key => Require(key, LabelOperator.Exists))),
        (1, Gen.Elements("app", "tier").Select(key => Require(key, LabelOperator.DoesNotExist))),
        (1, from app in Gen.Elements(Apps)
            from tier in Gen.Elements("front", "back")
            select new LabelSelector(new Dictionary<string, string> { ["app"] = app }, [new LabelRequirement("tier", LabelOperator.In, [tier])])),
        (1, Gen.Constant(new LabelSelector())));

    /// <summary>Selectors over nodes' <c>zone</c> and <c>rack</c> labels (and <c>region</c>, which no node has).</summary>
    public static Gen<LabelSelector> NodeSelector() => Gen.Frequency(
        (3, Gen.Elements(Zones).Select(zone => Match("zone", zone))),
        (2, NonEmptySubset(Zones).Select(values => Require("zone", LabelOperator.In, values))),
        (2, NonEmptySubset(Zones).Select(values => Require("zone", LabelOperator.NotIn, values))),
        (1, Gen.Elements("zone", "rack").Select(key => Require(key, LabelOperator.Exists))),
        (1, Gen.Elements("zone", "rack").Select(key => Require(key, LabelOperator.DoesNotExist))),
        (2, NonEmptySubset(Racks).Select(values => Require("rack", LabelOperator.In, values))),
        (1, from zone in Gen.Elements(Zones)
            from racks in NonEmptySubset(Racks)
            select new LabelSelector(new Dictionary<string, string> { ["zone"] = zone }, [new LabelRequirement("rack", LabelOperator.NotIn, racks)])),
        (1, Gen.Constant(Require("region", LabelOperator.Exists))));

    public static Gen<string> TopologyKey() => Gen.Frequency(
        (3, Gen.Constant(AffinityTerm.NodeTopology)),
        (3, Gen.Constant("zone")),
        (2, Gen.Constant("rack")),
        (1, Gen.Constant("region")));

    public static Gen<AffinityTerm> Term() =>
        from selector in ContainerSelector()
        from key in TopologyKey()
        select new AffinityTerm(selector, key);

    public static Gen<TopologySpreadConstraint> SpreadRule() =>
        from key in TopologyKey()
        from maxSkew in Gen.Frequency((3, Gen.Constant(1)), (2, Gen.Choose(2, 3)))
        from selector in ContainerSelector()
        select new TopologySpreadConstraint(key, maxSkew, selector);

    public static Gen<T[]> FewOf<T>(Gen<T> item) =>
        Gen.Frequency((6, Gen.Constant(Array.Empty<T>())), (2, Gen.ArrayOf(item, 1)), (1, Gen.ArrayOf(item, 2)));

    /// <summary>A container whose dependencies are a few of <paramref name="earlier"/>.</summary>
    public static Gen<ContainerDraft> Container(string name, string[] earlier, int dimensions) =>
        from request in Request(dimensions)
        from app in Maybe(Apps, 5, 1)
        from tier in Gen.Elements<string?>(null, null, "front", "back")
        from tolerations in Gen.Frequency((3, Gen.Constant(Array.Empty<string>())), (2, Gen.SubListOf(TaintNames).Select(list => list.ToArray())))
        from nodeSelector in Gen.Frequency((4, Gen.Constant((LabelSelector?)null)), (1, NodeSelector().Select(s => (LabelSelector?)s)))
        from affinity in FewOf(Term())
        from antiAffinity in FewOf(Term())
        from spread in FewOf(SpreadRule())
        from dependsOn in Dependencies(earlier)
        select new ContainerDraft(name, request, app, tier, tolerations, nodeSelector, affinity, antiAffinity, spread, dependsOn);

    /// <summary>None, one or two (distinct) names of <paramref name="earlier"/>.</summary>
    public static Gen<string[]> Dependencies(string[] earlier) =>
        earlier.Length == 0
            ? Gen.Constant(Array.Empty<string>())
            : from count in Gen.Frequency((3, Gen.Constant(0)), (2, Gen.Constant(1)), (1, Gen.Constant(2)))
              from picks in Gen.ArrayOf(Gen.Elements(earlier), count)
              select picks.Distinct().ToArray();

    /// <summary>A task of 1–6 containers whose dependencies point at earlier containers, given in shuffled order.</summary>
    public static Gen<TaskDraft> Task(int index, string[] earlierTasks, int dimensions) =>
        from size in Gen.Choose(1, 6)
        from containers in Gen.CollectToArray(
            Enumerable.Range(0, size),
            j => Container($"t{index}c{j}", Enumerable.Range(0, j).Select(k => $"t{index}c{k}").ToArray(), dimensions))
        from shuffled in Gen.Shuffle(containers)
        from dependsOn in Dependencies(earlierTasks)
        select new TaskDraft($"t{index}", shuffled, dependsOn);

    public static Gen<TaskWorkload> TaskWorkloads() =>
        from cluster in Clusters()
        from count in Gen.Choose(1, 8)
        from tasks in Gen.CollectToArray(
            Enumerable.Range(0, count),
            t => Task(t, Enumerable.Range(0, t).Select(k => $"t{k}").ToArray(), cluster.Dimensions.Length))
        from shuffled in Gen.Shuffle(tasks)
        from ordering in Gen.Elements(Orderings)
        from weights in ClusterGenerators.Weights(cluster.Dimensions.Length)
        select new TaskWorkload(cluster, shuffled, ordering, weights);

    public static Gen<BatchWorkload> BatchWorkloads() =>
        from cluster in Clusters()
        from count in Gen.Choose(1, 30)
        from containers in Gen.CollectToArray(
            Enumerable.Range(0, count),
            j => Container($"b{j}", Enumerable.Range(0, j).Select(k => $"b{k}").ToArray(), cluster.Dimensions.Length))
        from shuffled in Gen.Shuffle(containers)
        from ordering in Gen.Elements(Orderings)
        from weights in ClusterGenerators.Weights(cluster.Dimensions.Length)
        select new BatchWorkload(cluster, shuffled, ordering, weights);

    public static Arbitrary<TaskWorkload> TaskWorkloadArb() => Arb.From(TaskWorkloads(), ShrinkTasks);

    public static Arbitrary<BatchWorkload> BatchWorkloadArb() => Arb.From(BatchWorkloads(), ShrinkBatch);

    /// <summary>Fewer nodes (halves, all ghosts, the late ones, then one at a time), then simpler nodes.</summary>
    public static IEnumerable<RuleClusterModel> ShrinkCluster(RuleClusterModel cluster)
    {
        var early = cluster.Early;
        if (early.Length > 1)
        {
            yield return cluster with { Early = early[..(early.Length / 2)] };
            yield return cluster with { Early = early[(early.Length / 2)..] };
        }

        if (early.Any(n => n.Ghost))
        {
            yield return cluster with { Early = early.Where(n => !n.Ghost).ToArray() };
        }

        if (cluster.Late.Length > 0)
        {
            yield return cluster with { Late = [], Early = [.. early, .. cluster.Late] };
            yield return cluster with { Late = [] };
        }

        for (var i = early.Length - 1; i >= 0; i--)
        {
            yield return cluster with { Early = [.. early[..i], .. early[(i + 1)..]] };
        }

        for (var i = cluster.Late.Length - 1; i >= 0; i--)
        {
            yield return cluster with { Late = [.. cluster.Late[..i], .. cluster.Late[(i + 1)..]] };
        }

        if (cluster.AddOneByOne)
        {
            yield return cluster with { AddOneByOne = false };
        }

        foreach (var (simpler, i) in early.SelectMany((n, i) => SimplerNodes(n).Select(s => (s, i))))
        {
            var nodes = (RuleNodeModel[])early.Clone();
            nodes[i] = simpler;
            yield return cluster with { Early = nodes };
        }

        foreach (var (simpler, i) in cluster.Late.SelectMany((n, i) => SimplerNodes(n).Select(s => (s, i))))
        {
            var nodes = (RuleNodeModel[])cluster.Late.Clone();
            nodes[i] = simpler;
            yield return cluster with { Late = nodes };
        }
    }

    private static IEnumerable<RuleNodeModel> SimplerNodes(RuleNodeModel node)
    {
        if (node.Preplaced.Length > 0)
        {
            yield return node with { Preplaced = [] };
        }

        if (node.State != NodeState.Ready)
        {
            yield return node with { State = NodeState.Ready };
        }

        if (node.Taints.Length > 0)
        {
            yield return node with { Taints = [] };
        }

        if (node.MaxContainers is not null)
        {
            yield return node with { MaxContainers = null };
        }
    }

    public static IEnumerable<TaskWorkload> ShrinkTasks(TaskWorkload workload)
    {
        var tasks = workload.Tasks;
        for (var t = 0; t < tasks.Length; t++)
        {
            var gone = tasks[t].Name;
            yield return workload with
            {
                Tasks = tasks.Where((_, i) => i != t).Select(task => task with { DependsOn = task.DependsOn.Where(d => d != gone).ToArray() }).ToArray(),
            };
        }

        for (var t = 0; t < tasks.Length; t++)
        {
            foreach (var containers in ShrinkContainers(tasks[t].Containers, minimum: 1))
            {
                var copy = (TaskDraft[])tasks.Clone();
                copy[t] = tasks[t] with { Containers = containers };
                yield return workload with { Tasks = copy };
            }

            if (tasks[t].DependsOn.Length > 0)
            {
                var copy = (TaskDraft[])tasks.Clone();
                copy[t] = tasks[t] with { DependsOn = [] };
                yield return workload with { Tasks = copy };
            }
        }

        foreach (var cluster in ShrinkCluster(workload.Cluster))
        {
            yield return workload with { Cluster = cluster };
        }
    }

    public static IEnumerable<BatchWorkload> ShrinkBatch(BatchWorkload workload)
    {
        foreach (var containers in ShrinkContainers(workload.Containers, minimum: 0))
        {
            yield return workload with { Containers = containers };
        }

        foreach (var cluster in ShrinkCluster(workload.Cluster))
        {
            yield return workload with { Cluster = cluster };
        }
    }

    /// <summary>One container fewer (its name dropped from the others' dependencies), or one container simpler.</summary>
    public static IEnumerable<ContainerDraft[]> ShrinkContainers(ContainerDraft[] containers, int minimum)
    {
        if (containers.Length > minimum)
        {
            for (var i = 0; i < containers.Length; i++)
            {
                var gone = containers[i].Name;
                yield return containers.Where((_, k) => k != i).Select(c => c with { DependsOn = c.DependsOn.Where(d => d != gone).ToArray() }).ToArray();
            }
        }

        for (var i = 0; i < containers.Length; i++)
        {
            foreach (var simpler in containers[i].Simpler())
            {
                var copy = (ContainerDraft[])containers.Clone();
                copy[i] = simpler;
                yield return copy;
            }
        }
    }

    private static LabelSelector Match(string key, string value) => new(new Dictionary<string, string> { [key] = value });

    private static LabelSelector Require(string key, LabelOperator labelOperator, string[]? values = null) =>
        new(requirements: [new LabelRequirement(key, labelOperator, values)]);
}
