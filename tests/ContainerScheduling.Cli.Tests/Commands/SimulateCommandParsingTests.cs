using System;
using System.IO;
using System.Text;
using ContainerScheduling.Cli.Tests.Support;
using Xunit;
using static ContainerScheduling.Cli.Tests.Support.TraceFiles;

namespace ContainerScheduling.Cli.Tests.Commands;

/// <summary>
/// How <c>csched simulate</c> reads the trace CSVs: header-driven, tolerant of the forms real files take, and every
/// bad row an exit code 2 with one line naming the file and the line, no output file.
/// </summary>
public sealed class SimulateCommandParsingTests : IDisposable
{
    private const string Tasks = TaskHeader + "\na,1000,1024,1,600\nb,2000,2048,1,600\nc,500,512,1,400\nd,4000,4096,0,0\n";

    // 1600 of 2000 milli-GPU: --inflate 0.8 adds no copy, so all 4 tasks are placed in every run.
    private static readonly string[] Arguments = ["--policy", "bestfit", "--seeds", "1-3", "--inflate", "0.8"];

    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    [Fact]
    public void Simulate_ColumnsInAnotherOrder_GiveTheSameRuns()
    {
        var expected = Reference();
        using var other = new TempDirectory();
        other.Write("nodes.csv", Csv("model,gpu,cpu_milli,sn,memory_mib", "T4,1,32000,n1,65536", "T4,1,32000,n2,65536"));
        other.Write("tasks.csv", Csv("gpu_milli,memory_mib,name,num_gpu,cpu_milli", "600,1024,a,1,1000", "600,2048,b,1,2000", "400,512,c,1,500", "0,4096,d,0,4000"));

        var (run, json) = Simulate(other, "nodes.csv", "tasks.csv", Arguments);

        Assert.Equal(0, run.ExitCode);
        Assert.Equal(expected, json);
    }

    [Fact]
    public void Simulate_FullElevenColumnForm_ReadsLikeTheFiveColumnForm()
    {
        // The multigpu files have only the first five columns; the others have eleven, extra ones ignored.
        var expected = Reference();
        using var other = new TempDirectory();
        other.Write("nodes.csv", Csv("sn,cpu_milli,memory_mib,gpu,model,note", "n1,32000,65536,1,T4,x", "n2,32000,65536,1,T4,y"));
        other.Write("tasks.csv", Csv(
            "name,cpu_milli,memory_mib,num_gpu,gpu_milli,gpu_spec,qos,pod_phase,creation_time,deletion_time,scheduled_time",
            "a,1000,1024,1,600,,LS,Running,0,100,0",
            "b,2000,2048,1,600,,BE,Failed,5,9,",
            "c,500,512,1,400,,LS,Pending,7,70,7",
            "d,4000,4096,0,0,,LS,Running,8,80,8"));

        var (run, json) = Simulate(other, "nodes.csv", "tasks.csv", Arguments);

        Assert.Equal(0, run.ExitCode);
        Assert.Equal(expected, json);
    }

    [Fact]
    public void Simulate_BomCrlfBlankLinesAndTrailingEmptyFields_AreTolerated()
    {
        var expected = Reference();
        using var other = new TempDirectory();
        var bom = Encoding.UTF8.GetPreamble();
        File.WriteAllBytes(other.File("nodes.csv"), [.. bom, .. Encoding.UTF8.GetBytes("sn,cpu_milli,memory_mib,gpu,model,,\r\n\r\nn1,32000,65536,1,T4,,\r\n,,,,\r\nn2, 32000 ,65536,1,\"T4\"\r\n")]);
        File.WriteAllBytes(other.File("tasks.csv"), [.. bom, .. Encoding.UTF8.GetBytes("\r\nname,cpu_milli,memory_mib,num_gpu,gpu_milli\r\na,1000,1024,1,600,\r\n\r\nb,2000,2048,1,600\r\nc,500,512,1,400,,,\r\n   \r\nd,4000,4096,0,0")]);

        var (run, json) = Simulate(other, "nodes.csv", "tasks.csv", Arguments);

        Assert.Equal(0, run.ExitCode);
        Assert.Equal(expected, json);
    }

