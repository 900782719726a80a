using System;
using System.Collections.Generic;

namespace ContainerScheduling.Benchmarks;

/// <summary>
/// A heterogeneous 4-dimension cluster held at about 90% full by first-fit placing and removing containers, built
/// the same way for every benchmark, and a pool of typical requests to place on it. Deterministic for a given node
/// count and seed.
/// </summary>
public sealed class SteadyStateCluster
{
    private static readonly string[] Dimensions = [ResourceNames.Cpu, ResourceNames.Memory, ResourceNames.Disk, ResourceNames.Gpu];

    // Four node types: cpu (milli-cores), memory (MiB), disk (MiB), gpu (milli-GPU).
    private static readonly long[][] NodeTypes =
    [
        [16_000, 65_536, 500_000, 0],
        [32_000, 131_072, 1_000_000, 0],
        [64_000, 262_144, 2_000_000, 4_000],
        [96_000, 393_216, 4_000_000, 8_000],
    ];

    private SteadyStateCluster(ClusterState cluster, NaiveCluster naive, long[][] requests, ContainerSpec[] specs)
    {
        Cluster = cluster;
        Naive = naive;
        Requests = requests;
        Specs = specs;
    }

    public ClusterState Cluster { get; }

    public NaiveCluster Naive { get; }

    /// <summary>Request vectors in schema order (cpu, memory, disk, gpu).</summary>
    public long[][] Requests { get; }

    /// <summary>The same requests as container specs with unique names.</summary>
    public ContainerSpec[] Specs { get; }

    /// <summary>
    /// Builds the cluster the way a busy one gets there: first-fit places typical containers until 90% of the
    /// cluster's cpu is allocated, then churns — remove a random running container, place new ones until 90% again
    /// — as many times as there are nodes. First-fit's early nodes end up packed and fragmented, so a
    /// first-fit decision scans past many nodes that lack room in some dimension, and the scored strategies see a
    /// mix of full and part-full nodes. Deterministic for a given node count and seed.
    /// </summary>
    public static SteadyStateCluster Create(int nodeCount, int seed = 42, int requestPoolSize = 1024, bool labelled = false, int taintEvery = 0)
    {
        var random = new Random(seed);
        var cluster = new ClusterState(new ResourceSchema(Dimensions));
        var naive = new NaiveCluster();
        var nodes = RandomNodes(nodeCount, random, labelled, taintEvery);
        cluster.AddNodes(nodes);
        foreach (var node in nodes)
        {
            naive.AddNode(node.Name, node.Capacity);
        }

        var scheduler = new Scheduler(cluster, PlacementStrategies.FirstFit());
        var running = new List<(ContainerSpec Spec, string Node)>();
        var target = (long)(0.9 * cluster.GetTotalCapacity(ResourceNames.Cpu));
        var id = 0;

        void FillToTarget()
        {
            for (var misses = 0; cluster.GetTotalAllocated(ResourceNames.Cpu) < target && misses < 64;)
            {
                var spec = new ContainerSpec($"run-{id++}", Amounts(RandomRequest(random)));
                var result = scheduler.Place(spec);
                if (!result.IsPlaced)
                {
                    misses++;
                    continue;
                }

                running.Add((spec, result.Node!));
                naive.Place(result.Node!, spec.Requests);
            }
        }

        FillToTarget();
        for (var round = 0; round < nodeCount && running.Count > 0; round++)
        {
            var victim = random.Next(running.Count);
            var (spec, node) = running[victim];
            running[victim] = running[^1];
            running.RemoveAt(running.Count - 1);
            cluster.Release(spec.Name);
            naive.Release(node, spec.Requests);
            FillToTarget();
        }

        var requests = new long[requestPoolSize][];
        var specs = new ContainerSpec[requestPoolSize];
        for (var i = 0; i < requestPoolSize; i++)
        {
            requests[i] = RandomRequest(random);
            specs[i] = new ContainerSpec($"probe-{i}", Amounts(requests[i]));
        }

        return new SteadyStateCluster(cluster, naive, requests, specs);
    }

    /// <summary>
    /// Nodes for the first <paramref name="count"/> probe containers, chosen by first-fit one after another with
    /// the earlier ones bound, then all released again: all of them can be bound at once, and each alone
    /// (releasing only adds room). Registers best-fit's key column first, as in a host that schedules with it,
    /// so that binding and releasing keep it current too.
    /// </summary>
    public string[] BindTargets(int count)
    {
        PlacementStrategies.BestFit().SelectNode(Cluster.CreateView(), Requests[0]);
        var firstFit = PlacementStrategies.FirstFit();
        var targets = new string[count];
        for (var i = 0; i < count; i++)
        {
            var view = Cluster.CreateView();
            var slot = firstFit.SelectNode(view, Requests[i]);
            targets[i] = slot < 0 ? throw new InvalidOperationException($"Probe {i} fits nowhere.") : view.GetNodeName(slot);
            Cluster.Bind(Specs[i], targets[i]);
        }

        for (var i = 0; i < count; i++)
        {
            Cluster.Release(Specs[i].Name);
        }

        return targets;
    }

    /// <summary>
    /// Nodes of the four types, drawn uniformly, named node-0, node-1, …; labelled: in zones a, b, c (node i in
    /// zone i mod 3) and racks of 40 consecutive nodes (rack-0, rack-1, …); with <paramref name="taintEvery"/> > 0,
    /// every such node from node-0 on carries the taint <c>gpu</c>.
    /// </summary>
    public static List<NodeSpec> RandomNodes(int nodeCount, Random random, bool labelled = false, int taintEvery = 0)
    {
        var nodes = new List<NodeSpec>(nodeCount);
        for (var i = 0; i < nodeCount; i++)
        {
            var capacity = Amounts(NodeTypes[random.Next(NodeTypes.Length)]);
            nodes.Add(new NodeSpec($"node-{i}", capacity)
            {
                Labels = labelled ? new Dictionary<string, string> { ["zone"] = ((char)('a' + (i % 3))).ToString(), ["rack"] = $"rack-{i / 40}" } : null!,
                Taints = taintEvery > 0 && i % taintEvery == 0 ? ["gpu"] : [],
            });
        }

        return nodes;
    }

    /// <summary>Typical containers named prefix-0, prefix-1, … until their cpu totals <paramref name="cpuTotal"/> or <paramref name="maxCount"/> is reached.</summary>
    public static List<ContainerSpec> RandomContainers(string prefix, long cpuTotal, int maxCount, Random random)
    {
        var specs = new List<ContainerSpec>();
        for (var cpu = 0L; cpu < cpuTotal && specs.Count < maxCount;)
        {
            var request = RandomRequest(random);
            specs.Add(new ContainerSpec($"{prefix}-{specs.Count}", Amounts(request)));
            cpu += request[0];
        }

        return specs;
    }

    /// <summary>A typical container: 250–4000 milli-cpu, 1–4 GiB per core, some disk, a GPU share one time in eight.</summary>
    private static long[] RandomRequest(Random random)
    {
        var cpu = 250L * random.Next(1, 17);
        var memory = cpu * random.Next(1, 5);
        var disk = 1_000L * random.Next(1, 50);
        var gpu = random.Next(8) == 0 ? 250L * random.Next(1, 5) : 0;
        return [cpu, memory, disk, gpu];
    }

    private static Dictionary<string, long> Amounts(long[] vector)
    {
        var amounts = new Dictionary<string, long>();
        for (var d = 0; d < Dimensions.Length; d++)
        {
            amounts[Dimensions[d]] = vector[d];
        }

        return amounts;
    }
}
