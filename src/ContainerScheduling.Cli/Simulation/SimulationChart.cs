using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Text;

namespace ContainerScheduling.Cli.Simulation;

/// <summary>
/// Draws <c>csched simulate --chart</c>: a standalone SVG (with a viewBox, no script, no external resource) of the
/// allocated GPU % — the mean over the seeds — against the arrived GPU workload 0..130% (the published experiment)
/// or against hours from the first arrival (a replay), one polyline per policy in distinct colours (group
/// <c>curves</c>), with axes, ticks, a grid, a legend and a title naming the workload.
/// </summary>
/// <remarks>
/// Below about 90% arrival every policy but random places everything, so on the full scale the curves differ only
/// in a few pixels at the top. The experiment chart therefore adds an inset (group <c>zoom</c>) that magnifies
/// arrivals 80..130% and the allocations they reach.
/// </remarks>
internal static class SimulationChart
{
    private const double Width = 900;
    private const double Height = 560;
    private const double Left = 70;
    private const double Top = 50;
    private const double PlotWidth = 630;
    private const double PlotHeight = 450;
    private const double ZoomFrom = 80;

    // Tableau 10: distinct, and readable by most colour-blind readers.
    private static readonly string[] Colours =
        ["#4e79a7", "#f28e2b", "#e15759", "#76b7b2", "#59a14f", "#edc948", "#b07aa1", "#ff9da7", "#9c755f", "#bab0ac"];

    /// <summary>Renders the chart.</summary>
    /// <param name="result">The finished simulation.</param>
    /// <returns>The SVG document.</returns>
    public static string Render(SimulationResult result)
    {
        ArgumentNullException.ThrowIfNull(result);
        var settings = result.Settings;
        double[] x;
        Frame main;
        string xTitle, title;
        if (settings.Replay)
        {
            var samples = result.Policies[0].Replays![0].Samples;
            x = samples.Select(s => (s.Time - samples[0].Time) / 3600.0).ToArray();
            var step = NiceStep(Math.Max(x[^1], 1e-6));

            // Real traces may keep the cluster far from full: the y axis ends just above the highest allocation.
            var peak = Math.Max(result.Policies.Max(p => p.MeanAllocationCurve().Max()), 0.01);
            var yStep = NiceStep(peak);
            var yMax = Math.Min(100, Math.Ceiling((peak / yStep) - 1e-9) * yStep);
            main = new Frame(Left, Top, PlotWidth, PlotHeight, 0, Math.Ceiling((x[^1] / step) - 1e-9) * step, step, 0, yMax, yMax == 100 ? 10 : yStep);
            xTitle = "hours from the first arrival";
            title = $"GPU allocation over time (replay): {settings.Workload}";
        }
        else
        {
            x = Enumerable.Range(0, GpuTraceExperiment.MaxArrivalPercent + 1).Select(i => (double)i).ToArray();
            main = new Frame(Left, Top, PlotWidth, PlotHeight, 0, GpuTraceExperiment.MaxArrivalPercent, 10, 0, 100, 10);
            xTitle = "arrived GPU workload (% of GPU capacity)";
            title = $"GPU allocation vs arrived workload: {settings.Workload}";
        }

        var seeds = settings.Seeds.Count;
        title += seeds == 1
            ? string.Create(CultureInfo.InvariantCulture, $" (seed {settings.Seeds[0]})")
            : string.Create(CultureInfo.InvariantCulture, $" (mean of {seeds} seeds)");
        var curves = result.Policies.Select(p => p.MeanAllocationCurve()).ToArray();

        var svg = new StringBuilder();
        svg.Append(CultureInfo.InvariantCulture, $"""<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {Width} {Height}" width="{Width}" height="{Height}" font-family="sans-serif" font-size="12">""").Append('\n');
        svg.Append(CultureInfo.InvariantCulture, $"<title>{Escape(title)}</title>\n");
        svg.Append(CultureInfo.InvariantCulture, $"""<rect x="0" y="0" width="{Width}" height="{Height}" fill="#ffffff"/>""").Append('\n');
        svg.Append(CultureInfo.InvariantCulture, $"""<text x="{N(Left + (PlotWidth / 2))}" y="28" text-anchor="middle" font-size="16">{Escape(title)}</text>""").Append('\n');
        Axes(svg, main, 11);
        svg.Append(CultureInfo.InvariantCulture, $"""<text x="{N(Left + (PlotWidth / 2))}" y="{Height - 18}" text-anchor="middle">{Escape(xTitle)}</text>""").Append('\n');
        svg.Append(CultureInfo.InvariantCulture, $"""<text x="18" y="{N(Top + (PlotHeight / 2))}" text-anchor="middle" transform="rotate(-90 18 {N(Top + (PlotHeight / 2))})">allocated GPU (% of GPU capacity)</text>""").Append('\n');
        if (!settings.Replay)
        {
            // Where every arrived task would be placed: allocation = arrivals, up to 100%.
            svg.Append(CultureInfo.InvariantCulture, $"""<line x1="{N(main.X(0))}" y1="{N(main.Y(0))}" x2="{N(main.X(100))}" y2="{N(main.Y(100))}" stroke="#999999" stroke-dasharray="4 4"/>""").Append('\n');
        }

        svg.Append("""<g class="curves" fill="none" stroke-linejoin="round">""").Append('\n');
        Curves(svg, main, result.Policies, x, curves, 0);
        svg.Append("</g>\n");

        if (!settings.Replay)
        {
            Zoom(svg, result.Policies, x, curves);
        }

        // The legend, right of the plot.
        for (var p = 0; p < result.Policies.Count; p++)
        {
            var (colour, width) = Stroke(result.Policies[p].Policy, p);
            var ly = Top + 10 + (p * 22);
            var lx = Left + PlotWidth + 20;
            svg.Append(CultureInfo.InvariantCulture, $"""<line x1="{lx}" y1="{ly}" x2="{lx + 28}" y2="{ly}" stroke="{colour}" stroke-width="{width}"/>""").Append('\n');
            var ours = result.Policies[p].Policy == GpuPlacementStrategies.DefaultName ? " (ours)" : "";
            svg.Append(CultureInfo.InvariantCulture, $"""<text x="{lx + 36}" y="{ly + 4}">{Escape(result.Policies[p].Policy)}{ours}</text>""").Append('\n');
        }

        svg.Append("</svg>\n");
        return svg.ToString();
    }

