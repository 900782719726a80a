namespace ContainerScheduling;

/// <summary>One cause that kept nodes from taking a container, with the number of nodes it excluded.</summary>
/// <param name="Reason">The cause, e.g. <c>insufficient memory</c>, <c>cordoned</c> or <c>down</c>.</param>
/// <param name="NodeCount">The number of nodes this cause excluded.</param>
public readonly record struct FailureCause(string Reason, int NodeCount);
