using System;
using System.Collections.Generic;
using System.Linq;
using FsCheck;
using FsCheck.Fluent;
using Xunit;
using static ContainerScheduling.Tests.Gpu.GpuFixtures;

namespace ContainerScheduling.Tests.Gpu;

/// <summary>
/// The laws of GPU placement over random clusters and random place/release sequences, for every built-in
/// strategy (see <see cref="GpuScenarioRunner"/> for what is checked after every step).
/// </summary>
public sealed class GpuPropertyTests
{
    private static readonly Config Quick = Config.QuickThrowOnFailure.WithMaxTest(150).WithQuietOnSuccess(true);

    public static IEnumerable<object[]> Names => GpuPlacementStrategies.Names.Select(n => new object[] { n });

    public static IEnumerable<object[]> Deterministic =>
        GpuPlacementStrategies.Names.Where(n => n != GpuPlacementStrategies.RandomName).Select(n => new object[] { n });

    [Fact]
    public void Names_PublishedSixThenTheDefault_EachCreatedUnderItsName()
    {
        Assert.Equal(["random", "dotprod", "clustering", "packing", "bestfit", "fgd"], GpuPlacementStrategies.PublishedNames);
        Assert.Equal([.. GpuPlacementStrategies.PublishedNames, GpuPlacementStrategies.DefaultName], GpuPlacementStrategies.Names);
        Assert.All(GpuPlacementStrategies.Names, name => Assert.Equal(name, GpuPlacementStrategies.Create(name).Name));
    }

    [Theory]
    [MemberData(nameof(Names))]
    public void PlaceAndRelease_AnyScenario_KeepsCapacityModelsConservationAndFragmentationExact(string strategy) =>
        Check.One(Quick, Prop.ForAll(GpuGenerators.ScenarioArb(), scenario =>
            PropertyFailure.None(new GpuScenarioRunner(scenario, strategy).Run(check: true))));

    [Theory]
    [MemberData(nameof(Names))]
    public void PlaceAndRelease_SameScenarioAndSeed_GiveIdenticalPlacements(string strategy) =>
        Check.One(Quick, Prop.ForAll(GpuGenerators.ScenarioArb(), scenario =>
        {
            var first = new GpuScenarioRunner(scenario, strategy);
            var second = new GpuScenarioRunner(scenario, strategy);
            first.Run(check: false);
            second.Run(check: false);
            return PropertyFailure.Unless(
                first.Transcript.Count >= scenario.Steps.Length && first.Transcript.SequenceEqual(second.Transcript),
                () => $"transcripts differ:\n{string.Join('\n', first.Transcript)}\n---\n{string.Join('\n', second.Transcript)}")
                && GpuClusterSnapshot.Take(first.Cluster) == GpuClusterSnapshot.Take(second.Cluster);
        }));

    [Theory]
    [MemberData(nameof(Deterministic))]
    public void PlaceAndRelease_StrategyKeptAcrossDecisions_DecidesLikeAFreshInstancePerDecision(string strategy) =>
        Check.One(Quick, Prop.ForAll(GpuGenerators.ScenarioArb(), scenario =>
        {
            var kept = new GpuScenarioRunner(scenario, strategy);
            var fresh = new GpuScenarioRunner(scenario, new FreshPerDecision(strategy));
            kept.Run(check: false);
            fresh.Run(check: false);
            var diverged = kept.Transcript.Zip(fresh.Transcript).Select((p, i) => (p.First, p.Second, i)).FirstOrDefault(p => p.First != p.Second);
            return PropertyFailure.Unless(
                kept.Transcript.Count == fresh.Transcript.Count && diverged.First is null,
                () => $"step {diverged.i}: kept '{diverged.First}', fresh '{diverged.Second}'");
        }));

    [Theory]
    [MemberData(nameof(Deterministic))]
    public void Score_OneInstanceOnTwoClustersInTurn_ScoresLikeFreshInstances(string strategy)
    {
        // Same node names, same change counters (one change each), different states: x took 500 on node a, y on
        // node b. A cache that forgot which cluster it belongs to would serve x's scores for y.
        var x = new GpuCluster([Node("a", 2, cpu: 8000), Node("b", 2, cpu: 8000)], ThreeShapes());
        var y = new GpuCluster([Node("a", 2, cpu: 8000), Node("b", 2, cpu: 8000)], ThreeShapes());
        Take(x, 0, 0, 500);
        Take(y, 1, 0, 500);
        var shared = GpuPlacementStrategies.Create(strategy);
        var request = Share("t", 500, cpu: 1000);

        for (var round = 0; round < 3; round++)
        {
            Assert.Equal(Scores(GpuPlacementStrategies.Create(strategy), x, request), Scores(shared, x, request));
            Assert.Equal(Scores(GpuPlacementStrategies.Create(strategy), y, request), Scores(shared, y, request));
            Assert.Equal(GpuPlacementStrategies.Create(strategy).SelectGpus(y, 0, y.Compile(request)), shared.SelectGpus(y, 0, y.Compile(request)));
        }
    }

    /// <summary>Creates a new built-in strategy for every call: no state survives from one decision to the next.</summary>
    private sealed class FreshPerDecision(string name) : IGpuPlacementStrategy
    {
        public string Name => name;

        public void Score(GpuCluster cluster, in GpuDemand demand, ReadOnlySpan<int> candidates, Span<long> scores) =>
            GpuPlacementStrategies.Create(name).Score(cluster, demand, candidates, scores);

        public ulong SelectGpus(GpuCluster cluster, int node, in GpuDemand demand) =>
            GpuPlacementStrategies.Create(name).SelectGpus(cluster, node, demand);
    }
}
