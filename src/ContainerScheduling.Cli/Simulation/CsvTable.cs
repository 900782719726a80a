using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Text;
using ContainerScheduling.Cli.Json;

namespace ContainerScheduling.Cli.Simulation;

/// <summary>
/// A comma-separated file read by hand: the first non-blank line is the header, every later non-blank line a row
/// with its line number. Tolerates a UTF-8 byte order mark, CRLF line ends, blank lines (also lines of empty fields)
/// and trailing empty fields; a field may be double-quoted (<c>"a,b"</c>, <c>""</c> for a quote) but not span lines.
/// Fields are trimmed. Every problem is a <see cref="CliException"/> that starts with <c>FILE:LINE:</c>.
/// </summary>
internal sealed class CsvTable
{
    private readonly Dictionary<string, int> _columns;

    private CsvTable(string fileName, int headerLine, string[] header, Dictionary<string, int> columns, List<CsvRow> rows)
    {
        FileName = fileName;
        HeaderLine = headerLine;
        Header = header;
        _columns = columns;
        Rows = rows;
    }

    /// <summary>Gets the file name as the user gave it (messages start with it).</summary>
    public string FileName { get; }

    /// <summary>Gets the line number of the header.</summary>
    public int HeaderLine { get; }

    /// <summary>Gets the column names, trimmed, in file order.</summary>
    public IReadOnlyList<string> Header { get; }

    /// <summary>Gets the data rows in file order, each with as many fields as the header.</summary>
    public IReadOnlyList<CsvRow> Rows { get; }

    /// <summary>Reads a CSV file.</summary>
    /// <param name="path">The file.</param>
    /// <param name="role">What the file is, for messages (e.g. <c>nodes</c>).</param>
    /// <param name="example">A header to suggest when the file is empty.</param>
    /// <returns>The table.</returns>
    public static CsvTable ReadFile(string path, string role, string example)
    {
        using var stream = JsonInput.OpenRead(path, role);
        using var reader = new StreamReader(stream, new UTF8Encoding(encoderShouldEmitUTF8Identifier: false), detectEncodingFromByteOrderMarks: true);
        return Read(reader, path, example);
    }

    /// <summary>Reads CSV text.</summary>
    /// <param name="reader">The text.</param>
    /// <param name="fileName">The name used in messages.</param>
    /// <param name="example">A header to suggest when the text is empty.</param>
    /// <returns>The table.</returns>
    public static CsvTable Read(TextReader reader, string fileName, string example)
    {
        string[]? header = null;
        var headerLine = 0;
        var columns = new Dictionary<string, int>(StringComparer.OrdinalIgnoreCase);
        var rows = new List<CsvRow>();
        var fields = new List<string>();
        var lineNumber = 0;
        try
        {
            while (reader.ReadLine() is { } line)
            {
                lineNumber++;
                if (!Split(line, fields, fileName, lineNumber))
                {
                    continue;
                }

                if (header is null)
                {
                    header = HeaderOf(fields, columns, fileName, lineNumber);
                    headerLine = lineNumber;
                    continue;
                }

                // Trailing empty fields beyond the header are tolerated (spreadsheets write them).
                while (fields.Count > header.Length && fields[^1].Length == 0)
                {
                    fields.RemoveAt(fields.Count - 1);
                }

                if (fields.Count != header.Length)
                {
                    throw new CliException(
                        $"{fileName}:{lineNumber}: {fields.Count} field{(fields.Count == 1 ? "" : "s")}, but the header (line {headerLine}) has {header.Length} columns");
                }

                rows.Add(new CsvRow(lineNumber, fields.ToArray()));
            }
        }
        catch (IOException e)
        {
            throw new CliException($"cannot read '{fileName}': {e.Message}", e);
        }

        if (header is null)
        {
            throw new CliException($"{fileName}: the file is empty; expected a header line such as {example}");
        }

        return new CsvTable(fileName, headerLine, header, columns, rows);
    }

    /// <summary>Gets the index of a column the file must have.</summary>
    /// <param name="name">The column name (matched ignoring case).</param>
    /// <param name="why">Appended to the message when the column is missing (e.g. <c>; --replay needs it</c>).</param>
    /// <returns>The column's index in every row.</returns>
    public int RequiredColumn(string name, string why = "")
    {
        if (_columns.TryGetValue(name, out var index))
        {
            return index;
        }

        throw new CliException($"{FileName}:{HeaderLine}: the header has no column '{name}'{why} (it has: {string.Join(", ", Header)})");
    }

