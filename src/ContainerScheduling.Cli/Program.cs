using System;

namespace ContainerScheduling.Cli;

internal static class Program
{
    // A progress line is drawn only where a person watches it: standard error on a terminal.
    private static int Main(string[] args) => Cli.Run(args, Console.Out, Console.Error, Console.IsErrorRedirected ? null : Console.Error);
}
