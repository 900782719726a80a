using System;

namespace ContainerScheduling;

/// <summary>A task of a trace with its lifetime: it arrives at <see cref="CreationTime"/> and leaves at <see cref="DeletionTime"/>.</summary>
public sealed class GpuTraceTask
{
    /// <summary>Creates a trace task.</summary>
    /// <param name="request">What the task asks for.</param>
    /// <param name="creationTime">When it arrives, in seconds from the trace start, 0 or more.</param>
    /// <param name="deletionTime">When it leaves, no earlier than <paramref name="creationTime"/>.</param>
    /// <exception cref="ArgumentException">A negative creation time, or a deletion before the creation.</exception>
    public GpuTraceTask(GpuRequest request, long creationTime, long deletionTime)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentOutOfRangeException.ThrowIfNegative(creationTime);
        if (deletionTime < creationTime)
        {
            throw new ArgumentOutOfRangeException(
                nameof(deletionTime), deletionTime, $"Task '{request.Name}' is deleted at {deletionTime}, before it is created at {creationTime}.");
        }

        Request = request;
        CreationTime = creationTime;
        DeletionTime = deletionTime;
    }

    /// <summary>Gets what the task asks for.</summary>
    public GpuRequest Request { get; }

    /// <summary>Gets when the task arrives, in seconds from the trace start.</summary>
    public long CreationTime { get; }

    /// <summary>Gets when the task leaves, in seconds from the trace start.</summary>
    public long DeletionTime { get; }
}
