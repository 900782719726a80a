namespace ContainerScheduling;

/// <content>The score buckets (<see cref="ScoreBuckets"/>): built on first use by a large cluster's best-fit or least-loaded search, then kept current with every node change.</content>
public sealed partial class ClusterState
{
    /// <summary>The fewest nodes for which best-fit and least-loaded search the score buckets instead of scanning every block.</summary>
    internal const int DefaultBucketMinNodes = 32_768;

    private ScoreBuckets? _buckets;

    /// <summary>The node count from which the score buckets are used (tests lower it to exercise them on small clusters).</summary>
    internal int BucketMinNodes { get; set; } = DefaultBucketMinNodes;

    /// <summary>Whether searches use the score buckets: the narrow scans apply and the cluster has at least <see cref="BucketMinNodes"/> nodes.</summary>
    internal bool BucketsApply => NarrowScansApply && _slotCount >= BucketMinNodes;

    /// <summary>The score buckets, built on first use.</summary>
    internal ScoreBuckets Buckets => _buckets ??= ScoreBuckets.Build(this);
}
