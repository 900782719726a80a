using System;

namespace ContainerScheduling;

/// <summary>
/// The read-only struct-of-arrays columns a placement strategy reads: per dimension the available amount, the
/// capacity and its reciprocal, and per node the number of containers. Built-in and user strategies read the
/// same view, so a custom strategy can run the same allocation-free SIMD loop as a built-in one.
/// </summary>
/// <remarks>
/// <para>Nodes are addressed by index 0 … <see cref="NodeCount"/> − 1 in the order they were added. Every column
/// is padded to <see cref="PaddedNodeCount"/> (a multiple of 32) so that a vector loop needs no scalar tail.</para>
/// <para>The available column holds −1 for every index that takes no new work — a cordoned, down or removed
/// node, or a padding lane — so <c>available ≥ request</c> in every dimension is the whole feasibility test
/// (requests are never negative).</para>
/// <para>Obtain a view from <see cref="ClusterState.CreateView"/> or as the argument of
/// <see cref="IPlacementStrategy.SelectNode"/>; it is valid until the cluster next changes.</para>
/// <para>Besides the columns, the view offers the built-in searches themselves — <see cref="FindFirstFit"/>,
/// <see cref="FindLowestScore"/>, <see cref="FindHighestScore"/> and <see cref="FindSpread"/> — over the same
/// indexes the built-in strategies use (block maxima, 32-bit columns, per-block key bounds), and the block maxima
/// for custom scans (<see cref="BlockMaxima"/>). A custom strategy that decides with them runs at the built-ins'
/// speed.</para>
/// </remarks>
public readonly ref struct ClusterView
{
    private readonly ClusterState _state;
    private readonly ReadOnlySpan<ulong> _eligible;
    private readonly long[]? _maxima;
    private readonly int _from;
    private readonly bool _untaintedOnly;

    internal ClusterView(ClusterState state) => _state = state;

    /// <summary>
    /// A view for one container: its eligible nodes, block maxima that bound all of them, the first node index
    /// first-fit need consider (the batch knows no earlier node fits), and whether the eligible nodes are exactly
    /// the untainted ones (the container has no rules of its own and tolerates no taint).
    /// </summary>
    internal ClusterView(ClusterState state, ReadOnlySpan<ulong> eligible, long[]? maxima = null, int firstFitFrom = 0, bool untaintedOnly = false)
    {
        _state = state;
        _eligible = eligible;
        _maxima = maxima;
        _from = firstFitFrom;
        _untaintedOnly = untaintedOnly;
    }

    /// <summary>The block maxima the searches use for this container (<see cref="ClusterState.BlockMaximaFor"/>).</summary>
    private long[] Maxima => _maxima ?? _state.BlockMaxColumns;

    /// <summary>Gets the cluster's resource dimensions.</summary>
    public ResourceSchema Schema => _state.Schema;

    /// <summary>Gets the number of dimensions (the length of every request).</summary>
    public int DimensionCount => _state.Schema.Count;

    /// <summary>Gets the number of node indexes in use (removed nodes may leave unschedulable holes).</summary>
    public int NodeCount => _state.SlotCount;

    /// <summary>Gets <see cref="NodeCount"/> rounded up to a multiple of 32: the length of every column span.</summary>
    public int PaddedNodeCount => _state.PaddedSlotCount;

    internal ClusterState State => _state;

    /// <summary>Gets the amount free for new work per node in one dimension; −1 where the node takes no new work.</summary>
    /// <param name="dimension">The dimension index in the schema.</param>
    public ReadOnlySpan<long> Available(int dimension) =>
        new(_state.AvailableColumns, ColumnStart(dimension), PaddedNodeCount);

    /// <summary>Gets the capacity per node in one dimension (0 in padding lanes).</summary>
    /// <param name="dimension">The dimension index in the schema.</param>
    public ReadOnlySpan<long> Capacity(int dimension) =>
        new(_state.CapacityColumns, ColumnStart(dimension), PaddedNodeCount);

    /// <summary>Gets 1 / capacity per node in one dimension, and 0 where the capacity is 0.</summary>
    /// <param name="dimension">The dimension index in the schema.</param>
    public ReadOnlySpan<double> InverseCapacity(int dimension) =>
        new(_state.InverseCapacityColumns, ColumnStart(dimension), PaddedNodeCount);

    /// <summary>Gets the number of containers per node.</summary>
    public ReadOnlySpan<long> ContainerCounts => new(_state.ContainerCountColumn, 0, PaddedNodeCount);

    /// <summary>
    /// Gets the nodes the container being placed may run on by its placement rules — node selector, taints it does
    /// not tolerate, affinity, anti-affinity, topology spread — one bit per node index (bit <c>i % 64</c> of word
    /// <c>i / 64</c>); resources and node state are not part of it. Empty when no rule restricts the container:
    /// every node is eligible then, and the built-in searches run unrestricted.
    /// </summary>
    public ReadOnlySpan<ulong> EligibleNodes => _eligible;

    /// <summary>Returns whether the container being placed may run on the node by its placement rules (see <see cref="EligibleNodes"/>).</summary>
    /// <param name="node">The node index.</param>
    public bool IsEligible(int node) =>
        _eligible.IsEmpty ? (uint)node < (uint)NodeCount : Bitset.IsSet(_eligible, node);

    /// <summary>
    /// Returns whether the node takes new work, is eligible for the container being placed
    /// (<see cref="IsEligible"/>) and has room for the request in every dimension: whether the scheduler accepts it.
    /// </summary>
    /// <param name="node">The node index.</param>
    /// <param name="request">The request, one amount per dimension.</param>
    public bool Fits(int node, ReadOnlySpan<long> request) => _state.Fits(node, request) && (_eligible.IsEmpty || Bitset.IsSet(_eligible, node));

    /// <summary>Gets the name of the node at an index.</summary>
    /// <param name="node">The node index.</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="node"/> is outside [0, <see cref="NodeCount"/>).</exception>
    /// <exception cref="InvalidOperationException">The index holds no node (a removed one).</exception>
    public string GetNodeName(int node) => _state.NodeNameAt(node);

    /// <summary>Gets the number of consecutive nodes one entry of <see cref="BlockMaxima"/> summarises.</summary>
    public const int BlockSize = ClusterState.BlockSize;

    /// <summary>
    /// Gets, per block of <see cref="BlockSize"/> consecutive node indexes, the largest <see cref="Available"/>
    /// amount in one dimension (−1 where no node of the block takes new work). A request that exceeds the block's
    /// maximum in some dimension fits no node of the block, so a scan can skip it without changing its answer.
    /// </summary>
    /// <param name="dimension">The dimension index in the schema.</param>
    /// <returns><see cref="PaddedNodeCount"/> / <see cref="BlockSize"/> entries.</returns>
    public ReadOnlySpan<long> BlockMaxima(int dimension) =>
        new(_state.BlockMaxColumns, RequireDimension(dimension) * _state.BlockStride, _state.BlockCount);

    /// <summary>
    /// Finds the first node, in index order, that takes new work and fits the request: the built-in first-fit
    /// search (block maxima, then a narrow filter, then the exact columns).
    /// </summary>
    /// <param name="request">The request, one non-negative amount per dimension.</param>
    /// <returns>The node index, or −1 when no node fits.</returns>
    /// <exception cref="ArgumentException"><paramref name="request"/> has the wrong length or a negative amount.</exception>
    public int FindFirstFit(ReadOnlySpan<long> request)
    {
        RequireRequest(request);
        return FirstFit(request);
    }

    /// <summary>
    /// Finds the fitting node with the lowest score Σ_d weights_d · (available_d − request_d) / capacity_d —
    /// best-fit's choice for these weights; ties go to the lowest index. The built-in keyed scan: the cluster keeps
    /// a key column for each distinct weight vector (up to 8; the first call with new weights allocates it), and
    /// other weight vectors use the wide scan, with the same answer.
    /// </summary>
    /// <param name="request">The request, one non-negative amount per dimension.</param>
    /// <param name="weights">One weight per dimension, each from 0 to <see cref="PlacementStrategies.MaxWeight"/>.</param>
    /// <returns>The node index, or −1 when no node fits.</returns>
    /// <exception cref="ArgumentException"><paramref name="request"/> or <paramref name="weights"/> has the wrong
    /// length, a negative amount, or a weight that is not a number from 0 to <see cref="PlacementStrategies.MaxWeight"/>.</exception>
    public int FindLowestScore(ReadOnlySpan<long> request, ReadOnlySpan<double> weights)
    {
        RequireRequest(request);
        RequireWeights(weights);
        return BestScore<LowestScore>(request, weights);
    }

    /// <summary>
    /// Finds the fitting node with the highest score (see <see cref="FindLowestScore"/>) — least-loaded's choice
    /// for these weights; ties go to the lowest index.
    /// </summary>
    /// <param name="request">The request, one non-negative amount per dimension.</param>
    /// <param name="weights">One weight per dimension, each from 0 to <see cref="PlacementStrategies.MaxWeight"/>.</param>
    /// <returns>The node index, or −1 when no node fits.</returns>
    /// <exception cref="ArgumentException">As for <see cref="FindLowestScore"/>.</exception>
    public int FindHighestScore(ReadOnlySpan<long> request, ReadOnlySpan<double> weights)
    {
        RequireRequest(request);
        RequireWeights(weights);
        return BestScore<HighestScore>(request, weights);
    }

    /// <summary>
    /// Finds spread's choice: among fitting nodes the fewest containers, then the highest score (see
    /// <see cref="FindLowestScore"/>), then the lowest index.
    /// </summary>
    /// <param name="request">The request, one non-negative amount per dimension.</param>
    /// <param name="weights">One weight per dimension, each from 0 to <see cref="PlacementStrategies.MaxWeight"/>.</param>
    /// <returns>The node index, or −1 when no node fits.</returns>
    /// <exception cref="ArgumentException">As for <see cref="FindLowestScore"/>.</exception>
    public int FindSpread(ReadOnlySpan<long> request, ReadOnlySpan<double> weights)
    {
        RequireRequest(request);
        RequireWeights(weights);
        return Spread(request, weights);
    }

    /// <summary>First-fit over the eligible nodes, unvalidated (the built-in strategies' entry).</summary>
    internal int FirstFit(ReadOnlySpan<long> request) =>
        _eligible.IsEmpty
            ? _from == 0 ? PlacementKernels.FirstFit(_state, request)
                : PlacementKernels.UseVectors ? PlacementKernels.FirstFitVector<PlacementKernels.AllEligible>(_state, request, default, Maxima, _from)
                : PlacementKernels.FirstFitScalar(_state, request, _from)
        : PlacementKernels.UseVectors ? PlacementKernels.FirstFitVector<PlacementKernels.EligibleBits>(_state, request, _eligible, Maxima, _from)
        : PlacementKernels.FirstFitMasked(_state, request, _eligible, Maxima, _from);

    /// <summary>Best-fit or least-loaded over the eligible nodes, unvalidated: the keyed scan with the bitset where it runs.</summary>
    internal int BestScore<TOrder>(ReadOnlySpan<long> request, ReadOnlySpan<double> weights)
        where TOrder : struct, IScoreOrder =>
        _eligible.IsEmpty ? PlacementKernels.BestScore<TOrder>(_state, request, weights)
        : PlacementKernels.KeyColumnFor(_state, request, weights) is { } keys
            ? _untaintedOnly && _state.BucketsApply
                ? PlacementKernels.BestScoreBucketed<TOrder>(_state, request, weights, keys, untaintedOnly: true)
                : PlacementKernels.BestScoreKeyed<TOrder, PlacementKernels.AnyCount, PlacementKernels.EligibleBits>(_state, request, weights, keys, 0, _eligible, Maxima)
        : PlacementKernels.BestScoreMasked<TOrder>(_state, request, weights, _eligible, Maxima);

    /// <summary>Spread over the eligible nodes, unvalidated.</summary>
    internal int Spread(ReadOnlySpan<long> request, ReadOnlySpan<double> weights) =>
        _eligible.IsEmpty ? PlacementKernels.Spread(_state, request, weights)
        : PlacementKernels.KeyColumnFor(_state, request, weights) is { } keys
            ? PlacementKernels.SpreadKeyed<PlacementKernels.EligibleBits>(_state, request, weights, keys, _eligible, Maxima)
        : PlacementKernels.SpreadMasked(_state, request, weights, _eligible, Maxima);

    private void RequireRequest(ReadOnlySpan<long> request)
    {
        if (request.Length != DimensionCount)
        {
            throw new ArgumentException(
                $"The request has {request.Length} amount(s), but the schema ({Schema}) has {DimensionCount} dimension(s).", nameof(request));
        }

        for (var d = 0; d < request.Length; d++)
        {
            if (request[d] < 0)
            {
                throw new ArgumentException($"The request for '{Schema[d]}' must be non-negative, but was {request[d]}.", nameof(request));
            }
        }
    }

    private void RequireWeights(ReadOnlySpan<double> weights)
    {
        if (weights.Length != DimensionCount)
        {
            throw new ArgumentException(
                $"There are {weights.Length} weight(s), but the schema ({Schema}) has {DimensionCount} dimension(s).", nameof(weights));
        }

        for (var d = 0; d < weights.Length; d++)
        {
            if (!(weights[d] >= 0 && weights[d] <= PlacementStrategies.MaxWeight))
            {
                throw new ArgumentException(
                    $"The weight of '{Schema[d]}' must be a number from 0 to {PlacementStrategies.MaxWeight:0e0}, but was {weights[d]}.", nameof(weights));
            }
        }
    }

    private int ColumnStart(int dimension) => RequireDimension(dimension) * _state.Stride;

    private int RequireDimension(int dimension)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(dimension);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(dimension, _state.Schema.Count);
        return dimension;
    }
}
