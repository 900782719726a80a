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
/// </remarks>
public readonly ref struct ClusterView
{
    private readonly ClusterState _state;

    internal ClusterView(ClusterState state) => _state = state;

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

    /// <summary>Returns whether the node takes new work and has room for the request in every dimension.</summary>
    /// <param name="node">The node index.</param>
    /// <param name="request">The request, one amount per dimension.</param>
    public bool Fits(int node, ReadOnlySpan<long> request) => _state.Fits(node, request);

    /// <summary>Gets the name of the node at an index.</summary>
    /// <param name="node">The node index.</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="node"/> is outside [0, <see cref="NodeCount"/>).</exception>
    /// <exception cref="InvalidOperationException">The index holds no node (a removed one).</exception>
    public string GetNodeName(int node) => _state.NodeNameAt(node);

    private int ColumnStart(int dimension)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(dimension);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(dimension, _state.Schema.Count);
        return dimension * _state.Stride;
    }
}
