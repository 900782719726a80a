using System;
using System.Collections.Generic;
using System.Linq;
using System.Numerics;
using FsCheck;
using FsCheck.Fluent;
using Xunit;

namespace ContainerScheduling.Tests.Cluster;

/// <summary>
/// The score buckets never change a decision: best-fit and least-loaded through the buckets choose what the
/// strategies' definitions and the block scan choose, through any history of additions, removals, compaction,
/// state changes, placements and releases; and the buckets themselves stay exact (each ready node in the one
/// bucket its type, taint and octaves name, members in node order, key bounds around every member).
/// </summary>
public sealed class ScoreBucketsTests
{
    private static readonly Config Quick = Config.QuickThrowOnFailure.WithMaxTest(200).WithQuietOnSuccess(true);

    public static IEnumerable<object[]> ScoredStrategies =>
    [
        [PlacementStrategies.BestFitName, false],
        [PlacementStrategies.BestFitName, true],
        [PlacementStrategies.LeastLoadedName, false],
        [PlacementStrategies.LeastLoadedName, true],
    ];

    [Theory]
    [MemberData(nameof(ScoredStrategies))]
    public void Scenarios_ThroughBucketsBuiltBeforeTheFirstNode_EveryDecisionIsTheDefinitions(string strategy, bool weighted)
    {
        var bucketed = 0;
        Check.One(Quick, Prop.ForAll(ClusterGenerators.ScenarioArb(), scenario =>
        {
            var cluster = scenario.Cluster.Build(scenario.Cluster.Schema(), Bucketed);
            bucketed += cluster.BucketsApply ? 1 : 0;
            var runner = new ScenarioRunner(scenario, strategy, weighted, cluster);
            return PropertyFailure.None(runner.Run(checkInvariants: false, checkReference: true))
                && PropertyFailure.None(BucketViolation(cluster));
        }));

        // Most generated clusters have at most four dimensions and sixteen shapes, where the buckets are searched.
        Assert.True(!System.Runtime.Intrinsics.X86.Avx512F.IsSupported || bucketed >= 50, $"buckets applied in {bucketed} of 200 cases");
    }

    [Fact]
    public void Kernels_BucketedEqualsBlockScanAndScalar_OnClustersOfSeveralGroups()
    {
        var decisions =
            from dimensions in ClusterGenerators.Dimensions()
            from cluster in ClusterGenerators.Clusters(dimensions, 40, 600, typesOnly: true)
            from request in Gen.OneOf(ClusterGenerators.Request(cluster.Dimensions.Length), ClusterGenerators.SmallRequest(cluster.Dimensions.Length))
            from weights in ClusterGenerators.Weights(cluster.Dimensions.Length)
            select new Decision(cluster, request, weights);
        var compared = 0;
        Check.One(Quick.WithMaxTest(150), Prop.ForAll(Arb.From(decisions), decision =>
        {
            var cluster = decision.Cluster.Build(decision.Cluster.Schema(), Bucketed);
            var request = decision.Request;
            var weights = decision.Weights;
            if (PlacementKernels.KeyColumnFor(cluster, request, weights) is not { } keys || !cluster.BucketsApply)
            {
                return true;
            }

            compared++;
            var lowest = PlacementKernels.BestScoreBucketed<LowestScore>(cluster, request, weights, keys, untaintedOnly: false);
            var highest = PlacementKernels.BestScoreBucketed<HighestScore>(cluster, request, weights, keys, untaintedOnly: false);
            return PropertyFailure.Unless(
                    lowest == PlacementKernels.BestScoreKeyed<LowestScore, PlacementKernels.AnyCount>(cluster, request, weights, keys, 0)
                    && lowest == PlacementKernels.BestScoreScalar<LowestScore>(cluster, request, weights),
                    () => $"lowest: buckets {lowest}, scan {PlacementKernels.BestScoreScalar<LowestScore>(cluster, request, weights)}")
                && PropertyFailure.Unless(
                    highest == PlacementKernels.BestScoreKeyed<HighestScore, PlacementKernels.AnyCount>(cluster, request, weights, keys, 0)
                    && highest == PlacementKernels.BestScoreScalar<HighestScore>(cluster, request, weights),
                    () => $"highest: buckets {highest}, scan {PlacementKernels.BestScoreScalar<HighestScore>(cluster, request, weights)}")
                && PropertyFailure.None(BucketViolation(cluster));
        }));

        Assert.True(!System.Runtime.Intrinsics.X86.Avx512F.IsSupported || compared >= 50, $"compared in {compared} of 150 cases");
    }

