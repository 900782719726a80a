using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Numerics;

namespace ContainerScheduling;

/// <summary>
/// The state of a GPU cluster in struct-of-arrays columns: free CPU and memory per node, the free milli-GPU of every
/// GPU (one row of <see cref="GpuStride"/> entries per node, padded with zeros), each node's GPU model, how many
/// tasks of each kind it holds, and — when built with a <see cref="GpuFragmentationModel"/> — its fragmentation,
/// kept up to date on every change. Placement goes through <see cref="GpuScheduler"/>; this type checks and
/// applies what it decides.
/// </summary>
/// <remarks>Not thread-safe: one writer at a time.</remarks>
public sealed partial class GpuCluster
{
    /// <summary>Milli-GPU in one whole GPU.</summary>
    public const int MilliPerGpu = 1000;

    private readonly GpuNodeSpec[] _nodes;
    private readonly Dictionary<string, int> _index;
    private readonly string[] _models;
    private readonly Dictionary<string, int> _modelIds;
    private readonly long[] _cpuFree;
    private readonly long[] _memoryFree;
    private readonly int[] _gpuCount;
    private readonly ulong[] _modelBit;
    private readonly int[] _gpuFree;
    private readonly int[] _gpuFreeTotal;
    private readonly int[] _maxGpuFree;
    private readonly int[] _wholeFreeGpus;
    private readonly int[] _kindCounts;
    private readonly int[] _taskCount;
    private readonly int[] _version;
    private readonly Dictionary<(long, long, int, int, ulong), int> _shapeIds = new();
    private long _allocatedGpuMilli;
    private long _allocatedCpuMilli;

    /// <summary>Creates a cluster with every node idle.</summary>
    /// <param name="nodes">The nodes; names must be unique. At least one.</param>
    /// <param name="fragmentation">The fragmentation measure to keep per node, or null to keep none.</param>
    /// <exception cref="ArgumentException">No node, a null node, or a repeated name.</exception>
    /// <exception cref="ArgumentNullException"><paramref name="nodes"/> is null.</exception>
    public GpuCluster(IEnumerable<GpuNodeSpec> nodes, GpuFragmentationModel? fragmentation = null)
    {
        ArgumentNullException.ThrowIfNull(nodes);
        var list = new List<GpuNodeSpec>(nodes);
        if (list.Count == 0)
        {
            throw new ArgumentException("A GPU cluster needs at least one node.", nameof(nodes));
        }

        _nodes = list.ToArray();
        var n = _nodes.Length;
        _index = new Dictionary<string, int>(n, StringComparer.Ordinal);
        _modelIds = new Dictionary<string, int>(StringComparer.Ordinal);
        var models = new List<string>();
        var maxGpus = 1;
        for (var i = 0; i < n; i++)
        {
            var node = _nodes[i] ?? throw new ArgumentException($"Node {i} is null.", nameof(nodes));
            if (!_index.TryAdd(node.Name, i))
            {
                throw new ArgumentException($"Node name '{node.Name}' is used twice.", nameof(nodes));
            }

            if (node.GpuModel is { } model && !_modelIds.ContainsKey(model))
            {
                if (models.Count == 64)
                {
                    throw new ArgumentException($"A GPU cluster has at most 64 GPU models; '{model}' is the 65th.", nameof(nodes));
                }

                _modelIds.Add(model, models.Count);
                models.Add(model);
            }

            maxGpus = Math.Max(maxGpus, node.GpuCount);
        }

        _models = models.ToArray();
        GpuStride = (maxGpus + 7) & ~7;
        _cpuFree = new long[n];
        _memoryFree = new long[n];
        _gpuCount = new int[n];
        _modelBit = new ulong[n];
        _gpuFree = new int[n * GpuStride];
        _gpuFreeTotal = new int[n];
        _maxGpuFree = new int[n];
        _wholeFreeGpus = new int[n];
        _kindCounts = new int[n * KindSlots];
        _taskCount = new int[n];
        _version = new int[n];
        for (var i = 0; i < n; i++)
        {
            var node = _nodes[i];
            _cpuFree[i] = node.CpuMilli;
            _memoryFree[i] = node.MemoryMib;
            _gpuCount[i] = node.GpuCount;
            _modelBit[i] = node.GpuModel is { } model ? 1UL << _modelIds[model] : 0;
            _gpuFree.AsSpan(i * GpuStride, node.GpuCount).Fill(MilliPerGpu);
            _gpuFreeTotal[i] = node.GpuCount * MilliPerGpu;
            _maxGpuFree[i] = node.GpuCount > 0 ? MilliPerGpu : 0;
            _wholeFreeGpus[i] = node.GpuCount;
            CapacityGpuMilli += node.GpuCount * (long)MilliPerGpu;
            CapacityCpuMilli += node.CpuMilli;
        }

        if (fragmentation is not null)
        {
            Fragmentation = fragmentation;
            _shapes = new FragmentationKernel(fragmentation, this);
            _fragmentation = new long[n];
            for (var i = 0; i < n; i++)
            {
                _fragmentation[i] = _shapes.Evaluate(_cpuFree[i], _modelBit[i], GpuRow(i));
                _fragmentationTotal += _fragmentation[i];
            }
        }
    }

