using System;
using System.Diagnostics;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace ContainerScheduling;

/// <content>
/// The block-max index: per block of <see cref="BlockSize"/> consecutive nodes and per dimension, the largest
/// available amount in the block. A request can fit in a block only where it fits under every dimension's
/// block maximum, so a scan skips every other block without changing its answer. Upkeep is O(1) when a node
/// gains room and O(<see cref="BlockSize"/>) only when the node that held a block's maximum loses room.
/// </content>
public sealed partial class ClusterState
{
    /// <summary>The number of consecutive nodes summarised by one block maximum.</summary>
    internal const int BlockSize = 32;

    private long[] _blockMax = [];
    private long[] _blockMaxUntainted = [];
    private bool[] _tainted = [];
    private bool _anyTainted;
    private int[] _blockFewest = [];
    private int _blockStride;

    /// <summary>Per dimension d, the block maxima start at d * <see cref="BlockStride"/>; −1 marks empty blocks and padding.</summary>
    internal long[] BlockMaxColumns => _blockMax;

    /// <summary>
    /// The block maxima a search may use for a container: over the untainted nodes only when
    /// <paramref name="untaintedOnly"/> (the container tolerates none of the cluster's taints, so no tainted node is
    /// eligible) — tainted nodes, often large and idle GPU machines, would otherwise keep every block admitted — and
    /// over all nodes otherwise. Laid out like <see cref="BlockMaxColumns"/>.
    /// </summary>
    internal long[] BlockMaximaFor(bool untaintedOnly) => untaintedOnly && _anyTainted ? _blockMaxUntainted : _blockMax;

    /// <summary>Whether the node at <paramref name="slot"/> carries a taint.</summary>
    internal bool IsTaintedSlot(int slot) => _tainted[slot];

    /// <summary>The block maximum over untainted nodes, for tests; equal to <see cref="BlockMaxAt"/> while no node is tainted.</summary>
    internal long UntaintedBlockMaxAt(int dimension, int slot) => BlockMaximaFor(true)[(dimension * _blockStride) + (slot / BlockSize)];

    /// <summary>
    /// Per block, the fewest containers on a node of it that can take one (ready: its available amounts are not
    /// −1), or <see cref="int.MaxValue"/> where no node can; <see cref="BlockStride"/> entries. No node in a block
    /// runs fewer, so spread skips blocks above the fewest count it is after. Kept current on every reserve and
    /// release (O(<see cref="BlockSize"/>) vector work) and on every structural change.
    /// </summary>
    internal int[] BlockFewestColumn => _blockFewest;

    /// <summary>The distance between two dimensions' block maxima: a multiple of 8 so a vector loop needs no tail.</summary>
    internal int BlockStride => _blockStride;

    /// <summary>The block maximum of one dimension for the block holding <paramref name="slot"/> (for tests).</summary>
    internal long BlockMaxAt(int dimension, int slot) => _blockMax[(dimension * _blockStride) + (slot / BlockSize)];

    private void AllocateBlockIndex()
    {
        _buckets?.ResizeSlots(_stride);
        var blocks = _stride / BlockSize;
        _blockStride = (blocks + Vector512<long>.Count - 1) & ~(Vector512<long>.Count - 1);
        _blockMax = new long[_dims * _blockStride];
        _blockMax.AsSpan().Fill(Unavailable);
        _blockMaxUntainted = new long[_dims * _blockStride];
        _blockMaxUntainted.AsSpan().Fill(Unavailable);
        _blockFewest = new int[_blockStride];
        _blockFewest.AsSpan().Fill(int.MaxValue);
        foreach (var key in _scoreKeys)
        {
            key.ResetBounds(_blockStride);
        }

        RefreshIndexes(0, _slotCount);
    }

    /// <summary>
    /// Recomputes both indexes after a structural change to slots [from, to) (nodes added, removed, moved or
    /// changing state): every dimension's maximum for the blocks covering them, their fit-filter lanes and their
    /// narrow columns and fewest counts.
    /// The one entry point, so that no change can refresh one index and forget the other.
    /// </summary>
    private void RefreshIndexes(int from, int to)
    {
        if (to <= from)
        {
            return;
        }

        RefreshFilter(from, to);
        for (var slot = from; slot < to; slot++)
        {
            SyncNarrow(slot);
        }

        for (var block = from / BlockSize; block <= (to - 1) / BlockSize; block++)
        {
            for (var d = 0; d < _dims; d++)
            {
                _blockMax[(d * _blockStride) + block] = MaxOfBlock(d, block);
                if (_anyTainted)
                {
                    _blockMaxUntainted[(d * _blockStride) + block] = MaxOfUntainted(d, block);
                }
            }

            RefreshBlockSummaries(block);
        }
    }

    /// <summary>Recomputes the summaries of <paramref name="block"/> that depend on more than one dimension: its fewest container count and its key bounds.</summary>
    private void RefreshBlockSummaries(int block)
    {
        RefreshBlockFewest(block);
        RefreshKeyBounds(block);
    }

