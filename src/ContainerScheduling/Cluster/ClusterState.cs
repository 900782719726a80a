using System;
using System.Collections.Generic;
using System.Diagnostics;

namespace ContainerScheduling;

/// <summary>
/// The in-memory model of a cluster: nodes, what runs where, and capacity / allocated / free per node and
/// dimension, held as struct-of-arrays columns addressed by dense node indexes.
/// </summary>
/// <remarks>
/// <para>Node order is the order in which nodes were added; removing a node keeps the order of the others.
/// Every rejected call (an <see cref="ArgumentException"/> or <see cref="InvalidOperationException"/>) leaves
/// the state exactly as it was.</para>
/// <para>Not thread-safe: use one instance from one thread at a time, or synchronise around it.</para>
/// </remarks>
public sealed partial class ClusterState
{
    /// <summary>The column padding: every column holds a multiple of this many lanes (one index block).</summary>
    internal const int LaneMultiple = BlockSize;

    /// <summary>The available amount stored for nodes that take no new work and for padding lanes.</summary>
    internal const long Unavailable = -1;

    private const byte StateReady = (byte)NodeState.Ready;
    private const byte StateRemoved = 255;

    private readonly int _dims;
    private readonly string[] _insufficientReasons;
    private readonly long[] _totalCapacity;
    private readonly long[] _totalAllocated;
    private readonly Dictionary<string, int> _nodeSlots = new(StringComparer.Ordinal);

    // Node columns. Column d of a flat array starts at d * _stride.
    private int _stride;
    private long[] _capacity = [];
    private long[] _allocated = [];
    private long[] _available = [];
    private double[] _inverseCapacity = [];
    private long[] _containerCount = [];
    private int[] _containerCount32 = [];
    private byte[] _state = [];
    private NodeSpec?[] _nodes = [];
    private int[] _firstOnNode = [];
    private int[] _lastOnNode = [];
    private int _slotCount;
    private int _removedSlots;

    /// <summary>Creates an empty cluster with the given resource dimensions.</summary>
    /// <param name="schema">The cluster's dimensions.</param>
    /// <exception cref="ArgumentNullException"><paramref name="schema"/> is null.</exception>
    public ClusterState(ResourceSchema schema)
    {
        ArgumentNullException.ThrowIfNull(schema);
        Schema = schema;
        _dims = schema.Count;
        _totalCapacity = new long[_dims];
        _totalAllocated = new long[_dims];
        _insufficientReasons = new string[_dims];
        for (var d = 0; d < _dims; d++)
        {
            _insufficientReasons[d] = "insufficient " + schema[d];
        }

        _requests = new long[_dims * _containerSpecs.Length];
        Grow(LaneMultiple);
    }

    /// <summary>Gets the cluster's resource dimensions.</summary>
    public ResourceSchema Schema { get; }

    /// <summary>Gets the number of nodes in the cluster, in any state.</summary>
    public int NodeCount => _nodeSlots.Count;

    /// <summary>Gets the nodes in the order they were added, as a new list on each call (O(nodes)).</summary>
    public IReadOnlyList<NodeSpec> Nodes
    {
        get
        {
            var list = new List<NodeSpec>(NodeCount);
            for (var i = 0; i < _slotCount; i++)
            {
                if (_nodes[i] is { } node)
                {
                    list.Add(node);
                }
            }

            return list;
        }
    }

    /// <summary>The number of node indexes in use, including removed ones not yet compacted away.</summary>
    internal int SlotCount => _slotCount;

    /// <summary><see cref="SlotCount"/> rounded up to <see cref="LaneMultiple"/>.</summary>
    internal int PaddedSlotCount => (_slotCount + LaneMultiple - 1) & ~(LaneMultiple - 1);

    /// <summary>The number of index blocks covering <see cref="PaddedSlotCount"/>.</summary>
    internal int BlockCount => PaddedSlotCount / BlockSize;

    internal int Stride => _stride;

