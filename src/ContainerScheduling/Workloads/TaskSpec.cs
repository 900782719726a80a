using System;
using System.Collections.Generic;
using System.Collections.ObjectModel;

namespace ContainerScheduling;

/// <summary>
/// A task: the unit a user submits, one or more containers that belong together and are placed
/// all-or-nothing. Named <c>TaskSpec</c> so that it never collides with <see cref="System.Threading.Tasks.Task"/>.
/// </summary>
public sealed class TaskSpec
{
    /// <summary>Creates a task.</summary>
    /// <param name="name">A non-empty task name.</param>
    /// <param name="containers">One or more containers with distinct names, placed in the order given.</param>
    /// <exception cref="ArgumentNullException">An argument or a container is null.</exception>
    /// <exception cref="ArgumentException">A blank name, no containers, or two containers with the same name.</exception>
    public TaskSpec(string name, IEnumerable<ContainerSpec> containers)
    {
        Name = LabelSet.RequireName(name, nameof(name), "task");
        ArgumentNullException.ThrowIfNull(containers);
        var list = new List<ContainerSpec>();
        var names = new HashSet<string>(StringComparer.Ordinal);
        foreach (var container in containers)
        {
            if (container is null)
            {
                throw new ArgumentNullException(nameof(containers), $"Task '{name}' contains a null container at position {list.Count}.");
            }

            if (!names.Add(container.Name))
            {
                throw new ArgumentException($"Task '{name}' contains container '{container.Name}' more than once.", nameof(containers));
            }

            list.Add(container);
        }

        if (list.Count == 0)
        {
            throw new ArgumentException($"Task '{name}' has no containers.", nameof(containers));
        }

        Containers = new ReadOnlyCollection<ContainerSpec>(list);
    }

    /// <summary>Gets the task's name.</summary>
    public string Name { get; }

    /// <summary>Gets the task's containers in the order given.</summary>
    public IReadOnlyList<ContainerSpec> Containers { get; }

    /// <summary>
    /// Gets the names of the tasks this task waits for: it is placed only after every one of them is placed, and
    /// is reported unplaced when one of them is not. They must be tasks of the same
    /// <see cref="Scheduler.PlaceTasks"/> call.
    /// </summary>
    /// <value>The default value is an empty list.</value>
    public IReadOnlyList<string> DependsOn
    {
        get => _dependsOn;
        init => _dependsOn = LabelSet.CopyNames(value, nameof(DependsOn), "task dependency");
    }

    private readonly IReadOnlyList<string> _dependsOn = Array.Empty<string>();

    /// <inheritdoc/>
    public override string ToString() => $"{Name} ({Containers.Count} containers)";
}
