using System;
using System.Collections.Generic;
using System.Linq;
using FsCheck;
using FsCheck.Fluent;
using Xunit;

namespace ContainerScheduling.Tests.Cluster;

/// <summary>
/// The block maxima over untainted nodes — what a container that tolerates no taint is searched with — hold each
/// block's largest available amount among its untainted nodes after any sequence of additions (the first tainted
/// node among them), placements, releases, state changes and removals (with compaction).
/// </summary>
public sealed class UntaintedMaximaTests
{
    private static readonly Config Quick = Config.QuickThrowOnFailure.WithMaxTest(150).WithQuietOnSuccess(true);

    [Fact]
    public void UntaintedMaxima_AfterAnySequence_EqualTheMaximumOverUntaintedNodes()
    {
        var tainted = 0;
        Check.One(Quick, Prop.ForAll(Arb.From(Gen.Choose(0, int.MaxValue)), seed =>
        {
            var random = new Random(seed);
            var cluster = new ClusterState(new ResourceSchema("cpu", "memory"));
            var placed = new List<string>();
            var nodes = 0;
            var containers = 0;
            void AddNodes(int count, int taintPercent)
            {
                cluster.AddNodes(Enumerable.Range(0, count).Select(_ => new NodeSpec($"n{nodes++}", new Dictionary<string, long>
                {
                    ["cpu"] = 1000 * random.Next(1, 5),
                    ["memory"] = 4096 * random.Next(1, 3),
                })
                {
                    Taints = random.Next(100) < taintPercent ? ["gpu"] : [],
                }).ToList());
            }

            // Untainted nodes first, so that the first tainted node arrives in a later batch half the time.
            AddNodes(random.Next(1, 150), random.Next(2) == 0 ? 0 : 30);
            for (var step = 0; step < 200; step++)
            {
                var names = cluster.Nodes.Select(n => n.Name).ToArray();
                switch (random.Next(10))
                {
                    case 0:
                        AddNodes(random.Next(1, 40), 30);
                        break;
                    case 1 when names.Length > 1:
                        var empty = names.Where(n => cluster.GetContainerCount(n) == 0).ToArray();
                        if (empty.Length > 0)
                        {
                            cluster.RemoveNode(empty[random.Next(empty.Length)]);
                        }

                        break;
                    case 2 when names.Length > 0:
                        cluster.SetNodeState(names[random.Next(names.Length)], (NodeState)random.Next(3));
                        break;
                    case 3 or 4 when placed.Count > 0:
                        var victim = random.Next(placed.Count);
                        cluster.Release(placed[victim]);
                        placed.RemoveAt(victim);
                        break;
                    default:
                        if (names.Length == 0)
                        {
                            break;
                        }

                        var node = names[random.Next(names.Length)];
                        var spec = new ContainerSpec($"c{containers++}", new Dictionary<string, long> { ["cpu"] = 100 * random.Next(1, 10), ["memory"] = 256 * random.Next(1, 8) });
                        if (cluster.GetNodeState(node) == NodeState.Ready && cluster.GetFree(node, "cpu") >= spec.Requests["cpu"] && cluster.GetFree(node, "memory") >= spec.Requests["memory"])
                        {
                            cluster.Bind(spec, node);
                            placed.Add(spec.Name);
                        }

                        break;
                }
            }

            tainted += cluster.Nodes.Any(n => n.Taints.Count > 0) ? 1 : 0;
            return PropertyFailure.None(Problem(cluster));
        }));

        Assert.True(tainted >= 50, $"only {tainted} clusters had a tainted node");
    }

    private static string? Problem(ClusterState cluster)
    {
        var view = cluster.CreateView();
        for (var d = 0; d < view.DimensionCount; d++)
        {
            var available = view.Available(d);
            for (var slot = 0; slot < cluster.PaddedSlotCount; slot += ClusterState.BlockSize)
            {
                var expected = -1L;
                for (var i = slot; i < slot + ClusterState.BlockSize && i < cluster.SlotCount; i++)
                {
                    if (cluster.ContainsNodeAt(i) && cluster.GetNode(cluster.NodeNameAt(i)).Taints.Count == 0)
                    {
                        expected = Math.Max(expected, available[i]);
                    }
                }

                var actual = cluster.UntaintedBlockMaxAt(d, slot);
                if (actual != expected)
                {
                    return $"dimension {d}, block of node index {slot}: untainted maximum {actual}, untainted nodes say {expected}";
                }
            }
        }

        return null;
    }
}
