using System;
using System.Collections.Generic;
using System.Linq;

namespace ContainerScheduling;

/// <content>How work is placed, retried, evicted and re-placed, and the bookkeeping every call shares.</content>
public sealed partial class Orchestrator
{
    private ClusterEventReport Retry(ClusterEventReport report)
    {
        var touched = new HashSet<string>(StringComparer.Ordinal);
        RetryAll(report, touched);
        return Finish(report, touched);
    }

    /// <summary>Retries pending work in priority then arrival order, again while a pass places something (a dependency may unblock a dependent).</summary>
    private void RetryAll(ClusterEventReport report, HashSet<string> touched)
    {
        var progress = true;
        while (progress)
        {
            progress = false;
            var pendingTasks = _tasks.Values.Where(task => task.Members.Any(member => _entries[member].IsPending)).ToList();
            var units = RetryOrder(_entries.Values.Where(entry => entry.IsPending && entry.Task is null))
                .Select(entry => (entry.Spec.Priority, entry.Arrival, Entry: (Entry?)entry, Task: (TaskEntry?)null))
                .Concat(pendingTasks.Select(task => (Priority: task.Members.Max(member => _entries[member].Spec.Priority), task.Arrival, Entry: (Entry?)null, Task: (TaskEntry?)task)))
                .OrderByDescending(unit => unit.Priority)
                .ThenBy(unit => unit.Arrival)
                .ToList();
            foreach (var unit in units)
            {
                progress |= unit.Task is null ? TryPlace(unit.Entry!, report, touched) : TryPlaceTask(unit.Task, report, touched);
            }
        }
    }

    /// <summary>Places one plain container (preempting where allowed) or makes it pending; true when placed.</summary>
    private bool TryPlace(Entry entry, ClusterEventReport report, HashSet<string> touched)
    {
        var started = Counters.Instruments.Timing ? System.Diagnostics.Stopwatch.GetTimestamp() : 0;
        var placed = TryPlaceUntimed(entry, report, touched);
        if (started != 0)
        {
            Counters.Instruments.Took(System.Diagnostics.Stopwatch.GetElapsedTime(started).TotalMilliseconds);
        }

        return placed;
    }

    private bool TryPlaceUntimed(Entry entry, ClusterEventReport report, HashSet<string> touched)
    {
        var spec = entry.Spec;
        touched.Add(spec.Name);
        foreach (var dependency in spec.DependsOn)
        {
            if (_entries.ContainsKey(dependency) && !Cluster.ContainsContainer(dependency))
            {
                MarkPending(entry, PlacementFailure.DependencyNotPlaced(Cluster.NodeCount, dependency));
                return false;
            }
        }

        var request = spec.GetRequestVector(Cluster.Schema, "containers");
        var slot = Scheduler.TryPlace(spec, request);
        if (slot >= 0)
        {
            Placed(entry, slot, report);
            return true;
        }

        if (Options.Preemption && spec.Priority > Options.PreemptionThreshold && TryPreempt(entry, request, report, touched))
        {
            return true;
        }

        var failure = Cluster.Explain(request, Scheduler.Strategy.Name, spec);
        Counters.Failed(failure);
        MarkPending(entry, failure);
        return false;
    }

    /// <summary>Places every pending member of a task, all or none; true when the task runs whole.</summary>
    private bool TryPlaceTask(TaskEntry task, ClusterEventReport report, HashSet<string> touched)
    {
        var members = task.Members.ConvertAll(member => _entries[member]);
        foreach (var member in members)
        {
            touched.Add(member.Spec.Name);
        }

        foreach (var dependency in task.DependsOn)
        {
            if (_tasks.TryGetValue(dependency, out var required) && required.Members.Exists(member => _entries[member].IsPending))
            {
                var failure = PlacementFailure.TaskDependencyNotPlaced(Cluster.NodeCount, task.Name, dependency);
                members.ForEach(member => MarkPending(member, failure));
                return false;
            }
        }

        var order = MemberOrder(task.Name, members.ConvertAll(member => member.Spec), "tasks");
        var placed = new List<(Entry Entry, int Slot)>();
        foreach (var i in order)
        {
            var member = members[i];
            if (Cluster.ContainsContainer(member.Spec.Name))
            {
                continue;
            }

            var request = member.Spec.GetRequestVector(Cluster.Schema, "tasks");
            var slot = Scheduler.TryPlace(member.Spec, request);
            if (slot >= 0)
            {
                placed.Add((member, slot));
                continue;
            }

            var failure = Cluster.Explain(request, Scheduler.Strategy.Name, member.Spec);
            Counters.Failed(failure);
            foreach (var (done, _) in placed)
            {
                Cluster.Release(done.Spec.Name);
            }

            // The task runs whole or not at all: members still running from before leave too.
            var running = members.Where(other => Cluster.ContainsContainer(other.Spec.Name)).Select(other => other.Spec.Name).ToList();
            Evict(running, report, touched);
            foreach (var other in members)
            {
                MarkPending(other, ReferenceEquals(other, member) ? failure : PlacementFailure.BlockedBy(task.Name, member.Spec.Name, failure));
            }

            return false;
        }

        foreach (var (member, slot) in placed)
        {
            Placed(member, slot, report);
        }

        return true;
    }

    /// <summary>Releases running containers, recording them as evicted (still known: the caller re-places them or makes them pending).</summary>
    private void Evict(IReadOnlyList<string> names, ClusterEventReport report, HashSet<string> touched)
    {
        foreach (var name in names)
        {
            var entry = EntryOf(name);
            Cluster.Release(name);
            entry.Failure = null;
            report.EvictedList.Add(name);
            touched.Add(name);
        }

        Counters.Evicted(names.Count);
    }

