using System;
using System.Collections.Generic;
using System.Linq;
using FsCheck;
using FsCheck.Fluent;
using Xunit;

namespace ContainerScheduling.Tests.Placement;

/// <summary>
/// Each built-in strategy picks the node its definition names, written out slowly in
/// <see cref="ReferenceCluster"/> over public queries: first-fit the first ready node that fits; best-fit the
/// lowest score Σ_d ((double)(free_d − req_d) · (1/cap_d)) · w_d, least-loaded the highest, spread the fewest
/// containers then the highest score; ties to the lowest node index.
/// </summary>
public sealed class StrategyDefinitionTests
{
    private static readonly Config Quick = Config.QuickThrowOnFailure.WithMaxTest(300).WithQuietOnSuccess(true);

    public static IEnumerable<object[]> Strategies => StrategyCatalog.BuiltInNamesAndWeighting;

    [Theory]
    [MemberData(nameof(Strategies))]
    public void SelectNode_RandomDecision_ReturnsTheNodeTheDefinitionNames(string strategy, bool weighted) =>
        Check.One(Quick, Prop.ForAll(ClusterGenerators.DecisionArb(), decision =>
        {
            var cluster = decision.Cluster.Build();
            var dimensions = decision.Cluster.Dimensions;
            var weights = weighted ? decision.Weights : StrategyCatalog.DefaultWeights(dimensions.Length);
            var expected = ReferenceCluster.Of(cluster).ChooseName(strategy, decision.Request, weights);
            var view = cluster.CreateView();
            var index = StrategyCatalog.Create(strategy, dimensions, weighted ? decision.Weights : null).SelectNode(in view, decision.Request);
            var actual = index < 0 ? null : view.GetNodeName(index);
            return PropertyFailure.Unless(actual == expected, () => $"chose {actual ?? "<none>"}, the definition says {expected ?? "<none>"}")
                && (index < 0 || view.Fits(index, decision.Request));
        }));

    [Theory]
    [InlineData(PlacementStrategies.FirstFitName, "c")]
    [InlineData(PlacementStrategies.BestFitName, "c")]
    [InlineData(PlacementStrategies.LeastLoadedName, "e")]
    [InlineData(PlacementStrategies.SpreadName, "f")]
    public void Place_HandBuiltCluster_PicksTheNodeWorkedOutByHand(string strategy, string expected)
    {
        // Request cpu 2, memory 2. Nodes in order (capacity cpu/memory, containers of 1/1 already there):
        //   a 100/100 cordoned, b 100/100 down, g 1/100 (too little cpu),
        //   c 4/4 with 2 → free 2/2, score 0/4 + 0/4 = 0
        //   d 3/3 with 0 → free 3/3, score 1/3 + 1/3 ≈ 0.667
        //   e 100/100 with 3 → free 97/97, score 0.95 + 0.95 = 1.9
        //   f 10/10 with 0 → free 10/10, score 0.8 + 0.8 = 1.6
        //   h 10/10 with 0 → the same as f, later in order
        // first-fit: c (a, b not ready; g short). best-fit: lowest score c. least-loaded: highest score e.
        // spread: fewest containers d, f, h; highest score among them f and h; lowest index f.
        var cluster = new ClusterState(new ResourceSchema("cpu", "memory"));
        cluster.AddNodes(
        [
            Node("a", 100, 100), Node("b", 100, 100), Node("g", 1, 100), Node("c", 4, 4), Node("d", 3, 3), Node("e", 100, 100),
            Node("f", 10, 10), Node("h", 10, 10),
        ]);
        cluster.Cordon("a");
        cluster.SetNodeState("b", NodeState.Down);
        Bind(cluster, "c", 2);
        Bind(cluster, "e", 3);

        var definition = ReferenceCluster.Of(cluster).ChooseName(strategy, [2, 2], [1, 1]);
        var result = new Scheduler(cluster, PlacementStrategies.Create(strategy)).Place(new ContainerSpec("new", Request(2, 2)));

        Assert.Equal(expected, result.Node);
        Assert.Equal(expected, definition);
    }

