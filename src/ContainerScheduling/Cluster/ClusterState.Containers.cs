using System;
using System.Collections.Generic;

namespace ContainerScheduling;

/// <content>What runs where: container handles, per-node lists and the reserve / release pair.</content>
public sealed partial class ClusterState
{
    private readonly Dictionary<string, int> _containerHandles = new(StringComparer.Ordinal);
    private ContainerSpec?[] _containerSpecs = new ContainerSpec?[16];
    private int[] _containerNode = new int[16];
    private int[] _nextOnNode = new int[16];
    private int[] _previousOnNode = new int[16];
    private long[] _requests;
    private int[] _freeHandles = new int[16];
    private int _freeHandleCount;
    private int _handleHighWater;

    /// <summary>Gets the number of containers placed in the cluster.</summary>
    public int ContainerCount => _containerHandles.Count;

    /// <summary>Returns whether a container with this name is placed in the cluster.</summary>
    /// <param name="containerName">The container's name.</param>
    public bool ContainsContainer(string containerName)
    {
        ArgumentNullException.ThrowIfNull(containerName);
        return _containerHandles.ContainsKey(containerName);
    }

    /// <summary>Gets the node a container runs on.</summary>
    /// <param name="containerName">The container's name.</param>
    /// <param name="nodeName">The node's name, or null when the container is not placed.</param>
    /// <returns>Whether the container is placed.</returns>
    public bool TryGetNodeOf(string containerName, out string? nodeName)
    {
        ArgumentNullException.ThrowIfNull(containerName);
        if (_containerHandles.TryGetValue(containerName, out var handle))
        {
            nodeName = _nodes[_containerNode[handle]]!.Name;
            return true;
        }

        nodeName = null;
        return false;
    }

    /// <summary>Gets the node a container runs on.</summary>
    /// <param name="containerName">The container's name.</param>
    /// <exception cref="ArgumentException">The container is not placed in the cluster.</exception>
    public string GetNodeOf(string containerName) => _nodes[_containerNode[HandleOf(containerName, nameof(containerName))]]!.Name;

    /// <summary>Gets a placed container's specification.</summary>
    /// <param name="containerName">The container's name.</param>
    /// <exception cref="ArgumentException">The container is not placed in the cluster.</exception>
    public ContainerSpec GetContainer(string containerName) => _containerSpecs[HandleOf(containerName, nameof(containerName))]!;

    /// <summary>Gets the names of the containers on a node, in the order they were placed there.</summary>
    /// <param name="nodeName">The node's name.</param>
    /// <exception cref="ArgumentException">No node has that name.</exception>
    public IReadOnlyList<string> GetContainersOn(string nodeName)
    {
        var slot = SlotOf(nodeName, nameof(nodeName));
        var names = new List<string>((int)_containerCount[slot]);
        for (var h = _firstOnNode[slot]; h >= 0; h = _nextOnNode[h])
        {
            names.Add(_containerSpecs[h]!.Name);
        }

        return names;
    }

    /// <summary>Gets the number of containers on a node.</summary>
    /// <param name="nodeName">The node's name.</param>
    /// <exception cref="ArgumentException">No node has that name.</exception>
    public int GetContainerCount(string nodeName) => (int)_containerCount[SlotOf(nodeName, nameof(nodeName))];

    /// <summary>
    /// Places a container on a named node chosen by the host (for example to restore known state), without a
    /// strategy. The node must be <see cref="NodeState.Ready"/> and have room in every dimension.
    /// </summary>
    /// <param name="container">The container.</param>
    /// <param name="nodeName">The node's name.</param>
    /// <exception cref="ArgumentNullException"><paramref name="container"/> is null.</exception>
    /// <exception cref="ArgumentException">Unknown node, a container of that name is already placed, or the
    /// request names a dimension the schema lacks.</exception>
    /// <exception cref="InvalidOperationException">The node is not ready or lacks room.</exception>
    public void Bind(ContainerSpec container, string nodeName)
    {
        ArgumentNullException.ThrowIfNull(container);
        var slot = SlotOf(nodeName, nameof(nodeName));
        RequireNotPlaced(container.Name, nameof(container));
        var request = container.GetRequestVector(Schema, nameof(container));
        if (!Fits(slot, request))
        {
            var reason = _state[slot] != StateReady ? $"it is {(NodeState)_state[slot]}"
                : AtLimit(slot) ? $"it runs its limit of {_nodes[slot]!.MaxContainers} containers"
                : "it lacks room";
            throw new InvalidOperationException($"Container '{container.Name}' cannot be bound to node '{nodeName}': {reason}.");
        }

        Reserve(slot, container, request);
    }

