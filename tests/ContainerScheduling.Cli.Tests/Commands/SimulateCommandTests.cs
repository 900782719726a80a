using System;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using System.Xml.Linq;
using ContainerScheduling.Cli.Tests.Support;
using Xunit;
using static ContainerScheduling.Cli.Tests.Support.TraceFiles;

namespace ContainerScheduling.Cli.Tests.Commands;

/// <summary><c>csched simulate</c>: the published experiment on clusters small enough to work out by hand, the JSON, the table and the chart.</summary>
public sealed class SimulateCommandTests : IDisposable
{
    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    [Fact]
    public void Simulate_TwoGpusAndThreeShares_PlacesAllAndMatchesTheHandComputation()
    {
        // 2 GPUs of 1000 milli; tasks of 600, 600 and 400: the two 600s cannot share a GPU, the 400 joins one of them.
        // Whatever the order and the policy: all 3 placed, 1600 of 2000 milli allocated (80%). --inflate 0.8 stops
        // arrivals at 1600 milli, so no copy is added. The fragmentation shapes are 600 (2 of 3 tasks) and 400 (1 of 3);
        // the GPU with 400 free is all fragment for the 600 shape and none for the 400 one: 2/3 · 400 = 266.67 milli,
        // 13.33% of 2000.
        _dir.Write("nodes.csv", TwoSingleGpuNodes);
        _dir.Write("tasks.csv", Csv(TaskHeader, "a,1000,1024,1,600", "b,1000,1024,1,600", "c,1000,1024,1,400"));

        var (run, json) = Simulate(_dir, "nodes.csv", "tasks.csv", "--policy", "all", "--seeds", "1-3", "--inflate", "0.8");

        Assert.Equal(0, run.ExitCode);
        using var document = JsonDocument.Parse(json);
        var policies = Policies(document.RootElement);
        Assert.Equal(GpuPlacementStrategies.Names, policies.Select(p => p.GetProperty("policy").GetString()!));
        foreach (var policy in policies)
        {
            foreach (var result in policy.GetProperty("runs").EnumerateArray())
            {
                Assert.Equal(3, result.GetProperty("tasks").GetInt32());
                Assert.Equal(3, result.GetProperty("placed").GetInt32());
                Assert.Equal(0, result.GetProperty("failed").GetInt32());
                var allocated = Numbers(result.GetProperty("allocatedGpuPct"));
                Assert.Equal(80.0, allocated[80]);
                Assert.Equal(80.0, allocated[100]);
                Assert.Equal(80.0, allocated[130]);
                Assert.Equal(0.0, allocated[0]);
                Assert.Equal(40.0 / 3, Numbers(result.GetProperty("fragmentationPct"))[100], 3);
            }

            var summary = policy.GetProperty("summary");
            Assert.Equal(20.0, summary.GetProperty("unallocatedGpuPctAtArrival100").GetDouble());
            Assert.Equal(80.0, summary.GetProperty("allocatedGpuPctAtArrival130").GetDouble());
            Assert.Equal(13.3333, summary.GetProperty("fragmentationPctAtArrival100").GetDouble(), 3);
        }

        Assert.Contains(
            $"{GpuPlacementStrategies.DefaultName} (ours) vs fgd: unallocated GPU at 100% arrival 20.00% vs 20.00%, the same as fgd (even); lower in 0 of 3 seeds\n",
            run.Stdout,
            StringComparison.Ordinal);
    }

    [Fact]
    public void Simulate_HalvesAndAWholeGpu_BestFitAlwaysPacksAndRandomSometimesSpreads()
    {
        // Two 500-milli shares and one whole GPU on 2 GPUs: it all fits only when the shares go to the same GPU.
        // bestfit packs them in every order; random spreads them in some seeds, and the whole GPU then fails.
        _dir.Write("nodes.csv", TwoSingleGpuNodes);
        _dir.Write("tasks.csv", Csv(TaskHeader, "h1,1000,1024,1,500", "h2,1000,1024,1,500", "w,1000,1024,1,1000"));

        var (run, json) = Simulate(_dir, "nodes.csv", "tasks.csv", "--policy", "bestfit,random", "--seeds", "1-30", "--inflate", "1");

        Assert.Equal(0, run.ExitCode);
        using var document = JsonDocument.Parse(json);
        var placed = Policies(document.RootElement).Select(p => p.GetProperty("runs").EnumerateArray().Select(r => r.GetProperty("placed").GetInt32()).ToArray()).ToArray();
        Assert.All(placed[0], count => Assert.Equal(3, count));
        Assert.Contains(2, placed[1]);
        Assert.All(placed[1], count => Assert.InRange(count, 2, 3));
    }

