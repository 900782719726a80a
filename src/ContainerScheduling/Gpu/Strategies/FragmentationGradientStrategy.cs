using System;

namespace ContainerScheduling;

/// <summary>
/// The shared machinery of the fragmentation-gradient policies: every fitting node is scored by how much placing the
/// task there lowers a fragmentation measure (a share of one GPU tries every GPU that fits and keeps the best, the
/// lowest index on ties; whole GPUs are the lowest-index wholly free ones). Needs a cluster built with a
/// <see cref="GpuFragmentationModel"/>.
/// </summary>
/// <remarks>
/// A node's score for a demand shape only changes when the node changes, so scores are cached per shape and node and
/// stamped with the node's <see cref="GpuCluster.VersionColumn"/> entry: a decision recomputes only the nodes that
/// changed since that shape last came.
/// </remarks>
internal abstract class FragmentationGradientStrategy : IGpuPlacementStrategy
{
    private readonly ScoreCache _cache = new();

    public abstract string Name { get; }

    public void Score(GpuCluster cluster, in GpuDemand demand, ReadOnlySpan<int> candidates, Span<long> scores)
    {
        RequireMeasure(cluster);
        _cache.Prepare(cluster, demand.ShapeId);
        var version = cluster.VersionColumn;
        for (var i = 0; i < candidates.Length; i++)
        {
            var n = candidates[i];
            if (!_cache.TryGet(n, version[n], out var score, out _))
            {
                var mask = Evaluate(cluster, n, demand, out score);
                _cache.Set(n, version[n], score, mask);
            }

            scores[i] = score;
        }
    }

    public ulong SelectGpus(GpuCluster cluster, int node, in GpuDemand demand)
    {
        RequireMeasure(cluster);
        _cache.Prepare(cluster, demand.ShapeId);
        var version = cluster.VersionColumn[node];
        if (_cache.TryGet(node, version, out _, out var mask))
        {
            return mask;
        }

        mask = Evaluate(cluster, node, demand, out var score);
        _cache.Set(node, version, score, mask);
        return mask;
    }

    /// <summary>The score of placing <paramref name="demand"/> on <paramref name="node"/> with <paramref name="gpuMask"/>.</summary>
    protected abstract long ScoreOf(GpuCluster cluster, int node, in GpuDemand demand, ulong gpuMask);

    private ulong Evaluate(GpuCluster cluster, int node, in GpuDemand demand, out long score)
    {
        if (!demand.IsSharing)
        {
            var mask = demand.GpuCount == 0 ? 0 : GpuChoice.LowestWhollyFree(cluster.GetGpuFree(node), demand.GpuCount);
            score = ScoreOf(cluster, node, demand, mask);
            return mask;
        }

        var row = cluster.GetGpuFree(node);
        var best = 0UL;
        score = long.MinValue;
        for (var g = 0; g < row.Length; g++)
        {
            if (row[g] < demand.GpuMilli)
            {
                continue;
            }

            var candidate = ScoreOf(cluster, node, demand, 1UL << g);
            if (candidate > score)
            {
                score = candidate;
                best = 1UL << g;
            }
        }

        return best;
    }

    private void RequireMeasure(GpuCluster cluster)
    {
        ArgumentNullException.ThrowIfNull(cluster);
        if (cluster.Fragmentation is null)
        {
            throw new InvalidOperationException(
                $"The '{Name}' strategy scores by fragmentation: build the GpuCluster with a GpuFragmentationModel (e.g. GpuFragmentationModel.FromWorkload(tasks)).");
        }
    }

    /// <summary>Per demand shape (a row) and node: the score and GPU mask, stamped with the node's version + 1 (0 = empty).</summary>
    private sealed class ScoreCache
    {
        private GpuCluster? _cluster;
        private int _shapes;
        private int[] _stamp = [];
        private long[] _score = [];
        private ulong[] _mask = [];
        private int _row;

        public void Prepare(GpuCluster cluster, int shape)
        {
            if (!ReferenceEquals(cluster, _cluster) || shape >= _shapes)
            {
                var shapes = ReferenceEquals(cluster, _cluster) ? Math.Max(_shapes * 2, shape + 1) : Math.Max(16, shape + 1);
                var nodes = cluster.NodeCount;
                var stamp = new int[nodes * shapes];
                var score = new long[nodes * shapes];
                var mask = new ulong[nodes * shapes];
                if (ReferenceEquals(cluster, _cluster))
                {
                    // Shape-major rows: the old rows are a prefix of the new table.
                    _stamp.CopyTo(stamp, 0);
                    _score.CopyTo(score, 0);
                    _mask.CopyTo(mask, 0);
                }

                (_cluster, _shapes, _stamp, _score, _mask) = (cluster, shapes, stamp, score, mask);
            }

            _row = shape * cluster.NodeCount;
        }

        public bool TryGet(int node, int version, out long score, out ulong mask)
        {
            var at = _row + node;
            score = _score[at];
            mask = _mask[at];
            return _stamp[at] == version + 1;
        }

        public void Set(int node, int version, long score, ulong mask)
        {
            var at = _row + node;
            _stamp[at] = version + 1;
            _score[at] = score;
            _mask[at] = mask;
        }
    }
}
