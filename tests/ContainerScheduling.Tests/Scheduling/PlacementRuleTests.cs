using System;
using System.Collections.Generic;
using System.Linq;
using Xunit;

namespace ContainerScheduling.Tests.Scheduling;

/// <summary>
/// Each placement rule on small hand-built clusters whose answers follow from the rule's definition: node
/// selectors with every operator, taints, affinity, anti-affinity, topology spread, container limits, and the
/// reasons an unplaced container reports for each.
/// </summary>
public sealed class PlacementRuleTests
{
    /// <summary>Six nodes: n0–n1 in zone a, n2–n3 in zone b, n4 in zone c, n5 without a zone; n1 and n3 carry gpu=yes.</summary>
    private static ClusterState Zoned(int cpu = 4000)
    {
        var cluster = new ClusterState(new ResourceSchema("cpu"));
        string?[] zones = ["a", "a", "b", "b", "c", null];
        for (var i = 0; i < zones.Length; i++)
        {
            var labels = new Dictionary<string, string>();
            if (zones[i] is { } zone)
            {
                labels["zone"] = zone;
            }

            if (i is 1 or 3)
            {
                labels["gpu"] = "yes";
            }

            cluster.AddNode(new NodeSpec($"n{i}", Cpu(cpu)) { Labels = labels });
        }

        return cluster;
    }

    private static Dictionary<string, long> Cpu(long amount) => new() { ["cpu"] = amount };

    private static ContainerSpec Container(string name, long cpu = 100, string? app = null) =>
        new(name, Cpu(cpu)) { Labels = app is null ? null! : new Dictionary<string, string> { ["app"] = app } };

    private static LabelSelector App(string app) => new(new Dictionary<string, string> { ["app"] = app });

    /// <summary>The nodes a container may use: each one tried alone by cordoning all the others.</summary>
    private static string[] EligibleNodes(Func<ClusterState> build, ContainerSpec container)
    {
        var names = build().Nodes.Select(n => n.Name).ToArray();
        var eligible = new List<string>();
        foreach (var name in names)
        {
            var cluster = build();
            foreach (var other in names.Where(n => n != name))
            {
                cluster.Cordon(other);
            }

            if (new Scheduler(cluster, PlacementStrategies.FirstFit()).Place(container).IsPlaced)
            {
                eligible.Add(name);
            }
        }

        return [.. eligible];
    }

    public static IEnumerable<object[]> Selectors =>
    [
        [new LabelSelector(new Dictionary<string, string> { ["zone"] = "a" }), new[] { "n0", "n1" }],
        [new LabelSelector(requirements: [new LabelRequirement("zone", LabelOperator.In, ["a", "c"])]), new[] { "n0", "n1", "n4" }],
        [new LabelSelector(requirements: [new LabelRequirement("zone", LabelOperator.NotIn, ["a"])]), new[] { "n2", "n3", "n4", "n5" }],
        [new LabelSelector(requirements: [new LabelRequirement("gpu", LabelOperator.Exists)]), new[] { "n1", "n3" }],
        [new LabelSelector(requirements: [new LabelRequirement("zone", LabelOperator.DoesNotExist)]), new[] { "n5" }],
        [new LabelSelector(new Dictionary<string, string> { ["zone"] = "b" }, [new LabelRequirement("gpu", LabelOperator.DoesNotExist)]), new[] { "n2" }],
        [new LabelSelector(new Dictionary<string, string> { ["zone"] = "z" }), Array.Empty<string>()],
        [new LabelSelector(requirements: [new LabelRequirement("rack", LabelOperator.In, ["r1"])]), Array.Empty<string>()],
    ];

    [Theory]
    [MemberData(nameof(Selectors))]
    public void NodeSelector_EveryOperator_AdmitsExactlyTheMatchingNodes(LabelSelector selector, string[] expected)
    {
        var container = new ContainerSpec("c", Cpu(100)) { NodeSelector = selector };

        Assert.Equal(expected, EligibleNodes(() => Zoned(), container));
    }

    [Fact]
    public void NodeSelector_NoNodeMatches_ReportsTheSelectorWithTheNodesItExcludes()
    {
        var cluster = Zoned();
        var container = new ContainerSpec("c", Cpu(100)) { NodeSelector = new LabelSelector(new Dictionary<string, string> { ["zone"] = "z" }) };

        var result = new Scheduler(cluster).Place(container);

        Assert.False(result.IsPlaced);
        Assert.Equal("0/6 nodes fit: 6 node selector zone=z not matched", result.Failure!.Message);
    }

