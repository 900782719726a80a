using System;
using System.Collections.Generic;
using System.Linq;

namespace ContainerScheduling;

/// <summary>
/// The fragmentation measure of the FGD paper (Weng et al., "Beware of Fragmentation", USENIX ATC'23): for a node
/// n, F(n) = Σ over typical task shapes m of p_m · f(n, m), where f is the idle milli-GPU of n that shape m cannot
/// use — all of it when m does not fit on n at all (no GPU wanted, model not allowed, too little CPU, not enough
/// GPUs with enough free milli), otherwise the idle milli of the GPUs whose free amount is below m's milli-GPU.
/// Cluster fragmentation is Σ F(n). A <see cref="GpuCluster"/> built with a model keeps F up to date per node.
/// </summary>
public sealed class GpuFragmentationModel
{
    /// <summary>The default share of tasks the typical shapes cover, as in the paper: 95%.</summary>
    public const double DefaultCoverage = 0.95;

    /// <summary>Creates a measure over the given typical shapes.</summary>
    /// <param name="shapes">The shapes with their shares; at least one.</param>
    /// <exception cref="ArgumentException">No shape, a null shape, or shares adding up to more than 1.</exception>
    public GpuFragmentationModel(IEnumerable<GpuTaskShape> shapes)
    {
        ArgumentNullException.ThrowIfNull(shapes);
        var list = shapes.ToArray();
        if (list.Length == 0)
        {
            throw new ArgumentException("The fragmentation measure needs at least one task shape.", nameof(shapes));
        }

        if (Array.IndexOf(list, null) >= 0)
        {
            throw new ArgumentException("A task shape is null.", nameof(shapes));
        }

        var total = list.Sum(s => s.Share);
        if (total > 1 + 1e-9)
        {
            throw new ArgumentException($"The shares of the task shapes add up to {total:0.######}, more than 1.", nameof(shapes));
        }

        Shapes = list;
    }

    /// <summary>Gets the typical shapes, most frequent first when built by <see cref="FromWorkload"/>.</summary>
    public IReadOnlyList<GpuTaskShape> Shapes { get; }

    /// <summary>
    /// Builds the measure from a workload the way the paper does: group the tasks by shape (CPU, GPUs, milli,
    /// models — not memory), take the most frequent shapes until they cover <paramref name="coverage"/> of the
    /// tasks (equal counts: the shape seen first in <paramref name="tasks"/> comes first), and give each its share
    /// of the covered tasks, so the shares add up to 1.
    /// </summary>
    /// <param name="tasks">The workload, in a stable order (the trace experiment passes it sorted by name).</param>
    /// <param name="coverage">The share of tasks to cover, in (0, 1].</param>
    /// <returns>The measure.</returns>
    /// <exception cref="ArgumentException">No task, or a coverage outside (0, 1].</exception>
    /// <remarks>
    /// The paper leaves open whether a shape's share is its frequency among all tasks or among the covered ones.
    /// Replaying the published seed-42 run task by task decides it: shares among the covered tasks reproduce the
    /// reference FGD placements (all but 9 of 8,334), frequencies among all tasks do not.
    /// </remarks>
    public static GpuFragmentationModel FromWorkload(IEnumerable<GpuRequest> tasks, double coverage = DefaultCoverage)
    {
        ArgumentNullException.ThrowIfNull(tasks);
        if (!(coverage > 0 && coverage <= 1))
        {
            throw new ArgumentOutOfRangeException(nameof(coverage), coverage, "The coverage must be in (0, 1].");
        }

        var counts = new Dictionary<(long, int, int, string), (int Count, int First, GpuRequest Example)>();
        var n = 0;
        foreach (var task in tasks)
        {
            ArgumentNullException.ThrowIfNull(task, nameof(tasks));
            var key = GpuTaskShape.KeyOf(task);
            counts[key] = counts.TryGetValue(key, out var seen) ? (seen.Count + 1, seen.First, seen.Example) : (1, n, task);
            n++;
        }

        if (n == 0)
        {
            throw new ArgumentException("The fragmentation measure needs at least one task.", nameof(tasks));
        }

        var kept = new List<(int Count, GpuRequest Example)>();
        var covered = 0;
        foreach (var (count, _, example) in counts.Values.OrderByDescending(v => v.Count).ThenBy(v => v.First))
        {
            if (covered >= coverage * n)
            {
                break;
            }

            kept.Add((count, example));
            covered += count;
        }

        return new GpuFragmentationModel(kept.Select(k =>
            new GpuTaskShape(k.Example.CpuMilli, k.Example.GpuCount, k.Example.GpuMilli, k.Example.GpuModels, k.Count / (double)covered)));
    }
}
