using System;
using System.Collections.Generic;

namespace ContainerScheduling;

/// <summary>
/// Places tasks on a <see cref="GpuCluster"/> one at a time: filters the nodes that fit, asks the strategy for
/// scores, takes the best (ties: the node that comes first in a fixed tie-break order), lets the strategy pick
/// the GPUs, and allocates. A task that fits nowhere comes back unplaced with the reasons, and changes nothing.
/// </summary>
/// <remarks>
/// The tie-break order is a random permutation of the nodes drawn once from the seed and kept for the whole run,
/// as in the published experiments (a fixed random node priority, not a fresh coin flip per decision).
/// Allocation-free per task once warm. Not thread-safe.
/// </remarks>
public sealed class GpuScheduler
{
    private readonly int[] _rank;
    private readonly int[] _candidates;
    private readonly long[] _scores;

    /// <summary>Creates a scheduler whose ties go by a random node order drawn from <paramref name="seed"/>.</summary>
    /// <param name="cluster">The cluster to place on.</param>
    /// <param name="strategy">The placement strategy.</param>
    /// <param name="seed">The seed of the tie-break order.</param>
    public GpuScheduler(GpuCluster cluster, IGpuPlacementStrategy strategy, int seed)
        : this(cluster, strategy, RandomRanks(cluster, seed))
    {
    }

    /// <summary>Creates a scheduler whose ties go to the node listed first in <paramref name="tieBreakOrder"/>.</summary>
    /// <param name="cluster">The cluster to place on.</param>
    /// <param name="strategy">The placement strategy.</param>
    /// <param name="tieBreakOrder">Every node name of the cluster exactly once, most preferred first.</param>
    /// <exception cref="ArgumentException">The order misses a node, repeats one, or names one the cluster lacks.</exception>
    public GpuScheduler(GpuCluster cluster, IGpuPlacementStrategy strategy, IReadOnlyList<string> tieBreakOrder)
        : this(cluster, strategy, RanksOf(cluster, tieBreakOrder))
    {
    }

    private GpuScheduler(GpuCluster cluster, IGpuPlacementStrategy strategy, int[] rank)
    {
        ArgumentNullException.ThrowIfNull(strategy);
        Cluster = cluster;
        Strategy = strategy;
        _rank = rank;
        _candidates = new int[cluster.NodeCount];
        _scores = new long[cluster.NodeCount];
    }

    /// <summary>Gets the cluster.</summary>
    public GpuCluster Cluster { get; }

    /// <summary>Gets the strategy.</summary>
    public IGpuPlacementStrategy Strategy { get; }

    /// <summary>Gets a node's place in the tie-break order (0 = wins every tie).</summary>
    /// <param name="node">The node's index.</param>
    /// <returns>Its rank.</returns>
    /// <exception cref="ArgumentOutOfRangeException">The node index is out of range.</exception>
    public int TieBreakRank(int node) =>
        (uint)node < (uint)_rank.Length ? _rank[node] : throw new ArgumentOutOfRangeException(nameof(node), node, $"Node index must be 0..{_rank.Length - 1}.");

    /// <summary>Places one task.</summary>
    /// <param name="request">The task.</param>
    /// <returns>The placement, or the reasons it failed (then nothing changed).</returns>
    /// <exception cref="InvalidOperationException">The strategy chose GPUs that do not serve the task; nothing changed.</exception>
    public GpuPlacementResult Place(GpuRequest request) => Place(Cluster.Compile(request));

    /// <summary>Places one compiled demand (see <see cref="GpuCluster.Compile"/>).</summary>
    /// <param name="demand">The demand.</param>
    /// <returns>The placement, or the reasons it failed (then nothing changed).</returns>
    /// <exception cref="ArgumentException">The demand's amounts are impossible (a hand-built <see cref="GpuDemand"/>); nothing changed.</exception>
    /// <exception cref="InvalidOperationException">The strategy chose GPUs that do not serve the task; nothing changed.</exception>
    public GpuPlacementResult Place(in GpuDemand demand)
    {
        GpuCluster.CheckDemand(demand);
        var cluster = Cluster;
        var count = Filter(demand);
        if (count == 0)
        {
            return new GpuPlacementResult { Failures = CountFailures(demand) };
        }

        var candidates = _candidates.AsSpan(0, count);
        var scores = _scores.AsSpan(0, count);
        Strategy.Score(cluster, demand, candidates, scores);
        var best = 0;
        for (var i = 1; i < count; i++)
        {
            if (scores[i] > scores[best] || (scores[i] == scores[best] && _rank[candidates[i]] < _rank[candidates[best]]))
            {
                best = i;
            }
        }

        var node = candidates[best];
        var mask = Strategy.SelectGpus(cluster, node, demand);
        GpuAllocation allocation;
        try
        {
            allocation = cluster.Allocate(node, demand, mask);
        }
        catch (ArgumentException e)
        {
            throw new InvalidOperationException($"Strategy '{Strategy.Name}' chose GPUs that do not serve the task: {e.Message}", e);
        }

        return new GpuPlacementResult { IsPlaced = true, Allocation = allocation, Score = scores[best] };
    }

