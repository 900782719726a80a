using System.Collections.Generic;
using System.Diagnostics;

namespace ContainerScheduling;

/// <summary>
/// When the column generations of one instance switch from the knapsack search to scanning its maximal patterns: once
/// their searches' nodes, at <see cref="EnumeratedNodesPerSearchNode"/> enumeration nodes each, reach the enumeration's
/// estimated nodes, if that estimate is at most <see cref="MaxEnumeratedNodes"/>. Counted in work, not time, so the
/// switch and the result do not depend on the machine's speed. An instance whose LPs end early never pays for the
/// enumeration; a hard one pays about as much again as it searched before the switch. Shared by the LP bound and
/// branch-and-price of <see cref="ExactPacker"/>, so one enumeration serves both.
/// </summary>
internal sealed class PatternSwitch
{
    /// <summary>The enumeration nodes that cost about as much as one knapsack search node (tables and LPs included).</summary>
    public const double EnumeratedNodesPerSearchNode = 5;

    /// <summary>The most estimated enumeration nodes worth visiting (about 0.4 s); beyond, pricing keeps searching.</summary>
    public const double MaxEnumeratedNodes = 8_000_000;

    /// <summary>The time of one enumeration node, about (45–50 ns here), to skip a walk a time limit would cut short.</summary>
    public const double SecondsPerEnumeratedNode = 50e-9;

    private readonly PackingInstance _instance;
    private readonly long _deadline;
    private readonly bool _atOnce;
    private bool _prepared;
    private MaximalPatterns? _enumeration; // once prepared, until tried
    private MaximalPatterns? _maximal; // once enumerated
    private long _searchNodes;

    /// <summary>The switch for <paramref name="instance"/> (its items are the groups' original items).</summary>
    /// <param name="instance">The original instance.</param>
    /// <param name="deadline">A <see cref="Stopwatch"/> timestamp; the enumeration gets at most half the time left.</param>
    /// <param name="atOnce">Switch at the first chance instead of once it pays (for tests).</param>
    public PatternSwitch(PackingInstance instance, long deadline, bool atOnce = false)
    {
        _instance = instance;
        _deadline = deadline;
        _atOnce = atOnce;
    }

    /// <summary>Counts knapsack search nodes spent.</summary>
    public void Spent(long searchNodes) => _searchNodes += searchNodes;

    /// <summary>The scan for these groups (original items each) and conflicts (per group, the groups it may not share a bin with), or null while pricing should keep searching.</summary>
    public PatternScan? Scan(IReadOnlyList<ulong> groups, ulong[]? conflicts)
    {
        if (!_prepared)
        {
            _enumeration = MaximalPatterns.Prepare(_instance); // its tables and estimate only once a search has run
            _prepared = true;
        }

        if (_enumeration is not null
            && (_atOnce || _searchNodes * EnumeratedNodesPerSearchNode >= _enumeration.EstimatedNodes))
        {
            // Within half the time left, and only if the estimate fits in it: a walk cut short is time lost.
            var now = Stopwatch.GetTimestamp();
            var end = _deadline == long.MaxValue ? long.MaxValue : now + ((_deadline - now) / 2);
            var fits = _deadline == long.MaxValue
                || _enumeration.EstimatedNodes * SecondsPerEnumeratedNode * Stopwatch.Frequency <= end - now;
            _maximal = _enumeration.EstimatedNodes <= MaxEnumeratedNodes && fits && _enumeration.Enumerate(end) ? _enumeration : null;
            _enumeration = null;
        }

        if (_maximal is null)
        {
            return null;
        }

        var scan = new PatternScan(_maximal, groups, conflicts);
        return scan.Usable ? scan : null;
    }
}
