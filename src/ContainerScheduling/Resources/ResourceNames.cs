namespace ContainerScheduling;

/// <summary>Well-known resource dimension names. Any other non-empty name is a valid custom dimension.</summary>
public static class ResourceNames
{
    /// <summary>CPU in milli-cores (1000 = one core).</summary>
    public const string Cpu = "cpu";

    /// <summary>Memory in MiB.</summary>
    public const string Memory = "memory";

    /// <summary>Local disk in MiB.</summary>
    public const string Disk = "disk";

    /// <summary>GPUs, counted in milli-GPU (1000 = one whole GPU).</summary>
    public const string Gpu = "gpu";
}
