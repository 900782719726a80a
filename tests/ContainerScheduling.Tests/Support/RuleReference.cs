using System;
using System.Collections.Generic;
using System.Linq;

namespace ContainerScheduling.Tests;

/// <summary>
/// What the scheduler must decide under placement rules, by the definitions: a built-in strategy picks exactly what
/// it would pick if only the eligible nodes existed — computed as the <see cref="ReferenceCluster"/> decision on a
/// copy of the cluster where every node the rules (or its container limit) keep out is cordoned; batches and tasks go
/// in a topological order of their dependencies, ties by the policy's order (tasks by their total demand), containers
/// of a task topologically with ties in the order given; a dependent of unplaced work is unplaced; a task is whole or
/// absent.
/// </summary>
internal static class RuleReference
{
    /// <summary>The node index (in model order) the strategy must choose for the container now, or −1.</summary>
    public static int Choose(RuleModel model, ContainerSpec container, string strategy, double[] weights) =>
        ReferenceCluster.Of(model.CordonedCopy(container)).Choose(strategy, model.RequestOf(container), weights);

    public static (List<ContainerScheduling.Placement> Placements, List<string> Unplaced) PlaceBatch(
        RuleModel model, ReferenceCluster totals, IReadOnlyList<ContainerSpec> batch, OrderingPolicy ordering, string strategy, double[] weights)
    {
        var index = Indexes(batch.Select(c => c.Name));
        var order = Topological(totals.Order(batch.Select(model.RequestOf).ToList(), ordering), i => batch[i].DependsOn.Select(d => index[d]));
        var placed = new HashSet<string>(StringComparer.Ordinal);
        var placements = new List<ContainerScheduling.Placement>();
        var unplaced = new List<string>();
        foreach (var i in order)
        {
            var container = batch[i];
            var node = container.DependsOn.All(placed.Contains) ? Choose(model, container, strategy, weights) : -1;
            if (node < 0)
            {
                unplaced.Add(container.Name);
                continue;
            }

            model.Place(container, node);
            placed.Add(container.Name);
            placements.Add(new ContainerScheduling.Placement(container.Name, model.Nodes[node].Spec.Name));
        }

        return (placements, unplaced);
    }

    public static (List<ContainerScheduling.Placement> Placements, List<string> Unplaced) PlaceTasks(
        RuleModel model, ReferenceCluster totals, IReadOnlyList<TaskSpec> tasks, OrderingPolicy ordering, string strategy, double[] weights)
    {
        var index = Indexes(tasks.Select(t => t.Name));
        var demands = tasks.Select(t => model.Dimensions.Select((_, d) => t.Containers.Sum(c => model.RequestOf(c)[d])).ToArray()).ToList();
        var order = Topological(totals.Order(demands, ordering), t => tasks[t].DependsOn.Select(d => index[d]));
        var placedTasks = new HashSet<string>(StringComparer.Ordinal);
        var placements = new List<ContainerScheduling.Placement>();
        var unplaced = new List<string>();
        var state = model;
        foreach (var t in order)
        {
            var task = tasks[t];
            var attempt = state.Clone();
            var placed = new List<ContainerScheduling.Placement>();
            var whole = task.DependsOn.All(placedTasks.Contains);
            if (whole)
            {
                var containerIndex = Indexes(task.Containers.Select(c => c.Name));
                var given = Enumerable.Range(0, task.Containers.Count).ToArray();
                foreach (var c in Topological(given, c => task.Containers[c].DependsOn.Select(d => containerIndex[d])))
                {
                    var container = task.Containers[c];
                    var node = Choose(attempt, container, strategy, weights);
                    if (node < 0)
                    {
                        whole = false;
                        break;
                    }

                    attempt.Place(container, node);
                    placed.Add(new ContainerScheduling.Placement(container.Name, attempt.Nodes[node].Spec.Name));
                }
            }

            if (whole)
            {
                state = attempt;
                placedTasks.Add(task.Name);
                placements.AddRange(placed);
            }
            else
            {
                unplaced.AddRange(task.Containers.Select(c => c.Name));
            }
        }

        return (placements, unplaced);
    }

    /// <summary>
    /// The items in dependency order: repeatedly the item of lowest rank (position in <paramref name="rankOrder"/>)
    /// among those whose dependencies are all already in the order.
    /// </summary>
    public static int[] Topological(int[] rankOrder, Func<int, IEnumerable<int>> dependencies)
    {
        var done = new HashSet<int>();
        var order = new List<int>();
        while (order.Count < rankOrder.Length)
        {
            var next = rankOrder.First(i => !done.Contains(i) && dependencies(i).All(done.Contains));
            done.Add(next);
            order.Add(next);
        }

        return [.. order];
    }

    private static Dictionary<string, int> Indexes(IEnumerable<string> names) =>
        names.Select((name, i) => (name, i)).ToDictionary(p => p.name, p => p.i, StringComparer.Ordinal);
}