    internal long[] CapacityColumns => _capacity;

    internal long[] AvailableColumns => _available;

    internal double[] InverseCapacityColumns => _inverseCapacity;

    internal long[] ContainerCountColumn => _containerCount;

    /// <summary>The container counts again as 32-bit integers (a node holds fewer than 2^31 containers: handles are 32-bit).</summary>
    internal int[] ContainerCount32Column => _containerCount32;

    /// <summary>Adds a node in the <see cref="NodeState.Ready"/> state, after every node already present.</summary>
    /// <param name="node">The node to add.</param>
    /// <exception cref="ArgumentNullException"><paramref name="node"/> is null.</exception>
    /// <exception cref="ArgumentException">A node with that name exists, its capacity names a dimension the schema
    /// lacks, or the cluster's total capacity would overflow a 64-bit integer.</exception>
    public void AddNode(NodeSpec node)
    {
        ArgumentNullException.ThrowIfNull(node);
        AddNodes([node], nameof(node));
    }

    /// <summary>Adds nodes in order, all or none: when one is rejected, none is added.</summary>
    /// <param name="nodes">The nodes to add.</param>
    /// <exception cref="ArgumentNullException"><paramref name="nodes"/> or one of them is null.</exception>
    /// <exception cref="ArgumentException">As for <see cref="AddNode"/>, or two of the nodes share a name.</exception>
    public void AddNodes(IEnumerable<NodeSpec> nodes)
    {
        ArgumentNullException.ThrowIfNull(nodes);
        AddNodes(nodes, nameof(nodes));
    }

    /// <summary>Validates every node, then adds them all; errors name <paramref name="parameterName"/>, the caller's parameter.</summary>
    private void AddNodes(IEnumerable<NodeSpec> nodes, string parameterName)
    {
        var batch = new List<(NodeSpec Node, long[] Capacity)>();
        var names = new HashSet<string>(StringComparer.Ordinal);
        var totals = (long[])_totalCapacity.Clone();
        foreach (var node in nodes)
        {
            if (node is null)
            {
                throw new ArgumentNullException(parameterName, $"Node #{batch.Count} is null.");
            }

            if (_nodeSlots.ContainsKey(node.Name))
            {
                throw new ArgumentException($"A node named '{node.Name}' is already in the cluster.", parameterName);
            }

            if (!names.Add(node.Name))
            {
                throw new ArgumentException($"A node named '{node.Name}' appears more than once among the nodes to add.", parameterName);
            }

            var capacity = Schema.ToVector(node.Capacity, parameterName, "Node", node.Name);
            _anyLimit |= node.MaxContainers.HasValue;
            for (var d = 0; d < _dims; d++)
            {
                if (long.MaxValue - totals[d] < capacity[d])
                {
                    throw new ArgumentException(
                        $"Adding node '{node.Name}' with {Schema[d]}={capacity[d]} would overflow the cluster's total {Schema[d]} capacity ({totals[d]}).",
                        parameterName);
                }

                totals[d] += capacity[d];
            }

            batch.Add((node, capacity));
        }

        var widened = false;
        foreach (var (_, capacity) in batch)
        {
            widened |= WidenFilterShift(capacity);
        }

        EnsureSlots(_slotCount + batch.Count);
        foreach (var (node, capacity) in batch)
        {
            var slot = _slotCount++;
            _nodes[slot] = node;
            _state[slot] = StateReady;
            _tainted[slot] = node.Taints.Count > 0;
            _containerCount[slot] = 0;
            _containerCount32[slot] = 0;
            _firstOnNode[slot] = -1;
            _lastOnNode[slot] = -1;
            for (var d = 0; d < _dims; d++)
            {
                var at = (d * _stride) + slot;
                _capacity[at] = capacity[d];
                _allocated[at] = 0;
                _available[at] = node.MaxContainers == 0 ? Unavailable : capacity[d];
                _inverseCapacity[at] = capacity[d] == 0 ? 0.0 : 1.0 / capacity[d];
            }

            AssignCapacityType(slot, capacity);
            _nodeSlots.Add(node.Name, slot);
        }

        Array.Copy(totals, _totalCapacity, _dims);
        _structureVersion++;
        for (var slot = _slotCount - batch.Count; slot < _slotCount; slot++)
        {
            // Before the index refresh below, so that the first tainted node's block maxima come out right too.
            SetTainted(slot, _tainted[slot]);
        }

        RefreshIndexes(_slotCount - batch.Count, _slotCount);
        if (widened)
        {
            RefreshFilter(0, _slotCount - batch.Count);
        }
    }

