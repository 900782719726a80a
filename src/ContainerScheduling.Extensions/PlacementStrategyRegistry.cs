using System;
using System.Collections.Generic;
using System.Linq;
using Microsoft.Extensions.DependencyInjection;

namespace ContainerScheduling.Extensions;

/// <summary>A strategy name registered with <c>AddPlacementStrategy</c> (the built-ins are registered the same way).</summary>
/// <param name="Name">The strategy's name.</param>
/// <param name="StrategyType">The type registered under it.</param>
public sealed record PlacementStrategyRegistration(string Name, Type StrategyType);

/// <summary>
/// Every placement strategy the host can select by name: the built-ins and those added with
/// <see cref="ContainerSchedulingServiceCollectionExtensions.AddPlacementStrategy{TStrategy}"/>, each a keyed
/// <see cref="IPlacementStrategy"/> service under its name.
/// </summary>
public sealed class PlacementStrategyRegistry
{
    private readonly IServiceProvider _services;
    private readonly Dictionary<string, PlacementStrategyRegistration> _registrations;

    /// <summary>Creates the registry over the registrations in the container (resolved by dependency injection).</summary>
    /// <param name="services">The service provider that holds the keyed strategies.</param>
    /// <param name="registrations">The registered names.</param>
    public PlacementStrategyRegistry(IServiceProvider services, IEnumerable<PlacementStrategyRegistration> registrations)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(registrations);
        _services = services;
        _registrations = new Dictionary<string, PlacementStrategyRegistration>(StringComparer.Ordinal);
        foreach (var registration in registrations)
        {
            _registrations.TryAdd(registration.Name, registration);
        }

        Names = [.. _registrations.Keys];
    }

    /// <summary>Gets the registered names: the built-ins first, then the added ones in the order they were added.</summary>
    public IReadOnlyList<string> Names { get; }

    /// <summary>Whether a strategy of that name is registered.</summary>
    /// <param name="name">The name.</param>
    public bool Contains(string name) => name is not null && _registrations.ContainsKey(name);

    /// <summary>
    /// The strategy registered under <paramref name="name"/>. A built-in scored strategy is created with
    /// <paramref name="weights"/> when given; an added strategy is the keyed service itself and reads its own
    /// configuration.
    /// </summary>
    /// <param name="name">A registered name.</param>
    /// <param name="weights">Weights per dimension name for a built-in scored strategy, or null for its keyed service as registered.</param>
    /// <returns>The strategy.</returns>
    /// <exception cref="ArgumentException">No strategy of that name is registered; the message lists the registered names.</exception>
    public IPlacementStrategy Get(string name, IReadOnlyDictionary<string, double>? weights = null)
    {
        ArgumentNullException.ThrowIfNull(name);
        if (!_registrations.ContainsKey(name))
        {
            throw new ArgumentException($"No placement strategy is registered as '{name}'; registered: {string.Join(", ", Names)}.", nameof(name));
        }

        return weights is { Count: > 0 } && PlacementStrategies.Names.Contains(name)
            ? BuiltIn(name, weights)
            : _services.GetRequiredKeyedService<IPlacementStrategy>(name);
    }

    /// <summary>A built-in strategy with weights (null or empty: the default weights).</summary>
    internal static IPlacementStrategy BuiltIn(string name, IReadOnlyDictionary<string, double>? weights) =>
        weights is not { Count: > 0 } ? PlacementStrategies.Create(name)
        : name switch
        {
            PlacementStrategies.BestFitName => PlacementStrategies.BestFit(weights),
            PlacementStrategies.LeastLoadedName => PlacementStrategies.LeastLoaded(weights),
            PlacementStrategies.SpreadName => PlacementStrategies.Spread(weights),
            _ => PlacementStrategies.Create(name),
        };
}
