using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Numerics;

namespace ContainerScheduling.Tests.Gpu;

/// <summary>
/// Plays a <see cref="GpuScenario"/> through a <see cref="GpuScheduler"/> and, when asked, checks after every step
/// what must hold whatever the strategy: against an independent reference (the node specs minus the allocations
/// held, recomputed from scratch) every column is exact; no GPU is over 1000 or below 0 milli, no node over its CPU
/// or memory; a placed task got GPUs that had room (wholly free ones for whole GPUs) on a node that fit and whose
/// model it allows; an unplaced one fits nowhere, is counted once per node by reason, and changed nothing; removing
/// a placement restores the state exactly and placing it again gives the same state; the incremental fragmentation
/// total equals the scalar and the vectorised recomputation.
/// </summary>
internal sealed class GpuScenarioRunner
{
    private readonly GpuScenario _scenario;
    private readonly List<(GpuAllocation Allocation, GpuRequest Request)> _held = [];

    public GpuScenarioRunner(GpuScenario scenario, IGpuPlacementStrategy strategy)
    {
        _scenario = scenario;
        Cluster = scenario.Build();
        Scheduler = new GpuScheduler(Cluster, strategy, scenario.Seed);
    }

    public GpuScenarioRunner(GpuScenario scenario, string strategy)
        : this(scenario, GpuPlacementStrategies.Create(strategy, scenario.Seed))
    {
    }

    public GpuCluster Cluster { get; }

    public GpuScheduler Scheduler { get; }

    /// <summary>One line per step: where each task went (node, GPUs, score) or why not; which task left.</summary>
    public List<string> Transcript { get; } = [];

    /// <summary>Plays every step, then releases what is still held; returns the first problem found, or null.</summary>
    public string? Run(bool check)
    {
        var idle = GpuClusterSnapshot.Take(Cluster, withVersions: false);
        for (var s = 0; s < _scenario.Steps.Length; s++)
        {
            var step = _scenario.Steps[s];
            var problem = step.Place ? Place(_scenario.Requests[step.Index % _scenario.Requests.Length], check) : Release(step.Index);
            problem ??= check ? Invariants() : null;
            if (problem is not null)
            {
                return $"step {s} ({step}): {problem}";
            }
        }

        while (_held.Count > 0)
        {
            Release(0);
        }

        if (check && GpuClusterSnapshot.Take(Cluster, withVersions: false) is var end && end != idle)
        {
            return $"after releasing everything the cluster is not idle:\n{end}\nexpected\n{idle}";
        }

        return check ? Invariants() : null;
    }

