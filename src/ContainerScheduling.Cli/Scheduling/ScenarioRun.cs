using System;
using System.Collections.Generic;
using ContainerScheduling.Cli.Json;

namespace ContainerScheduling.Cli.Scheduling;

/// <summary>
/// One run of a scenario: builds the cluster (schema = every resource name of the file, nodes in file order, states
/// applied), places the initial workload through an <see cref="Orchestrator"/> (plain containers, then tasks, as
/// <c>place</c> does), plays the events in order, and keeps the final state.
/// </summary>
internal sealed class ScenarioRun
{
    private ScenarioRun(
        ClusterState cluster,
        string strategy,
        ScenarioStep initial,
        IReadOnlyList<ScenarioStep> steps,
        IReadOnlyList<UnplacedContainer> pending,
        SchedulingCounters counters,
        ClusterMetrics metrics,
        IReadOnlyDictionary<string, string> taskOfContainer,
        int submitted)
    {
        Cluster = cluster;
        Strategy = strategy;
        Initial = initial;
        Steps = steps;
        Pending = pending;
        Counters = counters;
        Metrics = metrics;
        TaskOfContainer = taskOfContainer;
        Submitted = submitted;
    }

    /// <summary>Gets the cluster at the end.</summary>
    public ClusterState Cluster { get; }

    /// <summary>Gets the strategy's name.</summary>
    public string Strategy { get; }

    /// <summary>Gets what placing the initial workload did.</summary>
    public ScenarioStep Initial { get; }

    /// <summary>Gets what each event did, in event order.</summary>
    public IReadOnlyList<ScenarioStep> Steps { get; }

    /// <summary>Gets the containers pending at the end, in the order they would be retried (priority, then arrival).</summary>
    public IReadOnlyList<UnplacedContainer> Pending { get; }

    /// <summary>Gets the orchestrator's totals at the end.</summary>
    public SchedulingCounters Counters { get; }

    /// <summary>Gets the cluster's load at the end.</summary>
    public ClusterMetrics Metrics { get; }

    /// <summary>Gets the task of each container that was last submitted as a task member.</summary>
    public IReadOnlyDictionary<string, string> TaskOfContainer { get; }

    /// <summary>Gets the number of containers submitted over the run (initial workload and submit events).</summary>
    public int Submitted { get; }

    /// <summary>
    /// Gets the running containers at the end: node by node in cluster order (the file's nodes, then the added
    /// ones), and on each node in the order they were placed there.
    /// </summary>
    public IReadOnlyList<Placement> Running()
    {
        var running = new List<Placement>(Cluster.ContainerCount);
        foreach (var node in Cluster.Nodes)
        {
            foreach (var container in Cluster.GetContainersOn(node.Name))
            {
                running.Add(new Placement(container, node.Name));
            }
        }

        return running;
    }

    /// <summary>Gets the task a container belongs to, or null for a plain container.</summary>
    public string? TaskOf(string container) => TaskOfContainer.GetValueOrDefault(container);

