namespace ContainerScheduling.Cli.Json;

/// <summary>The kinds of event a scenario file may list, each one <see cref="Orchestrator"/> call.</summary>
internal enum ScenarioEventKind
{
    /// <summary><c>nodeDown</c>: <see cref="Orchestrator.NodeDown"/>.</summary>
    NodeDown,

    /// <summary><c>nodeUp</c>: <see cref="Orchestrator.NodeUp"/>.</summary>
    NodeUp,

    /// <summary><c>addNode</c>: <see cref="Orchestrator.AddNode"/>.</summary>
    AddNode,

    /// <summary><c>removeContainer</c>: <see cref="Orchestrator.Remove"/>.</summary>
    RemoveContainer,

    /// <summary><c>submit</c>: <see cref="Orchestrator.Submit"/>, then <see cref="Orchestrator.SubmitTasks"/>.</summary>
    Submit,

    /// <summary><c>drain</c>: <see cref="Orchestrator.Drain"/>.</summary>
    Drain,

    /// <summary><c>rebalance</c>: <see cref="Orchestrator.PlanRebalance"/>, then <see cref="Orchestrator.Apply"/>.</summary>
    Rebalance,
}

/// <summary>One entry of a scenario's <c>events</c>, read and checked.</summary>
internal sealed class ScenarioEvent
{
    /// <summary>Gets or sets the event's index in <c>events</c>.</summary>
    public int Index { get; init; }

    /// <summary>Gets or sets what the event does.</summary>
    public ScenarioEventKind Kind { get; set; }

    /// <summary>Gets or sets the type as written (echoed in the output).</summary>
    public string Type { get; set; } = string.Empty;

    /// <summary>Gets or sets where the event's object starts.</summary>
    public TextPosition Start { get; init; }

    /// <summary>Gets or sets the node the event names: the target of <c>nodeDown</c>, <c>nodeUp</c> and <c>drain</c>, or the name of the node <c>addNode</c> adds.</summary>
    public string? Node { get; set; }

    /// <summary>Gets or sets where the <c>node</c> value starts.</summary>
    public TextPosition NodePosition { get; set; }

    /// <summary>Gets or sets the node <c>addNode</c> adds.</summary>
    public NodeSpec? NewNode { get; set; }

    /// <summary>Gets or sets the container <c>removeContainer</c> removes.</summary>
    public string? Container { get; set; }

    /// <summary>Gets or sets where the <c>container</c> value starts.</summary>
    public TextPosition ContainerPosition { get; set; }

    /// <summary>Gets or sets the workload <c>submit</c> submits.</summary>
    public WorkloadDocument? Workload { get; set; }

    /// <summary>Gets or sets the plan's budget and goal, for <c>rebalance</c>.</summary>
    public RebalanceOptions? Rebalance { get; set; }

    /// <summary>Gets the event's place in the file for messages: <c>events[3]</c>.</summary>
    public string Path => $"events[{Index}]";

    /// <summary>Gets the command-line name of a kind.</summary>
    public static string NameOf(ScenarioEventKind kind) => kind switch
    {
        ScenarioEventKind.NodeDown => "nodeDown",
        ScenarioEventKind.NodeUp => "nodeUp",
        ScenarioEventKind.AddNode => "addNode",
        ScenarioEventKind.RemoveContainer => "removeContainer",
        ScenarioEventKind.Submit => "submit",
        ScenarioEventKind.Drain => "drain",
        ScenarioEventKind.Rebalance => "rebalance",
        _ => throw new System.ArgumentOutOfRangeException(nameof(kind), kind, "Not a defined ScenarioEventKind value."),
    };
}