    [Theory]
    [InlineData(PlacementStrategies.BestFitName, 1)]
    [InlineData(PlacementStrategies.BestFitName, 2)]
    [InlineData(PlacementStrategies.BestFitName, 3)]
    [InlineData(PlacementStrategies.LeastLoadedName, 1)]
    [InlineData(PlacementStrategies.LeastLoadedName, 2)]
    public void TaintedClusterWithChurn_BucketedBatchesPlaceExactlyAsTheBlockScan(string strategy, int seed)
    {
        // Some containers tolerate the taint (unrestricted), most do not (the untainted buckets only), a few carry
        // a node selector (the bitset scan): every decision must equal the cluster that never uses the buckets.
        var random = new Random(seed);
        var nodes = TaintedNodes(random, 700);
        var rounds = Enumerable.Range(0, 4).Select(round => Workload(random, round, 900)).ToArray();
        var releases = Enumerable.Range(0, 4).Select(_ => random.Next()).ToArray();

        var results = new List<string>[2];
        for (var variant = 0; variant < 2; variant++)
        {
            var cluster = new ClusterState(new ResourceSchema("cpu", "memory", "disk", "gpu"))
            {
                BucketMinNodes = variant == 0 ? 0 : int.MaxValue,
            };
            cluster.AddNodes(nodes);
            var scheduler = new Scheduler(cluster, PlacementStrategies.Create(strategy));
            var log = new List<string>();
            for (var round = 0; round < rounds.Length; round++)
            {
                var result = scheduler.PlaceBatch(rounds[round], OrderingPolicy.LargestFirst);
                log.AddRange(result.Placements.Select(p => $"{p.Container}@{p.Node}"));
                log.AddRange(result.Unplaced.Select(u => $"{u.Container}: {u.Failure}"));

                // Release about a third of what this round placed, and cordon and restore a node.
                var pick = new Random(releases[round]);
                foreach (var placement in result.Placements.Where(_ => pick.Next(3) == 0))
                {
                    cluster.Release(placement.Container);
                }

                var node = nodes[pick.Next(nodes.Length)].Name;
                cluster.Cordon(node);
                log.Add(scheduler.Place(new ContainerSpec($"probe{round}", new Dictionary<string, long> { ["cpu"] = 500 })).ToString());
                cluster.SetNodeState(node, NodeState.Ready);
            }

            Assert.Equal(variant == 0 && System.Runtime.Intrinsics.X86.Avx512F.IsSupported, cluster.BucketsApply); // the buckets need AVX-512
            if (variant == 0)
            {
                Assert.Null(BucketViolation(cluster));
            }

            results[variant] = log;
        }

        Assert.True(results[0].Count > 3000, $"{results[0].Count} decisions");
        Assert.Equal(results[1], results[0]);
    }

    [Fact]
    public void LargeCluster_DefaultThreshold_UsesBucketsAndDecidesAsTheBlockScan()
    {
        var random = new Random(5);
        var nodes = TaintedNodes(random, ClusterState.DefaultBucketMinNodes + 1000);
        if (!System.Runtime.Intrinsics.X86.Avx512F.IsSupported)
        {
            // Without AVX-512 the buckets never apply, so both variants would be the same block scan (260 s in a Debug
            // build for nothing); what can be checked here is that the default threshold leaves them off.
            var plain = new ClusterState(new ResourceSchema("cpu", "memory", "disk", "gpu"));
            plain.AddNodes(nodes);
            Assert.False(plain.BucketsApply);
            return;
        }

        var workload = Workload(random, 0, 30_000);
        var placements = new List<ContainerScheduling.Placement>[2];
        for (var variant = 0; variant < 2; variant++)
        {
            var cluster = new ClusterState(new ResourceSchema("cpu", "memory", "disk", "gpu"));
            if (variant == 1)
            {
                cluster.BucketMinNodes = int.MaxValue;
            }

            cluster.AddNodes(nodes);
            Assert.Equal(variant == 0, cluster.BucketsApply);
            placements[variant] = [.. new Scheduler(cluster).PlaceBatch(workload).Placements];
        }

        Assert.True(placements[0].Count > 20_000, $"{placements[0].Count} placed");
        Assert.Equal(placements[1], placements[0]);
    }

    [Fact]
    public void Buckets_NodeMovesBetweenOctaves_FollowsItsAvailableAmounts()
    {
        var cluster = new ClusterState(new ResourceSchema("cpu", "memory")) { BucketMinNodes = 0 };
        cluster.AddNode(new NodeSpec("a", new Dictionary<string, long> { ["cpu"] = 1000, ["memory"] = 1000 }));
        cluster.AddNode(new NodeSpec("b", new Dictionary<string, long> { ["cpu"] = 1000, ["memory"] = 1000 }));
        var buckets = cluster.Buckets;
        Assert.Equal(buckets.BucketOf(0), buckets.BucketOf(1));
        Assert.Equal([0, 1], buckets.MembersOf(buckets.BucketOf(0)).ToArray());

        // 1000 → 400 crosses from octave 10 (512–1023) to 9 (256–511); 1000 → 600 stays.
        cluster.Bind(new ContainerSpec("x", new Dictionary<string, long> { ["cpu"] = 600 }), "a");
        Assert.NotEqual(buckets.BucketOf(0), buckets.BucketOf(1));
        cluster.Bind(new ContainerSpec("y", new Dictionary<string, long> { ["cpu"] = 400 }), "b");
        Assert.NotEqual(buckets.BucketOf(0), buckets.BucketOf(1));
        cluster.Release("x");
        Assert.Equal(buckets.BucketOf(1), buckets.BucketOf(0));
        Assert.Equal([0, 1], buckets.MembersOf(buckets.BucketOf(0)).ToArray());

        cluster.Cordon("a");
        Assert.Equal(-1, buckets.BucketOf(0));
        Assert.Equal([1], buckets.MembersOf(buckets.BucketOf(1)).ToArray());
        Assert.Null(BucketViolation(cluster));
    }

