using System;
using System.Collections.Generic;
using System.Linq;
using System.Text.RegularExpressions;
using FsCheck;
using FsCheck.Fluent;
using Xunit;

namespace ContainerScheduling.Tests.Scheduling;

/// <summary>
/// Dependency graphs of containers (within a batch or a task) and of tasks (within one PlaceTasks call): cycles and
/// unknown names are rejected with a precise message and change nothing; the order respects every edge; work whose
/// dependency was not placed is not placed and says why.
/// </summary>
public sealed partial class DependencyPropertyTests
{
    private static readonly Config Quick = Config.QuickThrowOnFailure.WithMaxTest(200).WithQuietOnSuccess(true);

    private static readonly string[] NamePool = ["web", "api", "db", "cache", "queue", "auth", "cdn", "log", "mail", "pay", "search", "ml"];

    /// <summary>Where a dependency graph is given to the scheduler.</summary>
    public enum Context
    {
        /// <summary>Containers of one PlaceBatch call.</summary>
        Batch,

        /// <summary>Containers of the task given to PlaceTask.</summary>
        Task,

        /// <summary>Tasks of one PlaceTasks call (each with one container).</summary>
        Tasks,

        /// <summary>Containers of one task among others in a PlaceTasks call.</summary>
        TaskContainers,
    }

    public static IEnumerable<object[]> Contexts => Enum.GetValues<Context>().Select(c => new object[] { c });

    /// <summary>
    /// A random DAG over 1–8 names (each depending only on earlier ones) plus one planted cycle: a chain along k ≥ 1
    /// members in index order and one back edge from the first member to the last (a self-dependency when k = 1).
    /// Every cycle of the graph uses that back edge.
    /// </summary>
    internal sealed record Graph(RuleClusterModel Cluster, string[] Names, string[][] DependsOn, int BackFrom, int BackTo, int[] Presentation)
    {
        public override string ToString() =>
            $"{Cluster}{Environment.NewLine}graph (given in order {string.Join(",", Presentation.Select(i => Names[i]))}): "
            + string.Join("; ", Names.Select((n, i) => $"{n} after [{string.Join(",", DependsOn[i])}]"))
            + (BackFrom >= 0 ? $"; back edge {Names[BackFrom]} → {Names[BackTo]}" : "");
    }

    private static Gen<Graph> Graphs(bool withCycle) =>
        from cluster in RuleGenerators.Clusters(1, 12)
        from count in Gen.Choose(1, 8)
        from names in Gen.Shuffle(NamePool)
        from edges in Gen.ArrayOf(Gen.ArrayOf(Gen.Elements(false, false, true), count), count)
        from cycleLength in Gen.Choose(1, count)
        from members in Gen.Shuffle(Enumerable.Range(0, count))
        from presentation in Gen.Shuffle(Enumerable.Range(0, count))
        select Plant(cluster, names.Take(count).ToArray(), edges, withCycle ? members.Take(cycleLength).Order().ToArray() : [], presentation);

    private static Graph Plant(RuleClusterModel cluster, string[] names, bool[][] edges, int[] cycle, int[] presentation)
    {
        var dependsOn = new List<string>[names.Length];
        for (var i = 0; i < names.Length; i++)
        {
            dependsOn[i] = Enumerable.Range(0, i).Where(j => edges[i][j]).Select(j => names[j]).ToList();
        }

        for (var m = 1; m < cycle.Length; m++)
        {
            dependsOn[cycle[m]].Add(names[cycle[m - 1]]);
        }

        if (cycle.Length > 0)
        {
            dependsOn[cycle[0]].Add(names[cycle[^1]]);
        }

        return new Graph(
            cluster,
            names,
            dependsOn.Select(d => d.Distinct().ToArray()).ToArray(),
            cycle.Length > 0 ? cycle[0] : -1,
            cycle.Length > 0 ? cycle[^1] : -1,
            presentation);
    }