    [Theory]
    [InlineData("1.3", new[] { "x", "x-tuned-0" }, 2)]
    [InlineData("2", new[] { "x", "x-tuned-0", "x-tuned-1", "x-tuned-2" }, 2)]
    [InlineData("0.4", new[] { "x" }, 1)]
    public void Simulate_Inflation_AddsCopiesUntilTheNextWouldPassTheLimit(string inflation, string[] tasks, int placed)
    {
        // One whole-GPU task on 2 GPUs: it alone is 50% of capacity, so 130% takes one copy (100%; a second would
        // make 150%), 200% three copies; the original always arrives.
        _dir.Write("nodes.csv", TwoSingleGpuNodes);
        _dir.Write("tasks.csv", Csv(TaskHeader, "x,1000,1024,1,1000"));
        var placements = _dir.File("placements.csv");

        var (run, json) = Simulate(_dir, "nodes.csv", "tasks.csv", "--policy", "bestfit", "--seeds", "1", "--inflate", inflation, "--placements-out", placements);

        Assert.Equal(0, run.ExitCode);
        Assert.Equal(tasks, File.ReadAllLines(placements).Skip(1).Select(line => line.Split(',')[0]));
        using var document = JsonDocument.Parse(json);
        var result = document.RootElement.GetProperty("runs")[0];
        Assert.Equal(tasks.Length, result.GetProperty("tasks").GetInt32());
        Assert.Equal(placed, result.GetProperty("placed").GetInt32());
        Assert.Equal(placed * 50.0, Numbers(result.GetProperty("allocatedGpuPct"))[130]);
    }

    [Fact]
    public void Simulate_OnePolicy_WritesTheDocumentedShapeWithSummaryTheMeanOfTheRuns()
    {
        WriteMixedTrace(_dir, nodes: 12, tasks: 150, seed: 5);

        var (run, json) = Simulate(_dir, "nodes.csv", "tasks.csv", "--policy", "fgd", "--seeds", "3-6");

        Assert.Equal(0, run.ExitCode);
        using var document = JsonDocument.Parse(json);
        var root = document.RootElement;
        Assert.Equal("fgd", root.GetProperty("policy").GetString());
        Assert.Equal("tasks", root.GetProperty("workload").GetString());
        Assert.Equal([3, 4, 5, 6], root.GetProperty("seeds").EnumerateArray().Select(s => s.GetInt32()));
        var runs = root.GetProperty("runs").EnumerateArray().ToArray();
        Assert.Equal([3, 4, 5, 6], runs.Select(r => r.GetProperty("seed").GetInt32()));
        foreach (var result in runs)
        {
            Assert.Equal(131, result.GetProperty("allocatedGpuPct").GetArrayLength());
            Assert.Equal(131, result.GetProperty("fragmentationPct").GetArrayLength());
            Assert.Equal(result.GetProperty("tasks").GetInt32(), result.GetProperty("placed").GetInt32() + result.GetProperty("failed").GetInt32());
            Assert.True(result.GetProperty("tasks").GetInt32() >= 150);
        }

        var summary = root.GetProperty("summary");
        Assert.Equal(runs.Average(r => 100 - Numbers(r.GetProperty("allocatedGpuPct"))[100]), summary.GetProperty("unallocatedGpuPctAtArrival100").GetDouble(), 3);
        Assert.Equal(runs.Average(r => Numbers(r.GetProperty("allocatedGpuPct"))[130]), summary.GetProperty("allocatedGpuPctAtArrival130").GetDouble(), 3);
        Assert.Equal(runs.Average(r => Numbers(r.GetProperty("fragmentationPct"))[100]), summary.GetProperty("fragmentationPctAtArrival100").GetDouble(), 3);
        Assert.False(root.TryGetProperty("policies", out _));
    }

    [Fact]
    public void Simulate_NoPolicy_RunsTheDefaultPolicy()
    {
        WriteMixedTrace(_dir, nodes: 6, tasks: 40, seed: 1);

        var (run, json) = Simulate(_dir, "nodes.csv", "tasks.csv", "--seeds", "1");

        Assert.Equal(0, run.ExitCode);
        using var document = JsonDocument.Parse(json);
        Assert.Equal(GpuPlacementStrategies.DefaultName, document.RootElement.GetProperty("policy").GetString());
    }