    /// <summary>A tick step of 1, 2 or 5 × 10^k that gives 4 to 8 ticks up to <paramref name="max"/>.</summary>
    /// <param name="max">The largest value on the axis, above 0.</param>
    /// <returns>The step.</returns>
    internal static double NiceStep(double max)
    {
        var rough = max / 8;
        var power = Math.Pow(10, Math.Floor(Math.Log10(rough)));
        var fraction = rough / power;
        return (fraction <= 1 ? 1 : fraction <= 2 ? 2 : fraction <= 5 ? 5 : 10) * power;
    }

    /// <summary>The inset: arrivals from <see cref="ZoomFrom"/>% to the end, allocations from just below the lowest curve to 100%.</summary>
    private static void Zoom(StringBuilder svg, IReadOnlyList<PolicyResult> policies, double[] x, double[][] curves)
    {
        var from = (int)ZoomFrom;
        var lowest = curves.Min(c => c.Skip(from).Min());
        var yMin = Math.Clamp(Math.Floor((lowest - 0.5) / 5) * 5, 0, 95);
        var yStep = 100 - yMin > 10 ? 5 : 1;
        var zoom = new Frame(Left + 330, Top + 250, 280, 160, ZoomFrom, GpuTraceExperiment.MaxArrivalPercent, 10, yMin, 100, yStep);
        svg.Append("""<g class="zoom">""").Append('\n');
        svg.Append(CultureInfo.InvariantCulture, $"""<rect x="{N(zoom.Left - 34)}" y="{N(zoom.Top - 24)}" width="{N(zoom.Width + 44)}" height="{N(zoom.Height + 48)}" fill="#ffffff" stroke="#bbbbbb"/>""").Append('\n');
        svg.Append(CultureInfo.InvariantCulture, $"""<text x="{N(zoom.Left + (zoom.Width / 2))}" y="{N(zoom.Top - 9)}" text-anchor="middle" font-size="11">zoom: arrivals {ZoomFrom}-{GpuTraceExperiment.MaxArrivalPercent}%</text>""").Append('\n');
        Axes(svg, zoom, 9);
        svg.Append("""<g fill="none" stroke-linejoin="round">""").Append('\n');
        Curves(svg, zoom, policies, x, curves, from);
        svg.Append("</g>\n</g>\n");
    }