    /// <summary>Builds the cluster, places the initial workload and plays the events.</summary>
    /// <param name="document">The checked scenario.</param>
    /// <param name="source">The scenario file's name, for messages.</param>
    public static ScenarioRun Execute(ScenarioDocument document, string source)
    {
        ArgumentNullException.ThrowIfNull(document);
        if (document.Dimensions.InOrder.Count == 0)
        {
            throw new CliException(
                $"{source}: no resource dimensions anywhere in the scenario; give the nodes a 'capacity' such as {{\"cpu\": 64000, \"memory\": 262144}}");
        }

        var cluster = new ClusterState(new ResourceSchema(document.Dimensions.InOrder));
        try
        {
            cluster.AddNodes(document.Cluster.Nodes);
            for (var i = 0; i < document.Cluster.Nodes.Count; i++)
            {
                if (document.Cluster.States[i] != NodeState.Ready)
                {
                    cluster.SetNodeState(document.Cluster.Nodes[i].Name, document.Cluster.States[i]);
                }
            }
        }
        catch (ArgumentException e)
        {
            throw new CliException($"{source}: cluster: {Cli.MessageOf(e)}", e);
        }

        var options = new OrchestratorOptions
        {
            Preemption = document.Preemption,
            PreemptionThreshold = document.PreemptionThreshold,
            Ordering = document.Order,
            Name = "csched-scenario",
        };
        var tasks = new Dictionary<string, string>(StringComparer.Ordinal);
        var submitted = 0;
        using var orchestrator = new Orchestrator(cluster, PlacementStrategies.Create(document.Strategy), options);
        var initial = new ScenarioStep(null);
        submitted += Submit(orchestrator, document.Workload, initial, tasks, $"{source}: workload");
        var steps = new List<ScenarioStep>(document.Events.Count);
        foreach (var scenarioEvent in document.Events)
        {
            var step = new ScenarioStep(scenarioEvent);
            if (scenarioEvent.Kind == ScenarioEventKind.Submit)
            {
                submitted += Submit(orchestrator, scenarioEvent.Workload!, step, tasks, $"{source}: {scenarioEvent.Path}.workload");
            }
            else
            {
                Play(orchestrator, scenarioEvent, step, source);
            }

            steps.Add(step);
        }

        return new ScenarioRun(
            cluster, document.Strategy, initial, steps, orchestrator.Pending, orchestrator.Counters, orchestrator.Metrics(), tasks, submitted);
    }

    /// <summary>Submits a workload's plain containers, then its tasks; returns the number of containers submitted.</summary>
    private static int Submit(Orchestrator orchestrator, WorkloadDocument workload, ScenarioStep step, Dictionary<string, string> tasks, string where)
    {
        try
        {
            if (workload.Containers.Count > 0)
            {
                step.Add(orchestrator.Submit(workload.Containers));
            }

            if (workload.Tasks.Count > 0)
            {
                step.Add(orchestrator.SubmitTasks(workload.Tasks));
            }
        }
        catch (ArgumentException e)
        {
            // Unknown dependencies and cycles: the engine checks them against what runs or waits at this point.
            throw new CliException($"{where}: {Cli.MessageOf(e)}", e);
        }

        // A name may come back after its container was removed: the latest submission says whether it is in a task.
        foreach (var container in workload.Containers)
        {
            tasks.Remove(container.Name);
        }

        foreach (var (container, task) in workload.TaskOfContainer)
        {
            tasks[container] = task;
        }

        return workload.ContainerCount;
    }

    private static void Play(Orchestrator orchestrator, ScenarioEvent scenarioEvent, ScenarioStep step, string source)
    {
        try
        {
            switch (scenarioEvent.Kind)
            {
                case ScenarioEventKind.NodeDown:
                    step.Add(orchestrator.NodeDown(scenarioEvent.Node!));
                    break;
                case ScenarioEventKind.NodeUp:
                    step.Add(orchestrator.NodeUp(scenarioEvent.Node!));
                    break;
                case ScenarioEventKind.AddNode:
                    step.Add(orchestrator.AddNode(scenarioEvent.NewNode!));
                    break;
                case ScenarioEventKind.RemoveContainer:
                    step.Add(orchestrator.Remove(scenarioEvent.Container!));
                    break;
                case ScenarioEventKind.Drain:
                    step.Add(orchestrator.Drain(scenarioEvent.Node!));
                    break;
                case ScenarioEventKind.Rebalance:
                    step.Add(orchestrator.Apply(orchestrator.PlanRebalance(scenarioEvent.Rebalance)));
                    break;
                default:
                    throw new InvalidOperationException($"{scenarioEvent.Path}: unexpected event kind {scenarioEvent.Kind}.");
            }
        }
        catch (ArgumentException e)
        {
            // The reader checked every name; what is left (an added node overflowing the cluster's total) is the input's.
            throw new CliException($"{source}: {scenarioEvent.Path}: {Cli.MessageOf(e)}", e);
        }
    }
}
