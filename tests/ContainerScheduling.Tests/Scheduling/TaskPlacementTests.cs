using System.Collections.Generic;
using System.Linq;
using FsCheck;
using FsCheck.Fluent;
using Xunit;

namespace ContainerScheduling.Tests.Scheduling;

/// <summary>A task is placed all or nothing, and a task that cannot be placed leaves no reservation behind.</summary>
public sealed class TaskPlacementTests
{
    private static readonly Config Quick = Config.QuickThrowOnFailure.WithMaxTest(200).WithQuietOnSuccess(true);

    public static IEnumerable<object[]> StrategyNames => StrategyCatalog.BuiltInNames;

    [Fact]
    public void PlaceTask_OneContainerCannotFit_PlacesNothingAndNamesTheBlocker()
    {
        var cluster = new ClusterState(new ResourceSchema("cpu", "memory"));
        cluster.AddNodes([PlacementFailureTests.Node("n0", 4000, 8000), PlacementFailureTests.Node("n1", 4000, 8000)]);
        cluster.Bind(PlacementFailureTests.Container("existing", 1000, 1000), "n1");
        var before = ClusterSnapshot.Take(cluster);
        var task = new TaskSpec("shop",
        [
            PlacementFailureTests.Container("web", 3000, 1000),
            PlacementFailureTests.Container("api", 2000, 1000),
            PlacementFailureTests.Container("db", 3000, 4000),
            PlacementFailureTests.Container("cache", 1, 1),
        ]);

        var result = new Scheduler(cluster, PlacementStrategies.FirstFit()).PlaceTask(task);

        Assert.False(result.IsPlaced);
        Assert.Equal("shop", result.Task);
        Assert.Equal("db", result.BlockingContainer);
        Assert.Empty(result.Placements);
        Assert.Equal(before, ClusterSnapshot.Take(cluster));
        Assert.Equal(["web", "api", "db", "cache"], result.Unplaced.Select(u => u.Container));

        // When db was tried, web (3000) sat on n0 and api (2000) plus the existing 1000 on n1: 1000 cpu left on each.
        const string Explanation = "0/2 nodes fit: 2 insufficient cpu";
        Assert.Equal(Explanation, result.Unplaced[2].Failure.Message);
        foreach (var other in result.Unplaced.Where(u => u.Container != "db"))
        {
            Assert.Equal($"task 'shop' was not placed because container 'db' could not be placed ({Explanation})", other.Failure.Message);
            Assert.Equal([new FailureCause("task 'shop' was not placed because container 'db' could not be placed", 2)], other.Failure.Causes);
        }
    }

    [Fact]
    public void PlaceTask_EverythingFits_PlacesAllInTheGivenOrder()
    {
        var cluster = new ClusterState(new ResourceSchema("cpu", "memory"));
        cluster.AddNodes([PlacementFailureTests.Node("n0", 4000, 8000), PlacementFailureTests.Node("n1", 4000, 8000)]);
        var task = new TaskSpec("shop", [PlacementFailureTests.Container("web", 3000, 1000), PlacementFailureTests.Container("api", 2000, 1000)]);

        var result = new Scheduler(cluster, PlacementStrategies.FirstFit()).PlaceTask(task);

        Assert.True(result.IsPlaced);
        Assert.Null(result.BlockingContainer);
        Assert.Empty(result.Unplaced);
        Assert.Equal([new ContainerScheduling.Placement("web", "n0"), new ContainerScheduling.Placement("api", "n1")], result.Placements);
        Assert.Equal("n1", cluster.GetNodeOf("api"));
    }

