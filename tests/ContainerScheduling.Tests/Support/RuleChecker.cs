using System;
using System.Collections.Generic;
using System.Linq;

namespace ContainerScheduling.Tests;

/// <summary>
/// Replays the placements of a <see cref="Scheduler.PlaceBatch"/> or <see cref="Scheduler.PlaceTasks"/> result in
/// order on a <see cref="RuleModel"/> of the cluster as it was before the call, and checks that every rule held at the
/// moment of each placement (state, capacity, container limit, taints, node selector, affinity, anti-affinity,
/// topology spread), that dependencies were placed first, that nothing was lost or reported twice, that tasks are
/// whole or absent, that a container or task whose dependency was not placed is unplaced with a reason naming it, and
/// that the cluster afterwards holds exactly what the replay holds (so a rolled-back task left nothing reserved).
/// </summary>
internal static class RuleChecker
{
    /// <summary>Returns the first problem with a batch result, or null.</summary>
    public static string? CheckBatch(RuleModel before, IReadOnlyList<ContainerSpec> batch, BatchPlacementResult result, ClusterState after)
    {
        var byName = batch.ToDictionary(c => c.Name, StringComparer.Ordinal);
        var model = before.Clone();
        var placed = new HashSet<string>(StringComparer.Ordinal);
        var problem = NothingLost(byName.Keys, result);
        for (var k = 0; k < result.Placements.Count && problem is null; k++)
        {
            var (name, node) = result.Placements[k];
            var container = byName[name];
            var missing = container.DependsOn.FirstOrDefault(d => !placed.Contains(d));
            problem = missing is not null
                ? $"placement #{k}: {name} went to {node} before its dependency {missing} was placed"
                : Replay(model, container, node, k);
            placed.Add(name);
        }

        foreach (var unplaced in result.Unplaced)
        {
            var missing = byName[unplaced.Container].DependsOn.Where(d => !placed.Contains(d)).ToList();
            problem ??= missing.Count == 0 || missing.Any(d => unplaced.Failure.Message.Contains($"'{d}'", StringComparison.Ordinal))
                ? null
                : $"{unplaced.Container} has unplaced dependencies [{string.Join(",", missing)}], but its reason '{unplaced.Failure.Message}' names none of them";
        }

        return problem ?? model.DifferenceFrom(after);
    }

    /// <summary>Returns the first problem with a tasks result, or null.</summary>
    public static string? CheckTasks(RuleModel before, IReadOnlyList<TaskSpec> tasks, BatchPlacementResult result, ClusterState after)
    {
        var byName = tasks.SelectMany(t => t.Containers).ToDictionary(c => c.Name, StringComparer.Ordinal);
        var taskOf = tasks.SelectMany(t => t.Containers.Select(c => (c.Name, Task: t))).ToDictionary(p => p.Name, p => p.Task, StringComparer.Ordinal);
        var taskByName = tasks.ToDictionary(t => t.Name, StringComparer.Ordinal);
        var model = before.Clone();
        var placed = new HashSet<string>(StringComparer.Ordinal);
        var problem = NothingLost(byName.Keys, result);
        for (var k = 0; k < result.Placements.Count && problem is null; k++)
        {
            var (name, node) = result.Placements[k];
            var container = byName[name];
            var task = taskOf[name];
            var missing = container.DependsOn.FirstOrDefault(d => !placed.Contains(d));
            var missingTask = task.DependsOn.FirstOrDefault(d => taskByName[d].Containers.Any(c => !placed.Contains(c.Name)));
            problem = missing is not null ? $"placement #{k}: {name} went to {node} before its dependency {missing} was placed"
                : missingTask is not null ? $"placement #{k}: {name} of task {task.Name} went to {node} before task {missingTask} was wholly placed"
                : Replay(model, container, node, k);
            placed.Add(name);
        }

        foreach (var task in tasks)
        {
            var count = task.Containers.Count(c => placed.Contains(c.Name));
            problem ??= count == 0 || count == task.Containers.Count
                ? null
                : $"task {task.Name} is split: {count} of its {task.Containers.Count} containers placed";
            var missing = task.DependsOn.Where(d => taskByName[d].Containers.Any(c => !placed.Contains(c.Name))).ToList();
            if (missing.Count == 0)
            {
                continue;
            }

            foreach (var unplaced in result.Unplaced.Where(u => taskOf[u.Container] == task))
            {
                problem ??= missing.Any(d => unplaced.Failure.Message.Contains($"'{d}'", StringComparison.Ordinal))
                    ? null
                    : $"task {task.Name} waits for unplaced tasks [{string.Join(",", missing)}], but the reason of {unplaced.Container}, '{unplaced.Failure.Message}', names none of them";
            }
        }

        return problem ?? model.DifferenceFrom(after);
    }

    /// <summary>Every input container exactly once in the placements and the unplaced, and nothing else.</summary>
    private static string? NothingLost(IEnumerable<string> input, BatchPlacementResult result)
    {
        var reported = result.Placements.Select(p => p.Container).Concat(result.Unplaced.Select(u => u.Container)).ToList();
        var expected = input.Order(StringComparer.Ordinal).ToList();
        return reported.Order(StringComparer.Ordinal).SequenceEqual(expected)
            ? null
            : $"reported [{string.Join(",", reported)}] for the input [{string.Join(",", expected)}]";
    }

    /// <summary>Checks one placement against the model as it is now, then applies it.</summary>
    private static string? Replay(RuleModel model, ContainerSpec container, string nodeName, int k)
    {
        var node = model.IndexOf(nodeName);
        if (node < 0)
        {
            return $"placement #{k}: {container.Name} went to {nodeName}, which is not a node of the cluster";
        }

        if (model.Violation(container, node) is { } why)
        {
            return $"placement #{k}: {container.Name} went to {nodeName}, which breaks a rule: {why}";
        }

        model.Place(container, node);
        return null;
    }
}
