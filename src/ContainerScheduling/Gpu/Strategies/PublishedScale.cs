using System;

namespace ContainerScheduling;

/// <summary>The normalisers of the published scores: 128 cores and 8 GPUs, the largest node of the trace.</summary>
internal static class PublishedScale
{
    public const double CpuMilli = 128_000;
    public const double GpuMilli = 8_000;
}