    /// <summary>Removes a placed task (a departure).</summary>
    /// <param name="allocation">What the task holds.</param>
    public void Remove(in GpuAllocation allocation) => Cluster.Release(allocation);

    /// <summary>Writes the nodes that fit the demand into the candidate buffer, ascending; returns how many.</summary>
    private int Filter(in GpuDemand demand)
    {
        var cpu = Cluster.CpuFreeColumn;
        var memory = Cluster.MemoryFreeColumn;
        var models = Cluster.ModelBitColumn;
        var maxFree = Cluster.MaxGpuFreeColumn;
        var whole = Cluster.WholeFreeGpusColumn;
        var count = 0;
        var n = cpu.Length;
        if (demand.GpuCount == 0)
        {
            for (var i = 0; i < n; i++)
            {
                _candidates[count] = i;
                count += cpu[i] >= demand.CpuMilli && memory[i] >= demand.MemoryMib ? 1 : 0;
            }
        }
        else
        {
            // A share needs one GPU with room; whole GPUs need that many wholly free ones.
            var column = demand.GpuCount == 1 ? maxFree : whole;
            var need = demand.GpuCount == 1 ? demand.GpuMilli : demand.GpuCount;
            for (var i = 0; i < n; i++)
            {
                _candidates[count] = i;
                count += cpu[i] >= demand.CpuMilli && memory[i] >= demand.MemoryMib && (models[i] & demand.ModelMask) != 0 && column[i] >= need ? 1 : 0;
            }
        }

        return count;
    }

    private GpuFitFailureCounts CountFailures(in GpuDemand demand)
    {
        int cpu = 0, memory = 0, gpu = 0, model = 0, none = 0;
        for (var i = 0; i < Cluster.NodeCount; i++)
        {
            switch (Cluster.FitFailureOf(i, demand))
            {
                case GpuFitFailure.Cpu: cpu++; break;
                case GpuFitFailure.Memory: memory++; break;
                case GpuFitFailure.Gpu: gpu++; break;
                case GpuFitFailure.GpuModel: model++; break;
                case GpuFitFailure.NoGpu: none++; break;
            }
        }

        return new GpuFitFailureCounts(cpu, memory, gpu, model, none);
    }

    private static int[] RandomRanks(GpuCluster cluster, int seed)
    {
        ArgumentNullException.ThrowIfNull(cluster);
        var order = new int[cluster.NodeCount];
        for (var i = 0; i < order.Length; i++)
        {
            order[i] = i;
        }

        new Random(seed).Shuffle(order);
        var rank = new int[order.Length];
        for (var i = 0; i < order.Length; i++)
        {
            rank[order[i]] = i;
        }

        return rank;
    }

    private static int[] RanksOf(GpuCluster cluster, IReadOnlyList<string> tieBreakOrder)
    {
        ArgumentNullException.ThrowIfNull(cluster);
        ArgumentNullException.ThrowIfNull(tieBreakOrder);
        if (tieBreakOrder.Count != cluster.NodeCount)
        {
            throw new ArgumentException($"The tie-break order lists {tieBreakOrder.Count} nodes; the cluster has {cluster.NodeCount}.", nameof(tieBreakOrder));
        }

        var rank = new int[cluster.NodeCount];
        Array.Fill(rank, -1);
        for (var i = 0; i < tieBreakOrder.Count; i++)
        {
            var node = cluster.IndexOf(tieBreakOrder[i] ?? throw new ArgumentException($"Entry {i} of the tie-break order is null.", nameof(tieBreakOrder)));
            if (node < 0)
            {
                throw new ArgumentException($"The tie-break order names '{tieBreakOrder[i]}', which is not a node of the cluster.", nameof(tieBreakOrder));
            }

            if (rank[node] >= 0)
            {
                throw new ArgumentException($"The tie-break order lists '{tieBreakOrder[i]}' twice.", nameof(tieBreakOrder));
            }

            rank[node] = i;
        }

        return rank;
    }
}