    private string? Place(GpuRequest request, bool check)
    {
        var before = check ? GpuClusterSnapshot.Take(Cluster) : "";
        var beforeState = check ? GpuClusterSnapshot.Take(Cluster, withVersions: false) : "";
        var demand = Cluster.Compile(request);
        var rows = Enumerable.Range(0, Cluster.NodeCount).Select(n => Cluster.GetGpuFree(n).ToArray()).ToArray();
        var cpu = Cluster.CpuFreeColumn.ToArray();
        var memory = Cluster.MemoryFreeColumn.ToArray();
        var result = Scheduler.Place(demand);
        if (!result.IsPlaced)
        {
            Transcript.Add($"{request.Name} unplaced: {result.Failures}");
            if (!check)
            {
                return null;
            }

            var expected = Enumerable.Range(0, Cluster.NodeCount).Select(n => Reason(request, n, rows[n], cpu[n], memory[n])).ToArray();
            var counts = new GpuFitFailureCounts(
                expected.Count(r => r == GpuFitFailure.Cpu),
                expected.Count(r => r == GpuFitFailure.Memory),
                expected.Count(r => r == GpuFitFailure.Gpu),
                expected.Count(r => r == GpuFitFailure.GpuModel),
                expected.Count(r => r == GpuFitFailure.NoGpu));
            if (expected.Any(r => r == GpuFitFailure.None))
            {
                return $"{request} unplaced although node {Array.IndexOf(expected, GpuFitFailure.None)} fits it";
            }

            if (result.Failures != counts || result.Failures.Total != Cluster.NodeCount || result.Node != -1)
            {
                return $"{request} unplaced with failures {result.Failures}, expected {counts} over {Cluster.NodeCount} nodes";
            }

            return GpuClusterSnapshot.Take(Cluster) == before ? null : $"failing to place {request} changed the cluster";
        }

        var allocation = result.Allocation;
        var node = allocation.Node;
        Transcript.Add($"{request.Name} on {node} gpus 0x{allocation.GpuMask:x} score {result.Score}");
        _held.Add((allocation, request));
        if (!check)
        {
            return null;
        }

        var reason = Reason(request, node, rows[node], cpu[node], memory[node]);
        if (reason != GpuFitFailure.None)
        {
            return $"{request} placed on node {node} ({_scenario.Nodes[node]}) which it does not fit: {reason}";
        }

        var spec = _scenario.Nodes[node];
        if (BitOperations.PopCount(allocation.GpuMask) != request.GpuCount || (spec.GpuCount < 64 && allocation.GpuMask >> spec.GpuCount != 0))
        {
            return $"{request} got GPU mask 0x{allocation.GpuMask:x} on a node of {spec.GpuCount} GPUs";
        }

        for (var mask = allocation.GpuMask; mask != 0; mask &= mask - 1)
        {
            var gpu = BitOperations.TrailingZeroCount(mask);
            var had = rows[node][gpu];
            if (request.GpuCount > 1 ? had != GpuCluster.MilliPerGpu : had < request.GpuMilli)
            {
                return $"{request} got GPU {gpu} of node {node}, which had {had} milli free";
            }
        }

        if (allocation.GpuMilli != request.GpuMilli || allocation.CpuMilli != request.CpuMilli || allocation.MemoryMib != request.MemoryMib || allocation.Kind != demand.Kind)
        {
            return $"{request} got allocation {allocation}";
        }

        // Removing the placement restores the state exactly; placing it again gives the state after placing.
        var after = GpuClusterSnapshot.Take(Cluster, withVersions: false);
        Scheduler.Remove(allocation);
        if (GpuClusterSnapshot.Take(Cluster, withVersions: false) is var removed && removed != beforeState)
        {
            return $"removing {allocation} did not restore the state:\n{removed}\nexpected\n{beforeState}";
        }

        var again = Cluster.Allocate(node, demand, allocation.GpuMask);
        return again != allocation || GpuClusterSnapshot.Take(Cluster, withVersions: false) != after ? $"placing {allocation} again gave another state" : null;
    }

    private string? Release(int index)
    {
        if (_held.Count == 0)
        {
            Transcript.Add("nothing to release");
            return null;
        }

        var (allocation, request) = _held[index % _held.Count];
        _held.RemoveAt(index % _held.Count);
        Scheduler.Remove(allocation);
        Transcript.Add($"{request.Name} left node {allocation.Node}");
        return null;
    }

    /// <summary>The first reason a request does not fit a node, by the definition, from the node's state before: model, CPU, memory, GPU.</summary>
    private GpuFitFailure Reason(GpuRequest request, int node, int[] row, long cpu, long memory)
    {
        var spec = _scenario.Nodes[node];
        if (request.GpuCount > 0 && spec.GpuModel is null)
        {
            return GpuFitFailure.NoGpu;
        }

        if (request.GpuCount > 0 && request.GpuModels.Count > 0 && !request.GpuModels.Contains(spec.GpuModel!))
        {
            return GpuFitFailure.GpuModel;
        }

        if (cpu < request.CpuMilli)
        {
            return GpuFitFailure.Cpu;
        }

        if (memory < request.MemoryMib)
        {
            return GpuFitFailure.Memory;
        }

        var enough = request.GpuCount switch
        {
            0 => true,
            1 => row.Any(free => free >= request.GpuMilli),
            _ => row.Count(free => free == GpuCluster.MilliPerGpu) >= request.GpuCount,
        };
        return enough ? GpuFitFailure.None : GpuFitFailure.Gpu;
    }

