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
            : new PlacementResult(container.Name, null, Cluster.Explain(request, Strategy.Name));
    }

    /// <summary>
    /// Places a batch of independent containers in the order the policy gives. Each container is placed or
    /// reported unplaced with its reasons.
    /// </summary>
    /// <remarks>
    /// A request equal to the one decided just before it is decided without a scan wherever the built-in strategy's
    /// definition proves the scan would give the same answer (Borg's equivalence classes): first-fit and best-fit
    /// keep the node just chosen while it fits, and any built-in strategy reuses an unplaced result and its
    /// explanation. Decisions are exactly those of placing the containers one by one.
    /// </remarks>
    /// <param name="containers">The containers, with distinct names none of which is already placed.</param>
    /// <param name="ordering">The order in which to place them.</param>
    /// <exception cref="ArgumentNullException"><paramref name="containers"/> is null.</exception>
    /// <exception cref="ArgumentException">A null container, a repeated or already placed name, or a request that
    /// names a dimension the schema lacks. Nothing is placed then.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="ordering"/> is not a defined value.</exception>
    public BatchPlacementResult PlaceBatch(IEnumerable<ContainerSpec> containers, OrderingPolicy ordering = OrderingPolicy.Arrival)
    {
        ArgumentNullException.ThrowIfNull(containers);
        var batch = ValidateBatch(containers, nameof(containers), out var requests);

        var order = BatchOrder.Sort(requests, Cluster, ordering, nameof(ordering));
        Cluster.EnsureContainerCapacity(batch.Count);
        var placements = new List<Placement>(batch.Count);
        var unplaced = new List<UnplacedContainer>();
        var classes = new EquivalenceClass(Strategy);
        try
        {
            foreach (var i in order)
            {
                var request = requests[i];
                if (classes.TryRepeat(Cluster, request, out var repeated))
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

                    continue;
                }

                var slot = SelectAndReserve(batch[i], request);
                PlacementFailure? failure = null;
                if (slot >= 0)
                {
                    placements.Add(new Placement(batch[i].Name, Cluster.NodeNameAt(slot)));
                }
                else
                {
                    failure = Cluster.Explain(request, Strategy.Name);
                    unplaced.Add(new UnplacedContainer(batch[i].Name, failure));
                }

                classes.Remember(request, slot, failure);
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
    /// Places a task all-or-nothing: its containers in the order given, and when one cannot be placed, every
    /// reservation the task made is released again and every container is reported with the reason.
    /// </summary>
    /// <param name="task">The task.</param>
    /// <exception cref="ArgumentNullException"><paramref name="task"/> is null.</exception>
    /// <exception cref="ArgumentException">A container of the task is already placed, or names a dimension the schema lacks.</exception>
    public TaskPlacementResult PlaceTask(TaskSpec task)
    {
        ArgumentNullException.ThrowIfNull(task);
        ValidateBatch(task.Containers, nameof(task), out var requests);
        return PlaceValidatedTask(task, requests);
    }

    /// <summary>
    /// Places several tasks, each all-or-nothing, ordering the tasks by the policy applied to each task's total
    /// demand. Containers of a task are placed in the order given.
    /// </summary>
    /// <param name="tasks">The tasks, with distinct task names and container names.</param>
    /// <param name="ordering">The order in which to place the tasks.</param>
    /// <returns>Every container of every task, placed or unplaced.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="tasks"/> is null.</exception>
    /// <exception cref="ArgumentException">A null task, a repeated task or container name, an already placed
    /// container, or a request that names a dimension the schema lacks. Nothing is placed then.</exception>
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
        var placements = new List<Placement>();
        var unplaced = new List<UnplacedContainer>();
        try
        {
            foreach (var t in order)
            {
                var result = PlaceValidatedTask(list[t], requests[t]);
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

    private TaskPlacementResult PlaceValidatedTask(TaskSpec task, long[][] requests)
    {
        var placements = new List<Placement>(requests.Length);
        try
        {
            for (var i = 0; i < requests.Length; i++)
            {
                var container = task.Containers[i];
                var slot = SelectAndReserve(container, requests[i]);
                if (slot >= 0)
                {
                    placements.Add(new Placement(container.Name, Cluster.NodeNameAt(slot)));
                    continue;
                }

                var failure = Cluster.Explain(requests[i], Strategy.Name);
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

    private int SelectAndReserve(ContainerSpec container, long[] request)
    {
        var view = new ClusterView(Cluster);
        var slot = Strategy.SelectNode(in view, request);
        if (slot < 0)
        {
            return -1;
        }

        if (!Cluster.Fits(slot, request))
        {
            throw new InvalidOperationException(
                $"Strategy '{Strategy.Name}' chose node index {slot} for container '{container.Name}', but that node does not take new work or lacks room. A strategy must return a node for which ClusterView.Fits is true, or -1.");
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
