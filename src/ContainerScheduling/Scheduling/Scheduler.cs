using System;
using System.Collections.Generic;

namespace ContainerScheduling;

/// <summary>
/// Places containers, batches and tasks on a <see cref="ClusterState"/> with one <see cref="IPlacementStrategy"/>.
/// Every container ends as a placement or as an unplaced container with its reasons; nothing is dropped.
/// </summary>
/// <remarks>
/// Input is validated before anything changes: a call that throws leaves the cluster exactly as it was. Not
/// thread-safe, like the cluster it works on.
/// </remarks>
public sealed class Scheduler
{
    /// <summary>Creates a scheduler.</summary>
    /// <param name="cluster">The cluster to place on.</param>
    /// <param name="strategy">The strategy that picks nodes.</param>
    /// <value>The default strategy is <see cref="PlacementStrategies.BestFit"/> with equal weights.</value>
    /// <exception cref="ArgumentNullException"><paramref name="cluster"/> is null.</exception>
    public Scheduler(ClusterState cluster, IPlacementStrategy? strategy = null)
    {
        ArgumentNullException.ThrowIfNull(cluster);
        Cluster = cluster;
        Strategy = strategy ?? PlacementStrategies.BestFit();
    }

    /// <summary>Gets the cluster this scheduler places on.</summary>
    public ClusterState Cluster { get; }

    /// <summary>Gets the strategy that picks nodes.</summary>
    public IPlacementStrategy Strategy { get; }

    /// <summary>The batch decisions derived from the previous one without a scan (for tests).</summary>
    internal long DerivedDecisions { get; private set; }

    /// <summary>
    /// Places one container. Allocates nothing when it succeeds (after the cluster's arrays have grown to size);
    /// a failure allocates its explanation.
    /// </summary>
    /// <param name="container">The container.</param>
    /// <returns>The chosen node, or the reasons no node took the container.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="container"/> is null.</exception>
    /// <exception cref="ArgumentException">A container with that name is already placed, or the request names a
    /// dimension the cluster's schema lacks.</exception>
    /// <exception cref="InvalidOperationException">The strategy returned a node that cannot take the request.</exception>
    public PlacementResult Place(ContainerSpec container)
    {
        ArgumentNullException.ThrowIfNull(container);
        Cluster.RequireNotPlaced(container.Name, nameof(container));
        var request = container.GetRequestVector(Cluster.Schema, nameof(container));
        var slot = SelectAndReserve(container, request);
        return slot >= 0
            ? new PlacementResult(container.Name, Cluster.NodeNameAt(slot), null)
            : new PlacementResult(container.Name, null, Cluster.Explain(request, Strategy.Name, container));
    }