    [Fact]
    public void Taints_OnlyTolerantContainersLand_AndTheOthersNameTheTaint()
    {
        ClusterState Build()
        {
            var cluster = new ClusterState(new ResourceSchema("cpu"));
            cluster.AddNode(new NodeSpec("gpu-node", Cpu(1000)) { Taints = ["gpu"] });
            cluster.AddNode(new NodeSpec("both", Cpu(1000)) { Taints = ["gpu", "spot"] });
            cluster.AddNode(new NodeSpec("plain", Cpu(1000)));
            return cluster;
        }

        Assert.Equal(["plain"], EligibleNodes(Build, new ContainerSpec("c", Cpu(1))));
        Assert.Equal(["gpu-node", "plain"], EligibleNodes(Build, new ContainerSpec("c", Cpu(1)) { Tolerations = ["gpu"] }));
        Assert.Equal(["gpu-node", "both", "plain"], EligibleNodes(Build, new ContainerSpec("c", Cpu(1)) { Tolerations = ["spot", "gpu"] }));

        var cluster = Build();
        cluster.Cordon("plain");
        var failure = new Scheduler(cluster).Place(new ContainerSpec("c", Cpu(1))).Failure!;
        Assert.Equal("0/3 nodes fit: 2 untolerated taint 'gpu', 1 cordoned, 1 untolerated taint 'spot'", failure.Message);
    }

    [Fact]
    public void Affinity_PerNode_FollowsTheMatchingContainer_AndTheFirstOfAGroupGoesAnywhere()
    {
        var cluster = Zoned();
        var scheduler = new Scheduler(cluster, PlacementStrategies.Spread());
        var follower = new ContainerSpec("api", Cpu(100)) { Affinity = [new AffinityTerm(App("cache"))] };

        // Nothing matches app=cache and api is not a cache: no node qualifies.
        var refused = scheduler.Place(follower);
        Assert.False(refused.IsPlaced);
        Assert.Equal("0/6 nodes fit: 6 affinity {app=cache} per node: no placed container matches", refused.Failure!.Message);

        // A cache with affinity to caches is the first of its group: it may go anywhere.
        var first = new ContainerSpec("cache-1", Cpu(100)) { Labels = new Dictionary<string, string> { ["app"] = "cache" }, Affinity = [new AffinityTerm(App("cache"))] };
        var cacheNode = scheduler.Place(first).Node!;

        // Spread would pick an empty node; affinity pins api to the cache's node.
        Assert.Equal(cacheNode, scheduler.Place(follower).Node);
    }

    [Fact]
    public void Affinity_PerZone_AdmitsEveryNodeOfTheZonesHoldingAMatch()
    {
        ClusterState Build()
        {
            var cluster = Zoned();
            cluster.Bind(Container("db-1", app: "db"), "n3");
            return cluster;
        }

        var container = new ContainerSpec("api", Cpu(100)) { Affinity = [new AffinityTerm(App("db"), "zone")] };

        Assert.Equal(["n2", "n3"], EligibleNodes(Build, container));
    }

    [Fact]
    public void AntiAffinity_PerNodeAndPerZone_KeepsReplicasApart()
    {
        var cluster = Zoned();
        var scheduler = new Scheduler(cluster, PlacementStrategies.FirstFit());
        ContainerSpec Replica(int i) => new($"web-{i}", Cpu(100))
        {
            Labels = new Dictionary<string, string> { ["app"] = "web" },
            AntiAffinity = [new AffinityTerm(App("web"), "zone")],
        };

        // Zones a, b, c, then n5, which has no zone and so never shares one.
        Assert.Equal(["n0", "n2", "n4", "n5", "n5"], Enumerable.Range(0, 5).Select(i => scheduler.Place(Replica(i)).Node));

        cluster.Cordon("n5");
        var refused = scheduler.Place(Replica(5));
        Assert.Equal("0/6 nodes fit: 5 anti-affinity {app=web} per zone, 1 cordoned", refused.Failure!.Message);
    }

    [Fact]
    public void TopologySpread_MaxSkewOne_KeepsZoneCountsWithinOne()
    {
        var cluster = Zoned();
        // Best-fit alone would stack every replica on n0 (the tightest fit after the first).
        var scheduler = new Scheduler(cluster, PlacementStrategies.BestFit());
        var zoneOf = cluster.Nodes.ToDictionary(n => n.Name, n => n.Labels.GetValueOrDefault("zone"));
        var counts = new Dictionary<string, int> { ["a"] = 0, ["b"] = 0, ["c"] = 0 };
        for (var i = 0; i < 9; i++)
        {
            var replica = new ContainerSpec($"web-{i}", Cpu(100))
            {
                Labels = new Dictionary<string, string> { ["app"] = "web" },
                TopologySpread = [new TopologySpreadConstraint("zone", 1, App("web"))],
            };
            var node = scheduler.Place(replica).Node!;
            counts[zoneOf[node]!]++;
            Assert.True(counts.Values.Max() - counts.Values.Min() <= 1, $"after web-{i}: {string.Join(", ", counts)}");
        }

        Assert.Equal([3, 3, 3], counts.Values);
    }

    [Fact]
    public void TopologySpread_NodesWithoutTheKey_NeverTakeTheContainer()
    {
        var container = new ContainerSpec("web", Cpu(100)) { TopologySpread = [new TopologySpreadConstraint("zone", 5, App("web"))] };

        Assert.DoesNotContain("n5", EligibleNodes(() => Zoned(), container));
    }

