using System;
using System.Diagnostics;
using System.Globalization;
using System.IO;
using ContainerScheduling.Cli.IO;

namespace ContainerScheduling.Cli.Simulation;

/// <summary>
/// One line on a terminal, rewritten in place with <c>\r</c> as runs start and finish:
/// <c>simulate: fgd seed 45 (23/70 runs, 12.3 s)</c>; <see cref="Clear"/> blanks it. Thread-safe: parallel runs
/// report through one instance. Only for an interactive terminal: <c>Program</c> passes one when standard error is
/// not redirected, and tests never do.
/// </summary>
internal sealed class SimulationProgress
{
    private readonly TerminalLine _line;
    private readonly int _total;
    private readonly Stopwatch _clock = Stopwatch.StartNew();
    private int _done;

    /// <summary>Creates the progress line.</summary>
    /// <param name="terminal">Where to draw it (standard error of a terminal).</param>
    /// <param name="total">The number of runs.</param>
    public SimulationProgress(TextWriter terminal, int total)
    {
        _line = new TerminalLine(terminal);
        _total = total;
    }

    /// <summary>Formats the line.</summary>
    /// <param name="policy">The policy of the run that just started or finished.</param>
    /// <param name="seed">Its seed.</param>
    /// <param name="done">The runs finished so far.</param>
    /// <param name="total">The number of runs.</param>
    /// <param name="elapsed">The time since the runs began.</param>
    /// <returns>E.g. <c>simulate: fgd seed 45 (23/70 runs, 12.3 s)</c>.</returns>
    public static string Line(string policy, int seed, int done, int total, TimeSpan elapsed) =>
        string.Create(CultureInfo.InvariantCulture, $"simulate: {policy} seed {seed} ({done}/{total} runs, {elapsed.TotalSeconds:F1} s)");

    /// <summary>Shows that a run started.</summary>
    /// <param name="policy">Its policy.</param>
    /// <param name="seed">Its seed.</param>
    public void Started(string policy, int seed)
    {
        lock (_line.Sync)
        {
            _line.Draw(Line(policy, seed, _done, _total, _clock.Elapsed));
        }
    }

    /// <summary>Shows that a run finished.</summary>
    /// <param name="policy">Its policy.</param>
    /// <param name="seed">Its seed.</param>
    public void Finished(string policy, int seed)
    {
        lock (_line.Sync)
        {
            _line.Draw(Line(policy, seed, ++_done, _total, _clock.Elapsed));
        }
    }

    /// <summary>Blanks the line and puts the cursor at its start, so what follows starts on a clean line.</summary>
    public void Clear() => _line.Clear();
}
