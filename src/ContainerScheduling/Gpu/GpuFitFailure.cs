namespace ContainerScheduling;

/// <summary>Why a GPU-cluster task does not fit on a node.</summary>
public enum GpuFitFailure
{
    /// <summary>It fits.</summary>
    None,

    /// <summary>Too little free CPU.</summary>
    Cpu,

    /// <summary>Too little free memory.</summary>
    Memory,

    /// <summary>No GPU with enough free milli (a share), or too few wholly free GPUs (whole GPUs).</summary>
    Gpu,

    /// <summary>The node's GPU model is not one the task allows.</summary>
    GpuModel,

    /// <summary>The task wants a GPU and the node has none.</summary>
    NoGpu,
}
