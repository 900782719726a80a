using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace ContainerScheduling;

/// <summary>
/// The names under which the library reports to <c>System.Diagnostics</c>: a <see cref="Meter"/> and an
/// <see cref="ActivitySource"/>, both named <see cref="Name"/>. Subscribe with OpenTelemetry
/// (<c>AddMeter("ContainerScheduling")</c>, <c>AddSource("ContainerScheduling")</c>) or a
/// <see cref="MeterListener"/> / <see cref="ActivityListener"/>; without a listener they cost a flag test.
/// </summary>
/// <remarks>
/// <para>Instruments, one set per <see cref="Orchestrator"/> (tagged <c>cluster</c> with
/// <see cref="OrchestratorOptions.Name"/>): counters <c>containerscheduling.placements</c>,
/// <c>containerscheduling.failures</c> (tagged <c>reason</c>, one per cause),
/// <c>containerscheduling.evictions</c>, <c>containerscheduling.preemptions</c>,
/// <c>containerscheduling.failovers</c> and <c>containerscheduling.moves</c>; the histogram
/// <c>containerscheduling.placement.duration</c> (milliseconds per container tried); observable gauges
/// <c>containerscheduling.utilization</c> (allocated / capacity, tagged <c>resource</c>) and
/// <c>containerscheduling.pending</c>.</para>
/// <para>Activities: <c>Submit</c>, <c>SubmitTasks</c>, <c>Failover</c>, <c>NodeUp</c>, <c>AddNode</c>,
/// <c>RemoveContainer</c>, <c>Drain</c>, <c>Retry</c> and <c>Rebalance</c>, tagged with the node and the counts of
/// the call's report.</para>
/// </remarks>
public static class SchedulingTelemetry
{
    /// <summary>The name of the meter and of the activity source.</summary>
    public const string Name = "ContainerScheduling";

    internal static readonly ActivitySource Source = new(Name, typeof(SchedulingTelemetry).Assembly.GetName().Version?.ToString());

    /// <summary>Starts an activity for an orchestrator call when someone listens; null otherwise.</summary>
    internal static Activity? Start(string operation, string cluster, string? node)
    {
        var activity = Source.StartActivity(operation);
        activity?.SetTag("cluster", cluster);
        if (node is not null)
        {
            activity?.SetTag("node", node);
        }

        return activity;
    }

    /// <summary>Tags an activity with a report's counts.</summary>
    internal static void Complete(Activity? activity, ClusterEventReport report)
    {
        if (activity is null)
        {
            return;
        }

        activity.SetTag("evicted", report.Evicted.Count);
        activity.SetTag("placed", report.Placed.Count);
        activity.SetTag("pending", report.Pending.Count);
        activity.SetTag("preemptions", report.Preemptions.Count);
        activity.SetTag("moves", report.Moves.Count);
    }
}

/// <summary>One orchestrator's instruments on its own <see cref="Meter"/> (disposed with the orchestrator).</summary>
internal sealed class OrchestratorInstruments : IDisposable
{
    private readonly Meter _meter;
    private readonly KeyValuePair<string, object?> _cluster;
    private readonly Counter<long> _placements;
    private readonly Counter<long> _failures;
    private readonly Counter<long> _evictions;
    private readonly Counter<long> _preemptions;
    private readonly Counter<long> _failovers;
    private readonly Counter<long> _moves;
    private readonly Histogram<double> _duration;

    private readonly bool _ownsMeter;

    public OrchestratorInstruments(string cluster, Func<IEnumerable<Measurement<double>>> utilization, Func<int> pending, IMeterFactory? factory)
    {
        var version = typeof(SchedulingTelemetry).Assembly.GetName().Version?.ToString();
        _ownsMeter = factory is null;
        _meter = factory?.Create(new MeterOptions(SchedulingTelemetry.Name) { Version = version }) ?? new Meter(SchedulingTelemetry.Name, version);
        _cluster = new KeyValuePair<string, object?>("cluster", cluster);
        _placements = _meter.CreateCounter<long>("containerscheduling.placements", "{container}", "Containers placed (a re-placement counts again).");
        _failures = _meter.CreateCounter<long>("containerscheduling.failures", "{container}", "Containers tried that fitted nowhere, once per cause.");
        _evictions = _meter.CreateCounter<long>("containerscheduling.evictions", "{container}", "Containers evicted.");
        _preemptions = _meter.CreateCounter<long>("containerscheduling.preemptions", "{preemption}", "Preemptions.");
        _failovers = _meter.CreateCounter<long>("containerscheduling.failovers", "{node}", "Nodes marked down.");
        _moves = _meter.CreateCounter<long>("containerscheduling.moves", "{container}", "Containers moved while running.");
        _duration = _meter.CreateHistogram<double>("containerscheduling.placement.duration", "ms", "Time to place (or fail to place) one container.");
        _meter.CreateObservableGauge("containerscheduling.utilization", utilization, "1", "Allocated over capacity per resource.");
        _meter.CreateObservableGauge("containerscheduling.pending", () => new Measurement<int>(pending(), _cluster), "{container}", "Pending containers.");
    }

    /// <summary>Whether anyone listens to the duration histogram (so that the clock is read only then).</summary>
    public bool Timing => _duration.Enabled;

    public KeyValuePair<string, object?> ClusterTag => _cluster;

    public void Placed() => _placements.Add(1, _cluster);

    public void Failed(string reason) => _failures.Add(1, _cluster, new KeyValuePair<string, object?>("reason", reason));

    public void Evicted(int count) => _evictions.Add(count, _cluster);

    public void Preempted() => _preemptions.Add(1, _cluster);

    public void FailedOver() => _failovers.Add(1, _cluster);

    public void Moved() => _moves.Add(1, _cluster);

    public void Took(double milliseconds) => _duration.Record(milliseconds, _cluster);

    /// <summary>Disposes the meter when it is the orchestrator's own; a factory's meter is the factory's to dispose.</summary>
    public void Dispose()
    {
        if (_ownsMeter)
        {
            _meter.Dispose();
        }
    }
}
