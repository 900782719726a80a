namespace ContainerScheduling;

/// <summary>The state of a replayed cluster at one moment (<see cref="GpuTraceReplay"/>).</summary>
/// <param name="Time">Seconds from the trace start; the state after every event up to and including this time.</param>
/// <param name="AllocatedGpuPct">Allocated milli-GPU as % of capacity.</param>
/// <param name="FragmentationPct">Cluster fragmentation as % of GPU capacity.</param>
/// <param name="Running">Tasks placed and not yet gone.</param>
/// <param name="Pending">Tasks that arrived, could not be placed yet, and have not left.</param>
public readonly record struct GpuReplaySample(long Time, double AllocatedGpuPct, double FragmentationPct, int Running, int Pending);
