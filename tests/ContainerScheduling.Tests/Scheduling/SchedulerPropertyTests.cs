using System.Collections.Generic;
using System.Linq;
using FsCheck;
using FsCheck.Fluent;
using Xunit;

namespace ContainerScheduling.Tests.Scheduling;

/// <summary>
/// The laws of the scheduler over random clusters and random sequences of placements, batches, releases and
/// state changes, for every built-in strategy (and the scored ones with random weights).
/// </summary>
public sealed class SchedulerPropertyTests
{
    private static readonly Config Quick = Config.QuickThrowOnFailure.WithMaxTest(150).WithQuietOnSuccess(true);

    public static IEnumerable<object[]> Strategies => StrategyCatalog.BuiltInNamesAndWeighting;

    public static IEnumerable<object[]> StrategyNames => StrategyCatalog.BuiltInNames;

    [Theory]
    [MemberData(nameof(Strategies))]
    public void Place_AnySequenceOfOperations_NeverOvercommitsAndKeepsTotals(string strategy, bool weighted) =>
        Check.One(Quick, Prop.ForAll(ClusterGenerators.ScenarioArb(), scenario =>
            PropertyFailure.None(ClusterInvariants.Violation(scenario.Cluster.Build()))
            && PropertyFailure.None(new ScenarioRunner(scenario, strategy, weighted).Run(checkInvariants: true, checkReference: false))));

    [Theory]
    [MemberData(nameof(Strategies))]
    public void Place_AnySequenceOfOperations_ChoosesWhatTheDefinitionChooses(string strategy, bool weighted) =>
        Check.One(Quick, Prop.ForAll(ClusterGenerators.ScenarioArb(), scenario =>
            PropertyFailure.None(new ScenarioRunner(scenario, strategy, weighted).Run(checkInvariants: false, checkReference: true))));

    [Theory]
    [MemberData(nameof(StrategyNames))]
    public void PlaceBatch_AnyBatch_ReportsEveryContainerOnceAndUnplacedOnesFitNowhere(string strategy)
    {
        var batches =
            from cluster in ClusterGenerators.Clusters()
            from count in Gen.Choose(0, 40)
            from requests in Gen.ArrayOf(ClusterGenerators.Request(cluster.Dimensions.Length), count)
            from ordering in Gen.Elements(OrderingPolicy.Arrival, OrderingPolicy.LargestFirst, OrderingPolicy.SmallestFirst)
            select new Scenario(cluster, [new PlaceBatchOperation(requests, ordering)], StrategyCatalog.DefaultWeights(cluster.Dimensions.Length));
        Check.One(Quick, Prop.ForAll(Arb.From(batches, ShrinkClusterOnly), scenario =>
        {
            var runner = new ScenarioRunner(scenario, strategy, weighted: false);
            var batch = (PlaceBatchOperation)scenario.Operations[0];
            var before = ReferenceCluster.Of(runner.Cluster);
            var problem = runner.Run(checkInvariants: true, checkReference: true);

            // Independently of the reference run: an unplaced container fits on no ready node even now, after
            // the whole batch (free capacity only shrank while the batch ran).
            var after = ReferenceCluster.Of(runner.Cluster);
            var unplacedRequests = batch.Requests.Where((_, i) => !runner.Cluster.ContainsContainer($"c{i}"));
            var unplacedFitNowhere = unplacedRequests.All(r => Enumerable.Range(0, after.Count).All(n => !after.Fits(n, r)));
            return PropertyFailure.None(problem) && unplacedFitNowhere && before.Count == after.Count;
        }));
    }

    private static IEnumerable<Scenario> ShrinkClusterOnly(Scenario scenario) =>
        ClusterGenerators.ShrinkCluster(scenario.Cluster).Select(cluster => scenario with { Cluster = cluster });

    [Theory]
    [MemberData(nameof(Strategies))]
    public void Place_SameInputOnTwoFreshClusters_GivesIdenticalResults(string strategy, bool weighted) =>
        Check.One(Quick, Prop.ForAll(ClusterGenerators.ScenarioArb(), scenario =>
        {
            var first = new ScenarioRunner(scenario, strategy, weighted);
            var second = new ScenarioRunner(scenario, strategy, weighted);
            first.Run(checkInvariants: false, checkReference: false);
            second.Run(checkInvariants: false, checkReference: false);
            return first.Transcript.Count == scenario.Operations.Length
                && first.Transcript.SequenceEqual(second.Transcript)
                && ClusterSnapshot.Take(first.Cluster) == ClusterSnapshot.Take(second.Cluster);
        }));

    [Theory]
    [MemberData(nameof(Strategies))]
    public void Release_AfterPlace_RestoresEveryColumnAndQuery(string strategy, bool weighted) =>
        Check.One(Quick, Prop.ForAll(ClusterGenerators.ScenarioArb(), scenario =>
        {
            var runner = new ScenarioRunner(scenario, strategy, weighted);
            runner.Run(checkInvariants: false, checkReference: false);
            var before = ClusterSnapshot.Take(runner.Cluster);
            var request = scenario.Operations.OfType<PlaceOperation>().Select(p => p.Request).FirstOrDefault()
                ?? new long[scenario.Cluster.Dimensions.Length];
            var result = runner.Scheduler.Place(ClusterModel.Container("probe", scenario.Cluster.Dimensions, request));
            var changed = ClusterSnapshot.Take(runner.Cluster) != before;
            if (result.IsPlaced)
            {
                runner.Cluster.Release("probe");
            }

            return changed == result.IsPlaced && ClusterSnapshot.Take(runner.Cluster) == before;
        }));

    [Theory]
    [MemberData(nameof(StrategyNames))]
    public void Release_EveryContainerOfABatchInAnyOrder_RestoresEveryColumnAndQuery(string strategy)
    {
        var inputs =
            from cluster in ClusterGenerators.Clusters()
            from count in Gen.Choose(1, 30)
            from requests in Gen.ArrayOf(ClusterGenerators.Request(cluster.Dimensions.Length), count)
            from releaseOrder in Gen.Shuffle(Enumerable.Range(0, count))
            select (Cluster: cluster, Requests: requests, ReleaseOrder: releaseOrder);
        Check.One(Quick, Prop.ForAll(Arb.From(inputs), input =>
        {
            var cluster = input.Cluster.Build();
            var before = ClusterSnapshot.Take(cluster);
            var scheduler = new Scheduler(cluster, StrategyCatalog.Create(strategy, input.Cluster.Dimensions, null));
            var containers = input.Requests.Select((r, i) => ClusterModel.Container($"b{i}", input.Cluster.Dimensions, r)).ToArray();
            scheduler.PlaceBatch(containers);
            foreach (var i in input.ReleaseOrder)
            {
                if (cluster.ContainsContainer($"b{i}"))
                {
                    scheduler.Remove($"b{i}");
                }
            }

            return ClusterSnapshot.Take(cluster) == before;
        }));
    }
}
