using System;
using System.Collections.Generic;
using System.Diagnostics.Metrics;
using System.Linq;
using Microsoft.Extensions.Options;

namespace ContainerScheduling.Extensions;

/// <summary>Creates schedulers and orchestrators for clusters the host holds, each configured by a profile.</summary>
public interface ISchedulerFactory
{
    /// <summary>The options of a profile, validated.</summary>
    /// <param name="profile">The profile's name, or null for the default profile.</param>
    /// <exception cref="ArgumentException">No profile of that name is configured.</exception>
    /// <exception cref="OptionsValidationException">The profile's options are invalid; the message names the option.</exception>
    SchedulingOptions GetOptions(string? profile = null);

    /// <summary>A scheduler for <paramref name="cluster"/> with the profile's strategy and weights.</summary>
    /// <param name="cluster">The cluster to place on.</param>
    /// <param name="profile">The profile's name, or null for the default profile.</param>
    /// <exception cref="ArgumentNullException"><paramref name="cluster"/> is null.</exception>
    /// <exception cref="ArgumentException">No profile of that name is configured.</exception>
    /// <exception cref="OptionsValidationException">The profile's options are invalid.</exception>
    Scheduler CreateScheduler(ClusterState cluster, string? profile = null);

    /// <summary>
    /// An orchestrator for <paramref name="cluster"/> with the profile's strategy, weights, ordering, preemption and
    /// rebalancing budget; its telemetry is tagged with the profile's name and comes from the host's
    /// <see cref="IMeterFactory"/> when there is one. The caller disposes it.
    /// </summary>
    /// <param name="cluster">The cluster.</param>
    /// <param name="profile">The profile's name, or null for the default profile.</param>
    /// <exception cref="ArgumentNullException"><paramref name="cluster"/> is null.</exception>
    /// <exception cref="ArgumentException">No profile of that name is configured.</exception>
    /// <exception cref="OptionsValidationException">The profile's options are invalid.</exception>
    Orchestrator CreateOrchestrator(ClusterState cluster, string? profile = null);
}

/// <summary>The registered <see cref="ISchedulerFactory"/>.</summary>
internal sealed class SchedulerFactory(
    IOptionsMonitor<SchedulingOptions> options,
    IEnumerable<IConfigureOptions<SchedulingOptions>> configurations,
    IEnumerable<SchedulingProfile> profiles,
    PlacementStrategyRegistry registry,
    IMeterFactory? meterFactory = null) : ISchedulerFactory
{
    private readonly HashSet<string> _profiles = Known(configurations, profiles);

    public SchedulingOptions GetOptions(string? profile = null)
    {
        var name = profile ?? Options.DefaultName;
        if (name.Length > 0 && !_profiles.Contains(name))
        {
            throw new ArgumentException(
                $"No scheduling profile named '{name}' is configured; configured: {(_profiles.Count == 0 ? "none besides the default" : string.Join(", ", _profiles.Order(StringComparer.Ordinal)))}.",
                nameof(profile));
        }

        return options.Get(name);
    }

    public Scheduler CreateScheduler(ClusterState cluster, string? profile = null)
    {
        ArgumentNullException.ThrowIfNull(cluster);
        var settings = GetOptions(profile);
        return new Scheduler(cluster, registry.Get(settings.Strategy, settings.Weights));
    }

    public Orchestrator CreateOrchestrator(ClusterState cluster, string? profile = null)
    {
        ArgumentNullException.ThrowIfNull(cluster);
        var settings = GetOptions(profile);
        return new Orchestrator(cluster, registry.Get(settings.Strategy, settings.Weights), new OrchestratorOptions
        {
            Name = string.IsNullOrEmpty(profile) ? "default" : profile,
            Ordering = settings.Ordering,
            Preemption = settings.Preemption,
            PreemptionThreshold = settings.PreemptionThreshold,
            Rebalance = new RebalanceOptions
            {
                MaxMoves = settings.RebalanceMaxMoves,
                MaxMovesPerNode = settings.RebalanceMaxMovesPerNode,
                Mode = settings.RebalanceMode,
            },
            MeterFactory = meterFactory,
        });
    }

    /// <summary>The named profiles: added with <c>AddContainerSchedulingProfile</c>, or configured by name through the options API.</summary>
    private static HashSet<string> Known(IEnumerable<IConfigureOptions<SchedulingOptions>> configurations, IEnumerable<SchedulingProfile> profiles)
    {
        var names = new HashSet<string>(profiles.Select(profile => profile.Name), StringComparer.Ordinal);
        foreach (var configuration in configurations)
        {
            if (configuration is IConfigureNamedOptions<SchedulingOptions> and ConfigureNamedOptions<SchedulingOptions> { Name: { Length: > 0 } name })
            {
                names.Add(name);
            }
        }

        return names;
    }
}

/// <summary>A named profile added with <c>AddContainerSchedulingProfile</c>.</summary>
/// <param name="Name">The profile's name.</param>
internal sealed record SchedulingProfile(string Name);
