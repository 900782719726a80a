namespace ContainerScheduling;

/// <summary>A container placed on a node.</summary>
/// <param name="Container">The container's name.</param>
/// <param name="Node">The node's name.</param>
public readonly record struct Placement(string Container, string Node);
