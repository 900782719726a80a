using System;
using System.Collections.Generic;
using System.Linq;
using FsCheck;
using FsCheck.Fluent;
using Xunit;

namespace ContainerScheduling.Tests.Scheduling;

/// <summary>
/// A first-fit batch starts the scan of a request at the node a dominated earlier request of the same eligibility
/// got (or skips it when that one fitted nowhere). The shortcut must never change a decision: a batch places and
/// explains exactly as placing the containers one by one, on clusters with tainted nodes and containers that do or
/// do not tolerate them.
/// </summary>
public sealed class FirstFitFloorTests
{
    private static readonly Config Quick = Config.QuickThrowOnFailure.WithMaxTest(200).WithQuietOnSuccess(true);

    [Fact]
    public void PlaceBatch_FirstFitWithDominatedRequests_DecidesAsPlacingOneByOne()
    {
        long shortcuts = 0;
        Check.One(Quick, Prop.ForAll(Arb.From(Gen.Choose(0, int.MaxValue)), seed =>
        {
            var random = new Random(seed);
            var nodes = Enumerable.Range(0, random.Next(1, 120)).Select(i => new NodeSpec($"n{i}", new Dictionary<string, long>
            {
                ["cpu"] = 1000 * random.Next(1, 9),
                ["memory"] = 2048 * random.Next(1, 5),
            })
            {
                Taints = random.Next(5) == 0 ? ["gpu"] : [],
                MaxContainers = random.Next(8) == 0 ? random.Next(0, 4) : null,
            }).ToList();
            var specs = Enumerable.Range(0, random.Next(1, 300)).Select(i => new ContainerSpec($"c{i}", new Dictionary<string, long>
            {
                // Few sizes, so that many requests dominate earlier ones.
                ["cpu"] = 250 * random.Next(0, 9),
                ["memory"] = 512 * random.Next(0, 9),
            })
            {
                Tolerations = random.Next(4) == 0 ? ["gpu"] : [],
            }).ToArray();

            ClusterState Build()
            {
                var cluster = new ClusterState(new ResourceSchema("cpu", "memory"));
                cluster.AddNodes(nodes);
                if (nodes.Count > 2)
                {
                    cluster.Cordon(nodes[1].Name);
                }

                return cluster;
            }

            var scheduler = new Scheduler(Build(), PlacementStrategies.FirstFit());
            var batched = scheduler.PlaceBatch(specs);
            shortcuts += scheduler.DerivedDecisions;
            return OneByOne.Matches(batched, new Scheduler(Build(), PlacementStrategies.FirstFit()), specs);
        }));

        Assert.True(shortcuts >= 1000, $"only {shortcuts} decisions took a shortcut");
    }

    [Fact]
    public void PlaceBatch_LargerRequestAfterSmallerOne_StartsWhereTheSmallerLanded()
    {
        var cluster = new ClusterState(new ResourceSchema("cpu"));
        cluster.AddNodes(Enumerable.Range(0, 4).Select(i => new NodeSpec($"n{i}", new Dictionary<string, long> { ["cpu"] = 10 })));
        cluster.Bind(new ContainerSpec("fill0", new Dictionary<string, long> { ["cpu"] = 9 }), "n0");
        cluster.Bind(new ContainerSpec("fill1", new Dictionary<string, long> { ["cpu"] = 9 }), "n1");
        var scheduler = new Scheduler(cluster, PlacementStrategies.FirstFit());

        var result = scheduler.PlaceBatch(
        [
            new ContainerSpec("small", new Dictionary<string, long> { ["cpu"] = 2 }),
            new ContainerSpec("large", new Dictionary<string, long> { ["cpu"] = 5 }),
            new ContainerSpec("huge", new Dictionary<string, long> { ["cpu"] = 11 }),
            new ContainerSpec("huger", new Dictionary<string, long> { ["cpu"] = 12 }),
        ]);

        Assert.Equal([("small", "n2"), ("large", "n2")], result.Placements.Select(p => (p.Container, p.Node)));
        Assert.Equal(["huge", "huger"], result.Unplaced.Select(u => u.Container));

        // large and huge started their scans at n2 (small's node); huger was known to fit nowhere (huge did not).
        Assert.Equal(3, scheduler.DerivedDecisions);
    }
}