    /// <summary>Gets the number of nodes.</summary>
    public int NodeCount => _nodes.Length;

    /// <summary>Gets the length of one node's row in <see cref="GpuFreeColumn"/>: the most GPUs of any node, rounded up to 8.</summary>
    public int GpuStride { get; }

    /// <summary>Gets the GPU models of the cluster, in order of first appearance; a model's index is its bit in <see cref="GpuDemand.ModelMask"/>.</summary>
    public IReadOnlyList<string> GpuModels => _models;

    /// <summary>Gets the GPU capacity of the cluster in milli-GPU.</summary>
    public long CapacityGpuMilli { get; }

    /// <summary>Gets the CPU capacity of the cluster in milli-cores.</summary>
    public long CapacityCpuMilli { get; }

    /// <summary>Gets the milli-GPU held by placed tasks.</summary>
    public long AllocatedGpuMilli => _allocatedGpuMilli;

    /// <summary>Gets the milli-cores held by placed tasks.</summary>
    public long AllocatedCpuMilli => _allocatedCpuMilli;

    /// <summary>Gets the free CPU per node, in milli-cores.</summary>
    public ReadOnlySpan<long> CpuFreeColumn => _cpuFree;

    /// <summary>Gets the free memory per node, in MiB.</summary>
    public ReadOnlySpan<long> MemoryFreeColumn => _memoryFree;

    /// <summary>Gets the number of GPUs per node.</summary>
    public ReadOnlySpan<int> GpuCountColumn => _gpuCount;

    /// <summary>Gets each node's GPU model as a bit (1 &lt;&lt; model index); 0 for a CPU-only node.</summary>
    public ReadOnlySpan<ulong> ModelBitColumn => _modelBit;

    /// <summary>Gets the free milli-GPU of every GPU: node i's GPUs at [i·<see cref="GpuStride"/>, i·<see cref="GpuStride"/> + GPU count); padding reads 0.</summary>
    public ReadOnlySpan<int> GpuFreeColumn => _gpuFree;

    /// <summary>Gets the total free milli-GPU per node.</summary>
    public ReadOnlySpan<int> GpuFreeTotalColumn => _gpuFreeTotal;

    /// <summary>Gets the most free milli-GPU on one GPU, per node.</summary>
    public ReadOnlySpan<int> MaxGpuFreeColumn => _maxGpuFree;

    /// <summary>Gets the number of wholly free GPUs per node.</summary>
    public ReadOnlySpan<int> WholeFreeGpusColumn => _wholeFreeGpus;

    /// <summary>Gets a counter per node that changes whenever the node's free amounts change (a cache stamp for strategies).</summary>
    public ReadOnlySpan<int> VersionColumn => _version;

    /// <summary>Gets the node with the given index.</summary>
    /// <param name="node">The node's index, 0..<see cref="NodeCount"/>−1.</param>
    /// <returns>The node's spec.</returns>
    public GpuNodeSpec GetNode(int node) => _nodes[CheckNode(node)];

    /// <summary>Finds a node by name.</summary>
    /// <param name="name">The node's name.</param>
    /// <returns>The node's index, or −1 when there is no such node.</returns>
    public int IndexOf(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        return _index.TryGetValue(name, out var i) ? i : -1;
    }

