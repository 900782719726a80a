using System.Collections.Generic;
using System.Linq;

namespace ContainerScheduling.Tests;

/// <summary>
/// Runs a <see cref="Scenario"/>'s operations through a <see cref="Scheduler"/>, keeping a transcript, and after
/// every step optionally checks the conservation laws and that each decision is the one the strategy's
/// definition gives (against <see cref="ReferenceCluster"/>).
/// </summary>
internal sealed class ScenarioRunner
{
    private readonly Scenario _scenario;
    private readonly string _strategy;
    private readonly double[] _weights;
    private readonly List<string> _placed = [];
    private int _next;

    public ScenarioRunner(Scenario scenario, string strategy, bool weighted)
        : this(scenario, strategy, weighted, scenario.Cluster.Build())
    {
    }

    public ScenarioRunner(Scenario scenario, string strategy, bool weighted, ClusterState cluster)
    {
        _scenario = scenario;
        _strategy = strategy;
        var dimensions = scenario.Cluster.Dimensions;
        _weights = weighted ? scenario.Weights : StrategyCatalog.DefaultWeights(dimensions.Length);
        Cluster = cluster;
        Scheduler = new Scheduler(Cluster, StrategyCatalog.Create(strategy, dimensions, weighted ? scenario.Weights : null));
    }

    public ClusterState Cluster { get; }

    public Scheduler Scheduler { get; }

    public List<string> Transcript { get; } = [];

    /// <summary>Runs every operation; returns the first problem found, or null.</summary>
    public string? Run(bool checkInvariants, bool checkReference)
    {
        var dimensions = _scenario.Cluster.Dimensions;
        foreach (var operation in _scenario.Operations)
        {
            var problem = operation switch
            {
                PlaceOperation place => Place(dimensions, place.Request, checkReference),
                ReleaseOperation release => Release(release.Pick),
                SetStateOperation set => SetState(set.Node, set.State),
                PlaceBatchOperation batch => PlaceBatch(dimensions, batch, checkReference),
                _ => $"unknown operation {operation}",
            };
            problem ??= checkInvariants ? ClusterInvariants.Violation(Cluster) : null;
            if (problem is not null)
            {
                return $"after {operation}: {problem}";
            }
        }

        return null;
    }

    private string? Place(string[] dimensions, long[] request, bool checkReference)
    {
        var name = $"c{_next++}";
        var reference = checkReference ? ReferenceCluster.Of(Cluster) : null;
        var result = Scheduler.Place(ClusterModel.Container(name, dimensions, request));
        Transcript.Add(result.ToString());
        if (result.IsPlaced)
        {
            _placed.Add(name);
        }

        if (reference is null)
        {
            return null;
        }

        var expected = reference.ChooseName(_strategy, request, _weights);
        if (result.Node != expected)
        {
            return $"{name} went to {result.Node ?? "<nowhere>"}, the definition says {expected ?? "<nowhere>"}";
        }

        if (!result.IsPlaced)
        {
            var (message, causes) = reference.Explain(request, _strategy);
            if (result.Failure.Message != message || !result.Failure.Causes.SequenceEqual(causes))
            {
                return $"{name} explained as '{result.Failure.Message}', expected '{message}'";
            }
        }

        return null;
    }

    private string? Release(int pick)
    {
        if (_placed.Count == 0)
        {
            Transcript.Add("nothing to release");
            return null;
        }

        var name = _placed[pick % _placed.Count];
        _placed.Remove(name);
        var node = Cluster.GetNodeOf(name);
        var released = Scheduler.Remove(name);
        Transcript.Add($"released {name} from {released}");
        return released == node && !Cluster.ContainsContainer(name) ? null : $"release of {name} reported {released}, it ran on {node}";
    }

    private string? SetState(int pick, NodeState state)
    {
        var nodes = Cluster.Nodes;
        if (nodes.Count == 0)
        {
            Transcript.Add("no node to set");
            return null;
        }

        var name = nodes[pick % nodes.Count].Name;
        Cluster.SetNodeState(name, state);
        Transcript.Add($"{name} is {state}");
        return Cluster.GetNodeState(name) == state ? null : $"{name} did not become {state}";
    }

    private string? PlaceBatch(string[] dimensions, PlaceBatchOperation batch, bool checkReference)
    {
        var items = batch.Requests.Select(r => (Name: $"c{_next++}", Request: r)).ToList();
        var reference = checkReference ? ReferenceCluster.Of(Cluster) : null;
        var result = Scheduler.PlaceBatch(items.Select(i => ClusterModel.Container(i.Name, dimensions, i.Request)), batch.Ordering);
        Transcript.Add("batch: " + string.Join("; ", result.Placements) + " | " + string.Join("; ", result.Unplaced.Select(u => $"{u.Container}: {u.Failure.Message}")));
        _placed.AddRange(result.Placements.Select(p => p.Container));

        // Every container exactly once, placed or unplaced.
        var seen = result.Placements.Select(p => p.Container).Concat(result.Unplaced.Select(u => u.Container)).ToList();
        if (seen.Count != items.Count || !seen.Order().SequenceEqual(items.Select(i => i.Name).Order()))
        {
            return $"batch reported [{string.Join(",", seen)}] for [{string.Join(",", items.Select(i => i.Name))}]";
        }

        if (result.Placements.Any(p => Cluster.GetNodeOf(p.Container) != p.Node) || result.Unplaced.Any(u => Cluster.ContainsContainer(u.Container)))
        {
            return "batch result disagrees with the cluster";
        }

        if (reference is null)
        {
            return null;
        }

        var (placements, unplaced) = reference.PlaceBatch(items, batch.Ordering, _strategy, _weights);
        if (!placements.SequenceEqual(result.Placements))
        {
            return $"batch placed [{string.Join("; ", result.Placements)}], the definition says [{string.Join("; ", placements)}]";
        }

        var actualUnplaced = result.Unplaced.Select(u => (u.Container, u.Failure.Message)).ToList();
        return unplaced.SequenceEqual(actualUnplaced)
            ? null
            : $"batch left [{string.Join("; ", actualUnplaced)}] unplaced, the definition says [{string.Join("; ", unplaced)}]";
    }
}
