using System.Collections.Generic;
using System.Linq;
using System.Text.Json;

namespace ContainerScheduling.Cli.Tests.Support;

/// <summary>Small trace CSVs for <c>csched simulate</c> tests, and readers of its JSON.</summary>
internal static class TraceFiles
{
    public const string NodeHeader = "sn,cpu_milli,memory_mib,gpu,model";
    public const string TaskHeader = "name,cpu_milli,memory_mib,num_gpu,gpu_milli";

    /// <summary>Two nodes of one T4 GPU each, plenty of CPU and memory.</summary>
    public const string TwoSingleGpuNodes = NodeHeader + "\nn1,32000,65536,1,T4\nn2,32000,65536,1,T4\n";

    /// <summary>Lines joined with <c>\n</c>, ending with one.</summary>
    public static string Csv(params string[] lines) => string.Join("\n", lines) + "\n";

    /// <summary>Runs csched simulate on files in <paramref name="dir"/> and returns the run and the JSON it wrote.</summary>
    public static (CliRun Run, string Json) Simulate(TempDirectory dir, string nodes, string tasks, params string[] extra)
    {
        var output = dir.File("out.json");
        if (System.IO.File.Exists(output))
        {
            System.IO.File.Delete(output);
        }

        string[] args = ["simulate", "--nodes", dir.File(nodes), "--tasks", dir.File(tasks), "--output", output, .. extra];
        var run = CliRun.Of(args);
        return (run, System.IO.File.Exists(output) ? System.IO.File.ReadAllText(output) : "");
    }

    /// <summary>Gets an array of numbers.</summary>
    public static double[] Numbers(JsonElement array) => array.EnumerateArray().Select(e => e.GetDouble()).ToArray();

    /// <summary>Gets the policy objects of a result: the root for one policy, the entries of "policies" for several.</summary>
    public static IReadOnlyList<JsonElement> Policies(JsonElement root) =>
        root.TryGetProperty("policies", out var policies) ? policies.EnumerateArray().ToArray() : [root];
}
