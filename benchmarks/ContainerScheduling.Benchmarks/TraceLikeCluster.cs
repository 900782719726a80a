using System;
using System.Collections.Generic;

namespace ContainerScheduling.Benchmarks;

/// <summary>
/// A synthetic GPU cluster with the node mix of the Alibaba GPU trace (counts of each node type, as its README
/// tables them: 1,213 nodes, 6,212 GPUs), and a seeded workload of task shapes like the trace's (CPU-only tasks,
/// shares of one GPU, whole GPUs). No row of the trace is used.
/// </summary>
internal static class TraceLikeCluster
{
    private static readonly (int Count, int Gpus, string Model, long Cpu)[] NodeTypes =
    [
        (2, 1, "A10", 128_000), (3, 1, "P100", 8_000), (19, 1, "V100M16", 8_000), (107, 2, "P100", 16_000),
        (22, 2, "P100", 64_000), (2, 2, "P100", 8_000), (387, 2, "T4", 104_000), (17, 4, "T4", 96_000),
        (28, 4, "V100M16", 32_000), (9, 4, "V100M32", 48_000), (549, 8, "G2", 96_000), (39, 8, "G3", 128_000),
        (8, 8, "V100M16", 64_000), (21, 8, "V100M32", 96_000),
    ];

    private static readonly int[] Shares = [810, 470, 320, 650, 230, 460, 590, 160, 550, 220, 370, 110];

    public static (GpuNodeSpec[] Nodes, GpuRequest[] Workload) Create(int seed)
    {
        var nodes = new List<GpuNodeSpec>();
        foreach (var (count, gpus, model, cpu) in NodeTypes)
        {
            for (var i = 0; i < count; i++)
            {
                nodes.Add(new GpuNodeSpec($"node-{nodes.Count:D4}", cpu, 512 * 1024, gpus, model));
            }
        }

        var random = new Random(seed);
        var workload = new GpuRequest[8_000];
        for (var i = 0; i < workload.Length; i++)
        {
            var kind = random.Next(100);
            var cpu = 1_000L * random.Next(1, 17);
            workload[i] = kind switch
            {
                < 13 => new GpuRequest($"task-{i}", cpu, 4_096, 0, 0),
                < 60 => new GpuRequest($"task-{i}", cpu, 8_192, 1, 1_000),
                < 97 => new GpuRequest($"task-{i}", cpu / 2, 4_096, 1, Shares[random.Next(Shares.Length)]),
                _ => new GpuRequest($"task-{i}", cpu * 4, 32_768, random.Next(2) == 0 ? 4 : 8, 1_000),
            };
        }

        return (nodes.ToArray(), workload);
    }
}
