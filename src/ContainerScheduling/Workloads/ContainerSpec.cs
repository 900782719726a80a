using System;
using System.Collections.Generic;

namespace ContainerScheduling;

/// <summary>
/// The unit that is placed: a named request per resource dimension, labels and a priority. Immutable.
/// </summary>
/// <example>
/// <code>
/// var web = new ContainerSpec("web-1", new Dictionary&lt;string, long&gt; { ["cpu"] = 500, ["memory"] = 1024 })
/// {
///     Labels = new Dictionary&lt;string, string&gt; { ["app"] = "web" },
///     Priority = 10,
/// };
/// </code>
/// </example>
public sealed class ContainerSpec
{
    private readonly IReadOnlyDictionary<string, string> _labels = LabelSet.Empty;
    private RequestVector? _vector;

    /// <summary>Creates a container.</summary>
    /// <param name="name">A non-empty name, unique within the cluster while the container is placed.</param>
    /// <param name="requests">The amount requested per dimension; unlisted dimensions request 0.</param>
    /// <exception cref="ArgumentNullException">An argument is null.</exception>
    /// <exception cref="ArgumentException">A blank name, or a negative or repeated amount.</exception>
    public ContainerSpec(string name, IEnumerable<KeyValuePair<string, long>> requests)
    {
        Name = LabelSet.RequireName(name, nameof(name), "container");
        ArgumentNullException.ThrowIfNull(requests);
        Requests = ResourceAmounts.From(requests, nameof(requests));
    }

    /// <summary>Gets the container's name.</summary>
    public string Name { get; }

    /// <summary>Gets the requested amount per dimension.</summary>
    public ResourceAmounts Requests { get; }

    /// <summary>Gets the container's labels (used by constraints and selectors).</summary>
    /// <value>The default value is an empty map.</value>
    public IReadOnlyDictionary<string, string> Labels
    {
        get => _labels;
        init => _labels = LabelSet.Copy(value, nameof(Labels));
    }

    /// <summary>Gets the priority; larger is more important.</summary>
    /// <value>The default value is 0.</value>
    public int Priority { get; init; }

    /// <inheritdoc/>
    public override string ToString() => $"{Name} {Requests}";

    /// <summary>
    /// Returns the request as a vector in the order of <paramref name="schema"/>, cached per schema so that
    /// placing the same spec again does no lookup and allocates nothing.
    /// </summary>
    /// <param name="schema">The cluster's schema.</param>
    /// <param name="parameterName">The caller's parameter that holds this container, named by the exception.</param>
    /// <exception cref="ArgumentException">The request names a dimension the schema does not define.</exception>
    internal long[] GetRequestVector(ResourceSchema schema, string parameterName)
    {
        var cached = _vector;
        if (cached is not null && ReferenceEquals(cached.Schema, schema))
        {
            return cached.Amounts;
        }

        var amounts = schema.ToVector(Requests, parameterName, "Container", Name);
        _vector = new RequestVector(schema, amounts);
        return amounts;
    }

    private sealed record RequestVector(ResourceSchema Schema, long[] Amounts);
}
