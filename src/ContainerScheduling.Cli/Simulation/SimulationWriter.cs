using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;

namespace ContainerScheduling.Cli.Simulation;

/// <summary>
/// Writes the result of <c>csched simulate</c> as JSON through a <see cref="Utf8JsonWriter"/>. One policy:
/// <c>{"policy", "workload", "inflation", "seeds", "summary": {…}, "runs": [{"seed", …}]}</c>; several:
/// <c>{"workload", "inflation", "seeds", "policies": [that object without workload and inflation, per policy]}</c>.
/// A replay has <c>"mode": "replay"</c> first and replay summaries and samples instead of curves.
/// </summary>
/// <remarks>
/// Numbers are rounded to <see cref="Decimals"/> decimals, and nothing time-dependent is written, so the same
/// arguments always give the same bytes. A curve (131 values) or a replay sample is written on one line.
/// </remarks>
internal static class SimulationWriter
{
    /// <summary>The decimals kept of percentages and means.</summary>
    public const int Decimals = 4;

    /// <summary>Writes the result to a stream and flushes it.</summary>
    /// <param name="stream">The destination; not closed.</param>
    /// <param name="result">The finished simulation.</param>
    public static void Write(Stream stream, SimulationResult result)
    {
        ArgumentNullException.ThrowIfNull(stream);
        ArgumentNullException.ThrowIfNull(result);
        var options = new JsonWriterOptions
        {
            Indented = true,
            // Names are written as they are; the result is a file, never HTML.
            Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
            SkipValidation = true,
        };
        using var writer = new Utf8JsonWriter(stream, options);
        var settings = result.Settings;
        writer.WriteStartObject();
        if (settings.Replay)
        {
            writer.WriteString("mode", "replay");
        }

        if (settings.Comparison)
        {
            WriteWorkload(writer, settings);
            WriteSeeds(writer, settings.Seeds);
            writer.WriteStartArray("policies");
            foreach (var policy in result.Policies)
            {
                writer.WriteStartObject();
                WritePolicy(writer, policy, settings, withWorkload: false);
                writer.WriteEndObject();
                writer.Flush();
            }

            writer.WriteEndArray();
        }
        else
        {
            WritePolicy(writer, result.Policies[0], settings, withWorkload: true);
        }

        writer.WriteEndObject();
        writer.Flush();
        stream.Write("\n"u8);
        stream.Flush();
    }

    /// <summary>Rounds a number the way the output shows it (and turns −0 into 0).</summary>
    /// <param name="value">The number.</param>
    /// <returns>The rounded number.</returns>
    public static double Round(double value) => Math.Round(value, Decimals, MidpointRounding.AwayFromZero) + 0.0;

    private static void WriteWorkload(Utf8JsonWriter writer, SimulationSettings settings)
    {
        writer.WriteString("workload", settings.Workload);
        if (!settings.Replay)
        {
            writer.WriteNumber("inflation", Round(settings.Inflation));
        }
    }

    private static void WriteSeeds(Utf8JsonWriter writer, IReadOnlyList<int> seeds)
    {
        writer.WritePropertyName("seeds");
        var text = new StringBuilder("[");
        for (var i = 0; i < seeds.Count; i++)
        {
            text.Append(i == 0 ? "" : ", ").Append(seeds[i].ToString(CultureInfo.InvariantCulture));
        }

        writer.WriteRawValue(text.Append(']').ToString(), skipInputValidation: true);
    }

    private static void WritePolicy(Utf8JsonWriter writer, PolicyResult policy, SimulationSettings settings, bool withWorkload)
    {
        writer.WriteString("policy", policy.Policy);
        if (withWorkload)
        {
            WriteWorkload(writer, settings);
        }

        WriteSeeds(writer, policy.Seeds);
        if (policy.Replays is { } replays)
        {
            WriteReplays(writer, policy, replays);
        }
        else
        {
            WriteRuns(writer, policy, policy.Runs!);
        }
    }