    /// <summary>Removes an empty node. The order of the remaining nodes is unchanged.</summary>
    /// <param name="nodeName">The node's name.</param>
    /// <exception cref="ArgumentException">No node has that name.</exception>
    /// <exception cref="InvalidOperationException">Containers still run on the node: release them first.</exception>
    public void RemoveNode(string nodeName)
    {
        var slot = SlotOf(nodeName, nameof(nodeName));
        if (_containerCount[slot] != 0)
        {
            throw new InvalidOperationException(
                $"Node '{nodeName}' still runs {_containerCount[slot]} container(s); release them before removing the node.");
        }

        for (var d = 0; d < _dims; d++)
        {
            _totalCapacity[d] -= _capacity[(d * _stride) + slot];
        }

        _nodeSlots.Remove(nodeName);
        _structureVersion++;
        _nodes[slot] = null;
        _state[slot] = StateRemoved;
        ClearSlotColumns(slot);
        RefreshIndexes(slot, slot + 1);
        _removedSlots++;
        if (_removedSlots >= LaneMultiple && _removedSlots * 2 >= _slotCount)
        {
            Compact();
        }
    }

    /// <summary>Returns whether a node with this name is in the cluster.</summary>
    /// <param name="nodeName">The node's name.</param>
    public bool ContainsNode(string nodeName)
    {
        ArgumentNullException.ThrowIfNull(nodeName);
        return _nodeSlots.ContainsKey(nodeName);
    }

    /// <summary>Gets a node's specification.</summary>
    /// <param name="nodeName">The node's name.</param>
    /// <exception cref="ArgumentException">No node has that name.</exception>
    public NodeSpec GetNode(string nodeName) => _nodes[SlotOf(nodeName, nameof(nodeName))]!;

    /// <summary>Gets a node's state.</summary>
    /// <param name="nodeName">The node's name.</param>
    /// <exception cref="ArgumentException">No node has that name.</exception>
    public NodeState GetNodeState(string nodeName) => (NodeState)_state[SlotOf(nodeName, nameof(nodeName))];

    /// <summary>
    /// Sets a node's state. Containers already on the node stay recorded there in every state; only
    /// <see cref="NodeState.Ready"/> nodes take new containers.
    /// </summary>
    /// <param name="nodeName">The node's name.</param>
    /// <param name="state">The new state.</param>
    /// <exception cref="ArgumentException">No node has that name.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="state"/> is not a defined value.</exception>
    public void SetNodeState(string nodeName, NodeState state)
    {
        if (state is not (NodeState.Ready or NodeState.Cordoned or NodeState.Down))
        {
            throw new ArgumentOutOfRangeException(nameof(state), state, "Not a defined NodeState value.");
        }

        var slot = SlotOf(nodeName, nameof(nodeName));
        _state[slot] = (byte)state;
        RefreshAvailability(slot);
    }

    /// <summary>Marks a node <see cref="NodeState.Cordoned"/>: it keeps its containers and takes no new ones.</summary>
    /// <param name="nodeName">The node's name.</param>
    /// <exception cref="ArgumentException">No node has that name.</exception>
    public void Cordon(string nodeName) => SetNodeState(nodeName, NodeState.Cordoned);

