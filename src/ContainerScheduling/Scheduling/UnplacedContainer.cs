namespace ContainerScheduling;

/// <summary>A container that was not placed, with the reasons.</summary>
/// <param name="Container">The container's name.</param>
/// <param name="Failure">Why it was not placed.</param>
public readonly record struct UnplacedContainer(string Container, PlacementFailure Failure);
