using System;
using System.Collections.Generic;
using System.IO;
using System.Numerics;
using System.Text;

namespace ContainerScheduling.Cli.Simulation;

/// <summary>
/// Writes <c>--placements-out</c>: <c>task,node,gpus</c>, one line per task in arrival order; <c>node</c> is empty
/// for a task that was not placed, <c>gpus</c> lists the GPU indices on the node separated by <c>|</c> (empty for a
/// task without GPU).
/// </summary>
internal static class PlacementsCsv
{
    /// <summary>The header line.</summary>
    public const string Header = "task,node,gpus";

    /// <summary>Writes the placements to a stream.</summary>
    /// <param name="stream">The destination; not closed.</param>
    /// <param name="placements">The placements in arrival order.</param>
    public static void Write(Stream stream, IReadOnlyList<PlacementRecord> placements)
    {
        ArgumentNullException.ThrowIfNull(stream);
        ArgumentNullException.ThrowIfNull(placements);
        using var writer = new StreamWriter(stream, new UTF8Encoding(encoderShouldEmitUTF8Identifier: false), 1 << 16, leaveOpen: true) { NewLine = "\n" };
        writer.WriteLine(Header);
        var line = new StringBuilder();
        foreach (var placement in placements)
        {
            line.Clear().Append(Field(placement.Task)).Append(',').Append(Field(placement.Node ?? "")).Append(',');
            var first = true;
            for (var mask = placement.GpuMask; mask != 0; mask &= mask - 1)
            {
                line.Append(first ? "" : "|").Append(BitOperations.TrailingZeroCount(mask));
                first = false;
            }

            writer.WriteLine(line);
        }
    }

    /// <summary>A CSV field: quoted (with doubled quotes) only when it holds a comma, a quote or a line break.</summary>
    private static string Field(string text) =>
        text.AsSpan().IndexOfAny(",\"\r\n") < 0 ? text : "\"" + text.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"";
}
