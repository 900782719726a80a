using System;

namespace ContainerScheduling.Tests;

/// <summary>Turns a described problem into a failed property, so FsCheck reports what went wrong.</summary>
internal sealed class PropertyFailure(string message) : Exception(message)
{
    /// <summary>True when there is no problem; otherwise throws with the description.</summary>
    public static bool None(string? problem) => problem is null ? true : throw new PropertyFailure(problem);

    /// <summary>True when <paramref name="holds"/>; otherwise throws with the description.</summary>
    public static bool Unless(bool holds, Func<string> describe) => holds ? true : throw new PropertyFailure(describe());
}