    /// <summary>Marks a node <see cref="NodeState.Ready"/> again.</summary>
    /// <param name="nodeName">The node's name.</param>
    /// <exception cref="ArgumentException">No node has that name.</exception>
    public void Uncordon(string nodeName) => SetNodeState(nodeName, NodeState.Ready);

    /// <summary>Gets a node's capacity in one dimension.</summary>
    /// <param name="nodeName">The node's name.</param>
    /// <param name="resource">The dimension's name.</param>
    /// <exception cref="ArgumentException">Unknown node or dimension.</exception>
    public long GetCapacity(string nodeName, string resource) => _capacity[At(nodeName, resource)];

    /// <summary>Gets the amount allocated to containers on a node in one dimension.</summary>
    /// <param name="nodeName">The node's name.</param>
    /// <param name="resource">The dimension's name.</param>
    /// <exception cref="ArgumentException">Unknown node or dimension.</exception>
    public long GetAllocated(string nodeName, string resource) => _allocated[At(nodeName, resource)];

    /// <summary>Gets a node's free amount (capacity − allocated) in one dimension, whatever its state.</summary>
    /// <param name="nodeName">The node's name.</param>
    /// <param name="resource">The dimension's name.</param>
    /// <exception cref="ArgumentException">Unknown node or dimension.</exception>
    public long GetFree(string nodeName, string resource)
    {
        var at = At(nodeName, resource);
        return _capacity[at] - _allocated[at];
    }

    /// <summary>Gets the total capacity of all nodes in one dimension.</summary>
    /// <param name="resource">The dimension's name.</param>
    /// <exception cref="ArgumentException">Unknown dimension.</exception>
    public long GetTotalCapacity(string resource) => _totalCapacity[DimensionOf(resource, nameof(resource))];

    /// <summary>Gets the total amount allocated to containers in one dimension.</summary>
    /// <param name="resource">The dimension's name.</param>
    /// <exception cref="ArgumentException">Unknown dimension.</exception>
    public long GetTotalAllocated(string resource) => _totalAllocated[DimensionOf(resource, nameof(resource))];

    /// <summary>Creates the read-only view of the columns that placement strategies read.</summary>
    public ClusterView CreateView() => new(this);

    internal int SlotOf(string nodeName, string parameterName)
    {
        ArgumentNullException.ThrowIfNull(nodeName, parameterName);
        if (!_nodeSlots.TryGetValue(nodeName, out var slot))
        {
            throw new ArgumentException($"No node named '{nodeName}' is in the cluster.", parameterName);
        }

        return slot;
    }

    internal int DimensionOf(string resource, string parameterName)
    {
        ArgumentNullException.ThrowIfNull(resource, parameterName);
        var d = Schema.IndexOf(resource);
        if (d < 0)
        {
            throw new ArgumentException($"Resource '{resource}' is not in the cluster's schema ({Schema}).", parameterName);
        }

        return d;
    }

    internal string NodeNameAt(int slot)
    {
        if ((uint)slot >= (uint)_slotCount)
        {
            throw new ArgumentOutOfRangeException(nameof(slot), slot, $"A node index must be in [0, {_slotCount}).");
        }

        return _nodes[slot]?.Name ?? throw new InvalidOperationException($"Node index {slot} is not in use (its node was removed).");
    }

    /// <summary>Whether a node occupies this index (not padding, not a removed node's hole).</summary>
    internal bool ContainsNodeAt(int slot) => (uint)slot < (uint)_slotCount && _nodes[slot] is not null;

    internal bool IsSchedulable(int slot) => (uint)slot < (uint)_slotCount && _state[slot] == StateReady;

    internal NodeState StateAt(int slot) => (NodeState)_state[slot];

    /// <summary>Whether the request fits on a ready node at this index.</summary>
    internal bool Fits(int slot, ReadOnlySpan<long> request)
    {
        if (!IsSchedulable(slot))
        {
            return false;
        }

        for (var d = 0; d < _dims; d++)
        {
            if (_available[(d * _stride) + slot] < request[d])
            {
                return false;
            }
        }

        return true;
    }

