using System;
using System.Collections.Generic;
using System.Linq;

namespace ContainerScheduling;

/// <summary>
/// Keeps a cluster's promises while it changes: every container submitted is either running or
/// <see cref="Pending"/> with its reason — never lost. Nodes fail and come back, nodes are added and drained,
/// containers are removed, urgent work preempts less important work, and pending work is retried whenever
/// capacity appears.
/// </summary>
/// <remarks>
/// <para>Placement goes through a <see cref="ContainerScheduling.Scheduler"/> with the given strategy, so every
/// placement rule holds. Containers of a task run whole or not at all: when an evicted member of a task cannot be
/// re-placed, the task's other members are evicted too and the whole task waits as pending.</para>
/// <para>Preemption (<see cref="OrchestratorOptions.Preemption"/>): a container with a priority above
/// <see cref="OrchestratorOptions.PreemptionThreshold"/> that fits nowhere may evict containers of strictly lower
/// priority from one node. Per node the victims are found as Kubernetes finds them: the lowest priority level
/// whose containers, all removed, make room, then each of them is kept back (highest priority first) if room
/// remains without it. Among nodes the one whose victims disrupt least wins: the lowest highest-victim priority,
/// then the smallest sum of victim priorities, then the fewest victims, then the lowest node index. Victims are
/// re-placed like evicted containers (and may preempt still lower priorities themselves) or become pending. Task
/// members do not preempt; they may be victims.</para>
/// <para>Pending work is retried by descending priority, then in arrival order, after a node comes up or is
/// added, after a container is removed, and on <see cref="RetryPending"/>. A container whose dependency is
/// pending waits for it.</para>
/// <para>Containers already in the cluster when the orchestrator is created are adopted as plain containers.
/// Not thread-safe, like the cluster. Same calls in the same order give the same result.</para>
/// </remarks>
public sealed partial class Orchestrator : IDisposable
{
    private readonly Dictionary<string, Entry> _entries = new(StringComparer.Ordinal);
    private readonly Dictionary<string, TaskEntry> _tasks = new(StringComparer.Ordinal);
    private long _arrivals;

    /// <summary>Creates an orchestrator over a cluster, adopting the containers already placed there.</summary>
    /// <param name="cluster">The cluster.</param>
    /// <param name="strategy">The placement strategy (default best-fit).</param>
    /// <param name="options">The options (default <see cref="OrchestratorOptions.Default"/>).</param>
    /// <exception cref="ArgumentNullException"><paramref name="cluster"/> is null.</exception>
    /// <exception cref="ArgumentOutOfRangeException">An option is out of range.</exception>
    public Orchestrator(ClusterState cluster, IPlacementStrategy? strategy = null, OrchestratorOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(cluster);
        Options = options ?? OrchestratorOptions.Default;
        Options.Validate(nameof(options));
        Scheduler = new Scheduler(cluster, strategy);
        Counters = new SchedulingCounters(new OrchestratorInstruments(Options.Name, Utilization, () => _entries.Values.Count(entry => entry.IsPending), Options.MeterFactory));
        foreach (var node in cluster.Nodes)
        {
            foreach (var name in cluster.GetContainersOn(node.Name))
            {
                _entries.Add(name, new Entry(cluster.GetContainer(name), _arrivals++, null));
            }
        }
    }

    /// <summary>Gets the cluster.</summary>
    public ClusterState Cluster => Scheduler.Cluster;

    /// <summary>Gets the scheduler that places containers.</summary>
    public Scheduler Scheduler { get; }

    /// <summary>Gets the options.</summary>
    public OrchestratorOptions Options { get; }

    /// <summary>Gets the running totals.</summary>
    public SchedulingCounters Counters { get; }

    /// <summary>Stops this orchestrator's instruments (its <see cref="System.Diagnostics.Metrics.Meter"/>); the cluster is untouched.</summary>
    public void Dispose() => Counters.Instruments.Dispose();

    /// <summary>
    /// Measures the cluster's load (<see cref="ClusterMetrics"/>). Fragmentation is judged against the pending
    /// requests, or, with nothing pending, against the requests of the running containers.
    /// </summary>
    /// <returns>The snapshot.</returns>
    public ClusterMetrics Metrics()
    {
        var pending = _entries.Values.Where(entry => entry.IsPending).ToList();
        var reference = (pending.Count > 0 ? pending : _entries.Values.Where(entry => Cluster.ContainsContainer(entry.Spec.Name)))
            .Select(entry => entry.Spec.GetRequestVector(Cluster.Schema, "containers"))
            .DistinctBy(request => string.Join(",", request))
            .Select(request => (IReadOnlyList<long>)request)
            .ToList();
        return ClusterMetrics.Of(Cluster, reference);
    }

