using System.Collections.Generic;

namespace ContainerScheduling.Cli.Simulation;

/// <summary>The tasks of a trace file.</summary>
/// <param name="Requests">What each task asks for, in file order.</param>
/// <param name="Timed">The same tasks with their creation and deletion times, when they were read (for a replay); otherwise null.</param>
internal sealed record TraceWorkload(IReadOnlyList<GpuRequest> Requests, IReadOnlyList<GpuTraceTask>? Timed);
