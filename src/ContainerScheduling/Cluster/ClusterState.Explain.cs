using System;
using System.Collections.Generic;
using System.Numerics;
using System.Runtime.InteropServices;
using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace ContainerScheduling;

/// <content>Why a request fits nowhere, counted per cause over every node.</content>
public sealed partial class ClusterState
{
    /// <summary>
    /// Explains why no node was chosen for a request. Each node counts once per cause that excludes it (the
    /// Kubernetes convention), so a node short of both cpu and memory counts under both.
    /// </summary>
    /// <remarks>
    /// Costs one pass over the columns: with vectors, a compare and a population count per dimension, so a
    /// batch with many unplaced containers on a large cluster stays fast.
    /// </remarks>
    /// <param name="request">The request vector.</param>
    /// <param name="strategyName">The strategy, named when fitting nodes were not chosen.</param>
    /// <param name="container">The container, whose placement rules (if any) are counted as causes too: each rule
    /// under its own reason with the nodes it alone excludes; only nodes the rules allow count as fitting.</param>
    internal PlacementFailure Explain(ReadOnlySpan<long> request, string strategyName, ContainerSpec? container = null)
    {
        Span<int> shortOf = _dims <= 64 ? stackalloc int[_dims] : new int[_dims];
        CauseCounts counts;
        var narrow = CanCountNarrow(request);
        if (narrow || PlacementKernels.UseVectors)
        {
            counts = narrow ? CountCausesNarrow(request, shortOf) : CountCausesVector(request, shortOf);

            // A ready node at its container limit reads −1 like a node that is not ready: below every request.
            counts.AtLimit = CountAtLimit();
            for (var d = 0; d < _dims; d++)
            {
                shortOf[d] -= counts.AtLimit;
            }
        }
        else
        {
            counts = CountCausesScalar(request, shortOf);
        }

        var causes = new Dictionary<string, int>(StringComparer.Ordinal);
        AddCause(causes, "down", counts.Down);
        AddCause(causes, "cordoned", counts.Cordoned);
        AddCause(causes, "at its container limit", counts.AtLimit);
        for (var d = 0; d < _dims; d++)
        {
            AddCause(causes, _insufficientReasons[d], shortOf[d]);
        }

        if (container is not null && RestrictionOf(container).Ruled)
        {
            // Only the eligible nodes count as fitting; when no node has room, none is eligible and fitting, so the
            // set bits are walked only when some node has room.
            var eligible = Eligibility(container, causes);
            if (counts.Fitting > 0)
            {
                counts.Fitting = PlacementKernels.CountFittingEligible(this, request, eligible);
            }
        }

        if (counts.Fitting > 0)
        {
            causes.Add($"not chosen by strategy '{strategyName}'", counts.Fitting);
        }
        return PlacementFailure.FromCounts(NodeCount, counts.Fitting, causes);
    }

    /// <summary>The scalar oracle of <see cref="CountCausesVector"/>: a plain pass over every node.</summary>
    internal CauseCounts CountCausesScalar(ReadOnlySpan<long> request, Span<int> shortOf)
    {
        shortOf.Clear();
        var counts = default(CauseCounts);
        for (var slot = 0; slot < _slotCount; slot++)
        {
            var state = _state[slot];
            if (state == StateRemoved)
            {
                continue;
            }

            if (state != StateReady)
            {
                if (state == (byte)NodeState.Down)
                {
                    counts.Down++;
                }
                else
                {
                    counts.Cordoned++;
                }

                continue;
            }

            if (AtLimit(slot))
            {
                counts.AtLimit++;
                continue;
            }

            var fits = true;
            for (var d = 0; d < _dims; d++)
            {
                var at = (d * _stride) + slot;
                if (_capacity[at] - _allocated[at] < request[d])
                {
                    shortOf[d]++;
                    fits = false;
                }
            }

            if (fits)
            {
                counts.Fitting++;
            }
        }

        return counts;
    }

    /// <summary>The down and cordoned nodes, 32 states per compare.</summary>
    private CauseCounts CountStates()
    {
        // Lanes past the last node hold Ready (never written) or the removed marker, so whole blocks can be counted.
        var counts = default(CauseCounts);
        ref var states = ref MemoryMarshal.GetArrayDataReference(_state);
        for (var i = 0; i < PaddedSlotCount; i += Vector256<byte>.Count)
        {
            var lanes = Vector256.LoadUnsafe(ref states, (nuint)i);
            counts.Down += BitOperations.PopCount(Vector256.Equals(lanes, Vector256.Create((byte)NodeState.Down)).ExtractMostSignificantBits());
            counts.Cordoned += BitOperations.PopCount(Vector256.Equals(lanes, Vector256.Create((byte)NodeState.Cordoned)).ExtractMostSignificantBits());
        }

        return counts;
    }

