using System;
using System.Collections.Generic;
using System.Linq;

namespace ContainerScheduling.Tests;

/// <summary>The built-in strategies by name, with optional per-dimension weights.</summary>
internal static class StrategyCatalog
{
    public static readonly string[] BuiltIn =
    [
        PlacementStrategies.FirstFitName,
        PlacementStrategies.BestFitName,
        PlacementStrategies.LeastLoadedName,
        PlacementStrategies.SpreadName,
    ];

    public static IEnumerable<object[]> BuiltInNames => BuiltIn.Select(name => new object[] { name });

    /// <summary>Every built-in; the scored ones also with weights (a reference weight array applies to both).</summary>
    public static IEnumerable<object[]> BuiltInNamesAndWeighting =>
        BuiltIn.SelectMany(name => name == PlacementStrategies.FirstFitName
            ? new[] { new object[] { name, false } }
            : [[name, false], [name, true]]);

    public static double[] DefaultWeights(int dimensions) => Enumerable.Repeat(1.0, dimensions).ToArray();

    /// <summary>Creates the strategy; with weights, every dimension whose weight is not 1 is named.</summary>
    public static IPlacementStrategy Create(string name, string[] dimensions, double[]? weights)
    {
        if (name == LastFitStrategy.StrategyName)
        {
            return new LastFitStrategy();
        }

        if (weights is null || name == PlacementStrategies.FirstFitName)
        {
            return PlacementStrategies.Create(name);
        }

        var named = new Dictionary<string, double>(StringComparer.Ordinal);
        for (var d = 0; d < dimensions.Length; d++)
        {
            if (weights[d] != 1.0)
            {
                named[dimensions[d]] = weights[d];
            }
        }

        return name switch
        {
            PlacementStrategies.BestFitName => PlacementStrategies.BestFit(named),
            PlacementStrategies.LeastLoadedName => PlacementStrategies.LeastLoaded(named),
            PlacementStrategies.SpreadName => PlacementStrategies.Spread(named),
            _ => throw new ArgumentOutOfRangeException(nameof(name), name, "Not a built-in strategy."),
        };
    }
}

/// <summary>
/// A user-written strategy: the last ready node that fits, found by reading the view's available spans from
/// the padded end (padding lanes hold −1, so they never fit a request).
/// </summary>
internal sealed class LastFitStrategy : IPlacementStrategy
{
    public const string StrategyName = "last-fit";

    public string Name => StrategyName;

    public int SelectNode(in ClusterView cluster, ReadOnlySpan<long> request)
    {
        for (var i = cluster.PaddedNodeCount - 1; i >= 0; i--)
        {
            var fits = true;
            for (var d = 0; d < cluster.DimensionCount && fits; d++)
            {
                fits = cluster.Available(d)[i] >= request[d];
            }

            if (fits)
            {
                return i;
            }
        }

        return -1;
    }
}

/// <summary>
/// A user-written strategy composed of the view's built-in searches: best-fit with the first dimension weighted
/// twice, and first-fit where nothing fits that (never, as both need a fitting node — the fallback only shows the
/// composition). Its weights array is its own, so the cluster keeps a key column for it.
/// </summary>
internal sealed class ComposedStrategy : IPlacementStrategy
{
    public const string StrategyName = "composed";

    private double[] _weights = [];

    public string Name => StrategyName;

    public static double[] WeightsFor(int dimensions)
    {
        var weights = Enumerable.Repeat(1.0, dimensions).ToArray();
        weights[0] = 2.0;
        return weights;
    }

    public int SelectNode(in ClusterView cluster, ReadOnlySpan<long> request)
    {
        if (_weights.Length != cluster.DimensionCount)
        {
            _weights = WeightsFor(cluster.DimensionCount);
        }

        var best = cluster.FindLowestScore(request, _weights);
        return best >= 0 ? best : cluster.FindFirstFit(request);
    }
}

/// <summary>
/// A broken strategy: behaves like first-fit for the first <c>goodCalls</c> calls, then answers a fixed index
/// whether or not that node can take the request (or throws, when <c>index</c> is null).
/// </summary>
internal sealed class FaultyStrategy(int goodCalls, int? index) : IPlacementStrategy
{
    private readonly IPlacementStrategy _firstFit = PlacementStrategies.FirstFit();
    private int _calls;

    public string Name => "faulty";

    public int SelectNode(in ClusterView cluster, ReadOnlySpan<long> request)
    {
        if (_calls++ < goodCalls)
        {
            return _firstFit.SelectNode(in cluster, request);
        }

        return index ?? throw new InvalidProgramException("faulty strategy gave up");
    }
}

/// <summary>A strategy that never chooses a node.</summary>
internal sealed class DecliningStrategy : IPlacementStrategy
{
    public string Name => "decline";

    public int SelectNode(in ClusterView cluster, ReadOnlySpan<long> request) => -1;
}