    /// <summary>Recomputes the fewest containers on a ready node of <paramref name="block"/>, after a count or a state changed.</summary>
    private void RefreshBlockFewest(int block)
    {
        var start = block * BlockSize;
        if (Vector512.IsHardwareAccelerated)
        {
            ref var counts = ref MemoryMarshal.GetArrayDataReference(_containerCount32);
            ref var ready = ref MemoryMarshal.GetArrayDataReference(_available32);
            var none = Vector512.Create(int.MaxValue);
            var fewest = none;
            for (var i = start; i < start + BlockSize; i += Vector512<int>.Count)
            {
                var usable = Vector512.GreaterThanOrEqual(Vector512.LoadUnsafe(ref ready, (nuint)i), Vector512<int>.Zero);
                fewest = Vector512.Min(fewest, Vector512.ConditionalSelect(usable, Vector512.LoadUnsafe(ref counts, (nuint)i), none));
            }

            _blockFewest[block] = MinLane(fewest);
            return;
        }

        var result = int.MaxValue;
        for (var slot = start; slot < start + BlockSize; slot++)
        {
            if (_available32[slot] >= 0)
            {
                result = Math.Min(result, _containerCount32[slot]);
            }
        }

        _blockFewest[block] = result;
    }

    /// <summary>The smallest of sixteen lanes.</summary>
    internal static int MinLane(Vector512<int> lanes)
    {
        var half = Vector256.Min(lanes.GetLower(), lanes.GetUpper());
        var quarter = Vector128.Min(half.GetLower(), half.GetUpper());
        return Math.Min(Math.Min(quarter.GetElement(0), quarter.GetElement(1)), Math.Min(quarter.GetElement(2), quarter.GetElement(3)));
    }

    /// <summary>After a node's available amount in <paramref name="dimension"/> dropped from <paramref name="before"/>.</summary>
    private void LowerBlockMax(int dimension, int slot, long before)
    {
        ref var max = ref _blockMax[(dimension * _blockStride) + (slot / BlockSize)];
        if (before == max)
        {
            max = MaxOfBlock(dimension, slot / BlockSize);
        }

        if (_anyTainted && !_tainted[slot])
        {
            ref var untainted = ref _blockMaxUntainted[(dimension * _blockStride) + (slot / BlockSize)];
            if (before == untainted)
            {
                untainted = MaxOfUntainted(dimension, slot / BlockSize);
            }
        }
    }

    /// <summary>After a node's available amount in <paramref name="dimension"/> rose to <paramref name="after"/>.</summary>
    private void RaiseBlockMax(int dimension, int slot, long after)
    {
        ref var max = ref _blockMax[(dimension * _blockStride) + (slot / BlockSize)];
        if (after > max)
        {
            max = after;
        }

        if (_anyTainted && !_tainted[slot])
        {
            ref var untainted = ref _blockMaxUntainted[(dimension * _blockStride) + (slot / BlockSize)];
            if (after > untainted)
            {
                untainted = after;
            }
        }
    }

    /// <summary>The largest available amount in <paramref name="dimension"/> among the untainted nodes of the block (−1 for none).</summary>
    private long MaxOfUntainted(int dimension, int block)
    {
        var result = Unavailable;
        var start = block * BlockSize;
        for (var slot = start; slot < start + BlockSize; slot++)
        {
            if (!_tainted[slot])
            {
                result = Math.Max(result, _available[(dimension * _stride) + slot]);
            }
        }

        return result;
    }

    /// <summary>Marks the slot's node tainted or not; the first tainted node switches the untainted maxima on.</summary>
    private void SetTainted(int slot, bool tainted)
    {
        _tainted[slot] = tainted;
        if (tainted && !_anyTainted)
        {
            _anyTainted = true;
            for (var block = 0; block < BlockCount; block++)
            {
                for (var d = 0; d < _dims; d++)
                {
                    _blockMaxUntainted[(d * _blockStride) + block] = MaxOfUntainted(d, block);
                }
            }
        }
    }

    private long MaxOfBlock(int dimension, int block)
    {
        var start = (dimension * _stride) + (block * BlockSize);
        Debug.Assert(start + BlockSize <= _available.Length, "columns are padded to whole blocks");
        if (Vector512.IsHardwareAccelerated)
        {
            ref var first = ref MemoryMarshal.GetArrayDataReference(_available);
            var max = Vector512.Max(
                Vector512.Max(Vector512.LoadUnsafe(ref first, (nuint)start), Vector512.LoadUnsafe(ref first, (nuint)(start + 8))),
                Vector512.Max(Vector512.LoadUnsafe(ref first, (nuint)(start + 16)), Vector512.LoadUnsafe(ref first, (nuint)(start + 24))));
            var half = Vector256.Max(max.GetLower(), max.GetUpper());
            var quarter = Vector128.Max(half.GetLower(), half.GetUpper());
            return Math.Max(quarter.GetElement(0), quarter.GetElement(1));
        }

        var result = Unavailable;
        foreach (var value in _available.AsSpan(start, BlockSize))
        {
            result = Math.Max(result, value);
        }

        return result;
    }
}
