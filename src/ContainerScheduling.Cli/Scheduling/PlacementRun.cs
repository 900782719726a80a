using System;
using System.Collections.Generic;
using ContainerScheduling.Cli.Json;

namespace ContainerScheduling.Cli.Scheduling;

/// <summary>
/// One run of the engine over parsed input: builds the cluster (schema = the union of resource names, nodes in
/// file order, states applied), then places the plain containers as one batch and after them the tasks, each
/// all-or-nothing, both in the chosen order.
/// </summary>
internal sealed class PlacementRun
{
    private PlacementRun(
        ClusterState cluster,
        ClusterDocument nodes,
        WorkloadDocument workload,
        string strategy,
        OrderingPolicy order,
        BatchPlacementResult containers,
        BatchPlacementResult tasks)
    {
        Cluster = cluster;
        Nodes = nodes;
        Workload = workload;
        Strategy = strategy;
        Order = order;
        Containers = containers;
        Tasks = tasks;
    }

    /// <summary>Gets the cluster after placement.</summary>
    public ClusterState Cluster { get; }

    /// <summary>Gets the parsed cluster file.</summary>
    public ClusterDocument Nodes { get; }

    /// <summary>Gets the parsed workload.</summary>
    public WorkloadDocument Workload { get; }

    /// <summary>Gets the strategy's name.</summary>
    public string Strategy { get; }

    /// <summary>Gets the ordering policy.</summary>
    public OrderingPolicy Order { get; }

    /// <summary>Gets the outcome for the plain containers (placed first).</summary>
    public BatchPlacementResult Containers { get; }

    /// <summary>Gets the outcome for the tasks' containers (placed after the plain ones).</summary>
    public BatchPlacementResult Tasks { get; }

    /// <summary>Gets the number of containers placed.</summary>
    public int PlacedCount => Containers.Placements.Count + Tasks.Placements.Count;

    /// <summary>Gets the number of containers not placed.</summary>
    public int UnplacedCount => Containers.Unplaced.Count + Tasks.Unplaced.Count;

    /// <summary>Builds the cluster and places the workload.</summary>
    /// <param name="nodes">The cluster file's content.</param>
    /// <param name="workload">The workload file's content.</param>
    /// <param name="dimensions">Every resource name of both files, cluster first.</param>
    /// <param name="strategy">The placement strategy.</param>
    /// <param name="order">The ordering policy.</param>
    /// <param name="clusterSource">The cluster file's name, for messages.</param>
    /// <param name="workloadSource">The workload file's name, for messages.</param>
    public static PlacementRun Execute(
        ClusterDocument nodes,
        WorkloadDocument workload,
        ResourceDimensions dimensions,
        IPlacementStrategy strategy,
        OrderingPolicy order,
        string clusterSource,
        string workloadSource)
    {
        if (dimensions.InOrder.Count == 0)
        {
            throw new CliException(
                $"{clusterSource}: no resource dimensions in either file; give the nodes a 'capacity' such as {{\"cpu\": 64000, \"memory\": 262144}}");
        }

        var cluster = new ClusterState(new ResourceSchema(dimensions.InOrder));
        try
        {
            cluster.AddNodes(nodes.Nodes);
            for (var i = 0; i < nodes.Nodes.Count; i++)
            {
                if (nodes.States[i] != NodeState.Ready)
                {
                    cluster.SetNodeState(nodes.Nodes[i].Name, nodes.States[i]);
                }
            }
        }
        catch (ArgumentException e)
        {
            throw new CliException($"{clusterSource}: {Cli.MessageOf(e)}", e);
        }

        var scheduler = new Scheduler(cluster, strategy);
        BatchPlacementResult containers;
        BatchPlacementResult tasks;
        try
        {
            containers = scheduler.PlaceBatch(workload.Containers, order);
            tasks = scheduler.PlaceTasks(workload.Tasks, order);
        }
        catch (ArgumentException e)
        {
            throw new CliException($"{workloadSource}: {Cli.MessageOf(e)}", e);
        }

        return new PlacementRun(cluster, nodes, workload, strategy.Name, order, containers, tasks);
    }

    /// <summary>Counts the nodes that run at least one container.</summary>
    public int CountNodesUsed()
    {
        var used = 0;
        foreach (var node in Nodes.Nodes)
        {
            if (Cluster.GetContainerCount(node.Name) > 0)
            {
                used++;
            }
        }

        return used;
    }

    /// <summary>Gets the task a container belongs to, or null for a plain container.</summary>
    public string? TaskOf(string container) => Workload.TaskOfContainer.GetValueOrDefault(container);
}
