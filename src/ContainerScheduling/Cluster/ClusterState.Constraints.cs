using System;
using System.Collections.Generic;
using System.Globalization;
using System.Numerics;

namespace ContainerScheduling;

/// <content>
/// The placement rules as bitsets over node indexes (one bit per node, 64 per word). Per node label key the cluster
/// keeps, built on first use and rebuilt only after nodes are added or removed, each node's domain (the index of its
/// value) and one bitset per value; per taint one bitset. Per label selector that a rule uses it keeps the number of
/// placed containers the selector matches on each node, updated on every reserve and release. A container's
/// eligible nodes are then a few word-wise ANDs, ORs and one pass over the per-node counts, into buffers the cluster
/// owns: nothing is allocated once the buffers and indexes exist.
/// </content>
public sealed partial class ClusterState
{
    private readonly Dictionary<string, Topology> _topologies = new(StringComparer.Ordinal);
    private readonly Dictionary<string, ulong[]> _taintNodes = new(StringComparer.Ordinal);
    private readonly List<TaintMask> _taintMasks = [];
    private string[] _taintNames = [];
    private int _structureVersion;
    private int _indexVersion = -1;
    private ulong[] _live = [];
    private ulong[] _eligible = [];
    private ulong[] _term = [];
    private ulong[] _any = [];
    private bool[] _chosen = [];
    private bool _anyLimit;

    /// <summary>The most tolerated-taint sets whose eligibility bitsets are kept.</summary>
    private const int MaxTaintMasks = 4;

    /// <summary>
    /// The number of 64-bit words in an eligibility bitset: the padded node count rounded up to whole groups of
    /// 256 nodes (four words), the unit the keyed scans read.
    /// </summary>
    internal int EligibilityWords => ((PaddedSlotCount + 255) / 256) * 4;

    /// <summary>
    /// What restricts <paramref name="container"/>'s nodes: its own rules, and which of the cluster's taints it
    /// tolerates, in one pass over the taints. The scheduler classifies each container once per decision.
    /// </summary>
    internal Restriction RestrictionOf(ContainerSpec container)
    {
        EnsureConstraintIndex();
        var tolerated = 0;
        foreach (var taint in _taintNames)
        {
            tolerated += Tolerates(container, taint) ? 1 : 0;
        }

        return new Restriction(container.HasPlacementRules, tolerated < _taintNames.Length, tolerated == 0);
    }

    /// <summary>
    /// The nodes whose labels, taints and placed containers let <paramref name="container"/> run there (resources
    /// and node state aside), as a bitset valid until the cluster next changes. With <paramref name="causes"/>,
    /// adds per rule the number of nodes that rule alone excludes.
    /// </summary>
    internal ReadOnlySpan<ulong> Eligibility(ContainerSpec container, Dictionary<string, int>? causes = null)
    {
        EnsureConstraintIndex();
        var words = EligibilityWords;
        if (causes is null && !container.HasPlacementRules)
        {
            return TaintOnlyEligibility(container, words);
        }

        if (_eligible.Length < words)
        {
            _eligible = new ulong[words];
            _term = new ulong[words];
            _any = new ulong[words];
        }

        var mask = _eligible.AsSpan(0, words);
        var term = _term.AsSpan(0, words);
        _live.AsSpan(0, words).CopyTo(mask);
        // Index loops over the rule lists: a foreach over an interface would allocate its enumerator.
        foreach (var taint in _taintNames)
        {
            if (!Tolerates(container, taint))
            {
                Bitset.Complement(_taintNodes[taint], term);
                Restrict(mask, term, causes, "untolerated taint '{0}'", taint);
            }
        }

        if (container.NodeSelector is { IsEmpty: false } selector)
        {
            NodeSelectorBits(selector, term);
            Restrict(mask, term, causes, "node selector {0} not matched", selector);
        }

        var affinity = container.Affinity;
        for (var r = 0; r < affinity.Count; r++)
        {
            var rule = affinity[r];
            var counts = CountsFor(rule.Selector);
            if (counts.Total == 0)
            {
                if (!rule.Selector.Matches(container.Labels))
                {
                    term.Clear();
                    Restrict(mask, term, causes, "affinity {0}: no placed container matches", rule);
                }

                continue;
            }

            DomainsHolding(counts, rule.TopologyKey, term);
            Restrict(mask, term, causes, "affinity {0} not satisfied", rule);
        }

        var antiAffinity = container.AntiAffinity;
        for (var r = 0; r < antiAffinity.Count; r++)
        {
            var rule = antiAffinity[r];
            var counts = CountsFor(rule.Selector);
            if (counts.Total == 0)
            {
                continue;
            }

            DomainsHolding(counts, rule.TopologyKey, term);
            Bitset.Complement(term, term);
            Restrict(mask, term, causes, "anti-affinity {0}", rule);
        }

        var spread = container.TopologySpread;
        for (var r = 0; r < spread.Count; r++)
        {
            var rule = spread[r];
            SpreadBits(rule, rule.Selector.Matches(container.Labels) ? 1 : 0, term);
            Restrict(mask, term, causes, "{0} exceeded", rule);
        }

        return mask;
    }