    /// <summary>Every column against the node specs minus the allocations held, recomputed from scratch; bounds; fragmentation totals.</summary>
    private string? Invariants()
    {
        var c = Cluster;
        var stride = c.GpuStride;
        if (stride % 8 != 0 || stride < _scenario.Nodes.Max(n => n.GpuCount))
        {
            return $"stride {stride} for at most {_scenario.Nodes.Max(n => n.GpuCount)} GPUs";
        }

        long allocatedGpu = 0, allocatedCpu = 0;
        for (var n = 0; n < c.NodeCount; n++)
        {
            var spec = _scenario.Nodes[n];
            var held = _held.Where(h => h.Allocation.Node == n).ToArray();
            var cpu = spec.CpuMilli - held.Sum(h => h.Request.CpuMilli);
            var memory = spec.MemoryMib - held.Sum(h => h.Request.MemoryMib);
            var row = new int[stride];
            for (var g = 0; g < spec.GpuCount; g++)
            {
                row[g] = GpuCluster.MilliPerGpu - held.Where(h => (h.Allocation.GpuMask >> g & 1) != 0).Sum(h => h.Request.GpuMilli);
            }

            allocatedGpu += held.Sum(h => h.Request.TotalGpuMilli);
            allocatedCpu += held.Sum(h => h.Request.CpuMilli);
            var actualRow = c.GpuFreeColumn.Slice(n * stride, stride).ToArray();
            if (!actualRow.SequenceEqual(row))
            {
                return $"node {n} GPU row [{string.Join(", ", actualRow)}], expected [{string.Join(", ", row)}]";
            }

            if (row.Any(free => free is < 0 or > GpuCluster.MilliPerGpu) || cpu < 0 || memory < 0)
            {
                return $"node {n} over capacity: cpu {cpu}, memory {memory}, GPUs [{string.Join(", ", row)}]";
            }

            var gpus = row.AsSpan(0, spec.GpuCount).ToArray();
            var expected = (cpu, memory, spec.GpuCount, gpus.Sum(), gpus.DefaultIfEmpty(0).Max(), gpus.Count(f => f == GpuCluster.MilliPerGpu), held.Length);
            var actual = (c.CpuFreeColumn[n], c.MemoryFreeColumn[n], c.GpuCountColumn[n], c.GpuFreeTotalColumn[n], c.MaxGpuFreeColumn[n], c.WholeFreeGpusColumn[n], c.TaskCount(n));
            if (expected != actual)
            {
                return $"node {n} columns (cpu, memory, gpus, total, max, whole, tasks) {actual}, expected {expected}";
            }

            for (var kind = -1; kind <= 16; kind++)
            {
                var count = held.Count(h => Kind(h.Request) == kind);
                if (c.TasksOfKind(n, kind) != count)
                {
                    return $"node {n} holds {c.TasksOfKind(n, kind)} tasks of kind {kind}, expected {count}";
                }
            }
        }

        if (c.AllocatedGpuMilli != allocatedGpu || c.AllocatedCpuMilli != allocatedCpu)
        {
            return $"allocated {c.AllocatedGpuMilli}/{c.AllocatedCpuMilli}, expected {allocatedGpu}/{allocatedCpu}";
        }

        var incremental = c.FragmentationTotalFixed;
        var scalar = c.RecomputeFragmentationTotal(scalar: true);
        var vectorised = c.RecomputeFragmentationTotal(scalar: false);
        return incremental == scalar && scalar == vectorised
            ? null
            : string.Create(CultureInfo.InvariantCulture, $"fragmentation incremental {incremental}, scalar {scalar}, vectorised {vectorised}");
    }

    private static int Kind(GpuRequest request) => request.GpuCount == 0 ? -1 : request.IsSharing ? 0 : request.GpuCount;
}
