using System;
using System.Collections.Generic;
using System.Linq;

namespace ContainerScheduling;

/// <summary>
/// What one task of a GPU cluster asks for: CPU, memory, and either nothing on a GPU, a share of one GPU
/// (<see cref="GpuCount"/> = 1, <see cref="GpuMilli"/> 1..1000) or <see cref="GpuCount"/> whole GPUs
/// (<see cref="GpuMilli"/> = 1000), optionally only on some GPU models. Immutable.
/// </summary>
public sealed class GpuRequest
{
    private static readonly string[] AnyModel = [];

    /// <summary>Creates a request.</summary>
    /// <param name="name">A non-empty name (the task's).</param>
    /// <param name="cpuMilli">CPU in milli-cores, 0 or more.</param>
    /// <param name="memoryMib">Memory in MiB, 0 or more.</param>
    /// <param name="gpuCount">0 (no GPU), 1 (a share of one GPU or one whole GPU) or k whole GPUs, up to <see cref="GpuNodeSpec.MaxGpus"/>.</param>
    /// <param name="gpuMilli">The milli-GPU wanted on each GPU: 0 when <paramref name="gpuCount"/> is 0, 1..1000 when it is 1, 1000 when it is more.</param>
    /// <param name="gpuModels">The GPU models the task may run on; null or empty for any.</param>
    /// <exception cref="ArgumentException">A blank name, a negative amount, or a GPU count and milli that do not go together.</exception>
    public GpuRequest(string name, long cpuMilli, long memoryMib, int gpuCount, int gpuMilli, IEnumerable<string>? gpuModels = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        ArgumentOutOfRangeException.ThrowIfNegative(cpuMilli);
        ArgumentOutOfRangeException.ThrowIfNegative(memoryMib);
        if (gpuCount is < 0 or > GpuNodeSpec.MaxGpus)
        {
            throw new ArgumentOutOfRangeException(nameof(gpuCount), gpuCount, $"Task '{name}': a task asks for 0..{GpuNodeSpec.MaxGpus} GPUs.");
        }

        var valid = gpuCount switch
        {
            0 => gpuMilli == 0,
            1 => gpuMilli is >= 1 and <= 1000,
            _ => gpuMilli == 1000,
        };
        if (!valid)
        {
            throw new ArgumentOutOfRangeException(
                nameof(gpuMilli),
                gpuMilli,
                $"Task '{name}': with {gpuCount} GPU(s) the milli-GPU must be {(gpuCount == 0 ? "0" : gpuCount == 1 ? "1..1000" : "1000 (whole GPUs)")}.");
        }

        var models = gpuModels?.Select(m => m?.Trim() ?? "").ToArray() ?? AnyModel;
        if (models.Any(string.IsNullOrEmpty))
        {
            throw new ArgumentException($"Task '{name}': a GPU model in the list is blank.", nameof(gpuModels));
        }

        if (models.Length > 0 && gpuCount == 0)
        {
            throw new ArgumentException($"Task '{name}' names GPU models but asks for no GPU.", nameof(gpuModels));
        }

        Name = name;
        CpuMilli = cpuMilli;
        MemoryMib = memoryMib;
        GpuCount = gpuCount;
        GpuMilli = gpuMilli;
        GpuModels = models.Distinct(StringComparer.Ordinal).ToArray();
    }

    /// <summary>Gets the task's name.</summary>
    public string Name { get; }

    /// <summary>Gets the CPU wanted, in milli-cores.</summary>
    public long CpuMilli { get; }

    /// <summary>Gets the memory wanted, in MiB.</summary>
    public long MemoryMib { get; }

    /// <summary>Gets the number of GPUs wanted: 0, 1, or k whole GPUs.</summary>
    public int GpuCount { get; }

    /// <summary>Gets the milli-GPU wanted on each GPU (1000 for whole GPUs, 0 without GPU).</summary>
    public int GpuMilli { get; }

    /// <summary>Gets the GPU models the task may run on; empty for any.</summary>
    public IReadOnlyList<string> GpuModels { get; }

    /// <summary>Gets the total milli-GPU wanted: <see cref="GpuCount"/> × <see cref="GpuMilli"/>.</summary>
    public long TotalGpuMilli => (long)GpuCount * GpuMilli;

    /// <summary>Gets whether the task shares one GPU with others (one GPU, less than 1000 milli).</summary>
    public bool IsSharing => GpuCount == 1 && GpuMilli < 1000;

    /// <summary>Gets the same request under another name (an inflated copy in a trace experiment).</summary>
    /// <param name="name">The new name.</param>
    /// <returns>A request equal in every amount and model, named <paramref name="name"/>.</returns>
    public GpuRequest WithName(string name) => new(name, CpuMilli, MemoryMib, GpuCount, GpuMilli, GpuModels);

    /// <inheritdoc/>
    public override string ToString() =>
        $"{Name} cpu={CpuMilli} memory={MemoryMib} gpu={GpuCount}x{GpuMilli}{(GpuModels.Count == 0 ? "" : " models=" + string.Join('|', GpuModels))}";
}