    /// <summary>
    /// The eligible nodes of a container whose only restriction is the taints it does not tolerate — in a cluster
    /// with tainted nodes, most containers. They depend only on which of the cluster's taints it tolerates, so the
    /// bitset is kept per tolerated set (a few sets, until nodes are added or removed) instead of rebuilt per
    /// placement.
    /// </summary>
    private ReadOnlySpan<ulong> TaintOnlyEligibility(ContainerSpec container, int words)
    {
        var tolerated = 0UL;
        for (var t = 0; t < _taintNames.Length && t < 64; t++)
        {
            tolerated |= Tolerates(container, _taintNames[t]) ? 1UL << t : 0;
        }

        foreach (var cached in _taintMasks)
        {
            if (cached.Tolerated == tolerated && _taintNames.Length <= 64)
            {
                return cached.Bits;
            }
        }

        var bits = new ulong[words];
        _live.AsSpan(0, words).CopyTo(bits);
        for (var t = 0; t < _taintNames.Length; t++)
        {
            if (!Tolerates(container, _taintNames[t]))
            {
                Bitset.AndNot(bits, _taintNodes[_taintNames[t]]);
            }
        }

        if (_taintMasks.Count == MaxTaintMasks)
        {
            _taintMasks.RemoveAt(0);
        }

        _taintMasks.Add(new TaintMask(tolerated, bits));
        return bits;
    }

    /// <summary>Whether the node has a container limit and runs that many.</summary>
    private bool AtLimit(int slot) =>
        _anyLimit && _nodes[slot]?.MaxContainers is { } max && _containerCount[slot] >= max;

    /// <summary>The ready nodes at their container limit (they read −1 like nodes that are not ready).</summary>
    private int CountAtLimit()
    {
        if (!_anyLimit)
        {
            return 0;
        }

        var count = 0;
        for (var slot = 0; slot < _slotCount; slot++)
        {
            if (_state[slot] == StateReady && AtLimit(slot))
            {
                count++;
            }
        }

        return count;
    }

    /// <summary>After a change of count or state: the node's available amounts follow whether it takes new work.</summary>
    private void RefreshAvailability(int slot)
    {
        var takes = _state[slot] == StateReady && !AtLimit(slot);
        for (var d = 0; d < _dims; d++)
        {
            var at = (d * _stride) + slot;
            _available[at] = takes ? _capacity[at] - _allocated[at] : Unavailable;
        }

        RefreshIndexes(slot, slot + 1);
    }

