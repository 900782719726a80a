using System.Collections.Generic;
using ContainerScheduling.Cli.Json;

namespace ContainerScheduling.Cli.Demo;

/// <summary>
/// The built-in demo: 12 heterogeneous nodes over 3 zones (2 cordoned) and 50 containers of mixed sizes, one of
/// which (<c>ml-train-xl</c>, 8 GPUs) fits on no ready node. Built in code, so it is the same on every run.
/// </summary>
internal static class DemoScenario
{
    /// <summary>The container that fits nowhere, so that every strategy shows an unplaced reason.</summary>
    public const string UnplaceableContainer = "ml-train-xl";

    /// <summary>Gets the dimensions, in schema order.</summary>
    public static IReadOnlyList<string> Dimensions { get; } =
        [ResourceNames.Cpu, ResourceNames.Memory, ResourceNames.Disk, ResourceNames.Gpu];

    /// <summary>Builds the cluster: cpu in milli-cores, memory and disk in MiB, gpu in milli-GPUs.</summary>
    public static ClusterDocument Cluster()
    {
        var cluster = new ClusterDocument();
        Add("a-general-1", "a", 16_000, 65_536, 512_000, 0);
        Add("a-general-2", "a", 16_000, 65_536, 512_000, 0);
        Add("a-compute-1", "a", 64_000, 131_072, 1_024_000, 0);
        Add("a-gpu-1", "a", 32_000, 196_608, 1_024_000, 4_000);
        Add("b-general-1", "b", 16_000, 65_536, 512_000, 0);
        Add("b-general-2", "b", 16_000, 65_536, 512_000, 0, NodeState.Cordoned);
        Add("b-memory-1", "b", 16_000, 262_144, 512_000, 0);
        Add("b-storage-1", "b", 8_000, 32_768, 4_096_000, 0);
        Add("c-general-1", "c", 16_000, 65_536, 512_000, 0);
        Add("c-compute-1", "c", 64_000, 131_072, 1_024_000, 0);
        Add("c-gpu-1", "c", 32_000, 196_608, 1_024_000, 8_000, NodeState.Cordoned);
        Add("c-small-1", "c", 4_000, 16_384, 256_000, 0);
        return cluster;

        void Add(string name, string zone, long cpu, long memory, long disk, long gpu, NodeState state = NodeState.Ready)
        {
            cluster.Nodes.Add(new NodeSpec(name, Amounts(cpu, memory, disk, gpu))
            {
                Labels = new Dictionary<string, string> { ["zone"] = zone },
            });
            cluster.States.Add(state);
        }
    }

    /// <summary>Builds the workload, in arrival order.</summary>
    public static WorkloadDocument Workload()
    {
        var workload = new WorkloadDocument();
        Add("web", 12, 500, 1_024, 2_048, 0);
        Add("api", 8, 1_000, 2_048, 4_096, 0);
        Add("worker", 8, 2_000, 4_096, 8_192, 0);
        Add("cache", 4, 1_000, 16_384, 1_024, 0);
        Add("db", 3, 4_000, 32_768, 200_000, 0);
        Add("batch", 6, 8_000, 8_192, 20_000, 0);
        Add("analytics", 2, 16_000, 65_536, 100_000, 0);
        Add("archive", 2, 1_000, 2_048, 1_500_000, 0);
        Add("ml-infer", 3, 4_000, 16_384, 50_000, 1_000);
        Add("ml-train", 1, 16_000, 98_304, 200_000, 2_000);
        workload.Containers.Add(new ContainerSpec(UnplaceableContainer, Amounts(32_000, 131_072, 500_000, 8_000)));
        return workload;

        void Add(string app, int count, long cpu, long memory, long disk, long gpu)
        {
            var labels = new Dictionary<string, string> { ["app"] = app };
            for (var i = 1; i <= count; i++)
            {
                workload.Containers.Add(new ContainerSpec($"{app}-{i:00}", Amounts(cpu, memory, disk, gpu)) { Labels = labels });
            }
        }
    }

    /// <summary>Gets the dimensions as a <see cref="ResourceDimensions"/>.</summary>
    public static ResourceDimensions ResourceDimensions()
    {
        var dimensions = new ResourceDimensions();
        foreach (var name in Dimensions)
        {
            dimensions.Add(name);
        }

        return dimensions;
    }

    private static ResourceAmounts Amounts(long cpu, long memory, long disk, long gpu)
    {
        var amounts = new List<KeyValuePair<string, long>>
        {
            new(ResourceNames.Cpu, cpu),
            new(ResourceNames.Memory, memory),
            new(ResourceNames.Disk, disk),
        };
        if (gpu > 0)
        {
            amounts.Add(new(ResourceNames.Gpu, gpu));
        }

        return new ResourceAmounts(amounts);
    }
}
