using System;
using System.Diagnostics.CodeAnalysis;
using System.Linq;
using ContainerScheduling.Extensions;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Registers ContainerScheduling with a host's service collection.</summary>
public static class ContainerSchedulingServiceCollectionExtensions
{
    /// <summary>
    /// Registers what a host resolves: <see cref="ISchedulerFactory"/> (a scheduler or orchestrator per cluster and
    /// profile), <see cref="PlacementStrategyRegistry"/>, the built-in strategies as keyed
    /// <see cref="ContainerScheduling.IPlacementStrategy"/> services under their names, and
    /// <see cref="SchedulingOptions"/> validated on start. Calling it again registers nothing twice; each
    /// <paramref name="configure"/> given is applied, in order.
    /// </summary>
    /// <param name="services">The service collection.</param>
    /// <param name="configure">Configures the default profile, or null.</param>
    /// <returns>The service collection, for chaining.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="services"/> is null.</exception>
    public static IServiceCollection AddContainerScheduling(this IServiceCollection services, Action<SchedulingOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(services);
        if (!services.Any(descriptor => descriptor.ServiceType == typeof(ContainerSchedulingMarker)))
        {
            services.AddSingleton<ContainerSchedulingMarker>();
            services.AddOptions<SchedulingOptions>().ValidateOnStart();
            services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<SchedulingOptions>, SchedulingOptionsValidator>());
            services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<SchedulingOptions>, SchedulingOptionsRules>());
            services.TryAddSingleton<PlacementStrategyRegistry>();
            services.TryAddSingleton<ISchedulerFactory, SchedulerFactory>();
            foreach (var name in ContainerScheduling.PlacementStrategies.Names)
            {
                // The built-ins are keyed services like any added strategy; scored ones take the default profile's weights.
                services.AddKeyedSingleton(name, (provider, _) =>
                    PlacementStrategyRegistry.BuiltIn(name, provider.GetRequiredService<IOptions<SchedulingOptions>>().Value.Weights));
                services.AddSingleton(new PlacementStrategyRegistration(name, typeof(ContainerScheduling.IPlacementStrategy)));
            }
        }

        if (configure is not null)
        {
            services.Configure(configure);
        }

        return services;
    }

    /// <summary>
    /// Adds a named profile: a second (third…) scheduler configuration, validated on start, resolved with
    /// <see cref="ISchedulerFactory.CreateScheduler"/> or <see cref="ISchedulerFactory.CreateOrchestrator"/> by its
    /// name. Calls <see cref="AddContainerScheduling"/> if it was not called.
    /// </summary>
    /// <param name="services">The service collection.</param>
    /// <param name="name">The profile's name (not empty).</param>
    /// <param name="configure">Configures the profile.</param>
    /// <returns>The service collection, for chaining.</returns>
    /// <exception cref="ArgumentNullException">An argument is null.</exception>
    /// <exception cref="ArgumentException"><paramref name="name"/> is empty or blank.</exception>
    public static IServiceCollection AddContainerSchedulingProfile(this IServiceCollection services, string name, Action<SchedulingOptions> configure)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(name);
        ArgumentNullException.ThrowIfNull(configure);
        if (string.IsNullOrWhiteSpace(name))
        {
            throw new ArgumentException($"A profile name must not be blank, but was '{name}'.", nameof(name));
        }

        services.AddContainerScheduling();
        if (!services.Any(descriptor => descriptor.ServiceType == typeof(SchedulingProfile) && descriptor.ImplementationInstance is SchedulingProfile { } profile && profile.Name == name))
        {
            services.AddSingleton(new SchedulingProfile(name));
            services.AddOptions<SchedulingOptions>(name).ValidateOnStart();
        }

        services.Configure(name, configure);
        return services;
    }

    /// <summary>
    /// Registers a user-written strategy under <paramref name="name"/>, exactly as the built-ins are registered: a
    /// keyed singleton <see cref="ContainerScheduling.IPlacementStrategy"/> that options select by name. Registering
    /// the same type under the same name again does nothing.
    /// </summary>
    /// <typeparam name="TStrategy">The strategy; constructed by the container (its constructor's parameters are services).</typeparam>
    /// <param name="services">The service collection.</param>
    /// <param name="name">The name options select it by; not a built-in's name.</param>
    /// <returns>The service collection, for chaining.</returns>
    /// <exception cref="ArgumentNullException">An argument is null.</exception>
    /// <exception cref="ArgumentException"><paramref name="name"/> is blank, a built-in's name, or already taken by another type.</exception>
    public static IServiceCollection AddPlacementStrategy<[DynamicallyAccessedMembers(DynamicallyAccessedMemberTypes.PublicConstructors)] TStrategy>(
        this IServiceCollection services, string name)
        where TStrategy : class, ContainerScheduling.IPlacementStrategy
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(name);
        if (string.IsNullOrWhiteSpace(name))
        {
            throw new ArgumentException($"A strategy name must not be blank, but was '{name}'.", nameof(name));
        }

        if (ContainerScheduling.PlacementStrategies.Names.Contains(name))
        {
            throw new ArgumentException($"'{name}' is a built-in strategy's name; choose another.", nameof(name));
        }

        var existing = services
            .Where(descriptor => descriptor.ServiceType == typeof(PlacementStrategyRegistration))
            .Select(descriptor => descriptor.ImplementationInstance as PlacementStrategyRegistration)
            .FirstOrDefault(registration => registration?.Name == name);
        if (existing is not null)
        {
            return existing.StrategyType == typeof(TStrategy)
                ? services
                : throw new ArgumentException($"The strategy name '{name}' is already registered for {existing.StrategyType.Name}.", nameof(name));
        }

        services.AddContainerScheduling();
        services.AddKeyedSingleton<ContainerScheduling.IPlacementStrategy, TStrategy>(name);
        services.AddSingleton(new PlacementStrategyRegistration(name, typeof(TStrategy)));
        return services;
    }

    /// <summary>Marks a collection to which <see cref="AddContainerScheduling"/> has been applied.</summary>
    private sealed class ContainerSchedulingMarker;
}