    private static bool Tolerates(ContainerSpec container, string taint)
    {
        var tolerations = container.Tolerations;
        for (var t = 0; t < tolerations.Count; t++)
        {
            if (string.Equals(tolerations[t], taint, StringComparison.Ordinal))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>Rebuilds the live-node bits and the taint bitsets after nodes were added or removed; drops the label indexes.</summary>
    private void EnsureConstraintIndex()
    {
        var words = EligibilityWords;
        if (_indexVersion == _structureVersion && _live.Length >= words)
        {
            return;
        }

        _live = new ulong[words];
        _taintNodes.Clear();
        _topologies.Clear();
        for (var slot = 0; slot < _slotCount; slot++)
        {
            if (_nodes[slot] is not { } node)
            {
                continue;
            }

            _live[slot >> 6] |= 1UL << slot;
            foreach (var taint in node.Taints)
            {
                if (!_taintNodes.TryGetValue(taint, out var bits))
                {
                    bits = new ulong[words];
                    _taintNodes.Add(taint, bits);
                }

                bits[slot >> 6] |= 1UL << slot;
            }
        }

        _taintNames = [.. _taintNodes.Keys];
        Array.Sort(_taintNames, StringComparer.Ordinal);
        _taintMasks.Clear();
        foreach (var counts in _selectorCounts)
        {
            counts.Domains.Clear();
            counts.Occupied = null;
        }

        _indexVersion = _structureVersion;
    }

    private Topology TopologyFor(string key)
    {
        if (_topologies.TryGetValue(key, out var topology))
        {
            return topology;
        }

        var words = EligibilityWords;
        topology = new Topology(new int[_slotCount], new ulong[words]);
        for (var slot = 0; slot < _slotCount; slot++)
        {
            topology.DomainOf[slot] = -1;
            if (_nodes[slot] is not { } node || !node.Labels.TryGetValue(key, out var value))
            {
                continue;
            }

            if (!topology.Index.TryGetValue(value, out var domain))
            {
                domain = topology.Nodes.Count;
                topology.Index.Add(value, domain);
                topology.Nodes.Add(new ulong[words]);
            }

            topology.DomainOf[slot] = domain;
            topology.Nodes[domain][slot >> 6] |= 1UL << slot;
            topology.HasKey[slot >> 6] |= 1UL << slot;
        }

        _topologies.Add(key, topology);
        return topology;
    }

    /// <summary>The nodes whose labels satisfy the selector.</summary>
    private void NodeSelectorBits(LabelSelector selector, Span<ulong> term)
    {
        Span<int> lookedUp = stackalloc int[64];
        _live.AsSpan(0, term.Length).CopyTo(term);
        foreach (var (key, value) in selector.Pairs)
        {
            var topology = TopologyFor(key);
            if (topology.Index.TryGetValue(value, out var domain))
            {
                Bitset.And(term, topology.Nodes[domain]);
            }
            else
            {
                term.Clear();
            }
        }

        foreach (var requirement in selector.RequirementArray)
        {
            var topology = TopologyFor(requirement.Key);
            switch (requirement.Operator)
            {
                case LabelOperator.Exists:
                    Bitset.And(term, topology.HasKey);
                    break;
                case LabelOperator.DoesNotExist:
                    Bitset.AndNot(term, topology.HasKey);
                    break;
                default:
                    // In keeps the nodes with one of the values; NotIn removes exactly those. The values' domains
                    // are looked up once, not per word.
                    var values = requirement.ValueArray;
                    var domains = values.Length <= lookedUp.Length ? lookedUp : new int[values.Length];
                    var known = 0;
                    foreach (var value in values)
                    {
                        if (topology.Index.TryGetValue(value, out var domain))
                        {
                            domains[known++] = domain;
                        }
                    }

                    var any = _any.AsSpan(0, term.Length);
                    any.Clear();
                    foreach (var domain in domains[..known])
                    {
                        Bitset.Or(any, topology.Nodes[domain]);
                    }

                    if (requirement.Operator == LabelOperator.In)
                    {
                        Bitset.And(term, any);
                    }
                    else
                    {
                        Bitset.AndNot(term, any);
                    }

                    break;
            }
        }
    }

    /// <summary>The nodes in a domain of <paramref name="topologyKey"/> that holds a container the counts' selector matches.</summary>
    private void DomainsHolding(SelectorCount counts, string topologyKey, Span<ulong> term)
    {
        if (topologyKey == AffinityTerm.NodeTopology)
        {
            OccupiedNodes(counts).AsSpan(0, term.Length).CopyTo(term);
            return;
        }

        DomainCountFor(counts, TopologyFor(topologyKey)).HeldNodes.AsSpan(0, term.Length).CopyTo(term);
    }

    /// <summary>A cleared scratch flag per domain.</summary>
    private Span<bool> ChosenScratch(int domains)
    {
        if (_chosen.Length < domains)
        {
            _chosen = new bool[Math.Max(domains, _chosen.Length * 2)];
        }

        var chosen = _chosen.AsSpan(0, domains);
        chosen.Clear();
        return chosen;
    }

    /// <summary>
    /// The nodes of the chosen domains: the OR of their bitsets, or — when that would touch more words than there
    /// are nodes (many small domains, such as racks) — one pass over the nodes' domains.
    /// </summary>
    private void NodesOf(Topology topology, ReadOnlySpan<bool> chosen, Span<ulong> term)
    {
        term.Clear();
        var count = 0;
        foreach (var flag in chosen)
        {
            count += flag ? 1 : 0;
        }

        if ((long)count * term.Length <= _slotCount)
        {
            for (var domain = 0; domain < chosen.Length; domain++)
            {
                if (chosen[domain])
                {
                    Bitset.Or(term, topology.Nodes[domain]);
                }
            }

            return;
        }

        var domainOf = topology.DomainOf;
        for (var slot = 0; slot < _slotCount; slot++)
        {
            var domain = domainOf[slot];
            if (domain >= 0 && chosen[domain])
            {
                term[slot >> 6] |= 1UL << slot;
            }
        }
    }

    /// <summary>
    /// The nodes of the domains where the container may go under the spread rule: count + self − the smallest
    /// count over all domains ≤ max skew. Nodes without the label are in no domain and never allowed.
    /// </summary>
    private void SpreadBits(TopologySpreadConstraint rule, int self, Span<ulong> term)
    {
        var counts = CountsFor(rule.Selector);
        term.Clear();
        if (rule.TopologyKey == AffinityTerm.NodeTopology)
        {
            var lowest = int.MaxValue;
            for (var slot = 0; slot < _slotCount; slot++)
            {
                if (_nodes[slot] is not null)
                {
                    lowest = Math.Min(lowest, counts.PerNode[slot]);
                }
            }

            for (var slot = 0; slot < _slotCount; slot++)
            {
                if (_nodes[slot] is not null && counts.PerNode[slot] + self - lowest <= rule.MaxSkew)
                {
                    term[slot >> 6] |= 1UL << slot;
                }
            }

            return;
        }

        var topology = TopologyFor(rule.TopologyKey);
        var perDomain = DomainCountFor(counts, topology).PerDomain;
        var min = int.MaxValue;
        foreach (var count in perDomain)
        {
            min = Math.Min(min, count);
        }

        var chosen = ChosenScratch(perDomain.Length);
        for (var domain = 0; domain < perDomain.Length; domain++)
        {
            chosen[domain] = perDomain[domain] + self - min <= rule.MaxSkew;
        }

        NodesOf(topology, chosen, term);
    }

    /// <summary>
    /// Narrows the mask to the allowed nodes; with causes, records how many live nodes the rule excludes, under the
    /// reason formatted from <paramref name="format"/> and <paramref name="rule"/> (only then, so that placing
    /// formats nothing).
    /// </summary>
    private void Restrict(Span<ulong> mask, ReadOnlySpan<ulong> allowed, Dictionary<string, int>? causes, string format, object rule)
    {
        if (causes is not null)
        {
            var excluded = 0;
            for (var w = 0; w < mask.Length; w++)
            {
                excluded += BitOperations.PopCount(_live[w] & ~allowed[w]);
            }

            if (excluded > 0)
            {
                causes[string.Format(CultureInfo.InvariantCulture, format, rule)] = excluded;
            }
        }

        Bitset.And(mask, allowed);
    }

    /// <summary>One node label key: each node's domain (−1 without the label), one bitset per value, and the nodes with the key.</summary>
    private sealed class Topology(int[] domainOf, ulong[] hasKey)
    {
        public int[] DomainOf { get; } = domainOf;

        public ulong[] HasKey { get; } = hasKey;

        public Dictionary<string, int> Index { get; } = new(StringComparer.Ordinal);

        public List<ulong[]> Nodes { get; } = [];
    }

    /// <summary>What restricts a container's nodes (<see cref="RestrictionOf"/>).</summary>
    /// <param name="HasRules">It has rules of its own (selector, affinity, anti-affinity, spread).</param>
    /// <param name="ExcludedByTaint">Some node carries a taint it does not tolerate.</param>
    /// <param name="ToleratesNoTaint">It tolerates none of the cluster's taints (true on a cluster without taints).</param>
    internal readonly record struct Restriction(bool HasRules, bool ExcludedByTaint, bool ToleratesNoTaint)
    {
        /// <summary>Gets whether placing the container needs an eligibility bitset.</summary>
        public bool Ruled => HasRules || ExcludedByTaint;
    }

    /// <summary>The eligibility of containers that tolerate exactly this subset (bit t: <c>_taintNames[t]</c>) of the cluster's taints.</summary>
    private sealed record TaintMask(ulong Tolerated, ulong[] Bits);
}