    /// <summary>Gets the free milli-GPU of each GPU of a node.</summary>
    /// <param name="node">The node's index.</param>
    /// <returns>One entry per GPU of the node.</returns>
    public ReadOnlySpan<int> GetGpuFree(int node) => _gpuFree.AsSpan(CheckNode(node) * GpuStride, _gpuCount[node]);

    /// <summary>Gets how many placed tasks of a kind a node holds.</summary>
    /// <param name="node">The node's index.</param>
    /// <param name="kind">−1 without GPU, 0 sharing one GPU, k for k whole GPUs (see <see cref="GpuDemand.Kind"/>).</param>
    /// <returns>The count.</returns>
    public int TasksOfKind(int node, int kind)
    {
        CheckNode(node);
        if (kind < -1 || kind > GpuNodeSpec.MaxGpus)
        {
            throw new ArgumentOutOfRangeException(nameof(kind), kind, $"A kind is -1..{GpuNodeSpec.MaxGpus}.");
        }

        return _kindCounts[node * KindSlots + kind + 1];
    }

    /// <summary>Gets how many placed tasks a node holds.</summary>
    /// <param name="node">The node's index.</param>
    /// <returns>The count.</returns>
    public int TaskCount(int node) => _taskCount[CheckNode(node)];

    /// <summary>Compiles a request against this cluster: its model mask and its shape id.</summary>
    /// <param name="request">The request.</param>
    /// <returns>The demand strategies read.</returns>
    /// <remarks>A model the cluster does not have matches no node; a request naming only such models fits nowhere.</remarks>
    public GpuDemand Compile(GpuRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        var mask = ModelMaskOf(request.GpuCount, request.GpuModels);
        var key = (request.CpuMilli, request.MemoryMib, request.GpuCount, request.GpuMilli, mask);
        if (!_shapeIds.TryGetValue(key, out var id))
        {
            id = _shapeIds.Count;
            _shapeIds.Add(key, id);
        }

        return new GpuDemand
        {
            CpuMilli = request.CpuMilli,
            MemoryMib = request.MemoryMib,
            GpuCount = request.GpuCount,
            GpuMilli = request.GpuMilli,
            ModelMask = mask,
            ShapeId = id,
        };
    }

    /// <summary>Gets whether a node can take a demand: CPU and memory fit, and its GPUs (model and free milli) serve it.</summary>
    /// <param name="node">The node's index.</param>
    /// <param name="demand">The demand.</param>
    /// <returns>True when the demand fits.</returns>
    public bool Fits(int node, in GpuDemand demand) => FitFailureOf(node, demand) == GpuFitFailure.None;

    /// <summary>Places a demand on a node: takes its CPU and memory and <see cref="GpuDemand.GpuMilli"/> on each GPU of <paramref name="gpuMask"/>.</summary>
    /// <param name="node">The node's index.</param>
    /// <param name="demand">The demand.</param>
    /// <param name="gpuMask">The GPUs to use (bit i = GPU i): exactly <see cref="GpuDemand.GpuCount"/> of them, each with room; 0 for a task without GPU.</param>
    /// <returns>What the task holds, for <see cref="Release"/>.</returns>
    /// <exception cref="ArgumentException">The demand's amounts are impossible (see <see cref="GpuRequest"/>'s rules) or it does not fit, or the mask names the wrong number of GPUs, a GPU the node lacks or one without room. Nothing changes.</exception>
    public GpuAllocation Allocate(int node, in GpuDemand demand, ulong gpuMask)
    {
        CheckNode(node);
        CheckDemand(demand);
        var failure = FitFailureOf(node, demand);
        if (failure != GpuFitFailure.None)
        {
            throw new ArgumentException($"The demand does not fit on node '{_nodes[node].Name}': {Describe(failure)}.", nameof(demand));
        }

        CheckMask(node, demand, gpuMask);
        var allocation = new GpuAllocation(node, gpuMask, demand.GpuMilli, demand.CpuMilli, demand.MemoryMib, demand.Kind);
        Apply(allocation, -1);
        return allocation;
    }

