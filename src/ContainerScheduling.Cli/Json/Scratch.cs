using System;
using System.Collections.Generic;

namespace ContainerScheduling.Cli.Json;

/// <summary>
/// Collections reused from one input item to the next. The specs copy what they keep, so one set of scratch
/// collections serves a whole file.
/// </summary>
internal sealed class Scratch
{
    /// <summary>Gets the resource amounts being read.</summary>
    public List<KeyValuePair<string, long>> Amounts { get; } = [];

    /// <summary>Gets the labels being read.</summary>
    public Dictionary<string, string> Labels { get; } = new(StringComparer.Ordinal);

    /// <summary>Gets the taints being read.</summary>
    public List<string> Taints { get; } = [];

    /// <summary>Gets the container dependencies being read.</summary>
    public List<string> DependsOn { get; } = [];

    /// <summary>Gets the task dependencies being read (a task's containers are read in between).</summary>
    public List<string> TaskDependsOn { get; } = [];

    /// <summary>Gets the tolerations being read.</summary>
    public List<string> Tolerations { get; } = [];

    /// <summary>Gets the equality pairs of the node selector being read.</summary>
    public Dictionary<string, string> NodeSelector { get; } = new(StringComparer.Ordinal);

    /// <summary>Gets the further requirements of the node selector being read.</summary>
    public List<LabelRequirement> NodeSelectorTerms { get; } = [];

    /// <summary>Gets the equality pairs of the affinity, anti-affinity or spread selector being read.</summary>
    public Dictionary<string, string> TermLabels { get; } = new(StringComparer.Ordinal);

    /// <summary>Gets the further requirements of the affinity, anti-affinity or spread selector being read.</summary>
    public List<LabelRequirement> TermExpressions { get; } = [];

    /// <summary>Gets the values of the label requirement being read.</summary>
    public List<string> Values { get; } = [];

    /// <summary>Gets the affinity rules being read.</summary>
    public List<AffinityTerm> Affinity { get; } = [];

    /// <summary>Gets the anti-affinity rules being read.</summary>
    public List<AffinityTerm> AntiAffinity { get; } = [];

    /// <summary>Gets the topology spread constraints being read.</summary>
    public List<TopologySpreadConstraint> Spread { get; } = [];
}
