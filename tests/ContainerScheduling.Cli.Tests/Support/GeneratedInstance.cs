using System;
using System.Collections.Generic;
using System.Linq;
using System.Text;

namespace ContainerScheduling.Cli.Tests.Support;

/// <summary>A node of a generated instance: capacity pairs in file order (a missing key means 0).</summary>
internal sealed record TestNode(string Name, List<KeyValuePair<string, long>> Capacity, string State);

/// <summary>A container of a generated instance: request pairs in file order.</summary>
internal sealed record TestContainer(string Name, List<KeyValuePair<string, long>> Requests);

/// <summary>
/// A random cluster and workload the CLI has never seen: heterogeneous nodes drawn from a few shapes (so that
/// scores tie often), some cordoned or down, keys listed in varying order or left out, and sometimes a dimension
/// that only the workload names.
/// </summary>
internal sealed record GeneratedInstance(List<TestNode> Nodes, List<TestContainer> Containers, int Seed)
{
    private static readonly long[] Cpus = [2_000, 4_000, 8_000, 16_000];
    private static readonly long[] Memories = [4_096, 8_192, 16_384];
    private static readonly long[] Disks = [50_000, 100_000];
    private static readonly long[] Gpus = [1_000, 2_000, 4_000];

    public static GeneratedInstance Create(int nodeCount, int containerCount, int seed)
    {
        var random = new Random(seed);
        var nodes = new List<TestNode>();
        for (var i = 0; i < nodeCount; i++)
        {
            var capacity = new List<KeyValuePair<string, long>>
            {
                new("cpu", Pick(random, Cpus)),
                new("memory", Pick(random, Memories)),
            };
            if (random.Next(5) > 0)
            {
                capacity.Add(new("disk", Pick(random, Disks)));
            }

            if (random.Next(4) == 0)
            {
                capacity.Add(new("gpu", Pick(random, Gpus)));
            }
            else if (random.Next(6) == 0)
            {
                capacity.Add(new("gpu", 0));
            }

            // The first-seen order of dimensions, and so the order of the score's sum, depends on the first nodes.
            if (random.Next(3) == 0)
            {
                capacity.Reverse();
            }

            var state = random.Next(10) switch
            {
                0 => "cordoned",
                1 => "down",
                2 => "ready",
                _ => string.Empty,
            };
            nodes.Add(new TestNode($"node-{i}", capacity, state));
        }

        var workloadOnlyDimension = random.Next(3) == 0;
        var containers = new List<TestContainer>();
        for (var i = 0; i < containerCount; i++)
        {
            var requests = new List<KeyValuePair<string, long>>();
            if (random.Next(8) > 0)
            {
                requests.Add(new("cpu", 250L * random.Next(1, 17)));
            }

            if (random.Next(8) > 0)
            {
                requests.Add(new("memory", 512L * random.Next(1, 17)));
            }

            if (random.Next(3) == 0)
            {
                requests.Add(new("disk", 5_000L * random.Next(0, 6)));
            }

            if (random.Next(6) == 0)
            {
                requests.Add(new("gpu", 500L * random.Next(1, 5)));
            }

            if (workloadOnlyDimension && random.Next(10) == 0)
            {
                requests.Add(new("fpga", random.Next(0, 2)));
            }

            if (random.Next(4) == 0)
            {
                requests.Reverse();
            }

            containers.Add(new TestContainer($"c-{i}", requests));
        }

        return new GeneratedInstance(nodes, containers, seed);
    }

    /// <summary>Smaller instances for FsCheck to try when a property fails: fewer containers, then fewer nodes.</summary>
    public IEnumerable<GeneratedInstance> Shrink()
    {
        if (Containers.Count > 1)
        {
            yield return this with { Containers = Containers.Take(Containers.Count / 2).ToList() };
            yield return this with { Containers = Containers.Take(Containers.Count - 1).ToList() };
        }

        if (Nodes.Count > 1)
        {
            yield return this with { Nodes = Nodes.Take(Nodes.Count / 2).ToList() };
            yield return this with { Nodes = Nodes.Take(Nodes.Count - 1).ToList() };
        }
    }

    public string ClusterJson() => TestJson.Cluster(Nodes.Select(n => TestJson.Node(n.Name, TestJson.Amounts(n.Capacity), n.State.Length == 0 ? null : n.State)).ToArray());

    public string WorkloadJson() => TestJson.Workload(Containers.Select(c => TestJson.Container(c.Name, TestJson.Amounts(c.Requests))).ToArray());

    public override string ToString()
    {
        var text = new StringBuilder($"seed {Seed}: {Nodes.Count} nodes, {Containers.Count} containers\n");
        text.Append(ClusterJson()).Append(WorkloadJson());
        return text.ToString();
    }

    private static long Pick(Random random, long[] values) => values[random.Next(values.Length)];
}
