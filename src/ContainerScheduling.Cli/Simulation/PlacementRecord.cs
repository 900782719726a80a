namespace ContainerScheduling.Cli.Simulation;

/// <summary>Where one task of a run went (<c>--placements-out</c>).</summary>
/// <param name="Task">The task's name (an inflated copy's is <c>name-tuned-i</c>).</param>
/// <param name="Node">The node's name, or null when the task was not placed.</param>
/// <param name="GpuMask">The GPUs it holds on the node, bit i = GPU i; 0 without GPU or when not placed.</param>
internal readonly record struct PlacementRecord(string Task, string? Node, ulong GpuMask);