    [Fact]
    public void Simulate_DefaultSeeds_Are42To51()
    {
        WriteMixedTrace(_dir, nodes: 6, tasks: 40, seed: 1);

        var (run, json) = Simulate(_dir, "nodes.csv", "tasks.csv", "--policy", "bestfit");

        Assert.Equal(0, run.ExitCode);
        using var document = JsonDocument.Parse(json);
        Assert.Equal(Enumerable.Range(42, 10), document.RootElement.GetProperty("runs").EnumerateArray().Select(r => r.GetProperty("seed").GetInt32()));
    }

    [Fact]
    public void Simulate_AllPolicies_PrintsOneRowPerPolicyAndWritesOneEntryEach()
    {
        WriteMixedTrace(_dir, nodes: 10, tasks: 100, seed: 2);

        var (run, json) = Simulate(_dir, "nodes.csv", "tasks.csv", "--policy", "all", "--seeds", "1-2");

        Assert.Equal(0, run.ExitCode);
        var lines = run.Stdout.Split('\n');
        foreach (var name in GpuPlacementStrategies.Names)
        {
            Assert.Single(lines, line => IsRowOf(name, line));
        }

        Assert.DoesNotContain("published", run.Stdout, StringComparison.Ordinal);
        // The comparison with fgd is the table's last line (only "wrote ..." follows).
        Assert.Matches($@"\n14 runs in [0-9.]+ s wall, [0-9]+ at a time\n{Regex.Escape(GpuPlacementStrategies.DefaultName)} \(ours\) vs fgd: [^\n]*\nwrote the runs to ", run.Stdout);
        using var document = JsonDocument.Parse(json);
        Assert.Equal("tasks", document.RootElement.GetProperty("workload").GetString());
        Assert.Equal(GpuPlacementStrategies.Names, document.RootElement.GetProperty("policies").EnumerateArray().Select(p => p.GetProperty("policy").GetString()!));
    }

    [Fact]
    public void Simulate_PublishedWorkloadFileName_PrintsThePaperBesideOurs()
    {
        var tasks = WriteMixedTrace(_dir, nodes: 10, tasks: 100, seed: 2);
        File.WriteAllText(_dir.File("openb_pod_list_gpuspec10.csv"), tasks);

        var (run, json) = Simulate(_dir, "nodes.csv", "openb_pod_list_gpuspec10.csv", "--policy", $"random,fgd,{GpuPlacementStrategies.DefaultName}", "--seeds", "1-2");

        Assert.Equal(0, run.ExitCode);
        var lines = run.Stdout.Split('\n');
        Assert.Contains("published", lines[1], StringComparison.Ordinal);
        var random = Assert.Single(lines, line => IsRowOf("random", line));
        var fgd = Assert.Single(lines, line => IsRowOf("fgd", line));
        var ours = Assert.Single(lines, line => IsRowOf(GpuPlacementStrategies.DefaultName, line));
        Assert.Contains(" 13.74 ", random, StringComparison.Ordinal);
        Assert.Contains(" 5.34 ", fgd, StringComparison.Ordinal);
        Assert.DoesNotContain(" 5.34 ", ours, StringComparison.Ordinal);
        Assert.Contains("Weng et al., USENIX ATC'23", run.Stdout, StringComparison.Ordinal);
        using var document = JsonDocument.Parse(json);
        Assert.Equal("gpuspec10", document.RootElement.GetProperty("workload").GetString());
    }

