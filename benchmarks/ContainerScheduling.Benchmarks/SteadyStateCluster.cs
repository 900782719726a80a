using System;
using System.Collections.Generic;

namespace ContainerScheduling.Benchmarks;

/// <summary>
/// A heterogeneous 4-dimension cluster held at about 90% full, built the same way for every benchmark, and a
/// pool of typical requests to place on it. Deterministic for a given node count and seed.
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
    /// Builds the cluster: each node is filled to its own level, drawn uniformly from [0.8, 1.0] of its cpu (mean
    /// 0.9), by binding random containers directly, so that some nodes have room for a typical request and most
    /// do not — the state a busy cluster reaches by placing and removing containers.
    /// </summary>
    public static SteadyStateCluster Create(int nodeCount, int seed = 42, int requestPoolSize = 1024)
    {
        var random = new Random(seed);
        var cluster = new ClusterState(new ResourceSchema(Dimensions));
        var naive = new NaiveCluster();
        var nodes = new List<NodeSpec>(nodeCount);
        for (var i = 0; i < nodeCount; i++)
        {
            var type = NodeTypes[random.Next(NodeTypes.Length)];
            nodes.Add(new NodeSpec($"node-{i}", Amounts(type)));
        }

        cluster.AddNodes(nodes);
        foreach (var node in nodes)
        {
            naive.AddNode(node.Name, node.Capacity);
        }

        var id = 0;
        foreach (var node in nodes)
        {
            var target = (long)(node.Capacity[ResourceNames.Cpu] * (0.8 + (0.2 * random.NextDouble())));
            var used = 0L;
            for (var attempt = 0; attempt < 256 && used < target; attempt++)
            {
                var request = RandomRequest(random);
                var spec = new ContainerSpec($"fill-{id++}", Amounts(request));
                if (request[0] + used > target || !Fits(cluster, node.Name, request))
                {
                    continue;
                }

                cluster.Bind(spec, node.Name);
                naive.Place(node.Name, spec.Requests);
                used += request[0];
            }
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

    /// <summary>A typical container: 250–4000 milli-cpu, 1–4 GiB per core, some disk, a GPU share one time in eight.</summary>
    private static long[] RandomRequest(Random random)
    {
        var cpu = 250L * random.Next(1, 17);
        var memory = cpu * random.Next(1, 5);
        var disk = 1_000L * random.Next(1, 50);
        var gpu = random.Next(8) == 0 ? 250L * random.Next(1, 5) : 0;
        return [cpu, memory, disk, gpu];
    }

    private static bool Fits(ClusterState cluster, string node, long[] request)
    {
        for (var d = 0; d < Dimensions.Length; d++)
        {
            if (cluster.GetFree(node, Dimensions[d]) < request[d])
            {
                return false;
            }
        }

        return true;
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
