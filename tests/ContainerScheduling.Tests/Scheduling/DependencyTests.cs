using System;
using System.Collections.Generic;
using System.Linq;
using Xunit;

namespace ContainerScheduling.Tests.Scheduling;

/// <summary>
/// Dependencies between containers and between tasks: topological order with the ordering policy among ready
/// ones, cycles and unknown names rejected before anything changes, and dependents of unplaced work reported.
/// </summary>
public sealed class DependencyTests
{
    private static ClusterState Cluster(params long[] cpus)
    {
        var cluster = new ClusterState(new ResourceSchema("cpu"));
        for (var i = 0; i < cpus.Length; i++)
        {
            cluster.AddNode(new NodeSpec($"n{i}", new Dictionary<string, long> { ["cpu"] = cpus[i] }));
        }

        return cluster;
    }

    private static ContainerSpec C(string name, long cpu, params string[] dependsOn) =>
        new(name, new Dictionary<string, long> { ["cpu"] = cpu }) { DependsOn = dependsOn };

    [Fact]
    public void PlaceTask_Dependencies_PlaceEachContainerAfterWhatItDependsOn()
    {
        var cluster = Cluster(10_000);
        var task = new TaskSpec("shop", [C("api", 1, "cache", "db"), C("cache", 1, "db"), C("web", 1, "api"), C("db", 1)]);

        var result = new Scheduler(cluster, PlacementStrategies.FirstFit()).PlaceTask(task);

        Assert.Equal(["db", "cache", "api", "web"], result.Placements.Select(p => p.Container));
    }

    [Fact]
    public void PlaceBatch_ReadyContainers_FollowTheOrderingPolicy()
    {
        var cluster = Cluster(10_000);
        ContainerSpec[] batch = [C("small", 1), C("after-small", 500, "small"), C("medium", 100), C("large", 1000)];

        var result = new Scheduler(cluster, PlacementStrategies.FirstFit()).PlaceBatch(batch, OrderingPolicy.LargestFirst);

        // Largest first among the ready ones; after-small (500) becomes ready only once small is placed, last.
        Assert.Equal(["large", "medium", "small", "after-small"], result.Placements.Select(p => p.Container));
    }

    [Theory]
    [InlineData(new[] { "a:b", "b:c", "c:a" }, "a → b → c → a")]
    [InlineData(new[] { "x:", "a:a" }, "a → a")]
    [InlineData(new[] { "a:b", "b:c", "c:d", "d:b" }, "b → c → d → b")]
    public void PlaceTask_Cycle_IsRejectedNamingItInOrder_AndNothingChanges(string[] edges, string cycle)
    {
        var cluster = Cluster(10_000);
        var before = ClusterSnapshot.Take(cluster);
        var containers = edges.Select(e => e.Split(':')).Select(p => C(p[0], 1, p[1].Length == 0 ? [] : [p[1]]));
        var task = new TaskSpec("loop", containers);

        var error = Assert.Throws<ArgumentException>(() => new Scheduler(cluster).PlaceTask(task));

        Assert.Equal("task", error.ParamName);
        Assert.Contains(cycle, error.Message, StringComparison.Ordinal);
        Assert.Equal(before, ClusterSnapshot.Take(cluster));
    }

    [Fact]
    public void PlaceBatch_UnknownDependency_IsRejectedNamingIt()
    {
        var cluster = Cluster(10_000);

        var error = Assert.Throws<ArgumentException>(() => new Scheduler(cluster).PlaceBatch([C("a", 1), C("b", 1, "ghost")]));

        Assert.Equal("containers", error.ParamName);
        Assert.Contains("'b' depends on 'ghost'", error.Message, StringComparison.Ordinal);
        Assert.Equal(0, cluster.ContainerCount);
    }

    [Fact]
    public void PlaceBatch_DependencyUnplaced_ReportsTheDependentWithoutTryingIt()
    {
        var cluster = Cluster(1000);

        var result = new Scheduler(cluster).PlaceBatch([C("big", 5000), C("needs-big", 1, "big"), C("free", 1)]);

        Assert.Equal(["free"], result.Placements.Select(p => p.Container));
        var dependent = result.Unplaced.Single(u => u.Container == "needs-big");
        Assert.Equal("depends on container 'big', which was not placed", dependent.Failure.Message);
        Assert.Equal(["big", "needs-big"], result.Unplaced.Select(u => u.Container));
    }

    [Fact]
    public void PlaceTasks_TaskDependencies_OrderTasks_AndSkipTasksWhoseDependencyFailed()
    {
        var cluster = Cluster(1000);
        TaskSpec[] tasks =
        [
            new("shop", [C("shop-api", 10)]) { DependsOn = ["db"] },
            new("db", [C("db-0", 10)]),
            new("report", [C("report-0", 10)]) { DependsOn = ["warehouse"] },
            new("warehouse", [C("wh-0", 5000)]),
        ];

        var result = new Scheduler(cluster, PlacementStrategies.FirstFit()).PlaceTasks(tasks);

        Assert.Equal(["db-0", "shop-api"], result.Placements.Select(p => p.Container));
        var report = result.Unplaced.Single(u => u.Container == "report-0");
        Assert.Equal("task 'report' depends on task 'warehouse', which was not placed", report.Failure.Message);
        Assert.Equal(["wh-0", "report-0"], result.Unplaced.Select(u => u.Container));
    }

    [Fact]
    public void PlaceTasks_TaskCycle_IsRejectedNamingIt()
    {
        var cluster = Cluster(1000);
        TaskSpec[] tasks =
        [
            new("a", [C("a-0", 1)]) { DependsOn = ["b"] },
            new("b", [C("b-0", 1)]) { DependsOn = ["a"] },
        ];

        var error = Assert.Throws<ArgumentException>(() => new Scheduler(cluster).PlaceTasks(tasks));

        Assert.Equal("tasks", error.ParamName);
        Assert.Contains("a → b → a", error.Message, StringComparison.Ordinal);
        Assert.Equal(0, cluster.ContainerCount);
    }

    [Fact]
    public void PlaceTasks_ContainerDependingOnAnotherTasksContainer_IsRejected()
    {
        var cluster = Cluster(1000);
        TaskSpec[] tasks = [new("a", [C("a-0", 1)]), new("b", [C("b-0", 1, "a-0")])];

        var error = Assert.Throws<ArgumentException>(() => new Scheduler(cluster).PlaceTasks(tasks));

        Assert.Contains("'b-0' depends on 'a-0', which is not a container of task 'b'", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void DependsOn_BlankName_IsRejectedNamingTheProperty()
    {
        var error = Assert.Throws<ArgumentException>(() => C("a", 1, " "));

        Assert.Equal("DependsOn", error.ParamName);
    }
}
