using System;
using System.Collections.Generic;
using System.Linq;
using System.Text.Json.Nodes;

namespace ContainerScheduling.Cli.Tests.Support;

/// <summary>
/// Writes a seeded scenario that exercises every event kind on a crowded cluster: dozens of nodes in three zones;
/// hundreds of plain containers of priorities 0 to 3 and tasks whose members keep apart (anti-affinity per node),
/// filling the cluster to about 90%; then three node failures (so work waits as pending), removals, a burst of
/// priority-50+ containers larger than any free space left (so they only fit by preemption), a drain, an added
/// node, a node coming back, more tasks, and a bounded rebalance.
/// </summary>
internal static class ScenarioGenerator
{
    /// <summary>The rebalance's move budget.</summary>
    public const int MaxMoves = 15;

    /// <summary>The rebalance's per-node move budget.</summary>
    public const int MaxMovesPerNode = 4;

    /// <summary>Generates the scenario's JSON text.</summary>
    /// <param name="seed">The random seed: the same seed gives the same text.</param>
    /// <param name="nodes">The number of nodes in the cluster file (at least 8).</param>
    /// <param name="containers">The number of plain containers in the initial workload.</param>
    /// <param name="tasks">The number of tasks in the initial workload.</param>
    public static string Generate(int seed, int nodes = 40, int containers = 300, int tasks = 25)
    {
        var random = new Random(seed);
        var nodeArray = new JsonArray();
        long totalCpu = 0;
        for (var i = 0; i < nodes; i++)
        {
            var cpu = 16000L * random.Next(1, 5);
            totalCpu += cpu;
            nodeArray.Add(Node($"n{i}", cpu, cpu * 4, ((char)('a' + (i % 3))).ToString()));
        }

        // Plain containers: about 70% of the cpu; tasks about 10% more.
        var plain = new JsonArray();
        var averageCpu = totalCpu * 0.7 / containers;
        for (var i = 0; i < containers; i++)
        {
            var cpu = Round500(averageCpu * (0.4 + (1.2 * random.NextDouble())));
            plain.Add(Container($"c{i}", cpu, cpu * random.Next(2, 6), random.Next(0, 4), app: $"app{i % 12}"));
        }

        var live = Enumerable.Range(0, containers).Select(i => $"c{i}").ToList();
        var taskArray = new JsonArray();
        for (var t = 0; t < tasks; t++)
        {
            taskArray.Add(Task($"t{t}", random.Next(2, 5), totalCpu * 0.1 / tasks / 3, random.Next(1, 6), random));
        }

        var events = new JsonArray();
        var chosen = Distinct(random, nodes, 4);
        events.Add(new JsonObject { ["type"] = "nodeDown", ["node"] = $"n{chosen[0]}" });
        events.Add(Remove(live, random));
        events.Add(new JsonObject { ["type"] = "nodeDown", ["node"] = $"n{chosen[1]}" });
        events.Add(new JsonObject { ["type"] = "drain", ["node"] = $"n{chosen[2]}" });

        // The burst: each asks for more cpu than half the largest node, more in all than is free.
        var burst = new JsonArray();
        for (var i = 0; i < BurstSize(totalCpu); i++)
        {
            var cpu = 34000L + (500L * random.Next(0, 20));
            burst.Add(Container($"vip{i}", cpu, cpu, 50 + random.Next(0, 10), app: "vip"));
        }

        events.Add(new JsonObject { ["type"] = "submit", ["workload"] = new JsonObject { ["containers"] = burst } });
        events.Add(Remove(live, random));
        events.Add(new JsonObject { ["type"] = "nodeDown", ["node"] = $"n{chosen[3]}" });
        events.Add(new JsonObject { ["type"] = "addNode", ["node"] = Node($"n{nodes}", 64000, 256000, "a") });
        events.Add(new JsonObject { ["type"] = "addNode", ["node"] = Node($"n{nodes + 1}", 64000, 256000, "b") });
        events.Add(new JsonObject { ["type"] = "nodeUp", ["node"] = $"n{chosen[0]}" });
        var moreTasks = new JsonArray();
        for (var t = 0; t < 5; t++)
        {
            moreTasks.Add(Task($"late{t}", random.Next(2, 4), totalCpu * 0.02 / 5 / 3, 10, random));
        }

        events.Add(new JsonObject { ["type"] = "submit", ["workload"] = new JsonObject { ["tasks"] = moreTasks } });
        for (var i = 0; i < 10; i++)
        {
            events.Add(Remove(live, random));
        }

        events.Add(new JsonObject { ["type"] = "rebalance", ["maxMoves"] = MaxMoves, ["maxMovesPerNode"] = MaxMovesPerNode });

        var scenario = new JsonObject
        {
            ["cluster"] = new JsonObject { ["nodes"] = nodeArray },
            ["workload"] = new JsonObject { ["containers"] = plain, ["tasks"] = taskArray },
            ["strategy"] = "best-fit",
            ["events"] = events,
        };
        return scenario.ToJsonString(new System.Text.Json.JsonSerializerOptions { WriteIndented = true });
    }

    private static JsonObject Node(string name, long cpu, long memory, string zone) => new()
    {
        ["name"] = name,
        ["capacity"] = new JsonObject { ["cpu"] = cpu, ["memory"] = memory },
        ["labels"] = new JsonObject { ["zone"] = zone },
    };

    private static JsonObject Container(string name, long cpu, long memory, int priority, string app) => new()
    {
        ["name"] = name,
        ["requests"] = new JsonObject { ["cpu"] = cpu, ["memory"] = memory },
        ["labels"] = new JsonObject { ["app"] = app },
        ["priority"] = priority,
    };

    /// <summary>A task whose members carry the label app=task-name and keep off each other's nodes.</summary>
    private static JsonObject Task(string name, int members, double averageCpu, int priority, Random random)
    {
        var array = new JsonArray();
        for (var m = 0; m < members; m++)
        {
            var cpu = Round500(averageCpu * (0.5 + random.NextDouble()));
            var container = Container($"{name}-{m}", cpu, cpu * 2, priority, app: name);
            container["antiAffinity"] = new JsonArray(new JsonObject
            {
                ["labels"] = new JsonObject { ["app"] = name },
                ["topologyKey"] = "node",
            });
            array.Add(container);
        }

        return new JsonObject { ["name"] = name, ["containers"] = array };
    }

    private static JsonObject Remove(List<string> live, Random random)
    {
        var index = random.Next(live.Count);
        var name = live[index];
        live.RemoveAt(index);
        return new JsonObject { ["type"] = "removeContainer", ["container"] = name };
    }

    private static List<int> Distinct(Random random, int count, int take)
    {
        var chosen = new List<int>();
        while (chosen.Count < take)
        {
            var next = random.Next(count);
            if (!chosen.Contains(next))
            {
                chosen.Add(next);
            }
        }

        return chosen;
    }

    /// <summary>About a quarter of the cluster's cpu in vip containers: more than the 20% left free.</summary>
    private static int BurstSize(long totalCpu) => (int)Math.Max(3, totalCpu / 4 / 38000);

    private static long Round500(double value) => Math.Max(500L, (long)Math.Round(value / 500) * 500);
}