    /// <summary>
    /// Places a batch of containers in a topological order of their <see cref="ContainerSpec.DependsOn"/> graph,
    /// and among containers whose dependencies are decided, in the order the policy gives. Each container is placed
    /// or reported unplaced with its reasons; a container whose dependency was not placed is reported unplaced
    /// without being tried. Placement rules (<see cref="ContainerSpec.NodeSelector"/>, taints, affinity,
    /// anti-affinity, topology spread, <see cref="NodeSpec.MaxContainers"/>) hold for every placement.
    /// </summary>
    /// <remarks>
    /// A request equal to the one decided just before it is decided without a scan wherever the built-in strategy's
    /// definition proves the scan would give the same answer (Borg's equivalence classes): first-fit and best-fit
    /// keep the node just chosen while it fits, and any built-in strategy reuses an unplaced result and its
    /// explanation. Decisions are exactly those of placing the containers one by one. Containers with placement
    /// rules (or kept off a tainted node) are always decided by a scan.
    /// </remarks>
    /// <param name="containers">The containers, with distinct names none of which is already placed.</param>
    /// <param name="ordering">The order in which to place them.</param>
    /// <exception cref="ArgumentNullException"><paramref name="containers"/> is null.</exception>
    /// <exception cref="ArgumentException">A null container, a repeated or already placed name, a request that
    /// names a dimension the schema lacks, a dependency on a name that is not in the batch, or a dependency cycle
    /// (the message names it in order, <c>a → b → c → a</c>). Nothing is placed then.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="ordering"/> is not a defined value.</exception>
    public BatchPlacementResult PlaceBatch(IEnumerable<ContainerSpec> containers, OrderingPolicy ordering = OrderingPolicy.Arrival)
    {
        ArgumentNullException.ThrowIfNull(containers);
        var batch = ValidateBatch(containers, nameof(containers), out var requests);

        var order = BatchOrder.Sort(requests, Cluster, ordering, nameof(ordering));
        var graph = AnyDependencies(batch)
            ? DependencyGraph.Build(batch.ConvertAll(container => container.Name), i => batch[i].DependsOn, "container", "the batch", nameof(containers))
            : null;
        var placed = graph is null ? null : new bool[batch.Count];
        order = graph?.Order(order) ?? order;
        Cluster.EnsureContainerCapacity(batch.Count);
        var placements = new List<Placement>(batch.Count);
        var unplaced = new List<UnplacedContainer>();
        var classes = new EquivalenceClass(Strategy);
        var floors = Strategy is FirstFitStrategy ? new FirstFitFloor() : null;
        try
        {
            foreach (var i in order)
            {
                var request = requests[i];
                if (placed is not null && MissingDependency(graph!, i, placed) is { } missing)
                {
                    unplaced.Add(new UnplacedContainer(batch[i].Name, PlacementFailure.DependencyNotPlaced(Cluster.NodeCount, batch[missing].Name)));
                    continue;
                }

                var restriction = Cluster.RestrictionOf(batch[i]);
                var ruled = restriction.Ruled;
                if (!ruled && classes.TryRepeat(Cluster, request, out var repeated))
                {
                    DerivedDecisions++;
                    if (repeated >= 0)
                    {
                        Cluster.Reserve(repeated, batch[i], request);
                        placements.Add(new Placement(batch[i].Name, Cluster.NodeNameAt(repeated)));
                    }
                    else
                    {
                        unplaced.Add(new UnplacedContainer(batch[i].Name, classes.Failure!));
                    }

                    placed?[i] = repeated >= 0;
                    continue;
                }

                // First-fit: where a dominated earlier request of the same eligibility landed (or that it fitted nowhere).
                var eligibility = floors is null || restriction.HasRules ? -1
                    : !ruled ? 0
                    : restriction.ToleratesNoTaint ? 1
                    : -1;
                var from = eligibility >= 0 ? floors!.From(request, eligibility) : 0;
                var slot = from < 0 ? -1 : SelectAndReserve(batch[i], request, restriction, from);
                if (eligibility >= 0)
                {
                    DerivedDecisions += from != 0 ? 1 : 0;
                    floors!.Remember(request, eligibility, slot);
                }

                PlacementFailure? failure = null;
                if (slot >= 0)
                {
                    placements.Add(new Placement(batch[i].Name, Cluster.NodeNameAt(slot)));
                }
                else
                {
                    failure = Cluster.Explain(request, Strategy.Name, batch[i]);
                    unplaced.Add(new UnplacedContainer(batch[i].Name, failure));
                }

                placed?[i] = slot >= 0;
                if (ruled)
                {
                    // A ruled decision is no precedent, and the node it used changed under the next one's feet.
                    classes.Forget();
                }
                else
                {
                    classes.Remember(request, slot, failure);
                }
            }
        }
        catch
        {
            RollBack(placements);
            throw;
        }

        return new BatchPlacementResult(placements, unplaced);
    }

    /// <summary>
    /// Places a task all-or-nothing: its containers in a topological order of their
    /// <see cref="ContainerSpec.DependsOn"/> graph (ties in the order given), each under its placement rules; when
    /// one cannot be placed, every reservation the task made is released again and every container is reported
    /// with the reason. The task's own <see cref="TaskSpec.DependsOn"/> is not checked here (see
    /// <see cref="PlaceTasks"/>).
    /// </summary>
    /// <param name="task">The task.</param>
    /// <exception cref="ArgumentNullException"><paramref name="task"/> is null.</exception>
    /// <exception cref="ArgumentException">A container of the task is already placed, names a dimension the
    /// schema lacks, depends on a name that is not a container of the task, or the containers' dependencies form a
    /// cycle (named in order). Nothing is placed then.</exception>
    public TaskPlacementResult PlaceTask(TaskSpec task)
    {
        ArgumentNullException.ThrowIfNull(task);
        ValidateBatch(task.Containers, nameof(task), out var requests);
        return PlaceValidatedTask(task, requests, ContainerOrder(task, nameof(task)));
    }