    [Theory]
    [MemberData(nameof(Contexts))]
    public void Place_DependencyCycle_IsRejectedNamingTheCycleInOrderAndChangesNothing(Context context) =>
        Check.One(Quick, Prop.ForAll(Arb.From(Graphs(withCycle: true)), graph =>
        {
            var cluster = graph.Cluster.Build();
            var before = ClusterSnapshot.Take(cluster);
            var thrown = Record.Exception(() => Call(new Scheduler(cluster, PlacementStrategies.FirstFit()), graph, context, graph.DependsOn));
            var dependsOn = graph.Names.Select((n, i) => (n, d: graph.DependsOn[i])).ToDictionary(p => p.n, p => p.d);
            return PropertyFailure.Unless(thrown?.GetType() == typeof(ArgumentException), () => $"expected an ArgumentException, got {thrown?.ToString() ?? "none"}")
                && PropertyFailure.Unless(((ArgumentException)thrown!).ParamName == ParameterOf(context), () => $"ParamName {((ArgumentException)thrown!).ParamName}")
                && PropertyFailure.None(CycleProblem(thrown!.Message, dependsOn, graph.Names[graph.BackFrom], graph.Names[graph.BackTo]))
                && PropertyFailure.Unless(ClusterSnapshot.Take(cluster) == before, () => "the rejected call changed the cluster");
        }));

    [Theory]
    [MemberData(nameof(Contexts))]
    public void Place_CycleBroken_TheSameCallPlacesEverythingInDependencyOrder(Context context) =>
        Check.One(Quick, Prop.ForAll(Arb.From(Graphs(withCycle: true)), graph =>
        {
            // Dropping the back edge leaves a DAG; on a roomy cluster everything is placed, each after its dependencies.
            var broken = graph.DependsOn.Select((d, i) => i == graph.BackFrom ? d.Where(n => n != graph.Names[graph.BackTo]).ToArray() : d).ToArray();
            var cluster = Roomy();
            var result = Call(new Scheduler(cluster, PlacementStrategies.FirstFit()), graph, context, broken);
            var position = result.Placements.Select((p, k) => (p.Container, k)).ToDictionary(p => p.Container, p => p.k);
            return PropertyFailure.Unless(
                    result.Unplaced.Count == 0 && graph.Names.All(n => position.ContainsKey(ContainerName(n, context))),
                    () => $"unplaced: {string.Join("; ", result.Unplaced.Select(u => $"{u.Container}: {u.Failure.Message}"))}")
                && graph.Names.Select((n, i) => (n, i)).All(p => broken[p.i].All(d => PropertyFailure.Unless(
                    position[ContainerName(d, context)] < position[ContainerName(p.n, context)],
                    () => $"{p.n} was placed at #{position[ContainerName(p.n, context)]}, before its dependency {d} (#{position[ContainerName(d, context)]})")));
        }));

    [Theory]
    [MemberData(nameof(Contexts))]
    public void Place_UnknownDependency_IsRejectedNamingItAndChangesNothing(Context context)
    {
        var inputs =
            from graph in Graphs(withCycle: false)
            from dependent in Gen.Choose(0, graph.Names.Length - 1)
            from unknownKind in Gen.Choose(0, 2)
            select (Graph: graph, Dependent: dependent, UnknownKind: unknownKind);
        Check.One(Quick, Prop.ForAll(Arb.From(inputs), input =>
        {
            var (graph, dependent, kind) = input;
            var cluster = graph.Cluster.Build();

            // A name nowhere, a container already placed in the cluster, a container where a task is expected, or a
            // container of another task of the same call.
            var placedName = cluster.Nodes.SelectMany(n => cluster.GetContainersOn(n.Name)).FirstOrDefault();
            var unknown = (kind, context) switch
            {
                (1, _) when placedName is not null => placedName,
                (2, Context.Tasks) => ContainerName(graph.Names[(dependent + 1) % graph.Names.Length], context),
                (2, Context.TaskContainers) => "before-c",
                _ => "ghost",
            };
            var dependsOn = graph.DependsOn.Select((d, i) => i == dependent ? [.. d, unknown] : d).ToArray();
            var before = ClusterSnapshot.Take(cluster);
            var thrown = Record.Exception(() => Call(new Scheduler(cluster, PlacementStrategies.FirstFit()), graph, context, dependsOn));
            return PropertyFailure.Unless(thrown?.GetType() == typeof(ArgumentException), () => $"expected an ArgumentException for '{unknown}', got {thrown?.ToString() ?? "none"}")
                && PropertyFailure.Unless(((ArgumentException)thrown!).ParamName == ParameterOf(context), () => $"ParamName {((ArgumentException)thrown!).ParamName}")
                && PropertyFailure.Unless(
                    thrown!.Message.Contains($"'{unknown}'", StringComparison.Ordinal) && thrown.Message.Contains($"'{graph.Names[dependent]}'", StringComparison.Ordinal),
                    () => $"the message '{thrown!.Message}' does not name both the dependent '{graph.Names[dependent]}' and the unknown '{unknown}'")
                && PropertyFailure.Unless(ClusterSnapshot.Take(cluster) == before, () => "the rejected call changed the cluster");
        }));
    }