    [Fact]
    public void Simulate_GpuSpecWithBar_PlacesOnlyOnListedModelsAndAnUnknownModelNeverFits()
    {
        _dir.Write("nodes.csv", Csv(NodeHeader, "t4,32000,65536,1,T4", "a10,32000,65536,1,A10", "cpu,32000,65536,0,"));
        _dir.Write("tasks.csv", Csv(
            "name,cpu_milli,memory_mib,num_gpu,gpu_milli,gpu_spec",
            "wants-a10,1000,1024,1,1000,V100M32|A10",
            "wants-h100,1000,1024,1,100,H100",
            "\"cpu, only\",1000,1024,0,0,"));
        var placements = _dir.File("placements.csv");

        var (run, _) = Simulate(_dir, "nodes.csv", "tasks.csv", "--policy", "bestfit", "--seeds", "1", "--inflate", "0", "--placements-out", placements);

        Assert.Equal(0, run.ExitCode);
        var lines = File.ReadAllLines(placements);
        Assert.Equal("task,node,gpus", lines[0]);
        Assert.Equal(4, lines.Length);
        Assert.Contains("wants-a10,a10,0", lines);
        Assert.Contains("wants-h100,,", lines);
        Assert.Contains(lines, line => line.StartsWith("\"cpu, only\",", StringComparison.Ordinal) && !line.EndsWith(",,", StringComparison.Ordinal));
    }

    public static TheoryData<string, string, string, string[]> BadFiles() => new()
    {
        { "missing column", TwoSingleGpuNodes, Csv("name,cpu_milli,memory_mib,num_gpu", "a,1,1,0"), ["tasks.csv:1: the header has no column 'gpu_milli'", "it has: name, cpu_milli"] },
        { "missing node column", Csv("sn,cpu_milli,memory_mib,gpu", "n1,1,1,0"), Tasks, ["nodes.csv:1: the header has no column 'model'"] },
        { "not a number", TwoSingleGpuNodes, Csv(TaskHeader, "a,1,1,0,0", "b,lots,1,0,0"), ["tasks.csv:3: column 'cpu_milli': 'lots' is not a non-negative integer"] },
        { "decimal", TwoSingleGpuNodes, Csv(TaskHeader, "a,1.5,1,0,0"), ["tasks.csv:2: column 'cpu_milli': '1.5' is not a non-negative integer"] },
        { "negative", TwoSingleGpuNodes, Csv(TaskHeader, "a,1,-5,0,0"), ["tasks.csv:2: column 'memory_mib': '-5' is not a non-negative integer"] },
        { "negative node cpu", Csv(NodeHeader, "n1,-1,1,1,T4"), Tasks, ["nodes.csv:2: column 'cpu_milli': '-1' is not a non-negative integer"] },
        { "empty number", TwoSingleGpuNodes, Csv(TaskHeader, "a,1,1,,0"), ["tasks.csv:2: column 'num_gpu': '' is not a non-negative integer"] },
        { "too large", TwoSingleGpuNodes, Csv(TaskHeader, "a,99999999999999999999,1,0,0"), ["tasks.csv:2: column 'cpu_milli': '99999999999999999999' is not a non-negative integer up to"] },
        { "milli 1500", TwoSingleGpuNodes, Csv(TaskHeader, "a,1,1,1,500", "b,1,1,1,1500"), ["tasks.csv:3: column 'gpu_milli': '1500' is not accepted: Task 'b': with 1 GPU(s) the milli-GPU must be 1..1000"] },
        { "two GPUs of 500", TwoSingleGpuNodes, Csv(TaskHeader, "a,1,1,2,500"), ["tasks.csv:2: column 'gpu_milli': '500' is not accepted", "1000 (whole GPUs)"] },
        { "no GPU but milli", TwoSingleGpuNodes, Csv(TaskHeader, "a,1,1,0,300"), ["tasks.csv:2: column 'gpu_milli': '300' is not accepted"] },
        { "too many GPUs", TwoSingleGpuNodes, Csv(TaskHeader, "a,1,1,65,1000"), ["tasks.csv:2: column 'num_gpu': '65' is not accepted"] },
        { "models without GPU", TwoSingleGpuNodes, Csv(TaskHeader + ",gpu_spec", "a,1,1,0,0,T4"), ["tasks.csv:2: column 'gpu_spec': 'T4' is not accepted", "names GPU models but asks for no GPU"] },
        { "blank model in list", TwoSingleGpuNodes, Csv(TaskHeader + ",gpu_spec", "a,1,1,1,10,T4||A10"), ["tasks.csv:2: column 'gpu_spec': 'T4||A10' is not accepted"] },
        { "GPUs without model", Csv(NodeHeader, "n1,1,1,2,"), Tasks, ["nodes.csv:2: column 'model': '' is not accepted: Node 'n1' has 2 GPUs but no GPU model"] },
        { "model without GPUs", Csv(NodeHeader, "n1,1,1,0,T4"), Tasks, ["nodes.csv:2: column 'gpu': '0' is not accepted"] },
        { "too few fields", TwoSingleGpuNodes, Csv(TaskHeader, "a,1,1,0,0", "b,1,1,0"), ["tasks.csv:3: 4 fields, but the header (line 1) has 5 columns"] },
        { "too many fields", TwoSingleGpuNodes, Csv(TaskHeader, "a,1,1,0,0,x"), ["tasks.csv:2: 6 fields, but the header (line 1) has 5 columns"] },
        { "line counts blank lines", TwoSingleGpuNodes, "\n" + TaskHeader + "\n\na,1,1,0,0\r\n\nb,x,1,0,0\n", ["tasks.csv:6: column 'cpu_milli': 'x'"] },
        { "duplicate task", TwoSingleGpuNodes, Csv(TaskHeader, "a,1,1,0,0", "b,1,1,0,0", "a,2,2,0,0"), ["tasks.csv:4: task 'a' is already defined on line 2"] },
        { "duplicate node", Csv(NodeHeader, "n1,1,1,1,T4", "n2,1,1,1,T4", "n1,1,1,1,T4"), Tasks, ["nodes.csv:4: node 'n1' is already defined on line 2"] },
        { "empty name", TwoSingleGpuNodes, Csv(TaskHeader, ",1,1,0,0"), ["tasks.csv:2: column 'name': '' is not a name"] },
        { "unclosed quote", TwoSingleGpuNodes, Csv(TaskHeader, "\"a,1,1,0,0"), ["tasks.csv:2: a quoted field is not closed on its line"] },
        { "text after quote", TwoSingleGpuNodes, Csv(TaskHeader, "\"a\"x,1,1,0,0"), ["tasks.csv:2: unexpected 'x' after the quoted field 1"] },
        { "column twice", TwoSingleGpuNodes, Csv("name,cpu_milli,memory_mib,num_gpu,gpu_milli,cpu_milli", "a,1,1,0,0,1"), ["tasks.csv:1: the header names column 'cpu_milli' twice"] },
        { "header only", TwoSingleGpuNodes, Csv(TaskHeader), ["tasks.csv: no task (only the header, line 1)"] },
        { "empty file", "\n\n", Tasks, ["nodes.csv: the file is empty; expected a header line such as sn,cpu_milli,memory_mib,gpu,model"] },
    };

