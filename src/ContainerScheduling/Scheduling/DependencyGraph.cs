using System;
using System.Collections.Generic;

namespace ContainerScheduling;

/// <summary>
/// A dependency graph over named items (the containers of a task or a batch, or the tasks of one call): edges from
/// each item to the items it depends on, resolved from names, checked for unknown names and for cycles, and
/// ordered topologically with ties broken by a rank (the ordering policy's position).
/// </summary>
internal sealed class DependencyGraph
{
    private readonly int[][] _dependencies;

    private DependencyGraph(int[][] dependencies) => _dependencies = dependencies;

    /// <summary>Gets the items item <paramref name="item"/> depends on.</summary>
    public ReadOnlySpan<int> DependenciesOf(int item) => _dependencies[item];

    /// <summary>
    /// Resolves the dependency names of every item; throws, naming the item and the name, for a name that is not an
    /// item, and, naming the cycle in order (<c>a → b → c → a</c>), for a cycle.
    /// </summary>
    /// <param name="names">The items' names, distinct.</param>
    /// <param name="dependencies">Per item the names it depends on.</param>
    /// <param name="kind">"container" or "task", for messages.</param>
    /// <param name="scope">Where the names must be found, for messages (e.g. "task 'shop'").</param>
    /// <param name="parameterName">The caller's parameter, named by the exception.</param>
    public static DependencyGraph Build(
        IReadOnlyList<string> names, Func<int, IReadOnlyList<string>> dependencies, string kind, string scope, string parameterName)
    {
        var index = new Dictionary<string, int>(names.Count, StringComparer.Ordinal);
        for (var i = 0; i < names.Count; i++)
        {
            index.Add(names[i], i);
        }

        var edges = new int[names.Count][];
        for (var i = 0; i < names.Count; i++)
        {
            var wanted = dependencies(i);
            edges[i] = wanted.Count == 0 ? [] : new int[wanted.Count];
            for (var k = 0; k < wanted.Count; k++)
            {
                if (!index.TryGetValue(wanted[k], out var target))
                {
                    throw new ArgumentException(
                        $"The {kind} '{names[i]}' depends on '{wanted[k]}', which is not a {kind} of {scope}.", parameterName);
                }

                edges[i][k] = target;
            }
        }

        var graph = new DependencyGraph(edges);
        if (graph.FindCycle() is { } cycle)
        {
            var path = new List<string>(cycle.Count + 1);
            foreach (var item in cycle)
            {
                path.Add(names[item]);
            }

            path.Add(names[cycle[0]]);
            throw new ArgumentException($"The {kind}s of {scope} depend on each other in a cycle: {string.Join(" → ", path)}.", parameterName);
        }

        return graph;
    }

    /// <summary>
    /// A topological order (every item after the items it depends on); among items whose dependencies are all
    /// ordered, the one with the lowest rank comes first.
    /// </summary>
    /// <param name="rankOrder">The items in policy order; an item's rank is its position here.</param>
    public int[] Order(int[] rankOrder)
    {
        var count = _dependencies.Length;
        var rank = new int[count];
        for (var k = 0; k < count; k++)
        {
            rank[rankOrder[k]] = k;
        }

        var waiting = new int[count];
        var dependents = new List<int>[count];
        for (var i = 0; i < count; i++)
        {
            waiting[i] = _dependencies[i].Length;
            foreach (var dependency in _dependencies[i])
            {
                (dependents[dependency] ??= []).Add(i);
            }
        }

        var ready = new PriorityQueue<int, int>();
        for (var i = 0; i < count; i++)
        {
            if (waiting[i] == 0)
            {
                ready.Enqueue(i, rank[i]);
            }
        }

        var order = new int[count];
        var next = 0;
        while (ready.TryDequeue(out var item, out _))
        {
            order[next++] = item;
            foreach (var dependent in dependents[item] ?? [])
            {
                if (--waiting[dependent] == 0)
                {
                    ready.Enqueue(dependent, rank[dependent]);
                }
            }
        }

        return next == count ? order : throw new InvalidOperationException("A graph checked for cycles has a topological order.");
    }

    /// <summary>
    /// The first cycle a depth-first search meets, starting from the items in order and following dependencies in
    /// the order given: the items along it, each depending on the next and the last on the first; or null.
    /// </summary>
    private List<int>? FindCycle()
    {
        const byte Unvisited = 0, OnPath = 1, Done = 2;
        var mark = new byte[_dependencies.Length];
        var path = new List<int>();
        var cursor = new List<int>();
        for (var root = 0; root < _dependencies.Length; root++)
        {
            if (mark[root] != Unvisited)
            {
                continue;
            }

            path.Add(root);
            cursor.Add(0);
            mark[root] = OnPath;
            while (path.Count > 0)
            {
                var top = path.Count - 1;
                var item = path[top];
                if (cursor[top] == _dependencies[item].Length)
                {
                    mark[item] = Done;
                    path.RemoveAt(top);
                    cursor.RemoveAt(top);
                    continue;
                }

                var target = _dependencies[item][cursor[top]++];
                if (mark[target] == OnPath)
                {
                    return path.GetRange(path.IndexOf(target), path.Count - path.IndexOf(target));
                }

                if (mark[target] == Unvisited)
                {
                    mark[target] = OnPath;
                    path.Add(target);
                    cursor.Add(0);
                }
            }
        }

        return null;
    }
}
