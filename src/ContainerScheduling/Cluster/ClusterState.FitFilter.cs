using System;
using System.Runtime.InteropServices;

namespace ContainerScheduling;

/// <content>
/// The narrow fit filter: per node one 64-bit word of four signed 16-bit lanes, lane d holding
/// ⌊available_d / 2^shift_d⌋ for the first four dimensions (−1 where the node takes no new work, 0 for unused
/// lanes). A node that fits a request has lane_d ≥ ⌊request_d / 2^shift_d⌋ in every lane, so a scan can test
/// eight nodes with one 512-bit compare over 8 bytes per node — a quarter of the bytes of the exact columns —
/// and check exactly only where the filter passes. Decisions never change: the filter only rules out nodes
/// that cannot fit.
/// </content>
public sealed partial class ClusterState
{
    /// <summary>The number of dimensions the filter covers; further dimensions are checked exactly only.</summary>
    internal const int FilterLanes = 4;

    private const short FilterUnavailable = -1;
    private const long FilterMax = short.MaxValue;

    private short[] _fitFilter = [];
    private int[] _filterShift = [];

    /// <summary>The filter words, <see cref="FilterLanes"/> shorts per node index, padded like the columns.</summary>
    internal short[] FitFilterColumn => _fitFilter;

    /// <summary>Writes the request's filter lanes: ⌊request_d / 2^shift_d⌋, capped at <see cref="short.MaxValue"/>.</summary>
    internal void FilterRequest(ReadOnlySpan<long> request, Span<short> lanes)
    {
        lanes.Clear();
        var covered = Math.Min(_dims, FilterLanes);
        for (var d = 0; d < covered; d++)
        {
            lanes[d] = (short)Math.Min(request[d] >> _filterShift[d], FilterMax);
        }
    }

    /// <summary>The filter lanes of one node index (for tests).</summary>
    internal ReadOnlySpan<short> FilterAt(int slot) => _fitFilter.AsSpan(slot * FilterLanes, FilterLanes);

    /// <summary>The lanes a node at this index must hold, recomputed from the exact columns (for tests).</summary>
    internal short[] ExpectedFilterAt(int slot)
    {
        var lanes = new short[FilterLanes];
        WriteFilter(slot, lanes);
        return lanes;
    }

    private void AllocateFitFilter()
    {
        if (_filterShift.Length != _dims)
        {
            _filterShift = new int[_dims];
        }

        Array.Resize(ref _fitFilter, _stride * FilterLanes);
        _fitFilter.AsSpan(_slotCount * FilterLanes).Fill(FilterUnavailable);
    }

    /// <summary>Raises a shift until the capacity, shifted, fits a positive 16-bit lane; true when one changed.</summary>
    private bool WidenFilterShift(ReadOnlySpan<long> capacity)
    {
        var changed = false;
        var covered = Math.Min(_dims, FilterLanes);
        for (var d = 0; d < covered; d++)
        {
            while ((capacity[d] >> _filterShift[d]) > FilterMax)
            {
                _filterShift[d]++;
                changed = true;
            }
        }

        return changed;
    }

    private void RefreshFilter(int from, int to)
    {
        for (var slot = from; slot < to; slot++)
        {
            UpdateFilter(slot);
        }
    }

    private void UpdateFilter(int slot) => WriteFilter(slot, _fitFilter.AsSpan(slot * FilterLanes, FilterLanes));

    private void WriteFilter(int slot, Span<short> lanes)
    {
        if (slot >= _slotCount || _state[slot] != StateReady)
        {
            lanes.Fill(FilterUnavailable);
            return;
        }

        lanes.Clear();
        var covered = Math.Min(_dims, FilterLanes);
        for (var d = 0; d < covered; d++)
        {
            lanes[d] = (short)(_available[(d * _stride) + slot] >> _filterShift[d]);
        }
    }

    private void ClearFilter(int slot) => MemoryMarshal.Cast<short, long>(_fitFilter.AsSpan(slot * FilterLanes, FilterLanes))[0] = -1L;
}