    /// <summary>
    /// On a roomy cluster where some containers can never fit: a container is placed exactly when it fits and all its
    /// dependencies are placed; one skipped for a dependency names an unplaced dependency, and nothing is lost.
    /// </summary>
    [Fact]
    public void PlaceBatch_DependencyUnplaced_DependentsAreUnplacedNamingIt()
    {
        var inputs =
            from graph in Graphs(withCycle: false)
            from blocked in Gen.ArrayOf(Gen.Elements(false, false, false, true), graph.Names.Length)
            from ordering in Gen.Elements(RuleGenerators.Orderings)
            select (Graph: graph, Blocked: blocked, Ordering: ordering);
        Check.One(Quick, Prop.ForAll(Arb.From(inputs), input =>
        {
            var (graph, blocked, ordering) = input;
            var cluster = Roomy();
            var containers = graph.Presentation.Select(i => Container(graph.Names[i], blocked[i], graph.DependsOn[i])).ToArray();
            var result = new Scheduler(cluster, PlacementStrategies.BestFit()).PlaceBatch(containers, ordering);

            var expectPlaced = new Dictionary<string, bool>(StringComparer.Ordinal);
            bool Placeable(int i) => expectPlaced.TryGetValue(graph.Names[i], out var known) ? known
                : expectPlaced[graph.Names[i]] = !blocked[i] && graph.DependsOn[i].All(d => Placeable(Array.IndexOf(graph.Names, d)));
            var placed = result.Placements.Select(p => p.Container).ToHashSet(StringComparer.Ordinal);
            return Enumerable.Range(0, graph.Names.Length).All(i => PropertyFailure.Unless(
                    placed.Contains(graph.Names[i]) == Placeable(i),
                    () => $"{graph.Names[i]} placed: {placed.Contains(graph.Names[i])}, expected {Placeable(i)}"))
                && result.Unplaced.All(u =>
                {
                    var missing = graph.DependsOn[Array.IndexOf(graph.Names, u.Container)].Where(d => !placed.Contains(d)).ToList();
                    return PropertyFailure.Unless(
                        missing.Count > 0
                            ? missing.Any(d => u.Failure.Message.Contains($"'{d}'", StringComparison.Ordinal))
                            : !u.Failure.Message.Contains("depends on", StringComparison.Ordinal),
                        () => $"{u.Container} (unplaced dependencies [{string.Join(",", missing)}]): '{u.Failure.Message}'");
                })
                && PropertyFailure.None(RuleChecker.CheckBatch(RuleModel.Of(Roomy()), containers, result, cluster));
        }));
    }

    /// <summary>
    /// Tasks on a roomy cluster, some holding a container that can never fit: a task is placed exactly when it fits and
    /// every task it depends on is placed; a task skipped for a dependency reports every container with a reason naming
    /// an unplaced dependency; placed tasks follow their dependencies.
    /// </summary>
    [Fact]
    public void PlaceTasks_TaskDependencyUnplaced_DependentTasksAreUnplacedNamingIt()
    {
        var inputs =
            from graph in Graphs(withCycle: false)
            from blocked in Gen.ArrayOf(Gen.Elements(false, false, false, true), graph.Names.Length)
            from sizes in Gen.ArrayOf(Gen.Choose(1, 3), graph.Names.Length)
            from ordering in Gen.Elements(RuleGenerators.Orderings)
            select (Graph: graph, Blocked: blocked, Sizes: sizes, Ordering: ordering);
        Check.One(Quick, Prop.ForAll(Arb.From(inputs), input =>
        {
            var (graph, blocked, sizes, ordering) = input;
            var cluster = Roomy();
            var before = RuleModel.Of(cluster);
            var tasks = graph.Presentation.Select(i => new TaskSpec(
                graph.Names[i],
                Enumerable.Range(0, sizes[i]).Select(k => Container($"{graph.Names[i]}-{k}", blocked[i] && k == sizes[i] - 1, k == 0 ? [] : [$"{graph.Names[i]}-{k - 1}"])))
            {
                DependsOn = graph.DependsOn[i],
            }).ToArray();
            var result = new Scheduler(cluster, PlacementStrategies.Spread()).PlaceTasks(tasks, ordering);

            var expectPlaced = new Dictionary<string, bool>(StringComparer.Ordinal);
            bool Placeable(int i) => expectPlaced.TryGetValue(graph.Names[i], out var known) ? known
                : expectPlaced[graph.Names[i]] = !blocked[i] && graph.DependsOn[i].All(d => Placeable(Array.IndexOf(graph.Names, d)));
            var placed = result.Placements.Select(p => p.Container).ToHashSet(StringComparer.Ordinal);
            return Enumerable.Range(0, graph.Names.Length).All(i => PropertyFailure.Unless(
                    placed.Contains($"{graph.Names[i]}-0") == Placeable(i),
                    () => $"task {graph.Names[i]} placed: {placed.Contains($"{graph.Names[i]}-0")}, expected {Placeable(i)}"))
                && PropertyFailure.None(RuleChecker.CheckTasks(before, tasks, result, cluster));
        }));
    }