    private IEnumerable<System.Diagnostics.Metrics.Measurement<double>> Utilization()
    {
        var schema = Cluster.Schema;
        for (var d = 0; d < schema.Count; d++)
        {
            var capacity = Cluster.GetTotalCapacity(schema[d]);
            yield return new System.Diagnostics.Metrics.Measurement<double>(
                capacity == 0 ? 0.0 : (double)Cluster.GetTotalAllocated(schema[d]) / capacity,
                Counters.Instruments.ClusterTag,
                new KeyValuePair<string, object?>("resource", schema[d]));
        }
    }

    /// <summary>Records what a running or pending container really uses, for <see cref="OrchestratorOptions.UsagePredictor"/>.</summary>
    /// <param name="containerName">The container's name.</param>
    /// <param name="usage">The amounts used, one per dimension in schema order.</param>
    /// <exception cref="InvalidOperationException">No usage predictor is configured.</exception>
    /// <exception cref="ArgumentException">The orchestrator neither runs nor holds that container, or the sample is malformed.</exception>
    public void ObserveUsage(string containerName, IReadOnlyList<long> usage)
    {
        var predictor = Options.UsagePredictor ?? throw new InvalidOperationException($"No {nameof(OrchestratorOptions.UsagePredictor)} is configured.");
        if (!_entries.TryGetValue(containerName, out var entry))
        {
            throw new ArgumentException($"No running or pending container is named '{containerName}'.", nameof(containerName));
        }

        predictor.Observe(Options.KindOf(entry.Spec), usage);
    }

    /// <summary>Gets the pending containers with their latest reasons, in the order they will be retried.</summary>
    public IReadOnlyList<UnplacedContainer> Pending =>
        [.. RetryOrder(_entries.Values.Where(entry => entry.IsPending)).Select(entry => new UnplacedContainer(entry.Spec.Name, entry.Failure!))];

    /// <summary>Whether a container is pending.</summary>
    /// <param name="containerName">The container's name.</param>
    public bool IsPending(string containerName) => _entries.TryGetValue(containerName, out var entry) && entry.IsPending;

    /// <summary>
    /// Submits containers: each is placed (in dependency order, then by <see cref="OrchestratorOptions.Ordering"/>),
    /// placed by preempting lower priorities, or made pending with its reason. A container may depend on one in the
    /// same call or on one the orchestrator already runs or holds pending.
    /// </summary>
    /// <param name="containers">The containers, with names unused among running and pending containers.</param>
    /// <returns>What the call did.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="containers"/> is null.</exception>
    /// <exception cref="ArgumentException">A null container, a repeated or used name, a request naming a dimension
    /// the schema lacks, a dependency on an unknown container, or a dependency cycle (named in order). Nothing
    /// changes then.</exception>
    public ClusterEventReport Submit(IEnumerable<ContainerSpec> containers)
    {
        ArgumentNullException.ThrowIfNull(containers);
        var batch = new List<ContainerSpec>();
        var requests = new List<long[]>();
        var names = new HashSet<string>(StringComparer.Ordinal);
        foreach (var container in containers)
        {
            if (container is null)
            {
                throw new ArgumentException($"Container #{batch.Count} is null.", nameof(containers));
            }

            RequireNewName(container.Name, names, nameof(containers));
            var spec = Recommended(container, nameof(containers));
            requests.Add(spec.GetRequestVector(Cluster.Schema, nameof(containers)));
            batch.Add(spec);
        }

        foreach (var container in batch)
        {
            foreach (var dependency in container.DependsOn)
            {
                if (!names.Contains(dependency) && !_entries.ContainsKey(dependency))
                {
                    throw new ArgumentException(
                        $"Container '{container.Name}' depends on '{dependency}', which is neither in this call nor running or pending.", nameof(containers));
                }
            }
        }

        var order = BatchOrder.Sort([.. requests], Cluster, Options.Ordering, nameof(containers));
        order = InBatchGraph(batch, names, "container", "this call", nameof(containers))?.Order(order) ?? order;
        var report = NewReport(ClusterEventKind.Submit, null);
        var entries = batch.ConvertAll(container => new Entry(container, _arrivals++, null));
        foreach (var entry in entries)
        {
            _entries.Add(entry.Spec.Name, entry);
        }

        var touched = new HashSet<string>(StringComparer.Ordinal);
        foreach (var i in order)
        {
            TryPlace(entries[i], report, touched);
        }

        return Finish(report, touched);
    }

