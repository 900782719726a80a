using System;

namespace ContainerScheduling.Benchmarks;

/// <summary>
/// A user's best-fit composed of the view's built-in search, with its own weights array (equal weights, so the
/// cluster's key column for them is shared with the built-in best-fit). Public API only.
/// </summary>
public sealed class ComposedBestFit : IPlacementStrategy
{
    private double[] _weights = [];

    /// <inheritdoc />
    public string Name => "composed-best-fit";

    /// <inheritdoc />
    public int SelectNode(in ClusterView cluster, ReadOnlySpan<long> request)
    {
        if (_weights.Length != cluster.DimensionCount)
        {
            _weights = new double[cluster.DimensionCount];
            Array.Fill(_weights, 1.0);
        }

        return cluster.FindLowestScore(request, _weights);
    }
}

/// <summary>
/// A user's best-fit written as a plain loop over the view's public spans: blocks whose maxima rule the request
/// out are skipped, then a scalar scan with the same score (up to rounding) and tie rule as the built-in. Public API only — what a
/// user writes for a scoring rule of their own.
/// </summary>
public sealed class HandWrittenBestFit : IPlacementStrategy
{
    /// <inheritdoc />
    public string Name => "hand-written-best-fit";

    /// <inheritdoc />
    public int SelectNode(in ClusterView cluster, ReadOnlySpan<long> request)
    {
        var dims = cluster.DimensionCount;
        var best = -1;
        var bestScore = double.PositiveInfinity;
        var blocks = cluster.PaddedNodeCount / ClusterView.BlockSize;
        for (var block = 0; block < blocks; block++)
        {
            var possible = true;
            for (var d = 0; d < dims && possible; d++)
            {
                possible = cluster.BlockMaxima(d)[block] >= request[d];
            }

            if (!possible)
            {
                continue;
            }

            for (var node = block * ClusterView.BlockSize; node < (block + 1) * ClusterView.BlockSize; node++)
            {
                var score = 0.0;
                var fits = true;
                for (var d = 0; d < dims && fits; d++)
                {
                    var available = cluster.Available(d)[node];
                    fits = available >= request[d];
                    score += (available - request[d]) * cluster.InverseCapacity(d)[node];
                }

                if (fits && score < bestScore)
                {
                    bestScore = score;
                    best = node;
                }
            }
        }

        return best;
    }
}
