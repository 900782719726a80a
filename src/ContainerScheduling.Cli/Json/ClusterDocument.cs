using System.Collections.Generic;

namespace ContainerScheduling.Cli.Json;

/// <summary>The nodes of a cluster file and their states, both in file order.</summary>
internal sealed class ClusterDocument
{
    /// <summary>Gets the nodes in file order.</summary>
    public List<NodeSpec> Nodes { get; } = [];

    /// <summary>Gets each node's state, parallel to <see cref="Nodes"/>.</summary>
    public List<NodeState> States { get; } = [];
}
