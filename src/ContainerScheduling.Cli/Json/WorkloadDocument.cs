using System.Collections.Generic;

namespace ContainerScheduling.Cli.Json;

/// <summary>The containers and tasks of a workload file, in file order.</summary>
internal sealed class WorkloadDocument
{
    /// <summary>Gets the plain containers (each one placed on its own).</summary>
    public List<ContainerSpec> Containers { get; } = [];

    /// <summary>Gets the tasks (each placed all-or-nothing).</summary>
    public List<TaskSpec> Tasks { get; } = [];

    /// <summary>Gets the task of each container that belongs to one.</summary>
    public Dictionary<string, string> TaskOfContainer { get; } = new(System.StringComparer.Ordinal);

    /// <summary>Gets the number of containers, plain and in tasks.</summary>
    public int ContainerCount => Containers.Count + TaskOfContainer.Count;
}
