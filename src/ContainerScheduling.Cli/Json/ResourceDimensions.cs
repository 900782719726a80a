using System.Collections.Generic;

namespace ContainerScheduling.Cli.Json;

/// <summary>
/// The union of the resource names seen in the input files, in first-seen order (cluster file first): it becomes
/// the cluster's <see cref="ResourceSchema"/>.
/// </summary>
internal sealed class ResourceDimensions
{
    private readonly List<string> _names = [];
    private readonly HashSet<string> _known = new(System.StringComparer.Ordinal);

    /// <summary>Gets the strings shared by every reader that fills this set.</summary>
    public NameTable Names { get; } = new();

    /// <summary>Gets the dimension names in first-seen order.</summary>
    public IReadOnlyList<string> InOrder => _names;

    /// <summary>Records a dimension name (an interned string) if it is new.</summary>
    public void Add(string name)
    {
        if (_known.Add(name))
        {
            _names.Add(name);
        }
    }
}