    [Fact]
    public void MaxContainers_FullNodeReadsUnavailable_AndReleaseReopensIt()
    {
        var cluster = new ClusterState(new ResourceSchema("cpu"));
        cluster.AddNode(new NodeSpec("small", Cpu(10_000)) { MaxContainers = 2 });
        cluster.AddNode(new NodeSpec("closed", Cpu(10_000)) { MaxContainers = 0 });
        var scheduler = new Scheduler(cluster, PlacementStrategies.FirstFit());

        Assert.Equal("small", scheduler.Place(Container("c1")).Node);
        Assert.Equal("small", scheduler.Place(Container("c2")).Node);
        Assert.Equal(-1, cluster.CreateView().Available(0)[0]);
        var refused = scheduler.Place(Container("c3"));
        Assert.Equal("0/2 nodes fit: 2 at its container limit", refused.Failure!.Message);
        var bind = Assert.Throws<InvalidOperationException>(() => cluster.Bind(Container("c4"), "small"));
        Assert.Contains("limit of 2", bind.Message, StringComparison.Ordinal);

        cluster.Release("c1");
        Assert.Equal(10_000 - 100, cluster.CreateView().Available(0)[0]);
        Assert.Equal("small", scheduler.Place(Container("c3")).Node);

        // Cordoned and uncordoned at its limit, the node stays closed.
        cluster.Cordon("small");
        cluster.Uncordon("small");
        Assert.Equal(-1, cluster.CreateView().Available(0)[0]);
    }

    [Fact]
    public void MaxContainers_Negative_IsRejectedNamingTheProperty()
    {
        var error = Assert.Throws<ArgumentOutOfRangeException>(() => new NodeSpec("n", Cpu(1)) { MaxContainers = -1 });

        Assert.Equal("MaxContainers", error.ParamName);
    }

    [Fact]
    public void Task_RolledBack_LeavesNoMatchCountBehind()
    {
        var cluster = Zoned(cpu: 1000);
        var scheduler = new Scheduler(cluster, PlacementStrategies.FirstFit());
        var task = new TaskSpec("shop",
        [
            Container("web", 100, app: "web"),
            Container("huge", 5000),
        ]);

        Assert.False(scheduler.PlaceTask(task).IsPlaced);

        // Had web's reservation on n0 been counted, anti-affinity to web would keep this off n0.
        var loner = new ContainerSpec("loner", Cpu(100)) { AntiAffinity = [new AffinityTerm(App("web"))] };
        Assert.Equal("n0", scheduler.Place(loner).Node);
    }

    [Fact]
    public void Strategy_IgnoringTheRules_IsRejectedAndChangesNothing()
    {
        var cluster = Zoned();
        var before = ClusterSnapshot.Take(cluster);
        var scheduler = new Scheduler(cluster, new LastFitStrategy());
        var container = new ContainerSpec("c", Cpu(100)) { NodeSelector = new LabelSelector(new Dictionary<string, string> { ["zone"] = "a" }) };

        var error = Assert.Throws<InvalidOperationException>(() => scheduler.Place(container));

        Assert.Contains("ruled out by the container's placement rules", error.Message, StringComparison.Ordinal);
        Assert.Equal(before, ClusterSnapshot.Take(cluster));
    }

    [Fact]
    public void View_WithRules_ExposesTheEligibleNodes()
    {
        var cluster = Zoned();
        var probe = new ProbeStrategy();
        var container = new ContainerSpec("c", Cpu(100)) { NodeSelector = new LabelSelector(new Dictionary<string, string> { ["zone"] = "b" }) };

        new Scheduler(cluster, probe).Place(container);
        new Scheduler(cluster, probe).Place(Container("free"));

        Assert.Equal([false, false, true, true, false, false], probe.Seen[0]);
        Assert.Equal(0b1100UL, probe.Words[0]);
        Assert.Equal([true, true, true, true, true, true], probe.Seen[1]);
        Assert.Equal(0, probe.WordCounts[1]);
    }

    /// <summary>Records what the view says about eligibility and declines.</summary>
    private sealed class ProbeStrategy : IPlacementStrategy
    {
        public List<bool[]> Seen { get; } = [];

        public List<ulong> Words { get; } = [];

        public List<int> WordCounts { get; } = [];

        public string Name => "probe";

        public int SelectNode(in ClusterView cluster, ReadOnlySpan<long> request)
        {
            var seen = new bool[cluster.NodeCount];
            for (var i = 0; i < seen.Length; i++)
            {
                seen[i] = cluster.IsEligible(i);
            }

            Seen.Add(seen);
            Words.Add(cluster.EligibleNodes.IsEmpty ? 0 : cluster.EligibleNodes[0]);
            WordCounts.Add(cluster.EligibleNodes.Length);
            return -1;
        }
    }
}