    [Theory]
    [MemberData(nameof(BadFiles))]
    public void Simulate_BadRow_ExitsTwoNamingFileAndLineWithNoOutput(string scenario, string nodes, string tasks, string[] fragments)
    {
        _dir.Write("nodes.csv", nodes);
        _dir.Write("tasks.csv", tasks);
        var chart = _dir.File("chart.svg");

        var (run, json) = Simulate(_dir, "nodes.csv", "tasks.csv", "--policy", "all", "--seeds", "1-2", "--chart", chart);

        PlaceCommandErrorTests.AssertFailedCleanly(run, scenario, fragments);
        Assert.Equal("", json);
        Assert.Equal(["nodes.csv", "tasks.csv"], _dir.FileNames());
    }

    [Fact]
    public void Simulate_MissingFile_ExitsTwoNamingIt()
    {
        _dir.Write("nodes.csv", TwoSingleGpuNodes);

        var (run, _) = Simulate(_dir, "nodes.csv", "nowhere.csv");

        PlaceCommandErrorTests.AssertFailedCleanly(run, "missing file", ["cannot read tasks file", "nowhere.csv", "no such file"]);
    }

    /// <summary>The canonical form of the files the tolerance tests rewrite, and its JSON.</summary>
    private string Reference()
    {
        _dir.Write("nodes.csv", TwoSingleGpuNodes);
        _dir.Write("tasks.csv", Tasks);
        var (run, json) = Simulate(_dir, "nodes.csv", "tasks.csv", Arguments);
        Assert.Equal(0, run.ExitCode);
        Assert.Contains("\"placed\": 4", json, StringComparison.Ordinal);
        return json;
    }
}