    /// <summary>Re-places evicted containers: plain ones in dependency order (then priority, then arrival), members of a task with their whole task.</summary>
    private void Replace(IReadOnlyList<string> evicted, ClusterEventReport report, HashSet<string> touched)
    {
        var plain = evicted.Select(name => _entries[name]).Where(entry => entry.Task is null).ToList();
        plain = [.. RetryOrder(plain)];
        var names = new HashSet<string>(plain.Select(entry => entry.Spec.Name), StringComparer.Ordinal);
        var graph = InBatchGraph(plain.ConvertAll(entry => entry.Spec), names, "container", "the evicted containers", "containers");
        var order = Enumerable.Range(0, plain.Count).ToArray();
        order = graph?.Order(order) ?? order;
        foreach (var i in order)
        {
            TryPlace(plain[i], report, touched);
        }

        foreach (var task in evicted.Select(name => _entries[name].Task).OfType<string>().Distinct(StringComparer.Ordinal).ToList())
        {
            TryPlaceTask(_tasks[task], report, touched);
        }
    }

    private void Placed(Entry entry, int slot, ClusterEventReport report)
    {
        entry.Failure = null;
        report.PlacedList.Add(new Placement(entry.Spec.Name, Cluster.NodeNameAt(slot)));
        Counters.Placed();
    }

    private static void MarkPending(Entry entry, PlacementFailure failure)
    {
        entry.Failure = failure;
    }

    /// <summary>The container as it will be placed: asking its kind's recommended request when <see cref="OrchestratorOptions.PlaceByRecommendation"/> is on and there is one.</summary>
    private ContainerSpec Recommended(ContainerSpec container, string parameterName)
    {
        container.GetRequestVector(Cluster.Schema, parameterName);
        if (!Options.PlaceByRecommendation || Options.UsagePredictor!.Recommend(Options.KindOf(container)) is not { } recommended)
        {
            return container;
        }

        if (recommended.Length != Cluster.Schema.Count)
        {
            throw new InvalidOperationException($"The usage predictor recommended {recommended.Length} amount(s) for '{container.Name}', but the schema has {Cluster.Schema.Count}.");
        }

        return container.WithRequests(Cluster.Schema, recommended);
    }

    /// <summary>A report for one call, with its activity started when someone listens.</summary>
    private ClusterEventReport NewReport(ClusterEventKind kind, string? node) =>
        new(kind, node) { Activity = SchedulingTelemetry.Start(kind == ClusterEventKind.NodeDown ? "Failover" : kind.ToString(), Options.Name, node) };

    /// <summary>Lists the call's containers that end pending, and closes its activity.</summary>
    private ClusterEventReport Finish(ClusterEventReport report, HashSet<string> touched)
    {
        report.PendingList.AddRange(RetryOrder(touched.Where(_entries.ContainsKey).Select(name => _entries[name]).Where(entry => entry.IsPending))
            .Select(entry => new UnplacedContainer(entry.Spec.Name, entry.Failure!)));
        SchedulingTelemetry.Complete(report.Activity, report);
        report.Activity?.Dispose();
        report.Activity = null;
        return report;
    }

    private void RequireNewName(string name, HashSet<string> names, string parameterName)
    {
        if (!names.Add(name))
        {
            throw new ArgumentException($"Container '{name}' appears more than once.", parameterName);
        }

        if (_entries.TryGetValue(name, out var entry))
        {
            throw new ArgumentException($"A container named '{name}' is already {(entry.IsPending ? "pending" : "running")}.", parameterName);
        }

        Cluster.RequireNotPlaced(name, parameterName);
    }

    /// <summary>The entry of a running container; one placed on the cluster behind the orchestrator's back is adopted.</summary>
    private Entry EntryOf(string name)
    {
        if (!_entries.TryGetValue(name, out var entry))
        {
            entry = new Entry(Cluster.GetContainer(name), _arrivals++, null);
            _entries.Add(name, entry);
        }

        return entry;
    }

    private long ArrivalOf(string name) => _entries.TryGetValue(name, out var entry) ? entry.Arrival : long.MaxValue;

    private static IEnumerable<Entry> RetryOrder(IEnumerable<Entry> entries) =>
        entries.OrderByDescending(entry => entry.Spec.Priority).ThenBy(entry => entry.Arrival);

    /// <summary>The dependency graph among <paramref name="containers"/> (dependencies outside them dropped), or null when there is none.</summary>
    private static DependencyGraph? InBatchGraph(List<ContainerSpec> containers, HashSet<string> names, string kind, string scope, string parameterName) =>
        containers.Exists(container => container.DependsOn.Any(names.Contains))
            ? DependencyGraph.Build(containers.ConvertAll(container => container.Name), i => [.. containers[i].DependsOn.Where(names.Contains)], kind, scope, parameterName)
            : null;

    /// <summary>A task's members in dependency order (dependencies on removed members dropped), ties in the order given.</summary>
    private static int[] MemberOrder(string task, IReadOnlyList<ContainerSpec> members, string parameterName)
    {
        var list = members.ToList();
        var names = new HashSet<string>(list.Select(member => member.Name), StringComparer.Ordinal);
        var order = Enumerable.Range(0, list.Count).ToArray();
        return InBatchGraph(list, names, "container", $"task '{task}'", parameterName)?.Order(order) ?? order;
    }
}