    /// <summary>Counts causes with vectors.</summary>
    /// <remarks>
    /// Every lane that is not a ready node (padding, removed, cordoned, down) holds
    /// the available amount −1, which is below every request, so the ready nodes short of a dimension are the
    /// lanes below the request minus the lanes that are not ready nodes.
    /// </remarks>
    internal CauseCounts CountCausesVector(ReadOnlySpan<long> request, Span<int> shortOf)
    {
        var counts = CountStates();
        var padded = PaddedSlotCount;
        var notReadyLanes = padded - (NodeCount - counts.Down - counts.Cordoned);
        shortOf.Clear();
        ref var available = ref MemoryMarshal.GetArrayDataReference(_available);

        // One pass over the columns: per group of eight nodes, each dimension's lanes below the request, and the
        // lanes with room in every dimension.
        for (var i = 0; i < padded; i += Vector512<long>.Count)
        {
            var fit = Vector512<long>.AllBitsSet;
            for (var d = 0; d < _dims; d++)
            {
                var lanes = Vector512.LoadUnsafe(ref available, (nuint)((d * _stride) + i));
                var below = Vector512.LessThan(lanes, Vector512.Create(request[d]));
                shortOf[d] += BitOperations.PopCount(below.ExtractMostSignificantBits());
                fit &= ~below;
            }

            counts.Fitting += BitOperations.PopCount(fit.ExtractMostSignificantBits());
        }

        for (var d = 0; d < _dims; d++)
        {
            shortOf[d] -= notReadyLanes;
        }

        return counts;
    }

    /// <summary>Whether <see cref="CountCausesNarrow"/> applies: <see cref="NarrowScansApply"/> and 32-bit amounts.</summary>
    internal bool CanCountNarrow(ReadOnlySpan<long> request) =>
        NarrowScansApply && TryNarrowRequest(request, stackalloc int[NarrowDimensions]);

    /// <summary>
    /// Counts causes in one pass over the 32-bit columns, sixteen nodes per step, with the counts kept in vector
    /// lanes (a compare mask is −1 per lane) and summed once at the end. Requires <see cref="CanCountNarrow"/>.
    /// A schema with fewer than four dimensions repeats column 0 with request 0, whose counts are discarded.
    /// </summary>
    internal CauseCounts CountCausesNarrow(ReadOnlySpan<long> request, Span<int> shortOf)
    {
        var counts = CountStates();
        var padded = PaddedSlotCount;
        Span<int> narrow = stackalloc int[NarrowDimensions];
        TryNarrowRequest(request, narrow);

        ref var column0 = ref MemoryMarshal.GetArrayDataReference(_available32);
        ref var column1 = ref Unsafe.Add(ref column0, _dims > 1 ? _stride : 0);
        ref var column2 = ref Unsafe.Add(ref column0, _dims > 2 ? 2 * _stride : 0);
        ref var column3 = ref Unsafe.Add(ref column0, _dims > 3 ? 3 * _stride : 0);
        var request0 = Vector512.Create(narrow[0]);
        var request1 = Vector512.Create(narrow[1]);
        var request2 = Vector512.Create(narrow[2]);
        var request3 = Vector512.Create(narrow[3]);
        var short0 = Vector512<int>.Zero;
        var short1 = Vector512<int>.Zero;
        var short2 = Vector512<int>.Zero;
        var short3 = Vector512<int>.Zero;
        var fitting = Vector512<int>.Zero;
        for (var i = 0; i < padded; i += Vector512<int>.Count)
        {
            var below0 = Vector512.LessThan(Vector512.LoadUnsafe(ref column0, (nuint)i), request0);
            var below1 = Vector512.LessThan(Vector512.LoadUnsafe(ref column1, (nuint)i), request1);
            var below2 = Vector512.LessThan(Vector512.LoadUnsafe(ref column2, (nuint)i), request2);
            var below3 = Vector512.LessThan(Vector512.LoadUnsafe(ref column3, (nuint)i), request3);
            short0 += below0;
            short1 += below1;
            short2 += below2;
            short3 += below3;
            fitting += ~((below0 | below1) | (below2 | below3));
        }

        // Every lane that is not a ready node (padding, removed, cordoned, down) holds −1, below every request.
        var notReadyLanes = padded - (NodeCount - counts.Down - counts.Cordoned);
        ReadOnlySpan<int> lanesBelow = [-Vector512.Sum(short0), -Vector512.Sum(short1), -Vector512.Sum(short2), -Vector512.Sum(short3)];
        for (var d = 0; d < _dims; d++)
        {
            shortOf[d] = lanesBelow[d] - notReadyLanes;
        }

        counts.Fitting = -Vector512.Sum(fitting);
        return counts;
    }

    private static void AddCause(Dictionary<string, int> causes, string reason, int count)
    {
        if (count > 0)
        {
            causes.Add(reason, count);
        }
    }

    /// <summary>Nodes excluded by state, and nodes with room for the request.</summary>
    internal struct CauseCounts
    {
        public int Down;
        public int Cordoned;
        public int AtLimit;
        public int Fitting;
    }
}