    /// <summary>Releases a placed container, returning its resources to its node exactly.</summary>
    /// <param name="containerName">The container's name.</param>
    /// <returns>The name of the node the container ran on.</returns>
    /// <exception cref="ArgumentException">The container is not placed in the cluster.</exception>
    public string Release(string containerName)
    {
        var handle = HandleOf(containerName, nameof(containerName));
        var slot = _containerNode[handle];
        var atLimit = AtLimit(slot);
        var ready = _state[slot] == StateReady && !atLimit;
        var requestAt = handle * _dims;
        for (var d = 0; d < _dims; d++)
        {
            var amount = _requests[requestAt + d];
            var at = (d * _stride) + slot;
            _allocated[at] -= amount;
            if (ready)
            {
                _available[at] += amount;
                RaiseBlockMax(d, slot, _available[at]);
            }

            _totalAllocated[d] -= amount;
        }

        UpdateFilter(slot);
        SyncNarrow(slot);
        _containerCount[slot]--;
        _containerCount32[slot]--;
        RefreshBlockSummaries(slot / BlockSize);
        if (atLimit)
        {
            RefreshAvailability(slot);
        }

        if (_selectorCounts.Count > 0)
        {
            CountSelectors(_containerSpecs[handle]!, slot, -1);
        }

        Unlink(handle, slot);
        _containerHandles.Remove(containerName);
        _containerSpecs[handle] = null;
        _freeHandles[_freeHandleCount++] = handle;
        return _nodes[slot]!.Name;
    }

    internal void RequireNotPlaced(string containerName, string parameterName)
    {
        if (_containerHandles.ContainsKey(containerName))
        {
            throw new ArgumentException(
                $"A container named '{containerName}' is already placed on node '{GetNodeOf(containerName)}'.", parameterName);
        }
    }

    /// <summary>
    /// Records a container on a node that has room. O(dimensions); allocates only when arrays grow. On a node that
    /// takes no new work (cordoned, down, at its limit) — where a move that found no other node puts a container
    /// back — only the allocation is recorded: the available column keeps reading −1, as <see cref="Release"/> leaves it.
    /// </summary>
    internal void Reserve(int slot, ContainerSpec container, ReadOnlySpan<long> request)
    {
        var takes = _state[slot] == StateReady && !AtLimit(slot);
        var handle = _freeHandleCount > 0 ? _freeHandles[--_freeHandleCount] : NewHandle();
        _containerHandles.Add(container.Name, handle);
        _containerSpecs[handle] = container;
        _containerNode[handle] = slot;
        var requestAt = handle * _dims;
        for (var d = 0; d < _dims; d++)
        {
            var amount = request[d];
            var at = (d * _stride) + slot;
            _requests[requestAt + d] = amount;
            _allocated[at] += amount;
            if (takes)
            {
                var before = _available[at];
                _available[at] = before - amount;
                if (amount != 0)
                {
                    LowerBlockMax(d, slot, before);
                }
            }

            _totalAllocated[d] += amount;
        }

        UpdateFilter(slot);
        SyncNarrow(slot);
        _containerCount[slot]++;
        _containerCount32[slot]++;
        RefreshBlockSummaries(slot / BlockSize);
        if (_anyLimit && AtLimit(slot))
        {
            RefreshAvailability(slot);
        }

        if (_selectorCounts.Count > 0)
        {
            CountSelectors(container, slot, 1);
        }

        _nextOnNode[handle] = -1;
        _previousOnNode[handle] = _lastOnNode[slot];
        if (_lastOnNode[slot] >= 0)
        {
            _nextOnNode[_lastOnNode[slot]] = handle;
        }
        else
        {
            _firstOnNode[slot] = handle;
        }

        _lastOnNode[slot] = handle;
    }

    private int HandleOf(string containerName, string parameterName)
    {
        ArgumentNullException.ThrowIfNull(containerName, parameterName);
        if (!_containerHandles.TryGetValue(containerName, out var handle))
        {
            throw new ArgumentException($"No container named '{containerName}' is placed in the cluster.", parameterName);
        }

        return handle;
    }

    /// <summary>
    /// Makes room for <paramref name="additional"/> more containers at once — the handle arrays and the name
    /// index grow once instead of doubling their way up during a large batch. Changes no observable state.
    /// </summary>
    internal void EnsureContainerCapacity(int additional)
    {
        var needed = (long)_containerHandles.Count + additional;
        if (needed > Array.MaxLength / Math.Max(1, _dims))
        {
            return;
        }

        _containerHandles.EnsureCapacity((int)needed);
        if ((long)_handleHighWater + additional > _containerSpecs.Length)
        {
            ResizeHandles((int)Math.Min(Array.MaxLength / Math.Max(1, _dims), Math.Max(_containerSpecs.Length * 2L, _handleHighWater + (long)additional)));
        }
    }

    private int NewHandle()
    {
        if (_handleHighWater == _containerSpecs.Length)
        {
            ResizeHandles(_containerSpecs.Length * 2);
        }

        return _handleHighWater++;
    }

    private void ResizeHandles(int size)
    {
        Array.Resize(ref _containerSpecs, size);
        Array.Resize(ref _containerNode, size);
        Array.Resize(ref _nextOnNode, size);
        Array.Resize(ref _previousOnNode, size);
        Array.Resize(ref _freeHandles, size);
        Array.Resize(ref _requests, size * _dims);
    }

    private void Unlink(int handle, int slot)
    {
        var previous = _previousOnNode[handle];
        var next = _nextOnNode[handle];
        if (previous >= 0)
        {
            _nextOnNode[previous] = next;
        }
        else
        {
            _firstOnNode[slot] = next;
        }

        if (next >= 0)
        {
            _previousOnNode[next] = previous;
        }
        else
        {
            _lastOnNode[slot] = previous;
        }
    }

    private void RemapContainerNodes(int[] map)
    {
        for (var h = 0; h < _handleHighWater; h++)
        {
            if (_containerSpecs[h] is not null)
            {
                _containerNode[h] = map[_containerNode[h]];
            }
        }
    }
}