    [Theory]
    [MemberData(nameof(StrategyNames))]
    public void PlaceTasks_RandomTasks_EachTaskIsWholeOrAbsentAsTheDefinitionSays(string strategy)
    {
        var inputs =
            from cluster in ClusterGenerators.Clusters()
            from taskCount in Gen.Choose(0, 10)
            from sizes in Gen.ArrayOf(Gen.Choose(1, 5), taskCount)
            from requests in Gen.ArrayOf(Gen.ArrayOf(ClusterGenerators.Request(cluster.Dimensions.Length), 5), taskCount)
            from ordering in Gen.Elements(OrderingPolicy.Arrival, OrderingPolicy.LargestFirst, OrderingPolicy.SmallestFirst)
            select (Cluster: cluster, Tasks: requests.Select((r, t) => r.Take(sizes[t]).ToArray()).ToArray(), Ordering: ordering);
        Check.One(Quick, Prop.ForAll(Arb.From(inputs), input =>
        {
            var dimensions = input.Cluster.Dimensions;
            var cluster = input.Cluster.Build();
            var tasks = input.Tasks
                .Select((containers, t) => (Task: $"t{t}", Containers: containers.Select((r, c) => (Name: $"t{t}-c{c}", Request: r)).ToArray()))
                .ToList();
            var (placements, unplaced) = ReferenceCluster.Of(cluster)
                .PlaceTasks(tasks, input.Ordering, strategy, StrategyCatalog.DefaultWeights(dimensions.Length));

            var result = new Scheduler(cluster, PlacementStrategies.Create(strategy)).PlaceTasks(
                tasks.Select(t => new TaskSpec(t.Task, t.Containers.Select(c => ClusterModel.Container(c.Name, dimensions, c.Request)))),
                input.Ordering);

            var placedNames = result.Placements.Select(p => p.Container).ToHashSet();
            var wholeOrAbsent = tasks.All(t =>
                t.Containers.All(c => placedNames.Contains(c.Name) && cluster.ContainsContainer(c.Name))
                || t.Containers.All(c => !placedNames.Contains(c.Name) && !cluster.ContainsContainer(c.Name)));
            var everyContainerOnce = result.Placements.Select(p => p.Container).Concat(result.Unplaced.Select(u => u.Container)).Order()
                .SequenceEqual(tasks.SelectMany(t => t.Containers.Select(c => c.Name)).Order());
            return PropertyFailure.Unless(wholeOrAbsent, () => "a task was split")
                && everyContainerOnce
                && PropertyFailure.Unless(result.Placements.SequenceEqual(placements), () => $"placed [{string.Join("; ", result.Placements)}], expected [{string.Join("; ", placements)}]")
                && result.Unplaced.Select(u => (u.Container, u.Failure.Message)).SequenceEqual(unplaced)
                && PropertyFailure.None(ClusterInvariants.Violation(cluster));
        }));
    }

    [Theory]
    [MemberData(nameof(StrategyNames))]
    public void PlaceTask_Unplaceable_LeavesTheClusterExactlyAsItWas(string strategy)
    {
        var inputs =
            from cluster in ClusterGenerators.Clusters()
            from size in Gen.Choose(1, 6)
            from requests in Gen.ArrayOf(ClusterGenerators.SmallRequest(cluster.Dimensions.Length), size)
            from blocker in Gen.Choose(0, size - 1)
            select (Cluster: cluster, Requests: requests, Blocker: blocker);
        Check.One(Quick, Prop.ForAll(Arb.From(inputs), input =>
        {
            var dimensions = input.Cluster.Dimensions;
            var cluster = input.Cluster.Build();
            var before = ClusterSnapshot.Take(cluster);
            var containers = input.Requests.Select((r, i) => ClusterModel.Container(
                $"c{i}", dimensions, i == input.Blocker ? Enumerable.Repeat(ClusterGenerators.TooBig, dimensions.Length).ToArray() : r));
            var result = new Scheduler(cluster, PlacementStrategies.Create(strategy)).PlaceTask(new TaskSpec("t", containers));
            // The blocker is the oversized container, or an earlier one that found no room either.
            var blocker = result.BlockingContainer;
            return !result.IsPlaced
                && blocker is not null
                && int.Parse(blocker[1..], System.Globalization.CultureInfo.InvariantCulture) <= input.Blocker
                && result.Placements.Count == 0
                && result.Unplaced.Select(u => u.Container).SequenceEqual(input.Requests.Select((_, i) => $"c{i}"))
                && result.Unplaced.Where(u => u.Container != blocker).All(u => u.Failure.Message.StartsWith(
                    $"task 't' was not placed because container '{blocker}' could not be placed (", System.StringComparison.Ordinal))
                && ClusterSnapshot.Take(cluster) == before;
        }));
    }
}