    /// <summary>Builds the buckets on the empty cluster, so that every later change is kept by upkeep alone.</summary>
    private static void Bucketed(ClusterState cluster)
    {
        cluster.BucketMinNodes = 0;
        if (cluster.Schema.Count <= ClusterState.NarrowDimensions)
        {
            _ = cluster.Buckets;
        }
    }

    /// <summary>What is wrong with the buckets, checked against the columns from scratch, or null.</summary>
    internal static string? BucketViolation(ClusterState cluster)
    {
        if (cluster.Schema.Count > ClusterState.NarrowDimensions || !cluster.NarrowReady)
        {
            return null;
        }

        var buckets = cluster.Buckets;
        var view = cluster.CreateView();
        var signatures = new Dictionary<int, string>();
        for (var slot = 0; slot < cluster.SlotCount; slot++)
        {
            var ready = view.Available(0)[slot] >= 0;
            var bucket = buckets.BucketOf(slot);
            if (ready != bucket >= 0)
            {
                return $"node index {slot} (ready {ready}) is in bucket {bucket}";
            }

            if (!ready)
            {
                continue;
            }

            var members = buckets.MembersOf(bucket);
            if (!members.Contains(slot))
            {
                return $"bucket {bucket} lacks its node index {slot}";
            }

            var octaves = new List<int>();
            for (var d = 0; d < cluster.Schema.Count; d++)
            {
                octaves.Add(64 - BitOperations.LeadingZeroCount((ulong)view.Available(d)[slot]));
            }

            var signature = $"type {cluster.CapacityTypeColumn[slot]} tainted {cluster.IsTaintedSlot(slot)} octaves {string.Join(",", octaves)}";
            if (signatures.TryGetValue(bucket, out var seen) && seen != signature)
            {
                return $"bucket {bucket} holds '{seen}' and '{signature}' (node index {slot})";
            }

            signatures[bucket] = signature;
            foreach (var key in cluster.ScoreKeys)
            {
                if (!(key.BucketLow[bucket] <= key.Values[slot] && key.Values[slot] <= key.BucketHigh[bucket]))
                {
                    return $"bucket {bucket}'s bounds [{key.BucketLow[bucket]}, {key.BucketHigh[bucket]}] miss node index {slot}'s key {key.Values[slot]}";
                }
            }
        }

        for (var bucket = 0; bucket < buckets.Count; bucket++)
        {
            var members = buckets.MembersOf(bucket).ToArray();
            if (!members.SequenceEqual(members.Order()) || members.Distinct().Count() != members.Length)
            {
                return $"bucket {bucket}'s members are not in node order: {string.Join(",", members)}";
            }

            if (members.Any(slot => buckets.BucketOf(slot) != bucket))
            {
                return $"bucket {bucket} lists a node index that belongs elsewhere";
            }
        }

        return null;
    }

    private static NodeSpec[] TaintedNodes(Random random, int count)
    {
        long[][] shapes =
        [
            [16_000, 65_536, 512_000, 0],
            [64_000, 131_072, 1_024_000, 0],
            [32_000, 262_144, 1_024_000, 0],
            [48_000, 393_216, 2_048_000, 8_000],
        ];
        return [.. Enumerable.Range(0, count).Select(i =>
        {
            var shape = shapes[random.Next(shapes.Length)];
            return new NodeSpec($"n{i}", new Dictionary<string, long> { ["cpu"] = shape[0], ["memory"] = shape[1], ["disk"] = shape[2], ["gpu"] = shape[3] })
            {
                Labels = new Dictionary<string, string> { ["zone"] = ((char)('a' + (i % 3))).ToString() },
                Taints = shape[3] > 0 ? ["gpu"] : [],
            };
        })];
    }

    private static ContainerSpec[] Workload(Random random, int round, int count) =>
        [.. Enumerable.Range(0, count).Select(i =>
        {
            var gpu = random.Next(10) == 0 ? 1000L * random.Next(1, 3) : 0;
            var requests = new Dictionary<string, long>
            {
                ["cpu"] = 250L * random.Next(1, 40),
                ["memory"] = 512L * random.Next(1, 90),
                ["disk"] = 1024L * random.Next(0, 50),
                ["gpu"] = gpu,
            };
            return new ContainerSpec($"r{round}-{i}", requests)
            {
                Tolerations = gpu > 0 || random.Next(8) == 0 ? ["gpu"] : [],
                NodeSelector = random.Next(20) == 0 ? new LabelSelector(new Dictionary<string, string> { ["zone"] = "b" }) : null,
            };
        })];
}