    [Theory]
    [InlineData(PlacementStrategies.BestFitName, null, "p")]
    [InlineData(PlacementStrategies.LeastLoadedName, null, "p")]
    [InlineData(PlacementStrategies.BestFitName, "cpu", "q")]
    [InlineData(PlacementStrategies.LeastLoadedName, "cpu", "p")]
    [InlineData(PlacementStrategies.BestFitName, "memory", "p")]
    [InlineData(PlacementStrategies.LeastLoadedName, "memory", "q")]
    [InlineData(PlacementStrategies.SpreadName, "memory", "q")]
    public void Place_WeightOfTenOnOneDimension_TipsTheChoiceAsWorkedOutByHand(string strategy, string? heavy, string expected)
    {
        // p 100 cpu / 10 memory, q 10 cpu / 100 memory; request 1/1.
        // Equal weights: p 0.99 + 0.9 = 1.89 = q 0.9 + 0.99 (a tie, so p by order for both directions).
        // cpu × 10: p 9.9 + 0.9 = 10.8, q 9 + 0.99 = 9.99. memory × 10: p 0.99 + 9 = 9.99, q 0.9 + 9.9 = 10.8.
        var cluster = new ClusterState(new ResourceSchema("cpu", "memory"));
        cluster.AddNodes([Node("p", 100, 10), Node("q", 10, 100)]);
        var weights = heavy is null ? null : new Dictionary<string, double> { [heavy] = 10.0 };
        var chosen = strategy switch
        {
            PlacementStrategies.BestFitName => PlacementStrategies.BestFit(weights),
            PlacementStrategies.LeastLoadedName => PlacementStrategies.LeastLoaded(weights),
            _ => PlacementStrategies.Spread(weights),
        };

        Assert.Equal(expected, new Scheduler(cluster, chosen).Place(new ContainerSpec("new", Request(1, 1))).Node);
    }

    [Theory]
    [InlineData(PlacementStrategies.BestFitName, "z")]
    [InlineData(PlacementStrategies.LeastLoadedName, "y")]
    public void Place_ZeroCapacityDimension_ContributesNothingToTheScore(string strategy, string expected)
    {
        // z: cpu 10, gpu 0 → 0.9 + 0; y: cpu 10, gpu 1000 → 0.9 + 1.0. Request cpu 1.
        var cluster = new ClusterState(new ResourceSchema("cpu", "gpu"));
        cluster.AddNodes(
        [
            new NodeSpec("z", new Dictionary<string, long> { ["cpu"] = 10 }),
            new NodeSpec("y", new Dictionary<string, long> { ["cpu"] = 10, ["gpu"] = 1000 }),
        ]);

        Assert.Equal(expected, new Scheduler(cluster, PlacementStrategies.Create(strategy)).Place(new ContainerSpec("new", new Dictionary<string, long> { ["cpu"] = 1 })).Node);
    }

    [Theory]
    [InlineData(PlacementStrategies.FirstFitName)]
    [InlineData(PlacementStrategies.BestFitName)]
    [InlineData(PlacementStrategies.LeastLoadedName)]
    [InlineData(PlacementStrategies.SpreadName)]
    public void Place_FortyIdenticalNodes_TiesGoToTheLowestIndexAcrossVectorLanesAndBlocks(string strategy)
    {
        // 40 identical nodes (more than one 32-node block, five 8-lane vectors) tie on every criterion: n0 wins.
        // Once n0 holds a container, best-fit and first-fit stay on it, least-loaded and spread move to n1.
        var cluster = new ClusterState(new ResourceSchema("cpu"));
        cluster.AddNodes(Enumerable.Range(0, 40).Select(i => new NodeSpec($"n{i}", new Dictionary<string, long> { ["cpu"] = 8 })));
        var scheduler = new Scheduler(cluster, PlacementStrategies.Create(strategy));

        Assert.Equal("n0", scheduler.Place(new ContainerSpec("first", new Dictionary<string, long> { ["cpu"] = 1 })).Node);
        var second = scheduler.Place(new ContainerSpec("second", new Dictionary<string, long> { ["cpu"] = 1 })).Node;
        var expectedSecond = strategy switch
        {
            PlacementStrategies.BestFitName => "n0",       // n0 is now the tightest fit
            PlacementStrategies.FirstFitName => "n0",      // still the first that fits
            _ => "n1",                                     // least-loaded and spread avoid n0
        };
        Assert.Equal(expectedSecond, second);
    }

    private static NodeSpec Node(string name, long cpu, long memory) => new(name, Request(cpu, memory));

    private static Dictionary<string, long> Request(long cpu, long memory) => new() { ["cpu"] = cpu, ["memory"] = memory };

    private static void Bind(ClusterState cluster, string node, int count)
    {
        for (var i = 0; i < count; i++)
        {
            cluster.Bind(new ContainerSpec($"{node}-{i}", Request(1, 1)), node);
        }
    }
}