    /// <summary>
    /// Submits tasks: each is placed all-or-nothing (its containers in dependency order) after the tasks it depends
    /// on, or all its containers become pending with the reason. Tasks do not preempt.
    /// </summary>
    /// <param name="tasks">The tasks, with names unused among this orchestrator's tasks and container names unused among its containers.</param>
    /// <returns>What the call did.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="tasks"/> is null.</exception>
    /// <exception cref="ArgumentException">A null task, a repeated or used task or container name, a request naming a
    /// dimension the schema lacks, a dependency on an unknown task or container, or a cycle. Nothing changes then.</exception>
    public ClusterEventReport SubmitTasks(IEnumerable<TaskSpec> tasks)
    {
        ArgumentNullException.ThrowIfNull(tasks);
        var list = new List<TaskSpec>();
        var taskNames = new HashSet<string>(StringComparer.Ordinal);
        var containerNames = new HashSet<string>(StringComparer.Ordinal);
        var totals = new List<long[]>();
        foreach (var task in tasks)
        {
            if (task is null)
            {
                throw new ArgumentException($"Task #{list.Count} is null.", nameof(tasks));
            }

            if (_tasks.ContainsKey(task.Name) || !taskNames.Add(task.Name))
            {
                throw new ArgumentException($"Task name '{task.Name}' is used more than once.", nameof(tasks));
            }

            var total = new long[Cluster.Schema.Count];
            foreach (var container in task.Containers)
            {
                RequireNewName(container.Name, containerNames, nameof(tasks));
                var request = container.GetRequestVector(Cluster.Schema, nameof(tasks));
                for (var d = 0; d < total.Length; d++)
                {
                    total[d] = long.MaxValue - total[d] < request[d] ? long.MaxValue : total[d] + request[d];
                }
            }

            var members = new HashSet<string>(task.Containers.Select(container => container.Name), StringComparer.Ordinal);
            foreach (var container in task.Containers)
            {
                foreach (var dependency in container.DependsOn)
                {
                    if (!members.Contains(dependency))
                    {
                        throw new ArgumentException(
                            $"Container '{container.Name}' of task '{task.Name}' depends on '{dependency}', which is not a container of the task.", nameof(tasks));
                    }
                }
            }

            // Throws on a cycle among the members, naming it, before anything changes.
            MemberOrder(task.Name, task.Containers, nameof(tasks));
            list.Add(task);
            totals.Add(total);
        }

        foreach (var task in list)
        {
            foreach (var dependency in task.DependsOn)
            {
                if (!taskNames.Contains(dependency) && !_tasks.ContainsKey(dependency))
                {
                    throw new ArgumentException($"Task '{task.Name}' depends on task '{dependency}', which is neither in this call nor known.", nameof(tasks));
                }
            }
        }

        var order = BatchOrder.Sort([.. totals], Cluster, Options.Ordering, nameof(tasks));
        var graph = list.Exists(task => task.DependsOn.Any(taskNames.Contains))
            ? DependencyGraph.Build(list.ConvertAll(task => task.Name), t => [.. list[t].DependsOn.Where(taskNames.Contains)], "task", "this call", nameof(tasks))
            : null;
        order = graph?.Order(order) ?? order;
        var report = NewReport(ClusterEventKind.Submit, null);
        var touched = new HashSet<string>(StringComparer.Ordinal);
        var entries = new List<TaskEntry>();
        foreach (var task in list)
        {
            var entry = new TaskEntry(task.Name, task.DependsOn, _arrivals++);
            foreach (var container in task.Containers)
            {
                _entries.Add(container.Name, new Entry(container, entry.Arrival, task.Name));
                entry.Members.Add(container.Name);
            }

            _tasks.Add(task.Name, entry);
            entries.Add(entry);
        }

        foreach (var t in order)
        {
            TryPlaceTask(entries[t], report, touched);
        }

        return Finish(report, touched);
    }

    /// <summary>
    /// Marks a node <see cref="NodeState.Down"/>, evicts its containers and re-places them on the other nodes in
    /// dependency order under every rule (preempting where allowed); what cannot be re-placed becomes pending.
    /// </summary>
    /// <param name="nodeName">The node's name.</param>
    /// <returns>The failover report: evicted, re-placed (where), pending (why).</returns>
    /// <exception cref="ArgumentException">No node has that name.</exception>
    public ClusterEventReport NodeDown(string nodeName)
    {
        var containers = Cluster.GetContainersOn(nodeName);
        var report = NewReport(ClusterEventKind.NodeDown, nodeName);
        Cluster.SetNodeState(nodeName, NodeState.Down);
        Counters.FailedOver();
        var touched = new HashSet<string>(StringComparer.Ordinal);
        Evict(containers, report, touched);
        Replace(containers, report, touched);
        return Finish(report, touched);
    }

    /// <summary>Marks a node <see cref="NodeState.Ready"/> again and retries pending work.</summary>
    /// <param name="nodeName">The node's name.</param>
    /// <returns>What the retry placed and what stays pending.</returns>
    /// <exception cref="ArgumentException">No node has that name.</exception>
    public ClusterEventReport NodeUp(string nodeName)
    {
        Cluster.SetNodeState(nodeName, NodeState.Ready);
        return Retry(NewReport(ClusterEventKind.NodeUp, nodeName));
    }

