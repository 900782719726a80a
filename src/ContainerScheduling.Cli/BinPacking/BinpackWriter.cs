using System;
using System.Buffers;
using System.IO;
using System.Linq;
using System.Text.Encodings.Web;
using System.Text.Json;

namespace ContainerScheduling.Cli.BinPacking;

/// <summary>
/// Writes the result of <c>csched binpack</c> as JSON: <c>{"instances": [one object per line, in name order],
/// "summary": {…}}</c>. An instance: <c>name</c>, <c>items</c>, <c>bins</c>, <c>lowerBound</c> (ours), when it is
/// listed in the published file <c>publishedLowerBound</c>, <c>opt</c> (when known) and <c>publishedBest</c>, then
/// <c>assignment</c> (the bin of each item in file order, bins from 0) and <c>ms</c> (its wall time; the only
/// non-deterministic field, left out with <c>--no-timings</c>).
/// </summary>
internal static class BinpackWriter
{
    /// <summary>The decimals kept of percentages and times.</summary>
    public const int Decimals = 4;

    /// <summary>Writes the result to a stream and flushes it.</summary>
    public static void Write(Stream stream, BinpackResult result)
    {
        ArgumentNullException.ThrowIfNull(stream);
        ArgumentNullException.ThrowIfNull(result);
        var encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping;
        using var writer = new Utf8JsonWriter(stream, new JsonWriterOptions { Indented = true, Encoder = encoder });
        var line = new ArrayBufferWriter<byte>();
        writer.WriteStartObject();
        writer.WriteStartArray("instances");
        foreach (var instance in result.Instances)
        {
            line.ResetWrittenCount();
            using (var compact = new Utf8JsonWriter(line, new JsonWriterOptions { Encoder = encoder }))
            {
                WriteInstance(compact, instance, result.Settings.Timings);
            }

            writer.WriteRawValue(line.WrittenSpan, skipInputValidation: true);
        }

        writer.WriteEndArray();
        WriteSummary(writer, result);
        writer.WriteEndObject();
        writer.Flush();
    }

    private static void WriteInstance(Utf8JsonWriter writer, InstanceResult result, bool timings)
    {
        writer.WriteStartObject();
        writer.WriteString("name", result.Name);
        writer.WriteNumber("items", result.Plan.Instance.ItemCount);
        writer.WriteNumber("bins", result.Plan.BinCount);
        writer.WriteNumber("lowerBound", result.LowerBound);
        if (result.Published is { } published)
        {
            writer.WriteNumber("publishedLowerBound", published.LowerBound);
            if (published.Optimum is { } optimum)
            {
                writer.WriteNumber("opt", optimum);
            }

            writer.WriteNumber("publishedBest", published.BestOverall);
        }

        writer.WriteStartArray("assignment");
        foreach (var bin in result.Plan.Assignment)
        {
            writer.WriteNumberValue(bin);
        }

        writer.WriteEndArray();
        if (timings)
        {
            writer.WriteNumber("ms", Math.Round(result.Milliseconds, Decimals));
        }

        writer.WriteEndObject();
    }

    private static void WriteSummary(Utf8JsonWriter writer, BinpackResult result)
    {
        var settings = result.Settings;
        writer.WriteStartObject("summary");
        writer.WriteString("strategy", settings.Strategy);
        writer.WriteBoolean("optimize", settings.Optimize);
        if (settings.Optimize)
        {
            writer.WriteNumber("timeLimitMs", (long)settings.TimeLimit.TotalMilliseconds);
            writer.WriteNumber("seed", settings.Seed);
            if (settings.MaxIterations != long.MaxValue)
            {
                writer.WriteNumber("maxIterations", settings.MaxIterations);
            }
        }

        writer.WriteNumber("instances", result.Instances.Count);
        writer.WriteNumber("items", result.Instances.Sum(r => (long)r.Plan.Instance.ItemCount));
        writer.WriteNumber("bins", result.Bins);
        writer.WriteNumber("lowerBound", result.LowerBound);
        writer.WriteNumber("meanPctAboveLowerBound", Math.Round(result.MeanPctAboveLowerBound, Decimals));
        if (settings.PublishedPath is not null)
        {
            var matched = result.Matched.ToList();
            var withOptimum = result.WithOptimum.ToList();
            writer.WriteString("published", Path.GetFileName(settings.PublishedPath));
            writer.WriteNumber("publishedMatched", matched.Count);
            writer.WriteNumber("meanPctAbovePublishedLowerBound", Math.Round(BinpackResult.Mean(matched, r => r.PctAbove(r.Published!.Value.LowerBound)), Decimals));
            writer.WriteNumber("optKnown", withOptimum.Count);
            writer.WriteNumber("meanPctAboveOpt", Math.Round(BinpackResult.Mean(withOptimum, r => r.PctAbove(r.Published!.Value.Optimum!.Value)), Decimals));
            writer.WriteNumber("atOrBelowPublishedBest", matched.Count(r => r.Plan.BinCount <= r.Published!.Value.BestOverall));
        }

        writer.WriteBoolean("valid", result.Valid);
        writer.WriteEndObject();
    }
}