    private static void WriteRuns(Utf8JsonWriter writer, PolicyResult policy, IReadOnlyList<GpuTraceRun> runs)
    {
        writer.WriteStartObject("summary");
        writer.WriteNumber("unallocatedGpuPctAtArrival100", Round(policy.Mean(r => r.UnallocatedGpuPctAtArrival100)));
        writer.WriteNumber("allocatedGpuPctAtArrival130", Round(policy.Mean(r => r.AllocatedGpuPctAtArrival130)));
        writer.WriteNumber("fragmentationPctAtArrival100", Round(policy.Mean(r => r.FragmentationPctAtArrival100)));
        writer.WriteEndObject();
        writer.WriteStartArray("runs");
        foreach (var run in runs)
        {
            writer.WriteStartObject();
            writer.WriteNumber("seed", run.Seed);
            writer.WriteNumber("tasks", run.Tasks);
            writer.WriteNumber("placed", run.Placed);
            writer.WriteNumber("failed", run.Failed);
            WriteCurve(writer, "allocatedGpuPct", run.AllocatedGpuPct);
            WriteCurve(writer, "fragmentationPct", run.FragmentationPct);
            writer.WriteEndObject();
        }

        writer.WriteEndArray();
    }

    private static void WriteReplays(Utf8JsonWriter writer, PolicyResult policy, IReadOnlyList<GpuReplayRun> replays)
    {
        writer.WriteStartObject("summary");
        writer.WriteNumber("placedOnArrival", Round(policy.Mean(r => (double)r.PlacedOnArrival)));
        writer.WriteNumber("placedLater", Round(policy.Mean(r => (double)r.PlacedLater)));
        writer.WriteNumber("neverPlaced", Round(policy.Mean(r => (double)r.NeverPlaced)));
        writer.WriteNumber("maxPending", Round(policy.Mean(r => (double)r.MaxPending)));
        writer.WriteNumber("meanAllocatedGpuPct", Round(policy.Mean(PolicyResult.MeanAllocatedGpuPct)));
        writer.WriteEndObject();
        writer.WriteStartArray("runs");
        foreach (var replay in replays)
        {
            writer.WriteStartObject();
            writer.WriteNumber("seed", replay.Seed);
            writer.WriteNumber("tasks", replay.Tasks);
            writer.WriteNumber("placedOnArrival", replay.PlacedOnArrival);
            writer.WriteNumber("placedLater", replay.PlacedLater);
            writer.WriteNumber("neverPlaced", replay.NeverPlaced);
            writer.WriteNumber("maxPending", replay.MaxPending);
            writer.WriteNumber("meanAllocatedGpuPct", Round(PolicyResult.MeanAllocatedGpuPct(replay)));
            writer.WriteStartArray("samples");
            foreach (var sample in replay.Samples)
            {
                writer.WriteRawValue(
                    string.Create(
                        CultureInfo.InvariantCulture,
                        $"{{\"time\": {sample.Time}, \"allocatedGpuPct\": {Number(sample.AllocatedGpuPct)}, \"fragmentationPct\": {Number(sample.FragmentationPct)}, \"running\": {sample.Running}, \"pending\": {sample.Pending}}}"),
                    skipInputValidation: true);
            }

            writer.WriteEndArray();
            writer.WriteEndObject();
            writer.Flush();
        }

        writer.WriteEndArray();
    }

    private static void WriteCurve(Utf8JsonWriter writer, string name, IReadOnlyList<double> values)
    {
        writer.WritePropertyName(name);
        var text = new StringBuilder("[", values.Count * 8);
        for (var i = 0; i < values.Count; i++)
        {
            text.Append(i == 0 ? "" : ", ").Append(Number(values[i]));
        }

        writer.WriteRawValue(text.Append(']').ToString(), skipInputValidation: true);
    }

    /// <summary>A rounded number as JSON: the shortest text that reads back as the rounded value.</summary>
    private static string Number(double value) => Round(value).ToString("R", CultureInfo.InvariantCulture);
}