    /// <summary>Adds a node and retries pending work.</summary>
    /// <param name="node">The node.</param>
    /// <returns>What the retry placed and what stays pending.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="node"/> is null.</exception>
    /// <exception cref="ArgumentException">As for <see cref="ClusterState.AddNode"/>.</exception>
    public ClusterEventReport AddNode(NodeSpec node)
    {
        ArgumentNullException.ThrowIfNull(node);
        Cluster.AddNode(node);
        return Retry(NewReport(ClusterEventKind.AddNode, node.Name));
    }

    /// <summary>
    /// Removes a container, running or pending, and retries pending work. A task member leaves its task; members
    /// that depended on it no longer wait for it.
    /// </summary>
    /// <param name="containerName">The container's name.</param>
    /// <returns>What the retry placed and what stays pending.</returns>
    /// <exception cref="ArgumentException">The orchestrator neither runs nor holds that container.</exception>
    public ClusterEventReport Remove(string containerName)
    {
        if (!_entries.TryGetValue(containerName, out var entry) && !Cluster.ContainsContainer(containerName))
        {
            throw new ArgumentException($"No running or pending container is named '{containerName}'.", nameof(containerName));
        }

        if (Cluster.ContainsContainer(containerName))
        {
            Cluster.Release(containerName);
        }

        _entries.Remove(containerName);
        if (entry?.Task is { } task && _tasks.TryGetValue(task, out var taskEntry))
        {
            taskEntry.Members.Remove(containerName);
            if (taskEntry.Members.Count == 0)
            {
                _tasks.Remove(task);
            }
        }

        return Retry(NewReport(ClusterEventKind.RemoveContainer, null));
    }

    /// <summary>
    /// Cordons a node and moves its containers off, highest priority first: each is placed on another node under its
    /// rules before the drained node lets it go. A container that fits nowhere else is evicted and goes the way of a
    /// failed node's containers: re-placed by preempting where allowed, or pending (with its whole task). Afterwards
    /// nothing runs on the node. A down node stays down.
    /// </summary>
    /// <param name="nodeName">The node's name.</param>
    /// <returns>The moves, and what was evicted, re-placed and made pending.</returns>
    /// <exception cref="ArgumentException">No node has that name.</exception>
    public ClusterEventReport Drain(string nodeName)
    {
        Cluster.SlotOf(nodeName, nameof(nodeName));
        var report = NewReport(ClusterEventKind.Drain, nodeName);
        if (Cluster.GetNodeState(nodeName) == NodeState.Ready)
        {
            Cluster.Cordon(nodeName);
        }

        var containers = Cluster.GetContainersOn(nodeName)
            .Select(Cluster.GetContainer)
            .OrderByDescending(container => container.Priority)
            .ThenBy(container => ArrivalOf(container.Name))
            .ToList();
        var stuck = new List<string>();
        var touched = new HashSet<string>(StringComparer.Ordinal);
        foreach (var container in containers)
        {
            // Released first, so that its own labels do not count against its rules where it lands; the node is
            // cordoned, so it cannot land where it was.
            var request = container.GetRequestVector(Cluster.Schema, nameof(nodeName));
            var entry = EntryOf(container.Name);
            Cluster.Release(container.Name);
            var target = Scheduler.TryPlace(container, request);
            if (target >= 0)
            {
                report.MoveList.Add(new ContainerMove(container.Name, nodeName, Cluster.NodeNameAt(target)));
                Counters.Moved();
                continue;
            }

            entry.Failure = null;
            report.EvictedList.Add(container.Name);
            touched.Add(container.Name);
            stuck.Add(container.Name);
        }

        Counters.Evicted(stuck.Count);
        Replace(stuck, report, touched);
        return Finish(report, touched);
    }

    /// <summary>Retries every pending container and task now.</summary>
    /// <returns>What the retry placed and what stays pending.</returns>
    public ClusterEventReport RetryPending() => Retry(NewReport(ClusterEventKind.Retry, null));

    private sealed class Entry(ContainerSpec spec, long arrival, string? task)
    {
        public ContainerSpec Spec { get; } = spec;

        public long Arrival { get; } = arrival;

        public string? Task { get; } = task;

        /// <summary>Why it is pending; null while it runs (or between its eviction and its re-placement).</summary>
        public PlacementFailure? Failure { get; set; }

        public bool IsPending => Failure is not null;
    }

    private sealed class TaskEntry(string name, IReadOnlyList<string> dependsOn, long arrival)
    {
        public string Name { get; } = name;

        public IReadOnlyList<string> DependsOn { get; } = dependsOn;

        public long Arrival { get; } = arrival;

        public List<string> Members { get; } = [];
    }
}
