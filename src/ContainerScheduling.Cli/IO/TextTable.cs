using System;
using System.Collections.Generic;
using System.Text;

namespace ContainerScheduling.Cli.IO;

/// <summary>Plain-text tables for the command-line reports.</summary>
internal static class TextTable
{
    /// <summary>Lays out rows as columns: the first left-aligned, the others right-aligned, two spaces apart; one line per row, trailing spaces trimmed.</summary>
    /// <param name="rows">The rows, all with the same number of cells; at least one.</param>
    /// <returns>The table, each line ending in <c>\n</c>.</returns>
    public static string Layout(IReadOnlyList<string[]> rows)
    {
        ArgumentNullException.ThrowIfNull(rows);
        var widths = new int[rows[0].Length];
        foreach (var row in rows)
        {
            for (var c = 0; c < row.Length; c++)
            {
                widths[c] = Math.Max(widths[c], row[c].Length);
            }
        }

        var text = new StringBuilder();
        foreach (var row in rows)
        {
            var line = new StringBuilder();
            for (var c = 0; c < row.Length; c++)
            {
                line.Append(c == 0 ? row[c].PadRight(widths[c]) : "  " + row[c].PadLeft(widths[c]));
            }

            text.Append(line.ToString().TrimEnd()).Append('\n');
        }

        return text.ToString();
    }
}
