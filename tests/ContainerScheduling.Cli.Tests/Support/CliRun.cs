using System;
using System.IO;
using System.Text.Json;

namespace ContainerScheduling.Cli.Tests.Support;

/// <summary>The outcome of running csched in-process.</summary>
internal sealed record CliRun(int ExitCode, string Stdout, string Stderr)
{
    /// <summary>Runs csched with the arguments, capturing both streams.</summary>
    public static CliRun Of(params string[] args)
    {
        using var stdout = new StringWriter();
        using var stderr = new StringWriter();
        var exit = Cli.Run(args, stdout, stderr);
        return new CliRun(exit, stdout.ToString(), stderr.ToString());
    }

    /// <summary>Gets the lines written to stderr.</summary>
    public string[] StderrLines => Stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries);

    /// <summary>Parses stdout as JSON.</summary>
    public JsonDocument Json() => JsonDocument.Parse(Stdout);
}
