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
public sealed class Orchestrator : IDisposable
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
        Counters = new SchedulingCounters(new OrchestratorInstruments(Options.Name, Utilization, () => _entries.Values.Count(entry => entry.IsPending)));
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

    /// <summary>
    /// Plans at most <see cref="RebalanceOptions.MaxMoves"/> moves that lower the imbalance or, in
    /// <see cref="RebalanceMode.Pack"/> mode, empty the least-used nodes. Only ready nodes take part; every move keeps
    /// the container's rules and fits where it lands. The cluster is left as it was.
    /// </summary>
    /// <param name="options">The budget and goal (default: balance, 10 moves).</param>
    /// <returns>The plan, with the objective before and after it.</returns>
    /// <exception cref="ArgumentOutOfRangeException">An option is out of range.</exception>
    public RebalancePlan PlanRebalance(RebalanceOptions? options = null)
    {
        options ??= new RebalanceOptions();
        options.Validate(nameof(options));
        using var activity = SchedulingTelemetry.Start("PlanRebalance", Options.Name, null);
        return RebalancePlanner.Plan(Cluster, options);
    }

    /// <summary>
    /// Carries out a plan's moves in order. Each is checked again as it is made: a move whose container no longer runs
    /// on its source, whose target is not ready, lacks room or is ruled out by the container's rules is skipped
    /// (listed in <see cref="ClusterEventReport.Skipped"/>) and the container stays where it is. So applying a plan
    /// never overcommits a node or breaks a rule, even after the cluster changed.
    /// </summary>
    /// <param name="plan">A plan from <see cref="PlanRebalance"/>.</param>
    /// <returns>The moves made and skipped, with the objective measured before and after.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="plan"/> is null.</exception>
    public ClusterEventReport Apply(RebalancePlan plan)
    {
        ArgumentNullException.ThrowIfNull(plan);
        var report = NewReport(ClusterEventKind.Rebalance, null);
        report.ObjectiveBefore = Objective(plan.Mode);
        foreach (var move in plan.Moves)
        {
            if (!Cluster.TryGetNodeOf(move.Container, out var on) || on != move.From || !Cluster.ContainsNode(move.To)
                || Cluster.GetNodeState(move.To) != NodeState.Ready || move.To == move.From)
            {
                report.SkippedList.Add(move);
                continue;
            }

            var spec = Cluster.GetContainer(move.Container);
            var request = spec.GetRequestVector(Cluster.Schema, nameof(plan));
            var from = Cluster.SlotOf(move.From, nameof(plan));
            var to = Cluster.SlotOf(move.To, nameof(plan));
            Cluster.Release(move.Container);
            if (Cluster.Fits(to, request) && RebalancePlanner.Eligible(Cluster, spec, to))
            {
                Cluster.Reserve(to, spec, request);
                report.MoveList.Add(move);
                Counters.Moved();
                continue;
            }

            Restore(from, spec, request);
            report.SkippedList.Add(move);
        }

        report.ObjectiveAfter = Objective(plan.Mode);
        return Finish(report, []);
    }

    private double Objective(RebalanceMode mode) => mode == RebalanceMode.Balance ? RebalancePlanner.Imbalance(Cluster) : RebalancePlanner.NodesInUse(Cluster);

    /// <summary>Puts a container back on the node it was just released from, whatever that node's state.</summary>
    private void Restore(int slot, ContainerSpec container, long[] request)
    {
        var name = Cluster.NodeNameAt(slot);
        var state = Cluster.GetNodeState(name);
        if (state != NodeState.Ready)
        {
            Cluster.SetNodeState(name, NodeState.Ready);
        }

        Cluster.Reserve(slot, container, request);
        if (state != NodeState.Ready)
        {
            Cluster.SetNodeState(name, state);
        }
    }

    /// <summary>Retries every pending container and task now.</summary>
    /// <returns>What the retry placed and what stays pending.</returns>
    public ClusterEventReport RetryPending() => Retry(NewReport(ClusterEventKind.Retry, null));

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

    /// <summary>
    /// Finds the node and victims that disrupt least (see the type's remarks), evicts them, places the container
    /// there and re-places the victims. False, with nothing changed, when no node works.
    /// </summary>
    private bool TryPreempt(Entry entry, long[] request, ClusterEventReport report, HashSet<string> touched)
    {
        var spec = entry.Spec;
        var restriction = Cluster.RestrictionOf(spec);
        var eligible = restriction.Ruled ? Cluster.Eligibility(spec).ToArray() : null;
        var candidates = new List<(int Max, long Sum, int Count, int Slot, string Node, List<ContainerSpec> Victims)>();
        foreach (var node in Cluster.Nodes)
        {
            var slot = Cluster.SlotOf(node.Name, nameof(spec));
            if (Cluster.GetNodeState(node.Name) != NodeState.Ready || (eligible is not null && !Bitset.IsSet(eligible, slot)))
            {
                continue;
            }

            if (PreemptionVictims.Choose(Cluster, node, spec.Priority, request) is { } victims)
            {
                candidates.Add((victims.Max(v => v.Priority), victims.Sum(v => (long)v.Priority), victims.Count, slot, node.Name, victims));
            }
        }

        foreach (var candidate in candidates.OrderBy(c => c.Max).ThenBy(c => c.Sum).ThenBy(c => c.Count).ThenBy(c => c.Slot))
        {
            var victims = candidate.Victims.ConvertAll(victim => victim.Name);
            var requests = candidate.Victims.ConvertAll(victim => victim.GetRequestVector(Cluster.Schema, nameof(spec)));
            foreach (var victim in victims)
            {
                EntryOf(victim);
                Cluster.Release(victim);
            }

            // Removing the victims may also remove what an affinity rule needed, or shift a spread: check again.
            var view = Cluster.RestrictionOf(spec).Ruled ? new ClusterView(Cluster, Cluster.Eligibility(spec)) : Cluster.CreateView();
            if (!view.Fits(candidate.Slot, request))
            {
                for (var v = 0; v < victims.Count; v++)
                {
                    Cluster.Reserve(candidate.Slot, candidate.Victims[v], requests[v]);
                }

                continue;
            }

            Cluster.Reserve(candidate.Slot, spec, request);
            Placed(entry, candidate.Slot, report);
            Counters.Preempted();
            report.PreemptionList.Add(new Preemption(spec.Name, candidate.Node, victims));
            foreach (var victim in victims)
            {
                _entries[victim].Failure = null;
                report.EvictedList.Add(victim);
                touched.Add(victim);
            }

            Counters.Evicted(victims.Count);
            Replace(victims, report, touched);
            return true;
        }

        return false;
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