    private int At(string nodeName, string resource)
    {
        var d = DimensionOf(resource, nameof(resource));
        return (d * _stride) + SlotOf(nodeName, nameof(nodeName));
    }

    private void EnsureSlots(int needed)
    {
        if (needed + LaneMultiple > _stride)
        {
            Grow(Math.Max(needed + LaneMultiple, _stride * 2));
        }
    }

    private void Grow(int minimum)
    {
        var stride = (minimum + LaneMultiple - 1) & ~(LaneMultiple - 1);
        _capacity = GrowColumns(_capacity, stride, 0L);
        _allocated = GrowColumns(_allocated, stride, 0L);
        _available = GrowColumns(_available, stride, Unavailable);
        _inverseCapacity = GrowColumns(_inverseCapacity, stride, 0.0);
        GrowNarrowColumns(stride);
        Array.Resize(ref _containerCount, stride);
        Array.Resize(ref _containerCount32, stride);
        Array.Resize(ref _state, stride);
        Array.Resize(ref _tainted, stride);
        Array.Resize(ref _nodes, stride);
        Array.Resize(ref _firstOnNode, stride);
        Array.Resize(ref _lastOnNode, stride);
        GrowSelectorCounts(stride);
        _stride = stride;
        AllocateFitFilter();
        AllocateBlockIndex();
    }

    private T[] GrowColumns<T>(T[] old, int stride, T padding)
    {
        var grown = new T[_dims * stride];
        grown.AsSpan().Fill(padding);
        for (var d = 0; d < _dims && _stride > 0; d++)
        {
            Array.Copy(old, d * _stride, grown, d * stride, _slotCount);
        }

        return grown;
    }

    private void ClearSlotColumns(int slot)
    {
        for (var d = 0; d < _dims; d++)
        {
            var at = (d * _stride) + slot;
            _capacity[at] = 0;
            _allocated[at] = 0;
            _available[at] = Unavailable;
            _inverseCapacity[at] = 0.0;
        }

        ClearFilter(slot);
        _capacityType[slot] = 0;
        _containerCount[slot] = 0;
        _containerCount32[slot] = 0;
        _tainted[slot] = false;
    }

    /// <summary>Drops removed node indexes, keeping the order of the live nodes.</summary>
    private void Compact()
    {
        var map = new int[_slotCount];
        var next = 0;
        for (var slot = 0; slot < _slotCount; slot++)
        {
            if (_state[slot] == StateRemoved)
            {
                map[slot] = -1;
                continue;
            }

            map[slot] = next;
            if (next != slot)
            {
                for (var d = 0; d < _dims; d++)
                {
                    var from = (d * _stride) + slot;
                    var to = (d * _stride) + next;
                    _capacity[to] = _capacity[from];
                    _allocated[to] = _allocated[from];
                    _available[to] = _available[from];
                    _inverseCapacity[to] = _inverseCapacity[from];
                }

                _capacityType[next] = _capacityType[slot];
                _containerCount[next] = _containerCount[slot];
                _containerCount32[next] = _containerCount32[slot];
                _state[next] = _state[slot];
                _tainted[next] = _tainted[slot];
                _nodes[next] = _nodes[slot];
                _firstOnNode[next] = _firstOnNode[slot];
                _lastOnNode[next] = _lastOnNode[slot];
                _nodeSlots[_nodes[next]!.Name] = next;
            }

            next++;
        }

        for (var slot = next; slot < _slotCount; slot++)
        {
            ClearSlotColumns(slot);
            _state[slot] = StateRemoved;
            _nodes[slot] = null;
        }

        RemapContainerNodes(map);
        _structureVersion++;
        var oldSlotCount = _slotCount;
        _slotCount = next;
        _removedSlots = 0;
        RefreshIndexes(0, oldSlotCount);
        RecountSelectors();
        Debug.Assert(_nodeSlots.Count == _slotCount, "every live node keeps one slot");
    }
}