    /// <summary>Gives back what a placed task holds.</summary>
    /// <param name="allocation">What <see cref="Allocate"/> returned.</param>
    /// <exception cref="ArgumentException">The allocation cannot have come from this cluster's current state (a GPU or amount would exceed its capacity). Nothing changes.</exception>
    public void Release(in GpuAllocation allocation)
    {
        var node = allocation.Node;
        if ((uint)node >= (uint)_nodes.Length)
        {
            throw new ArgumentOutOfRangeException(nameof(allocation), node, $"Node index must be 0..{_nodes.Length - 1}.");
        }

        var spec = _nodes[node];
        var row = _gpuFree.AsSpan(node * GpuStride, _gpuCount[node]);
        // Compared against what is held (capacity − free), so that no forged amount can overflow the check.
        var valid = allocation.CpuMilli >= 0 && allocation.CpuMilli <= spec.CpuMilli - _cpuFree[node]
            && allocation.MemoryMib >= 0 && allocation.MemoryMib <= spec.MemoryMib - _memoryFree[node]
            && allocation.GpuMilli is >= 0 and <= MilliPerGpu && (allocation.GpuMask >> row.Length == 0 || row.Length == 64)
            && allocation.Kind >= -1 && allocation.Kind <= GpuNodeSpec.MaxGpus && _kindCounts[node * KindSlots + allocation.Kind + 1] > 0;
        for (var mask = allocation.GpuMask; valid && mask != 0; mask &= mask - 1)
        {
            valid = row[BitOperations.TrailingZeroCount(mask)] + allocation.GpuMilli <= MilliPerGpu;
        }

        if (!valid)
        {
            throw new ArgumentException($"The allocation {allocation} is not held on node '{spec.Name}'.", nameof(allocation));
        }

        Apply(allocation, +1);
    }

    /// <summary>Gets why a demand does not fit on a node, or <see cref="GpuFitFailure.None"/>.</summary>
    /// <param name="node">The node's index.</param>
    /// <param name="demand">The demand.</param>
    /// <returns>The first reason, checked in the order GPU model, CPU, memory, GPU.</returns>
    /// <exception cref="ArgumentOutOfRangeException">The node index is out of range.</exception>
    public GpuFitFailure FitFailureOf(int node, in GpuDemand demand)
    {
        CheckNode(node);
        if (demand.GpuCount > 0 && (_modelBit[node] & demand.ModelMask) == 0)
        {
            return _modelBit[node] == 0 ? GpuFitFailure.NoGpu : GpuFitFailure.GpuModel;
        }

        if (_cpuFree[node] < demand.CpuMilli)
        {
            return GpuFitFailure.Cpu;
        }

        if (_memoryFree[node] < demand.MemoryMib)
        {
            return GpuFitFailure.Memory;
        }

        return demand.GpuCount switch
        {
            0 => GpuFitFailure.None,
            1 => _maxGpuFree[node] >= demand.GpuMilli ? GpuFitFailure.None : GpuFitFailure.Gpu,
            _ => _wholeFreeGpus[node] >= demand.GpuCount ? GpuFitFailure.None : GpuFitFailure.Gpu,
        };
    }

    internal const int KindSlots = GpuNodeSpec.MaxGpus + 2;

    internal ReadOnlySpan<int> GpuRow(int node) => _gpuFree.AsSpan(node * GpuStride, GpuStride);

    internal ReadOnlySpan<int> GpuRowUnchecked(int node) => _gpuFree.AsSpan(node * GpuStride, _gpuCount[node]);

    internal static string Describe(GpuFitFailure failure) => failure switch
    {
        GpuFitFailure.Cpu => "insufficient cpu",
        GpuFitFailure.Memory => "insufficient memory",
        GpuFitFailure.Gpu => "insufficient gpu",
        GpuFitFailure.GpuModel => "gpu model not allowed",
        GpuFitFailure.NoGpu => "node has no gpu",
        _ => "fits",
    };

    internal ulong ModelMaskOf(int gpuCount, IReadOnlyList<string> models)
    {
        if (gpuCount == 0)
        {
            return 0;
        }

        if (models.Count == 0)
        {
            return ulong.MaxValue;
        }

        var mask = 0UL;
        foreach (var model in models)
        {
            if (_modelIds.TryGetValue(model, out var id))
            {
                mask |= 1UL << id;
            }
        }

        return mask;
    }

