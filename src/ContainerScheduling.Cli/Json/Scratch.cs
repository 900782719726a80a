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
}