    /// <summary>Gets the index of a column the file may have, or −1.</summary>
    /// <param name="name">The column name (matched ignoring case).</param>
    /// <returns>The column's index, or −1 when the header lacks it.</returns>
    public int OptionalColumn(string name) => _columns.TryGetValue(name, out var index) ? index : -1;

    /// <summary>Builds the <c>FILE:LINE: column 'x': 'value' is not …</c> error for a field.</summary>
    /// <param name="row">The row.</param>
    /// <param name="column">The column's index.</param>
    /// <param name="what">What the value should be, e.g. <c>is not a non-negative integer</c>.</param>
    /// <returns>The exception to throw.</returns>
    public CliException BadField(CsvRow row, int column, string what) =>
        new($"{FileName}:{row.Line}: column '{Header[column]}': {JsonInput.Quote(row.Fields[column])} {what}");

    /// <summary>Reads a field as a non-negative integer (digits only).</summary>
    /// <param name="row">The row.</param>
    /// <param name="column">The column's index.</param>
    /// <returns>The value.</returns>
    public long NonNegative(CsvRow row, int column)
    {
        var text = row.Fields[column];
        if (text.Length == 0 || !long.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var value))
        {
            var digitsOnly = text.Length > 0 && text.AsSpan().IndexOfAnyExceptInRange('0', '9') < 0;
            throw BadField(row, column, digitsOnly ? $"is not a non-negative integer up to {long.MaxValue}" : "is not a non-negative integer");
        }

        return value;
    }

    /// <summary>Reads a field as a non-negative integer of at most <see cref="int.MaxValue"/>.</summary>
    /// <param name="row">The row.</param>
    /// <param name="column">The column's index.</param>
    /// <returns>The value.</returns>
    public int NonNegativeInt32(CsvRow row, int column)
    {
        var value = NonNegative(row, column);
        return value <= int.MaxValue ? (int)value : throw BadField(row, column, $"is not a non-negative integer up to {int.MaxValue}");
    }

    private static string[] HeaderOf(List<string> fields, Dictionary<string, int> columns, string fileName, int lineNumber)
    {
        var count = fields.Count;
        while (count > 0 && fields[count - 1].Length == 0)
        {
            count--;
        }

        var header = fields.GetRange(0, count).ToArray();
        for (var i = 0; i < header.Length; i++)
        {
            // An unnamed column in the middle is kept (its values are ignored); a name given twice is ambiguous.
            if (header[i].Length > 0 && !columns.TryAdd(header[i], i))
            {
                throw new CliException($"{fileName}:{lineNumber}: the header names column '{header[i]}' twice");
            }
        }

        return header;
    }

    /// <summary>Splits a line into trimmed fields; returns false for a blank line (nothing but spaces and commas).</summary>
    private static bool Split(string line, List<string> fields, string fileName, int lineNumber)
    {
        fields.Clear();
        var blank = true;
        var i = 0;
        var field = new StringBuilder();
        while (true)
        {
            field.Clear();
            while (i < line.Length && line[i] is ' ' or '\t')
            {
                i++;
            }

            if (i < line.Length && line[i] == '"')
            {
                blank = false;
                i++;
                while (true)
                {
                    if (i >= line.Length)
                    {
                        throw new CliException($"{fileName}:{lineNumber}: a quoted field is not closed on its line (fields may not span lines)");
                    }

                    if (line[i] == '"')
                    {
                        if (i + 1 < line.Length && line[i + 1] == '"')
                        {
                            field.Append('"');
                            i += 2;
                            continue;
                        }

                        i++;
                        break;
                    }

                    field.Append(line[i++]);
                }

                while (i < line.Length && line[i] is ' ' or '\t')
                {
                    i++;
                }

                if (i < line.Length && line[i] != ',')
                {
                    throw new CliException($"{fileName}:{lineNumber}: unexpected {JsonInput.Quote(line[i].ToString())} after the quoted field {fields.Count + 1}");
                }

                fields.Add(field.ToString().Trim());
            }
            else
            {
                var end = line.IndexOf(',', i);
                var text = (end < 0 ? line.AsSpan(i) : line.AsSpan(i, end - i)).Trim();
                blank &= text.Length == 0;
                fields.Add(text.ToString());
                i = end < 0 ? line.Length : end;
            }

            if (i >= line.Length)
            {
                return !blank;
            }

            i++; // the comma
        }
    }
}
