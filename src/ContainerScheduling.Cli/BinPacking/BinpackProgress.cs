using System;
using System.Diagnostics;
using System.Globalization;
using System.IO;
using ContainerScheduling.Cli.IO;

namespace ContainerScheduling.Cli.BinPacking;

/// <summary>
/// One line on a terminal, rewritten in place as instances finish: <c>binpack: class4_120_5_3 (812/1620, 40.2 s)</c>;
/// <see cref="Clear"/> blanks it. Thread-safe. Drawn only where <c>Program</c> sees a terminal, as
/// <c>simulate</c>'s is; redrawn at most every 100 ms.
/// </summary>
internal sealed class BinpackProgress
{
    private readonly TerminalLine _line;
    private readonly int _total;
    private readonly Stopwatch _clock = Stopwatch.StartNew();
    private TimeSpan? _drawn;
    private int _done;

    public BinpackProgress(TextWriter terminal, int total)
    {
        _line = new TerminalLine(terminal);
        _total = total;
    }

    /// <summary>Formats the line.</summary>
    public static string Line(string instance, int done, int total, TimeSpan elapsed) =>
        string.Create(CultureInfo.InvariantCulture, $"binpack: {instance} ({done}/{total}, {elapsed.TotalSeconds:F1} s)");

    /// <summary>Shows that an instance finished.</summary>
    public void Finished(string instance)
    {
        lock (_line.Sync)
        {
            _done++;
            var now = _clock.Elapsed;
            if (_drawn is { } last && now - last < TimeSpan.FromMilliseconds(100) && _done < _total)
            {
                return;
            }

            _drawn = now;
            _line.Draw(Line(instance, _done, _total, now));
        }
    }

    /// <summary>Blanks the line.</summary>
    public void Clear() => _line.Clear();
}
