using System;
using System.Collections.Generic;

namespace ContainerScheduling;

/// <summary>
/// The built-in placement strategies. Every one considers only nodes that are ready and fit the request in
/// every dimension, and breaks remaining ties by node order (the order nodes were added).
/// </summary>
/// <remarks>
/// The scored strategies use score(node) = Σ_d w_d · (free_d − request_d) / capacity_d, the weighted free
/// fraction left after placement, computed in double precision as key − demand with k_d = (1 / capacity_d) · w_d,
/// key = Σ_d free_d · k_d and demand = Σ_d request_d · k_d, each summed from 0 in dimension order with one fused
/// multiply-add per dimension (the key depends on the node alone, so clusters keep it as a column). Dimensions
/// where the node's capacity is 0 add nothing. Weights default to 1 for every dimension.
/// </remarks>
public static class PlacementStrategies
{
    /// <summary>The largest weight a dimension may have: scores then stay finite for every 64-bit amount.</summary>
    public const double MaxWeight = 1e9;

    /// <summary>The name of <see cref="FirstFit"/>.</summary>
    public const string FirstFitName = "first-fit";

    /// <summary>The name of <see cref="BestFit"/>.</summary>
    public const string BestFitName = "best-fit";

    /// <summary>The name of <see cref="LeastLoaded"/>.</summary>
    public const string LeastLoadedName = "least-loaded";

    /// <summary>The name of <see cref="Spread"/>.</summary>
    public const string SpreadName = "spread";

    private static readonly IPlacementStrategy SharedFirstFit = new FirstFitStrategy();

    /// <summary>Gets the names of the built-in strategies.</summary>
    public static IReadOnlyList<string> Names { get; } = [FirstFitName, BestFitName, LeastLoadedName, SpreadName];

    /// <summary>First-fit: the first ready node, in node order, on which the request fits in every dimension.</summary>
    public static IPlacementStrategy FirstFit() => SharedFirstFit;

    /// <summary>Best-fit: the feasible node with the lowest score (the least free capacity left).</summary>
    /// <param name="weights">Optional weight per dimension name (0 to <see cref="MaxWeight"/>); unnamed dimensions weigh 1.</param>
    /// <exception cref="ArgumentException">A blank name.</exception>
    /// <exception cref="ArgumentOutOfRangeException">A weight that is negative, NaN or above <see cref="MaxWeight"/>.</exception>
    public static IPlacementStrategy BestFit(IReadOnlyDictionary<string, double>? weights = null) => new BestFitStrategy(weights);

    /// <summary>Least-loaded: the feasible node with the highest score (the lowest mean utilisation after placement).</summary>
    /// <param name="weights">Optional weight per dimension name (0 to <see cref="MaxWeight"/>); unnamed dimensions weigh 1.</param>
    /// <exception cref="ArgumentException">A blank name.</exception>
    /// <exception cref="ArgumentOutOfRangeException">A weight that is negative, NaN or above <see cref="MaxWeight"/>.</exception>
    public static IPlacementStrategy LeastLoaded(IReadOnlyDictionary<string, double>? weights = null) => new LeastLoadedStrategy(weights);

    /// <summary>Spread: the feasible node with the fewest containers; ties go to the highest score, then node order.</summary>
    /// <param name="weights">Optional weight per dimension name (0 to <see cref="MaxWeight"/>); unnamed dimensions weigh 1.</param>
    /// <exception cref="ArgumentException">A blank name.</exception>
    /// <exception cref="ArgumentOutOfRangeException">A weight that is negative, NaN or above <see cref="MaxWeight"/>.</exception>
    public static IPlacementStrategy Spread(IReadOnlyDictionary<string, double>? weights = null) => new SpreadStrategy(weights);

    /// <summary>Creates a built-in strategy by name.</summary>
    /// <param name="name">One of <see cref="Names"/>.</param>
    /// <exception cref="ArgumentNullException"><paramref name="name"/> is null.</exception>
    /// <exception cref="ArgumentException">The name is not a built-in strategy.</exception>
    public static IPlacementStrategy Create(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        return name switch
        {
            FirstFitName => FirstFit(),
            BestFitName => BestFit(),
            LeastLoadedName => LeastLoaded(),
            SpreadName => Spread(),
            _ => throw new ArgumentException($"Unknown strategy '{name}'; expected one of: {string.Join(", ", Names)}.", nameof(name)),
        };
    }
}
