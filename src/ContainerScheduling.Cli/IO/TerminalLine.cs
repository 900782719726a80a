using System;
using System.IO;
using System.Threading;

namespace ContainerScheduling.Cli.IO;

/// <summary>
/// One line on a terminal, rewritten in place with <c>\r</c>, each draw padded over the rest of a longer previous
/// one; <see cref="Clear"/> blanks it and leaves the cursor at its start. Thread-safe: callers may draw from parallel
/// runs, and may hold <see cref="Sync"/> to keep their own counters in step with what is drawn.
/// </summary>
internal sealed class TerminalLine(TextWriter terminal)
{
    private readonly TextWriter _terminal = terminal ?? throw new ArgumentNullException(nameof(terminal));
    private int _width;

    /// <summary>Gets the lock every draw and clear takes (re-entrant, so a caller may hold it around a draw).</summary>
    public Lock Sync { get; } = new();

    /// <summary>Replaces the line with <paramref name="line"/>.</summary>
    public void Draw(string line)
    {
        lock (Sync)
        {
            _terminal.Write("\r" + line.PadRight(_width));
            _terminal.Flush();
            _width = Math.Max(_width, line.Length);
        }
    }

    /// <summary>Blanks the line, if anything was drawn, and puts the cursor at its start.</summary>
    public void Clear()
    {
        lock (Sync)
        {
            if (_width > 0)
            {
                _terminal.Write("\r" + new string(' ', _width) + "\r");
                _terminal.Flush();
                _width = 0;
            }
        }
    }
}