    [Fact]
    public void Simulate_PublishedRow_IsMarkedOkOnlyWithinOnePoint()
    {
        // A tiny cluster left 20% unallocated at 100% arrival (see the hand computation above): random's published
        // 13.70 is 6.3 points away, so no row is "ok".
        _dir.Write("nodes.csv", TwoSingleGpuNodes);
        _dir.Write("openb_pod_list_default.csv", Csv(TaskHeader, "a,1000,1024,1,600", "b,1000,1024,1,600", "c,1000,1024,1,400"));

        var (run, _) = Simulate(_dir, "nodes.csv", "openb_pod_list_default.csv", "--policy", "random", "--seeds", "1", "--inflate", "0.8");

        Assert.Equal(0, run.ExitCode);
        var row = Assert.Single(run.Stdout.Split('\n'), line => IsRowOf("random", line));
        Assert.Contains("20.00 ± 0.00", row, StringComparison.Ordinal);
        Assert.Contains("13.70", row, StringComparison.Ordinal);
        Assert.Contains("+6.30", row, StringComparison.Ordinal);
        Assert.DoesNotContain(" ok", row, StringComparison.Ordinal);
        Assert.Contains("note: the paper used the nodes of openb_node_list_gpu_node.csv, not nodes.csv", run.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public void Simulate_SameArgumentsTwice_WritesByteIdenticalJson()
    {
        WriteMixedTrace(_dir, nodes: 30, tasks: 300, seed: 9);

        var (first, firstJson) = Simulate(_dir, "nodes.csv", "tasks.csv", "--policy", "all", "--seeds", "1-4");
        var (second, secondJson) = Simulate(_dir, "nodes.csv", "tasks.csv", "--policy", "all", "--seeds", "1-4");

        Assert.Equal(0, first.ExitCode);
        Assert.Equal(0, second.ExitCode);
        Assert.Equal(firstJson, secondJson);
        Assert.Equal(7 * 4, firstJson.Split("\"seed\":").Length - 1);
    }

    [Fact]
    public void Simulate_DifferentSeeds_TagRunsWithTheirSeedAndDiffer()
    {
        WriteMixedTrace(_dir, nodes: 30, tasks: 300, seed: 9);

        var (run, json) = Simulate(_dir, "nodes.csv", "tasks.csv", "--policy", "bestfit", "--seeds", "7,3");
        var (alone, aloneJson) = Simulate(_dir, "nodes.csv", "tasks.csv", "--policy", "bestfit", "--seeds", "3");

        Assert.Equal(0, run.ExitCode);
        Assert.Equal(0, alone.ExitCode);
        using var document = JsonDocument.Parse(json);
        using var single = JsonDocument.Parse(aloneJson);
        var runs = document.RootElement.GetProperty("runs").EnumerateArray().ToArray();
        Assert.Equal([7, 3], runs.Select(r => r.GetProperty("seed").GetInt32()));
        Assert.NotEqual(runs[0].GetProperty("tasks").GetInt32() + runs[0].GetProperty("allocatedGpuPct").GetRawText(), runs[1].GetProperty("tasks").GetInt32() + runs[1].GetProperty("allocatedGpuPct").GetRawText());

        // Seed 3's run is the same whether it runs alone or beside seed 7.
        Assert.Equal(single.RootElement.GetProperty("runs")[0].GetRawText(), runs[1].GetRawText());
    }

    [Fact]
    public void Simulate_WithoutOutput_PrintsTheTableOnly()
    {
        WriteMixedTrace(_dir, nodes: 6, tasks: 40, seed: 1);

        var run = CliRun.Of("simulate", "--nodes", _dir.File("nodes.csv"), "--tasks", _dir.File("tasks.csv"), "--policy", "packing", "--seeds", "1-2");

        Assert.Equal(0, run.ExitCode);
        Assert.Equal("", run.Stderr);
        Assert.StartsWith("tasks.csv on nodes.csv: 6 nodes, ", run.Stdout, StringComparison.Ordinal);
        Assert.Contains("40 tasks; 2 seeds (1-2); shuffled, inflated to 130% of GPU capacity", run.Stdout, StringComparison.Ordinal);
        Assert.Single(run.Stdout.Split('\n'), line => IsRowOf("packing", line));
        Assert.DoesNotContain("{", run.Stdout, StringComparison.Ordinal);
        Assert.Equal(["nodes.csv", "tasks.csv"], _dir.FileNames());
    }

    [Fact]
    public void Simulate_Chart_IsAnSvgWithOnePolylinePerPolicy()
    {
        WriteMixedTrace(_dir, nodes: 10, tasks: 100, seed: 3);
        var chart = _dir.File("chart.svg");

        var (run, _) = Simulate(_dir, "nodes.csv", "tasks.csv", "--policy", "all", "--seeds", "1-2", "--chart", chart);

        Assert.Equal(0, run.ExitCode);
        var svg = XDocument.Parse(File.ReadAllText(chart));
        XNamespace ns = "http://www.w3.org/2000/svg";
        Assert.Equal(ns + "svg", svg.Root!.Name);
        Assert.Equal("0 0 900 560", svg.Root.Attribute("viewBox")?.Value);
        Assert.Contains("tasks", svg.Root.Element(ns + "title")!.Value, StringComparison.Ordinal);
        var curves = svg.Descendants(ns + "g").Single(g => g.Attribute("class")?.Value == "curves").Elements(ns + "polyline").ToArray();
        Assert.Equal(GpuPlacementStrategies.Names, curves.Select(c => c.Element(ns + "title")!.Value));
        Assert.Equal(GpuPlacementStrategies.Names.Count, curves.Select(c => c.Attribute("stroke")!.Value).Distinct().Count());
        Assert.All(curves, c => Assert.Equal(131, c.Attribute("points")!.Value.Split(' ').Length));
        Assert.All(GpuPlacementStrategies.Names, name => Assert.Contains(svg.Descendants(ns + "text"), t => t.Value.StartsWith(name, StringComparison.Ordinal)));
    }

    [Fact]
    public void Simulate_Chart_PlotsTheMeanAllocation()
    {
        // All runs allocate 80% from arrival 80% on (hand computation above): the point at x = 100 sits at y = 80.
        _dir.Write("nodes.csv", TwoSingleGpuNodes);
        _dir.Write("tasks.csv", Csv(TaskHeader, "a,1000,1024,1,600", "b,1000,1024,1,600", "c,1000,1024,1,400"));
        var chart = _dir.File("chart.svg");

        var (run, _) = Simulate(_dir, "nodes.csv", "tasks.csv", "--policy", "bestfit", "--seeds", "1-2", "--inflate", "0.8", "--chart", chart);

        Assert.Equal(0, run.ExitCode);
        var svg = XDocument.Parse(File.ReadAllText(chart));
        XNamespace ns = "http://www.w3.org/2000/svg";
        var line = svg.Descendants(ns + "g").Single(g => g.Attribute("class")?.Value == "curves").Element(ns + "polyline")!;
        var points = line.Attribute("points")!.Value.Split(' ').Select(p => p.Split(',').Select(v => double.Parse(v, CultureInfo.InvariantCulture)).ToArray()).ToArray();

        // Plot area: x 70..700 for 0..130%, y 500..50 for 0..100%.
        Assert.Equal(70 + (100 / 130.0 * 630), points[100][0], 1);
        Assert.Equal(500 - (0.8 * 450), points[100][1], 1);
        Assert.Equal(500, points[0][1], 1);
    }

    /// <summary>Whether a line is the table row of a policy: its name, spaces, then the first number.</summary>
    internal static bool IsRowOf(string policy, string line) =>
        line.StartsWith(policy + " ", StringComparison.Ordinal) && char.IsAsciiDigit(line.AsSpan(policy.Length).TrimStart()[0]);

    /// <summary>Writes a seeded random trace like the real one (shares, whole GPUs, CPU-only tasks, a few model constraints); returns the task CSV.</summary>
    internal static string WriteMixedTrace(TempDirectory dir, int nodes, int tasks, int seed)
    {
        var random = new Random(seed);
        string[] models = ["T4", "V100M32", "A10"];
        var nodeCsv = new StringBuilder(TraceFiles.NodeHeader + "\n");
        for (var i = 0; i < nodes; i++)
        {
            var gpus = new[] { 1, 2, 4, 8 }[random.Next(4)];
            nodeCsv.Append(CultureInfo.InvariantCulture, $"node-{i:000},{random.Next(32, 97) * 1000},{random.Next(128, 513) * 1024},{gpus},{models[random.Next(models.Length)]}\n");
        }

        var taskCsv = new StringBuilder(TraceFiles.TaskHeader + ",gpu_spec,creation_time,deletion_time\n");
        for (var i = 0; i < tasks; i++)
        {
            var kind = random.Next(10);
            var (gpus, milli) = kind switch
            {
                < 2 => (0, 0),
                < 7 => (1, new[] { 100, 250, 500, 700, 1000 }[random.Next(5)]),
                _ => (new[] { 2, 4 }[random.Next(2)], 1000),
            };
            var spec = gpus > 0 && random.Next(10) == 0 ? models[random.Next(models.Length)] : "";
            var created = random.Next(0, 1000);
            taskCsv.Append(CultureInfo.InvariantCulture, $"task-{i:0000},{random.Next(1, 17) * 1000},{random.Next(1, 65) * 1024},{gpus},{milli},{spec},{created},{created + random.Next(1, 500)}\n");
        }

        dir.Write("nodes.csv", nodeCsv.ToString());
        return dir.Write("tasks.csv", taskCsv.ToString()) is { } path ? File.ReadAllText(path) : "";
    }
}
