using System;
using System.IO;
using System.Reflection;
using ContainerScheduling.Cli.Commands;
using ContainerScheduling.Cli.Json;

namespace ContainerScheduling.Cli;

/// <summary>
/// The <c>csched</c> entry point, callable in-process: dispatches to a command and turns every failure into an
/// exit code and one line on standard error, never a stack trace.
/// </summary>
internal static class Cli
{
    /// <summary>The command completed (with <c>place</c> and <c>scenario</c>, also when containers stayed unplaced or pending).</summary>
    public const int ExitOk = 0;

    /// <summary>An unexpected internal failure (a bug): reported on one line.</summary>
    public const int ExitInternalError = 1;

    /// <summary>Bad arguments or bad input: reported on one line; no output file is created.</summary>
    public const int ExitUsage = 2;

    /// <summary>Runs <c>csched</c> with the given arguments.</summary>
    /// <param name="args">The command-line arguments.</param>
    /// <param name="stdout">Where results and help go.</param>
    /// <param name="stderr">Where errors go.</param>
    /// <param name="terminal">
    /// Standard error when it is an interactive terminal, for progress lines redrawn in place (<c>simulate</c>, <c>binpack</c>); null
    /// (tests, pipes, files) for none.
    /// </param>
    /// <returns>The exit code: <see cref="ExitOk"/>, <see cref="ExitUsage"/> or <see cref="ExitInternalError"/>.</returns>
    public static int Run(string[] args, TextWriter stdout, TextWriter stderr, TextWriter? terminal = null)
    {
        ArgumentNullException.ThrowIfNull(args);
        ArgumentNullException.ThrowIfNull(stdout);
        ArgumentNullException.ThrowIfNull(stderr);
        try
        {
            return Dispatch(args, stdout, stderr, terminal);
        }
        catch (CliException e)
        {
            return Fail(stderr, "error", e.Message, ExitUsage);
        }
        catch (Exception e) when (e is ArgumentException or IOException or UnauthorizedAccessException)
        {
            // The engine's input checks (ArgumentException) and I/O problems are the user's to fix.
            return Fail(stderr, "error", MessageOf(e), ExitUsage);
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            return Fail(stderr, "internal error", $"{e.GetType().Name}: {MessageOf(e)}", ExitInternalError);
        }
        catch (OutOfMemoryException)
        {
            return Fail(stderr, "error", "out of memory; the input is too large for this machine", ExitInternalError);
        }
    }

    /// <summary>An exception's message without the <c> (Parameter 'x')</c> suffix that only helps programmers.</summary>
    public static string MessageOf(Exception e)
    {
        ArgumentNullException.ThrowIfNull(e);
        var message = e.Message;
        if (e is ArgumentException { ParamName: { } parameter })
        {
            var suffix = $" (Parameter '{parameter}')";
            if (message.EndsWith(suffix, StringComparison.Ordinal))
            {
                message = message[..^suffix.Length];
            }
        }

        return message;
    }

    private static int Dispatch(string[] args, TextWriter stdout, TextWriter stderr, TextWriter? terminal)
    {
        if (args.Length == 0)
        {
            stderr.Write(Usage.Main);
            return ExitUsage;
        }

        var rest = args.AsSpan(1);
        switch (args[0])
        {
            case "-h" or "--help" or "help":
                stdout.Write(rest.Length > 0 ? Usage.For(rest[0]) : Usage.Main);
                return ExitOk;
            case "--version":
                stdout.WriteLine($"csched {Version}");
                return ExitOk;
            case DemoCommand.Name:
                return DemoCommand.Run(rest, stdout);
            case PlaceCommand.Name:
                return PlaceCommand.Run(rest, stdout, stderr);
            case ScenarioCommand.Name:
                return ScenarioCommand.Run(rest, stdout, stderr);
            case GenerateCommand.Name:
                return GenerateCommand.Run(rest, stdout);
            case SimulateCommand.Name:
                return SimulateCommand.Run(rest, stdout, terminal);
            case BinpackCommand.Name:
                return BinpackCommand.Run(rest, stdout, terminal);
            default:
                throw new CliException(
                    $"unknown command '{args[0]}'; expected {DemoCommand.Name}, {PlaceCommand.Name}, {ScenarioCommand.Name}, {GenerateCommand.Name}, {SimulateCommand.Name} or {BinpackCommand.Name} (see 'csched --help')");
        }
    }

    private static string Version =>
        typeof(Cli).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion ?? "unknown";

    private static int Fail(TextWriter stderr, string kind, string message, int exitCode)
    {
        stderr.WriteLine($"csched: {kind}: {JsonInput.Escape(message)}");
        return exitCode;
    }
}