    /// <summary>Rejects a demand whose amounts no <see cref="GpuRequest"/> could have (a hand-built <see cref="GpuDemand"/>).</summary>
    internal static void CheckDemand(in GpuDemand demand)
    {
        var valid = demand.CpuMilli >= 0 && demand.MemoryMib >= 0 && demand.GpuCount switch
        {
            0 => demand.GpuMilli == 0,
            1 => demand.GpuMilli is >= 1 and <= MilliPerGpu,
            > 1 and <= GpuNodeSpec.MaxGpus => demand.GpuMilli == MilliPerGpu,
            _ => false,
        };
        if (!valid)
        {
            throw new ArgumentException(
                $"The demand {demand} is impossible: CPU and memory must be 0 or more, and the GPUs 0 with 0 milli, one with 1..{MilliPerGpu} milli or 2..{GpuNodeSpec.MaxGpus} whole ones ({MilliPerGpu} milli). Compile a GpuRequest to get a valid demand.",
                nameof(demand));
        }
    }

    private void CheckMask(int node, in GpuDemand demand, ulong gpuMask)
    {
        var count = _gpuCount[node];
        if (BitOperations.PopCount(gpuMask) != demand.GpuCount || (count < 64 && gpuMask >> count != 0))
        {
            throw new ArgumentException(
                $"The GPU mask 0x{gpuMask:x} must name exactly {demand.GpuCount} of node '{_nodes[node].Name}''s {count} GPUs.", nameof(gpuMask));
        }

        var row = _gpuFree.AsSpan(node * GpuStride, count);
        for (var mask = gpuMask; mask != 0; mask &= mask - 1)
        {
            var gpu = BitOperations.TrailingZeroCount(mask);
            if (row[gpu] < demand.GpuMilli)
            {
                throw new ArgumentException(
                    $"GPU {gpu} of node '{_nodes[node].Name}' has {row[gpu]} milli free; the task needs {demand.GpuMilli}.", nameof(gpuMask));
            }
        }
    }

    /// <summary>Takes (sign −1) or gives back (sign +1) an allocation and keeps every derived column and the fragmentation.</summary>
    private void Apply(in GpuAllocation allocation, int sign)
    {
        var node = allocation.Node;
        _cpuFree[node] += sign * allocation.CpuMilli;
        _memoryFree[node] += sign * allocation.MemoryMib;
        _allocatedCpuMilli -= sign * allocation.CpuMilli;
        var row = _gpuFree.AsSpan(node * GpuStride, _gpuCount[node]);
        for (var mask = allocation.GpuMask; mask != 0; mask &= mask - 1)
        {
            row[BitOperations.TrailingZeroCount(mask)] += sign * allocation.GpuMilli;
        }

        var taken = (long)BitOperations.PopCount(allocation.GpuMask) * allocation.GpuMilli;
        _allocatedGpuMilli -= sign * taken;
        _gpuFreeTotal[node] += (int)(sign * taken);
        int max = 0, whole = 0;
        foreach (var free in row)
        {
            max = Math.Max(max, free);
            whole += free == MilliPerGpu ? 1 : 0;
        }

        _maxGpuFree[node] = max;
        _wholeFreeGpus[node] = whole;
        _kindCounts[node * KindSlots + allocation.Kind + 1] -= sign;
        _taskCount[node] -= sign;
        _version[node]++;
        if (_fragmentation is not null)
        {
            var updated = _shapes!.Evaluate(_cpuFree[node], _modelBit[node], GpuRow(node));
            _fragmentationTotal += updated - _fragmentation[node];
            _fragmentation[node] = updated;
        }

        Debug.Assert(_cpuFree[node] >= 0 && _memoryFree[node] >= 0 && _maxGpuFree[node] <= MilliPerGpu);
    }

    private int CheckNode(int node)
    {
        if ((uint)node >= (uint)_nodes.Length)
        {
            throw new ArgumentOutOfRangeException(nameof(node), node, $"Node index must be 0..{_nodes.Length - 1}.");
        }

        return node;
    }
}