    /// <summary>
    /// Places several tasks, each all-or-nothing, in a topological order of their <see cref="TaskSpec.DependsOn"/>
    /// graph and, among tasks whose dependencies are decided, by the policy applied to each task's total demand. A
    /// task whose dependency was not placed is not tried: its containers are reported unplaced with that reason.
    /// Containers of a task are placed as <see cref="PlaceTask"/> places them.
    /// </summary>
    /// <param name="tasks">The tasks, with distinct task names and container names.</param>
    /// <param name="ordering">The order in which to place the tasks.</param>
    /// <returns>Every container of every task, placed or unplaced.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="tasks"/> is null.</exception>
    /// <exception cref="ArgumentException">A null task, a repeated task or container name, an already placed
    /// container, a request that names a dimension the schema lacks, a dependency on a task or container that is not
    /// there, or a dependency cycle among the tasks or among one task's containers (named in order). Nothing is
    /// placed then.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="ordering"/> is not a defined value.</exception>
    public BatchPlacementResult PlaceTasks(IEnumerable<TaskSpec> tasks, OrderingPolicy ordering = OrderingPolicy.Arrival)
    {
        ArgumentNullException.ThrowIfNull(tasks);
        var list = new List<TaskSpec>();
        var taskNames = new HashSet<string>(StringComparer.Ordinal);
        var containerNames = new HashSet<string>(StringComparer.Ordinal);
        foreach (var task in tasks)
        {
            if (task is null)
            {
                throw new ArgumentException($"Task #{list.Count} is null.", nameof(tasks));
            }

            if (!taskNames.Add(task.Name))
            {
                throw new ArgumentException($"Task '{task.Name}' appears more than once.", nameof(tasks));
            }

            foreach (var container in task.Containers)
            {
                if (!containerNames.Add(container.Name))
                {
                    throw new ArgumentException($"Container '{container.Name}' appears in more than one task.", nameof(tasks));
                }

                Cluster.RequireNotPlaced(container.Name, nameof(tasks));
            }

            list.Add(task);
        }

        var requests = new long[list.Count][][];
        var totals = new long[list.Count][];
        for (var t = 0; t < list.Count; t++)
        {
            requests[t] = new long[list[t].Containers.Count][];
            totals[t] = new long[Cluster.Schema.Count];
            for (var c = 0; c < requests[t].Length; c++)
            {
                requests[t][c] = list[t].Containers[c].GetRequestVector(Cluster.Schema, nameof(tasks));
                for (var d = 0; d < totals[t].Length; d++)
                {
                    totals[t][d] = SaturatingAdd(totals[t][d], requests[t][c][d]);
                }
            }
        }

        var order = BatchOrder.Sort(totals, Cluster, ordering, nameof(ordering));
        var containerOrders = new int[list.Count][];
        for (var t = 0; t < list.Count; t++)
        {
            containerOrders[t] = ContainerOrder(list[t], nameof(tasks));
        }

        var graph = list.Exists(task => task.DependsOn.Count > 0)
            ? DependencyGraph.Build(list.ConvertAll(task => task.Name), t => list[t].DependsOn, "task", "this call", nameof(tasks))
            : null;
        order = graph?.Order(order) ?? order;
        var taskPlaced = new bool[list.Count];
        var placements = new List<Placement>();
        var unplaced = new List<UnplacedContainer>();
        try
        {
            foreach (var t in order)
            {
                if (graph is not null && MissingDependency(graph, t, taskPlaced) is { } missing)
                {
                    var failure = PlacementFailure.TaskDependencyNotPlaced(Cluster.NodeCount, list[t].Name, list[missing].Name);
                    foreach (var container in list[t].Containers)
                    {
                        unplaced.Add(new UnplacedContainer(container.Name, failure));
                    }

                    continue;
                }

                var result = PlaceValidatedTask(list[t], requests[t], containerOrders[t]);
                taskPlaced[t] = result.IsPlaced;
                placements.AddRange(result.Placements);
                unplaced.AddRange(result.Unplaced);
            }
        }
        catch
        {
            RollBack(placements);
            throw;
        }

        return new BatchPlacementResult(placements, unplaced);
    }

    /// <summary>Removes a placed container, returning its resources to its node.</summary>
    /// <param name="containerName">The container's name.</param>
    /// <returns>The node it ran on.</returns>
    /// <exception cref="ArgumentException">The container is not placed.</exception>
    public string Remove(string containerName) => Cluster.Release(containerName);

    /// <summary>The order of a task's containers: topological by their dependencies, ties in the order given.</summary>
    private static int[] ContainerOrder(TaskSpec task, string parameterName)
    {
        var given = new int[task.Containers.Count];
        for (var i = 0; i < given.Length; i++)
        {
            given[i] = i;
        }

        if (!AnyDependencies(task.Containers))
        {
            return given;
        }

        var names = new List<string>(given.Length);
        foreach (var container in task.Containers)
        {
            names.Add(container.Name);
        }

        return DependencyGraph.Build(names, i => task.Containers[i].DependsOn, "container", $"task '{task.Name}'", parameterName).Order(given);
    }

