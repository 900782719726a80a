using System;
using System.Collections.Generic;

namespace ContainerScheduling;

/// <content>
/// Per label selector that a placement rule uses, the placed containers it matches: per node index, in total, and —
/// built on first use after the nodes last changed, then kept current on every reserve and release — the nodes
/// running one and, per topology key a rule used with it, the count per domain and the nodes of the domains that
/// hold one. Affinity, anti-affinity and spread read these instead of the placed containers.
/// </content>
public sealed partial class ClusterState
{
    private readonly Dictionary<LabelSelector, SelectorCount> _selectorLookup = [];
    private readonly List<SelectorCount> _selectorCounts = [];

    /// <summary>Adds ±1 to the per-node count of every registered selector that matches the container.</summary>
    private void CountSelectors(ContainerSpec container, int slot, int delta)
    {
        // The per-domain counts and the occupied bits follow the node indexes of the current label indexes; after
        // nodes were added or removed they are rebuilt on next use instead.
        var current = _indexVersion == _structureVersion;
        foreach (var counts in _selectorCounts)
        {
            if (!counts.Selector.Matches(container.Labels))
            {
                continue;
            }

            var before = counts.PerNode[slot];
            counts.PerNode[slot] = before + delta;
            counts.Total += delta;
            if (!current)
            {
                continue;
            }

            if (counts.Occupied is { } occupied && (before == 0) != (before + delta == 0))
            {
                occupied[slot >> 6] ^= 1UL << slot;
            }

            foreach (var domains in counts.Domains)
            {
                var domain = domains.Topology.DomainOf[slot];
                if (domain < 0)
                {
                    continue;
                }

                var was = domains.PerDomain[domain];
                domains.PerDomain[domain] = was + delta;
                if ((was == 0) != (was + delta == 0))
                {
                    // The domain started or stopped holding a match: its nodes join or leave the held nodes
                    // (domains are disjoint, so XOR does both).
                    Bitset.Xor(domains.HeldNodes, domains.Topology.Nodes[domain]);
                }
            }
        }
    }

    /// <summary>The nodes running a container the counts' selector matches, kept current from first use.</summary>
    private ulong[] OccupiedNodes(SelectorCount counts)
    {
        if (counts.Occupied is { } occupied)
        {
            return occupied;
        }

        occupied = new ulong[EligibilityWords];
        for (var slot = 0; slot < _slotCount; slot++)
        {
            if (counts.PerNode[slot] > 0)
            {
                occupied[slot >> 6] |= 1UL << slot;
            }
        }

        counts.Occupied = occupied;
        return occupied;
    }

    /// <summary>The counts' per-domain record for <paramref name="topology"/>, built from the per-node counts on first use.</summary>
    private DomainCount DomainCountFor(SelectorCount counts, Topology topology)
    {
        foreach (var domains in counts.Domains)
        {
            if (ReferenceEquals(domains.Topology, topology))
            {
                return domains;
            }
        }

        var perDomain = new int[topology.Nodes.Count];
        for (var slot = 0; slot < _slotCount; slot++)
        {
            if (topology.DomainOf[slot] >= 0)
            {
                perDomain[topology.DomainOf[slot]] += counts.PerNode[slot];
            }
        }

        var held = new ulong[EligibilityWords];
        for (var domain = 0; domain < perDomain.Length; domain++)
        {
            if (perDomain[domain] > 0)
            {
                Bitset.Or(held, topology.Nodes[domain]);
            }
        }

        var created = new DomainCount(topology, perDomain, held);
        counts.Domains.Add(created);
        return created;
    }

    /// <summary>Recounts every registered selector from the placed containers (after node indexes moved).</summary>
    private void RecountSelectors()
    {
        foreach (var counts in _selectorCounts)
        {
            Recount(counts);
            counts.Domains.Clear();
            counts.Occupied = null;
        }
    }

    private void GrowSelectorCounts(int stride)
    {
        foreach (var counts in _selectorCounts)
        {
            Array.Resize(ref counts.PerNode, stride);
        }
    }

    private SelectorCount CountsFor(LabelSelector selector)
    {
        if (!_selectorLookup.TryGetValue(selector, out var counts))
        {
            counts = new SelectorCount(selector, new int[_stride]);
            Recount(counts);
            _selectorLookup.Add(selector, counts);
            _selectorCounts.Add(counts);
        }

        return counts;
    }

    private void Recount(SelectorCount counts)
    {
        Array.Clear(counts.PerNode);
        counts.Total = 0;
        for (var handle = 0; handle < _handleHighWater; handle++)
        {
            if (_containerSpecs[handle] is { } spec && counts.Selector.Matches(spec.Labels))
            {
                counts.PerNode[_containerNode[handle]]++;
                counts.Total++;
            }
        }
    }

    /// <summary>
    /// One selector some rule uses: per node index the placed containers it matches, their total, and — built on
    /// first use after the nodes last changed, then kept current — the nodes running one and the count per domain of
    /// each topology key a rule used with it.
    /// </summary>
    private sealed class SelectorCount(LabelSelector selector, int[] perNode)
    {
        public LabelSelector Selector { get; } = selector;

        public List<DomainCount> Domains { get; } = [];

        public int[] PerNode = perNode;

        public int Total;

        public ulong[]? Occupied;
    }

    /// <summary>A selector's count per domain of one topology, and the nodes of the domains whose count is not 0.</summary>
    private sealed record DomainCount(Topology Topology, int[] PerDomain, ulong[] HeldNodes);
}
