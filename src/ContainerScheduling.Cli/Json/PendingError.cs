namespace ContainerScheduling.Cli.Json;

/// <summary>
/// The first problem found inside one input item (a node, a container, a task). Reporting waits until the item's
/// object ends, so the message can name the item even when its <c>name</c> comes after the bad value.
/// </summary>
internal struct PendingError
{
    /// <summary>Gets the problem with its position, or null when there is none.</summary>
    public string? Message { get; private set; }

    /// <summary>Gets whether a problem was recorded.</summary>
    public readonly bool HasValue => Message is not null;

    /// <summary>Records a problem at the reader's current token, unless one is already recorded.</summary>
    public void Record(string problem, ref StreamingJsonReader reader) => Message ??= $"{problem} ({reader.Where()})";

    /// <summary>Records a problem with an explicit position, unless one is already recorded.</summary>
    public void Record(string problemWithPosition) => Message ??= problemWithPosition;
}
