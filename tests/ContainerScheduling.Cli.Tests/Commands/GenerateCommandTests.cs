using System;
using System.IO;
using System.Collections.Generic;
using System.Linq;
using System.Text.Json;
using ContainerScheduling.Cli.Tests.Support;
using Xunit;

namespace ContainerScheduling.Cli.Tests.Commands;

public sealed class GenerateCommandTests : IDisposable
{
    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    [Fact]
    public void Generate_ThenPlace_ProducesAConsistentRun()
    {
        var cluster = _dir.File("c.json");
        var workload = _dir.File("w.json");

        var generate = CliRun.Of("generate", "--nodes", "50", "--containers", "400", "--seed", "3", "--cluster-out", cluster, "--workload-out", workload);
        var place = CliRun.Of("place", "--cluster", cluster, "--workload", workload, "--strategy", "first-fit");

        Assert.Equal(0, generate.ExitCode);
        Assert.Equal(0, place.ExitCode);
        using var json = place.Json();
        var summary = json.RootElement.GetProperty("summary");
        Assert.Equal(400, summary.GetProperty("containers").GetInt32());
        Assert.Equal(50, summary.GetProperty("nodes").GetInt32());
        Assert.Equal(["cpu", "memory", "disk", "gpu"], summary.GetProperty("dimensions").EnumerateArray().Select(d => d.GetString()!));
        Assert.True(summary.GetProperty("placed").GetInt32() > 200);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    public void GenerateScenario_ThenScenario_KeepsEveryPromiseAndPreemptsForTheBurst(int seed)
    {
        var file = _dir.File($"s{seed}.json");
        var again = _dir.File($"s{seed}-again.json");
        Assert.Equal(0, CliRun.Of("generate", "--nodes", "40", "--containers", "400", "--seed", $"{seed}", "--scenario-out", file).ExitCode);
        Assert.Equal(0, CliRun.Of("generate", "--nodes", "40", "--containers", "400", "--seed", $"{seed}", "--scenario-out", again).ExitCode);
        Assert.Equal(File.ReadAllText(file), File.ReadAllText(again));

        var run = CliRun.Of("scenario", "--file", file);
        Assert.Equal(0, run.ExitCode);
        var check = ScenarioChecker.AssertValid(File.ReadAllText(file), run.Stdout);

        using var output = run.Json();
        var events = output.RootElement.GetProperty("events").EnumerateArray().ToArray();
        Assert.Equal(["nodeDown", "nodeDown", "nodeDown", "submit", "nodeUp", "removeContainer", "removeContainer", "addNode", "drain", "rebalance"],
            events.Select(e => e.GetProperty("type").GetString()!));
        Assert.True(events[3].GetProperty("preemptions").GetArrayLength() > 0, "the burst must preempt");
        // A drain on a full cluster may move nothing and evict everything (to be re-placed or pending): either way
        // the node empties, which the checker verifies.
        Assert.True(events[8].GetProperty("moves").GetArrayLength() + events[8].GetProperty("evicted").GetArrayLength() > 0, "the drain must empty a node");
        Assert.True(events[9].GetProperty("moves").GetArrayLength() <= 15);
        Assert.Equal(408 - 2, check.Running + check.Pending);
    }

    [Fact]
    public void GenerateScenario_WithClusterOut_IsRefused()
    {
        var run = CliRun.Of("generate", "--nodes", "10", "--scenario-out", _dir.File("s.json"), "--cluster-out", _dir.File("c.json"));
        Assert.Equal(2, run.ExitCode);
        Assert.Contains("takes no --cluster-out", run.Stderr, StringComparison.Ordinal);
        Assert.False(File.Exists(_dir.File("s.json")));
    }

    [Fact]
    public void Generate_SameSeed_WritesIdenticalFilesAndOtherSeedDiffers()
    {
        string[] Generate(string prefix, string seed)
        {
            var run = CliRun.Of("generate", "--nodes", "20", "--containers", "100", "--seed", seed, "--cluster-out", _dir.File(prefix + "c.json"), "--workload-out", _dir.File(prefix + "w.json"));
            Assert.Equal(0, run.ExitCode);
            return [File.ReadAllText(_dir.File(prefix + "c.json")), File.ReadAllText(_dir.File(prefix + "w.json"))];
        }

        var first = Generate("a", "11");
        var again = Generate("b", "11");
        var other = Generate("c", "12");

        Assert.Equal(first, again);
        Assert.NotEqual(first[1], other[1]);
    }

    [Theory]
    [InlineData(new[] { "--containers", "10" }, "--nodes")]
    [InlineData(new[] { "--nodes", "0", "--containers", "10" }, "--nodes must be an integer from 1")]
    [InlineData(new[] { "--nodes", "ten", "--containers", "10" }, "'ten'")]
    [InlineData(new[] { "--nodes", "5", "--containers", "10", "--fill", "-1" }, "--fill")]
    [InlineData(new[] { "--nodes", "5" }, "needs --containers")]
    [InlineData(new[] { "--nodes", "5", "--containers", "10", "--tasks", "3" }, "--containers or --tasks, not both")]
    [InlineData(new[] { "--nodes", "5", "--tasks", "-3" }, "--tasks must be an integer from 0 to 10000000")]
    [InlineData(new[] { "--nodes", "5", "--tasks", "10000001" }, "--tasks must be an integer")]
    public void Generate_BadArguments_ExitsTwoAndWritesNothing(string[] arguments, string fragment)
    {
        var run = CliRun.Of(["generate", .. arguments, "--cluster-out", _dir.File("c.json"), "--workload-out", _dir.File("w.json")]);

        PlaceCommandErrorTests.AssertFailedCleanly(run, "generate", [fragment]);
        Assert.Empty(_dir.FileNames());
    }

    [Fact]
    public void Generate_Containers_WritesExactlyWhatItWroteBeforeTasksExisted()
    {
        // Pinned from the generator as it was before --tasks: plain workloads (and benchmarks built on them) must
        // not change.
        var run = CliRun.Of("generate", "--nodes", "3", "--containers", "4", "--seed", "1", "--cluster-out", _dir.File("c.json"), "--workload-out", _dir.File("w.json"));

        Assert.Equal(0, run.ExitCode);
        Assert.Equal(
            """
            {"nodes": [
            {"name": "node-0", "capacity": {"cpu": 16000, "memory": 65536, "disk": 512000, "gpu": 0}, "labels": {"zone": "a", "shape": "general"}},
            {"name": "node-1", "capacity": {"cpu": 16000, "memory": 65536, "disk": 512000, "gpu": 0}, "labels": {"zone": "b", "shape": "general"}},
            {"name": "node-2", "capacity": {"cpu": 64000, "memory": 131072, "disk": 1024000, "gpu": 0}, "labels": {"zone": "c", "shape": "compute"}}
            ]}

            """,
            File.ReadAllText(_dir.File("c.json")));
        Assert.Equal(
            """
            {"containers": [
            {"name": "compute-0", "requests": {"cpu": 35220, "memory": 48519, "disk": 197343}, "labels": {"app": "compute"}},
            {"name": "batch-1", "requests": {"cpu": 25138, "memory": 119624, "disk": 386580}, "labels": {"app": "batch"}},
            {"name": "worker-2", "requests": {"cpu": 12696, "memory": 61114, "disk": 265614}, "labels": {"app": "worker"}},
            {"name": "api-3", "requests": {"cpu": 4783, "memory": 13059, "disk": 62288}, "labels": {"app": "api"}}
            ]}

            """,
            File.ReadAllText(_dir.File("w.json")));
    }

    [Fact]
    public void Generate_Containers_GpuRequestsTolerateTheGpuTaint_AndNoOtherDoes()
    {
        var run = CliRun.Of("generate", "--nodes", "200", "--containers", "2000", "--seed", "3", "--cluster-out", _dir.File("c.json"), "--workload-out", _dir.File("w.json"));

        Assert.Equal(0, run.ExitCode);
        using var nodes = System.Text.Json.JsonDocument.Parse(File.ReadAllText(_dir.File("c.json")));
        Assert.Contains(nodes.RootElement.GetProperty("nodes").EnumerateArray(), n => n.TryGetProperty("taints", out _));
        using var workload = System.Text.Json.JsonDocument.Parse(File.ReadAllText(_dir.File("w.json")));
        var gpu = 0;
        foreach (var container in workload.RootElement.GetProperty("containers").EnumerateArray())
        {
            var asksGpu = container.GetProperty("requests").TryGetProperty("gpu", out var amount) && amount.GetInt64() > 0;
            var tolerates = container.TryGetProperty("tolerations", out var list) && list.EnumerateArray().Any(t => t.GetString() == "gpu");
            Assert.Equal(asksGpu, tolerates);
            gpu += asksGpu ? 1 : 0;
        }

        Assert.True(gpu > 0, "no container asked for GPUs");
    }

    [Fact]
    public void Generate_Tasks_SameSeedWritesIdenticalFilesAndOtherSeedDiffers()
    {
        string[] Generate(string prefix, string seed)
        {
            var run = CliRun.Of("generate", "--nodes", "30", "--tasks", "40", "--seed", seed, "--cluster-out", _dir.File(prefix + "c.json"), "--workload-out", _dir.File(prefix + "w.json"));
            Assert.Equal(0, run.ExitCode);
            return [File.ReadAllText(_dir.File(prefix + "c.json")), File.ReadAllText(_dir.File(prefix + "w.json"))];
        }

        var first = Generate("a", "5");
        var again = Generate("b", "5");
        var other = Generate("c", "6");

        Assert.Equal(first, again);
        Assert.NotEqual(first[0], other[0]);
        Assert.NotEqual(first[1], other[1]);
    }

    [Fact]
    public void Generate_Tasks_WritesLabelledNodesAndAcyclicTasksWithEveryKindOfRule()
    {
        var run = CliRun.Of("generate", "--nodes", "400", "--tasks", "500", "--seed", "9", "--cluster-out", _dir.File("c.json"), "--workload-out", _dir.File("w.json"));

        Assert.Equal(0, run.ExitCode);
        using var cluster = JsonDocument.Parse(File.ReadAllText(_dir.File("c.json")));
        using var workload = JsonDocument.Parse(File.ReadAllText(_dir.File("w.json")));
        var nodes = cluster.RootElement.GetProperty("nodes").EnumerateArray().ToList();
        Assert.Equal(400, nodes.Count);
        Assert.All(nodes, n =>
        {
            Assert.Contains(n.GetProperty("labels").GetProperty("zone").GetString(), new[] { "a", "b", "c" });
            Assert.Matches("^r[0-9]$", n.GetProperty("labels").GetProperty("rack").GetString());
        });
        var tainted = nodes.Count(n => n.TryGetProperty("taints", out var t) && t.EnumerateArray().Single().GetString() == "gpu");
        Assert.InRange(tainted, 400 * 5 / 100, 400 * 18 / 100);
        var limits = nodes.Where(n => n.TryGetProperty("maxContainers", out _)).Select(n => n.GetProperty("maxContainers").GetInt32()).ToList();
        Assert.InRange(limits.Count, 400 * 10 / 100, 400 * 30 / 100);
        Assert.All(limits, limit => Assert.InRange(limit, 2, 8));

        var tasks = workload.RootElement.GetProperty("tasks").EnumerateArray().ToList();
        Assert.Equal(500, tasks.Count);
        var taskIndex = tasks.Select((t, i) => (t.GetProperty("name").GetString()!, i)).ToDictionary(p => p.Item1, p => p.i);
        var withTaskDependencies = 0;
        var rules = new Dictionary<string, int>();
        var containerNames = new HashSet<string>();
        for (var t = 0; t < tasks.Count; t++)
        {
            if (tasks[t].TryGetProperty("dependsOn", out var taskDependencies))
            {
                withTaskDependencies++;
                Assert.InRange(taskDependencies.GetArrayLength(), 1, 2);
                Assert.All(taskDependencies.EnumerateArray(), d => Assert.True(taskIndex[d.GetString()!] < t, "tasks depend only on earlier tasks"));
            }

            var containers = tasks[t].GetProperty("containers").EnumerateArray().ToList();
            Assert.InRange(containers.Count, 1, 6);
            var position = containers.Select((c, i) => (c.GetProperty("name").GetString()!, i)).ToDictionary(p => p.Item1, p => p.i);
            for (var c = 0; c < containers.Count; c++)
            {
                Assert.True(containerNames.Add(containers[c].GetProperty("name").GetString()!));
                foreach (var property in containers[c].EnumerateObject().Where(p => p.Name is not ("name" or "requests" or "labels")))
                {
                    rules[property.Name] = rules.GetValueOrDefault(property.Name) + 1;
                }

                if (containers[c].TryGetProperty("dependsOn", out var dependencies))
                {
                    Assert.All(dependencies.EnumerateArray(), d => Assert.True(position[d.GetString()!] < c, "containers depend only on earlier containers of their task"));
                }

                if (containers[c].TryGetProperty("affinity", out var affinity))
                {
                    var target = affinity[0].GetProperty("labels");
                    Assert.True(containers.Take(c).Any(other => other.GetProperty("labels").ToString() == target.ToString()), "affinity names an earlier container of the task");
                }

                if (containers[c].TryGetProperty("requests", out var requests) && requests.TryGetProperty("gpu", out _))
                {
                    Assert.True(containers[c].TryGetProperty("tolerations", out _), "containers asking for GPUs tolerate the gpu taint");
                }
            }
        }

        Assert.InRange(withTaskDependencies, 500 * 20 / 100, 500 * 40 / 100);
        Assert.Equal(["affinity", "antiAffinity", "dependsOn", "nodeSelector", "nodeSelectorTerms", "spread", "tolerations"], rules.Keys.Order(System.StringComparer.Ordinal));
        Assert.All(rules.Values, count => Assert.True(count >= 30, $"each rule kind is common: {string.Join(", ", rules)}"));
    }

    [Fact]
    public void Generate_Tasks_ReportsTaskAndContainerCounts()
    {
        var run = CliRun.Of("generate", "--nodes", "10", "--tasks", "7", "--cluster-out", _dir.File("c.json"), "--workload-out", _dir.File("w.json"));

        using var workload = JsonDocument.Parse(File.ReadAllText(_dir.File("w.json")));
        var containers = workload.RootElement.GetProperty("tasks").EnumerateArray().Sum(t => t.GetProperty("containers").GetArrayLength());
        Assert.Equal($"csched: wrote 10 nodes to {_dir.File("c.json")} and 7 tasks ({containers} containers) to {_dir.File("w.json")}\n", run.Stdout);
    }
}