    private static bool AnyDependencies(IReadOnlyList<ContainerSpec> containers)
    {
        foreach (var container in containers)
        {
            if (container.DependsOn.Count > 0)
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>The first dependency of <paramref name="item"/> that was not placed, or null.</summary>
    private static int? MissingDependency(DependencyGraph graph, int item, bool[] placed)
    {
        foreach (var dependency in graph.DependenciesOf(item))
        {
            if (!placed[dependency])
            {
                return dependency;
            }
        }

        return null;
    }

    private TaskPlacementResult PlaceValidatedTask(TaskSpec task, long[][] requests, int[] order)
    {
        var placements = new List<Placement>(requests.Length);
        try
        {
            foreach (var i in order)
            {
                var container = task.Containers[i];
                var slot = SelectAndReserve(container, requests[i]);
                if (slot >= 0)
                {
                    placements.Add(new Placement(container.Name, Cluster.NodeNameAt(slot)));
                    continue;
                }

                var failure = Cluster.Explain(requests[i], Strategy.Name, container);
                RollBack(placements);
                var unplaced = new List<UnplacedContainer>(requests.Length);
                foreach (var other in task.Containers)
                {
                    unplaced.Add(new UnplacedContainer(
                        other.Name,
                        ReferenceEquals(other, container) ? failure : PlacementFailure.BlockedBy(task.Name, container.Name, failure)));
                }

                return new TaskPlacementResult(task.Name, [], unplaced, container.Name);
            }
        }
        catch
        {
            RollBack(placements);
            throw;
        }

        return new TaskPlacementResult(task.Name, placements, [], null);
    }

    /// <summary>Chooses a node under the container's rules and reserves it; −1 when none fits. For the orchestrator, which keeps its own order.</summary>
    internal int TryPlace(ContainerSpec container, long[] request) => SelectAndReserve(container, request);

    private int SelectAndReserve(ContainerSpec container, long[] request) =>
        SelectAndReserve(container, request, Cluster.RestrictionOf(container), 0);

    private int SelectAndReserve(ContainerSpec container, long[] request, ClusterState.Restriction restriction, int firstFitFrom)
    {
        var eligible = restriction.Ruled ? Cluster.Eligibility(container) : default;
        var view = new ClusterView(
            Cluster, eligible, restriction.Ruled ? Cluster.BlockMaximaFor(restriction.ToleratesNoTaint) : null, firstFitFrom,
            untaintedOnly: restriction.Ruled && !restriction.HasRules && restriction.ToleratesNoTaint);
        var slot = Strategy.SelectNode(in view, request);
        if (slot < 0)
        {
            return -1;
        }

        if (!view.Fits(slot, request))
        {
            var why = Cluster.Fits(slot, request) ? "is ruled out by the container's placement rules (ClusterView.IsEligible)" : "does not take new work or lacks room";
            throw new InvalidOperationException(
                $"Strategy '{Strategy.Name}' chose node index {slot} for container '{container.Name}', but that node {why}. A strategy must return a node for which ClusterView.Fits is true, or -1.");
        }

        Cluster.Reserve(slot, container, request);
        return slot;
    }

    /// <summary>The containers as a list, with their request vectors in the same order, or the first problem as an exception.</summary>
    private List<ContainerSpec> ValidateBatch(IEnumerable<ContainerSpec> containers, string parameterName, out long[][] requests)
    {
        var expected = containers is ICollection<ContainerSpec> collection ? collection.Count : 0;
        var batch = new List<ContainerSpec>(expected);
        var vectors = new List<long[]>(expected);
        var names = new HashSet<string>(expected, StringComparer.Ordinal);
        foreach (var container in containers)
        {
            if (container is null)
            {
                throw new ArgumentException($"Container #{batch.Count} is null.", parameterName);
            }

            if (!names.Add(container.Name))
            {
                throw new ArgumentException($"Container '{container.Name}' appears more than once.", parameterName);
            }

            Cluster.RequireNotPlaced(container.Name, parameterName);
            vectors.Add(container.GetRequestVector(Cluster.Schema, parameterName));
            batch.Add(container);
        }

        requests = [.. vectors];
        return batch;
    }

    private void RollBack(List<Placement> placements)
    {
        for (var i = placements.Count - 1; i >= 0; i--)
        {
            Cluster.Release(placements[i].Container);
        }

        placements.Clear();
    }

    private static long SaturatingAdd(long a, long b) => long.MaxValue - a < b ? long.MaxValue : a + b;
}
