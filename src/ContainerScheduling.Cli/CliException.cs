using System;

namespace ContainerScheduling.Cli;

/// <summary>
/// A problem the user can fix (bad arguments, unreadable or invalid input). <see cref="Cli.Run"/> prints its
/// message as one line, <c>csched: error: …</c>, and exits with <see cref="Cli.ExitUsage"/>.
/// </summary>
internal sealed class CliException : Exception
{
    public CliException(string message)
        : base(message)
    {
    }

    public CliException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    public CliException()
    {
    }
}