    /// <summary>Draws a frame's grid, tick labels and axis lines.</summary>
    private static void Axes(StringBuilder svg, Frame frame, int fontSize)
    {
        var xTicks = frame.XTicks().ToArray();
        var yTicks = frame.YTicks().ToArray();
        svg.Append("""<g stroke="#e0e0e0" stroke-width="1">""").Append('\n');
        foreach (var v in xTicks)
        {
            svg.Append(CultureInfo.InvariantCulture, $"""<line x1="{N(frame.X(v))}" y1="{N(frame.Top)}" x2="{N(frame.X(v))}" y2="{N(frame.Top + frame.Height)}"/>""").Append('\n');
        }

        foreach (var v in yTicks)
        {
            svg.Append(CultureInfo.InvariantCulture, $"""<line x1="{N(frame.Left)}" y1="{N(frame.Y(v))}" x2="{N(frame.Left + frame.Width)}" y2="{N(frame.Y(v))}"/>""").Append('\n');
        }

        svg.Append("</g>\n");
        svg.Append(CultureInfo.InvariantCulture, $"""<g font-size="{fontSize}" fill="#333333">""").Append('\n');
        foreach (var v in xTicks)
        {
            svg.Append(CultureInfo.InvariantCulture, $"""<text x="{N(frame.X(v))}" y="{N(frame.Top + frame.Height + fontSize + 5)}" text-anchor="middle">{Label(v)}</text>""").Append('\n');
        }

        foreach (var v in yTicks)
        {
            svg.Append(CultureInfo.InvariantCulture, $"""<text x="{N(frame.Left - 6)}" y="{N(frame.Y(v) + (fontSize / 3.0))}" text-anchor="end">{Label(v)}</text>""").Append('\n');
        }

        svg.Append("</g>\n");
        var bottom = frame.Top + frame.Height;
        svg.Append(CultureInfo.InvariantCulture, $"""<path d="M{N(frame.Left)} {N(frame.Top)}V{N(bottom)}H{N(frame.Left + frame.Width)}" fill="none" stroke="#000000"/>""").Append('\n');
    }

    /// <summary>Draws one polyline per policy, from point <paramref name="from"/> on.</summary>
    private static void Curves(StringBuilder svg, Frame frame, IReadOnlyList<PolicyResult> policies, double[] x, double[][] curves, int from)
    {
        for (var p = 0; p < policies.Count; p++)
        {
            var y = curves[p];
            var points = string.Join(' ', Enumerable.Range(from, x.Length - from).Select(i => $"{N(frame.X(x[i]))},{N(frame.Y(y[i]))}"));
            var (colour, width) = Stroke(policies[p].Policy, p);
            svg.Append(CultureInfo.InvariantCulture, $"""<polyline stroke="{colour}" stroke-width="{width}" points="{points}"><title>{Escape(policies[p].Policy)}</title></polyline>""").Append('\n');
        }
    }

    /// <summary>A policy's colour (by its place in the list) and line width (ours is thicker).</summary>
    private static (string Colour, string Width) Stroke(string policy, int index) =>
        (Colours[index % Colours.Length], policy == GpuPlacementStrategies.DefaultName ? "2.5" : "1.5");

    private static string N(double value) => (Math.Round(value, 2) + 0.0).ToString("0.##", CultureInfo.InvariantCulture);

    private static string Label(double value) => (Math.Round(value, 6) + 0.0).ToString("0.######", CultureInfo.InvariantCulture);

    /// <summary>Escapes text for XML, dropping control characters (which XML 1.0 does not allow).</summary>
    private static string Escape(string text) =>
        new string(text.Where(c => c >= ' ' || c == '\t').ToArray())
            .Replace("&", "&amp;", StringComparison.Ordinal)
            .Replace("<", "&lt;", StringComparison.Ordinal)
            .Replace(">", "&gt;", StringComparison.Ordinal)
            .Replace("\"", "&quot;", StringComparison.Ordinal);

    /// <summary>A plot area in SVG units and the data ranges it shows.</summary>
    private readonly record struct Frame(
        double Left, double Top, double Width, double Height, double XMin, double XMax, double XStep, double YMin, double YMax, double YStep)
    {
        public double X(double value) => Left + ((value - XMin) / (XMax - XMin) * Width);

        public double Y(double value) => Top + Height - ((Math.Clamp(value, YMin, YMax) - YMin) / (YMax - YMin) * Height);

        public IEnumerable<double> XTicks() => Ticks(XMin, XMax, XStep);

        public IEnumerable<double> YTicks() => Ticks(YMin, YMax, YStep);

        private static IEnumerable<double> Ticks(double min, double max, double step)
        {
            for (var k = 0; min + (k * step) <= max + (step * 1e-9); k++)
            {
                yield return min + (k * step);
            }
        }
    }
}