    private static string? CycleProblem(string message, Dictionary<string, string[]> dependsOn, string backFrom, string backTo)
    {
        var match = CyclePattern().Match(message);
        if (!match.Success)
        {
            return $"the message '{message}' names no cycle 'a → b → … → a'";
        }

        var path = match.Value.Split(" → ");
        var members = path[..^1];
        if (path[0] != path[^1] || members.Distinct().Count() != members.Length)
        {
            return $"'{match.Value}' is not a closed simple path (message '{message}')";
        }

        for (var m = 0; m < members.Length; m++)
        {
            if (!dependsOn.TryGetValue(path[m], out var deps) || !deps.Contains(path[m + 1]))
            {
                return $"in '{match.Value}', {path[m]} does not depend on {path[m + 1]} (message '{message}')";
            }
        }

        return Enumerable.Range(0, members.Length).Any(m => path[m] == backFrom && path[m + 1] == backTo)
            ? null
            : $"'{match.Value}' does not use the back edge {backFrom} → {backTo}, which every cycle uses";
    }

    [GeneratedRegex(@"[\w-]+(?: → [\w-]+)+")]
    private static partial Regex CyclePattern();

    private static string ParameterOf(Context context) => context switch
    {
        Context.Batch => "containers",
        Context.Task => "task",
        _ => "tasks",
    };

    /// <summary>The container that stands for a graph item (in <see cref="Context.Tasks"/>, the task's one container).</summary>
    private static string ContainerName(string item, Context context) => context == Context.Tasks ? $"{item}-c" : item;

    private static ContainerSpec Container(string name, bool blocked, string[] dependsOn) =>
        new(name, new Dictionary<string, long> { ["cpu"] = blocked ? ClusterGenerators.TooBig : 1 }) { DependsOn = dependsOn };

    /// <summary>Calls the scheduler with the graph in its presentation order, in the given context.</summary>
    private static BatchPlacementResult Call(Scheduler scheduler, Graph graph, Context context, string[][] dependsOn)
    {
        var items = graph.Presentation;
        var cpu = scheduler.Cluster.Schema[0];
        ContainerSpec Item(int i, string name, string[] deps) => new(name, new Dictionary<string, long> { [cpu] = 1 }) { DependsOn = deps };
        switch (context)
        {
            case Context.Batch:
                return scheduler.PlaceBatch(items.Select(i => Item(i, graph.Names[i], dependsOn[i])));
            case Context.Task:
                var task = scheduler.PlaceTask(new TaskSpec("t", items.Select(i => Item(i, graph.Names[i], dependsOn[i]))));
                return new BatchPlacementResult(task.Placements, task.Unplaced);
            case Context.Tasks:
                return scheduler.PlaceTasks(items.Select(i => new TaskSpec(graph.Names[i], [Item(i, ContainerName(graph.Names[i], context), [])]) { DependsOn = dependsOn[i] }));
            default:
                return scheduler.PlaceTasks(
                [
                    new TaskSpec("before", [Item(-1, "before-c", [])]),
                    new TaskSpec("t", items.Select(i => Item(i, graph.Names[i], dependsOn[i]))) { DependsOn = ["before"] },
                    new TaskSpec("after", [Item(-1, "after-c", [])]) { DependsOn = ["t"] },
                ]);
        }
    }

    /// <summary>Five ready nodes with room for a million containers of 1 cpu each.</summary>
    private static ClusterState Roomy()
    {
        var cluster = new ClusterState(new ResourceSchema("cpu"));
        cluster.AddNodes(Enumerable.Range(0, 5).Select(i => new NodeSpec($"big{i}", new Dictionary<string, long> { ["cpu"] = 1_000_000 })));
        return cluster;
    }
}
