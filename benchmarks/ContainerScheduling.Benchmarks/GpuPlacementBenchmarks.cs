using System;
using System.Collections.Generic;
using BenchmarkDotNet.Attributes;

namespace ContainerScheduling.Benchmarks;

/// <summary>
/// One operation = one GPU placement decision and its undo (place one task with <see cref="GpuScheduler"/>, then
/// remove it) on a cluster with the node mix of the Alibaba GPU trace (1,213 nodes, 6,212 GPUs), filled by FGD with
/// a seeded synthetic workload to about 85% of its GPUs. The baseline is FGD written the obvious way (the way the
/// paper's simulator does it): for every fitting node and GPU, compute F before and after from the shapes.
/// </summary>
[MemoryDiagnoser]
public class GpuPlacementBenchmarks
{
    private const int Operations = 256;

    private GpuScheduler _naive = null!;
    private GpuScheduler _fgd = null!;
    private GpuScheduler _fgdCpu = null!;
    private GpuScheduler _bestFit = null!;
    private GpuDemand[] _demands = null!;

    [GlobalSetup]
    public void Setup()
    {
        var (nodes, workload) = TraceLikeCluster.Create(seed: 7);
        var model = GpuFragmentationModel.FromWorkload(workload);
        _naive = Filled(nodes, workload, model, new NaiveFgdStrategy(model));
        _fgd = Filled(nodes, workload, model, GpuPlacementStrategies.Fgd());
        _fgdCpu = Filled(nodes, workload, model, GpuPlacementStrategies.CpuAwareFgd());
        _bestFit = Filled(nodes, workload, model, GpuPlacementStrategies.BestFit());
        _demands = new GpuDemand[Operations];
        for (var i = 0; i < Operations; i++)
        {
            _demands[i] = _fgd.Cluster.Compile(workload[i]);
        }
    }

    /// <summary>FGD without the score cache or the kept F(n): every node and GPU from scratch.</summary>
    [Benchmark(Baseline = true, OperationsPerInvoke = Operations)]
    public long NaiveFgd() => Cycle(_naive);

    /// <summary>FGD as shipped: scores cached per shape and node until the node changes, F(n) kept per node.</summary>
    [Benchmark(OperationsPerInvoke = Operations)]
    public long Fgd() => Cycle(_fgd);

    /// <summary>Our policy, fgd-cpu.</summary>
    [Benchmark(OperationsPerInvoke = Operations)]
    public long FgdCpu() => Cycle(_fgdCpu);

    /// <summary>The paper's BestFit: a pass over the fitting nodes, no fragmentation.</summary>
    [Benchmark(OperationsPerInvoke = Operations)]
    public long BestFit() => Cycle(_bestFit);

    private long Cycle(GpuScheduler scheduler)
    {
        long placed = 0;
        for (var i = 0; i < _demands.Length; i++)
        {
            var result = scheduler.Place(_demands[i]);
            if (result.IsPlaced)
            {
                scheduler.Remove(result.Allocation);
                placed++;
            }
        }

        return placed;
    }

    private static GpuScheduler Filled(GpuNodeSpec[] nodes, GpuRequest[] workload, GpuFragmentationModel model, IGpuPlacementStrategy strategy)
    {
        var scheduler = new GpuScheduler(new GpuCluster(nodes, model), strategy, seed: 42);
        var fill = new GpuScheduler(scheduler.Cluster, GpuPlacementStrategies.Fgd(), seed: 42);
        for (var i = 0; i < 100_000 && scheduler.Cluster.AllocatedGpuMilli < scheduler.Cluster.CapacityGpuMilli * 85 / 100; i++)
        {
            fill.Place(workload[i % workload.Length].WithName($"fill-{i}"));
        }

        return scheduler;
    }

    /// <summary>FGD the obvious way: F(n) from the shapes for every node and GPU, before and after.</summary>
    private sealed class NaiveFgdStrategy(GpuFragmentationModel model) : IGpuPlacementStrategy
    {
        public string Name => "naive-fgd";

        public void Score(GpuCluster cluster, in GpuDemand demand, ReadOnlySpan<int> candidates, Span<long> scores)
        {
            for (var i = 0; i < candidates.Length; i++)
            {
                scores[i] = Best(cluster, candidates[i], demand, out _);
            }
        }

        public ulong SelectGpus(GpuCluster cluster, int node, in GpuDemand demand)
        {
            Best(cluster, node, demand, out var mask);
            return mask;
        }

        private long Best(GpuCluster cluster, int node, in GpuDemand demand, out ulong mask)
        {
            var row = cluster.GetGpuFree(node).ToArray();
            var cpu = cluster.CpuFreeColumn[node];
            var model = cluster.GetNode(node).GpuModel;
            var before = Fragment(cpu, row, model);
            if (!demand.IsSharing)
            {
                mask = demand.GpuCount == 0 ? 0 : GpuChoice.LowestWhollyFree(row, demand.GpuCount);
                for (var m = mask; m != 0; m &= m - 1)
                {
                    row[System.Numerics.BitOperations.TrailingZeroCount(m)] = 0;
                }

                return Sigmoid(before - Fragment(cpu - demand.CpuMilli, row, model));
            }

            long best = long.MinValue;
            mask = 0;
            for (var g = 0; g < row.Length; g++)
            {
                if (row[g] < demand.GpuMilli)
                {
                    continue;
                }

                row[g] -= demand.GpuMilli;
                var score = Sigmoid(before - Fragment(cpu - demand.CpuMilli, row, model));
                row[g] += demand.GpuMilli;
                if (score > best)
                {
                    best = score;
                    mask = 1UL << g;
                }
            }

            return best;
        }

        private double Fragment(long cpu, int[] gpus, string? gpuModel)
        {
            var idle = 0;
            foreach (var g in gpus)
            {
                idle += g;
            }

            double total = 0;
            foreach (var shape in model.Shapes)
            {
                var fitting = 0;
                var stranded = 0;
                foreach (var g in gpus)
                {
                    if (g >= shape.GpuMilli)
                    {
                        fitting++;
                    }
                    else
                    {
                        stranded += g;
                    }
                }

                var allowed = shape.GpuModels.Count == 0 || (gpuModel is not null && Contains(shape.GpuModels, gpuModel));
                var usable = shape.GpuCount > 0 && allowed && cpu >= shape.CpuMilli && fitting >= shape.GpuCount;
                total += shape.Share * (usable ? stranded : idle);
            }

            return total;
        }

        private static bool Contains(IReadOnlyList<string> models, string model)
        {
            foreach (var m in models)
            {
                if (m == model)
                {
                    return true;
                }
            }

            return false;
        }

        private static long Sigmoid(double decrease) => (long)(100 / (1 + Math.Exp(-decrease / 1000)));
    }
}
