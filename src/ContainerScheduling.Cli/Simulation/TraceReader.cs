using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text;
using ContainerScheduling.Cli.Json;

namespace ContainerScheduling.Cli.Simulation;

/// <summary>
/// Reads the files of <c>csched simulate</c>: the node and task CSVs of a GPU trace (the columns of the Alibaba
/// <c>cluster-trace-gpu-v2023</c> files, found by name in the header, in any order, extra columns ignored), and the
/// arrival and tie-break orders of a reference run (one name per line). Every bad row is a <see cref="CliException"/>
/// naming the file and the line; so is an <see cref="ArgumentException"/> of <see cref="GpuNodeSpec"/>,
/// <see cref="GpuRequest"/> or <see cref="GpuTraceTask"/> for a row.
/// </summary>
internal static class TraceReader
{
    /// <summary>The node columns, in the order the help text lists them.</summary>
    public const string NodeHeader = "sn,cpu_milli,memory_mib,gpu,model";

    /// <summary>The required task columns.</summary>
    public const string TaskHeader = "name,cpu_milli,memory_mib,num_gpu,gpu_milli";

    /// <summary>The separator of the GPU models in <c>gpu_spec</c>.</summary>
    public const char ModelSeparator = '|';

    private const string CreationTime = "creation_time";
    private const string DeletionTime = "deletion_time";

    /// <summary>Reads the nodes: columns <c>sn, cpu_milli, memory_mib, gpu, model</c> (empty model = CPU-only node).</summary>
    /// <param name="path">The CSV file.</param>
    /// <returns>The nodes in file order; at least one, names unique.</returns>
    public static IReadOnlyList<GpuNodeSpec> ReadNodes(string path)
    {
        var table = CsvTable.ReadFile(path, "nodes", NodeHeader);
        int name = table.RequiredColumn("sn"), cpu = table.RequiredColumn("cpu_milli"), memory = table.RequiredColumn("memory_mib");
        int gpus = table.RequiredColumn("gpu"), model = table.RequiredColumn("model");
        var parameters = new Dictionary<string, int>(StringComparer.Ordinal)
        {
            ["name"] = name, ["cpuMilli"] = cpu, ["memoryMib"] = memory, ["gpuCount"] = gpus, ["gpuModel"] = model,
        };

        var nodes = new List<GpuNodeSpec>(table.Rows.Count);
        var lines = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var row in table.Rows)
        {
            var nodeName = NameOf(table, row, name);
            var node = Construct(table, row, parameters, () => new GpuNodeSpec(
                nodeName, table.NonNegative(row, cpu), table.NonNegative(row, memory), table.NonNegativeInt32(row, gpus), row.Fields[model]));
            if (!lines.TryAdd(nodeName, row.Line))
            {
                throw new CliException($"{table.FileName}:{row.Line}: node {JsonInput.Quote(nodeName)} is already defined on line {lines[nodeName]}");
            }

            nodes.Add(node);
        }

        return nodes.Count > 0 ? nodes : throw new CliException($"{table.FileName}: no node (only the header, line {table.HeaderLine})");
    }

    /// <summary>
    /// Reads the tasks: columns <c>name, cpu_milli, memory_mib, num_gpu, gpu_milli</c>, optionally <c>gpu_spec</c>
    /// (models separated by <c>|</c>, empty = any) and, for a replay, <c>creation_time</c> and <c>deletion_time</c>.
    /// </summary>
    /// <param name="path">The CSV file.</param>
    /// <param name="withTimes">Whether the times are needed (then their columns are required and checked).</param>
    /// <returns>The tasks in file order; at least one, names unique.</returns>
    public static TraceWorkload ReadTasks(string path, bool withTimes)
    {
        var table = CsvTable.ReadFile(path, "tasks", TaskHeader);
        int name = table.RequiredColumn("name"), cpu = table.RequiredColumn("cpu_milli"), memory = table.RequiredColumn("memory_mib");
        int gpus = table.RequiredColumn("num_gpu"), milli = table.RequiredColumn("gpu_milli"), spec = table.OptionalColumn("gpu_spec");
        int created = -1, deleted = -1;
        if (withTimes)
        {
            const string Why = "; --replay needs creation_time and deletion_time (seconds from the trace start)";
            created = table.RequiredColumn(CreationTime, Why);
            deleted = table.RequiredColumn(DeletionTime, Why);
        }

        var parameters = new Dictionary<string, int>(StringComparer.Ordinal)
        {
            ["name"] = name, ["cpuMilli"] = cpu, ["memoryMib"] = memory, ["gpuCount"] = gpus, ["gpuMilli"] = milli,
            ["gpuModels"] = spec, ["creationTime"] = created, ["deletionTime"] = deleted,
        };

        var requests = new List<GpuRequest>(table.Rows.Count);
        var timed = withTimes ? new List<GpuTraceTask>(table.Rows.Count) : null;
        var lines = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var row in table.Rows)
        {
            var taskName = NameOf(table, row, name);
            var models = spec < 0 || row.Fields[spec].Length == 0 ? null : row.Fields[spec].Split(ModelSeparator, StringSplitOptions.TrimEntries);
            var request = Construct(table, row, parameters, () => new GpuRequest(
                taskName, table.NonNegative(row, cpu), table.NonNegative(row, memory), table.NonNegativeInt32(row, gpus), table.NonNegativeInt32(row, milli), models));
            if (!lines.TryAdd(taskName, row.Line))
            {
                throw new CliException($"{table.FileName}:{row.Line}: task {JsonInput.Quote(taskName)} is already defined on line {lines[taskName]}");
            }

            requests.Add(request);
            if (timed is not null)
            {
                timed.Add(Construct(table, row, parameters, () => new GpuTraceTask(request, table.NonNegative(row, created), table.NonNegative(row, deleted))));
            }
        }

        return requests.Count > 0
            ? new TraceWorkload(requests, timed)
            : throw new CliException($"{table.FileName}: no task (only the header, line {table.HeaderLine})");
    }

    /// <summary>
    /// Reads an arrival order: one task name per line (<c>name-tuned-i</c> = the i-th copy of task <c>name</c>, as
    /// <see cref="GpuTraceExperimentOptions.ArrivalOrder"/> reads it), blank lines ignored, each name once.
    /// </summary>
    /// <param name="path">The text file.</param>
    /// <param name="tasks">The workload the names must come from.</param>
    /// <param name="tasksPath">The task file's name, for messages.</param>
    /// <returns>The names in arrival order.</returns>
    public static IReadOnlyList<string> ReadArrivalOrder(string path, IReadOnlyList<GpuRequest> tasks, string tasksPath)
    {
        var known = tasks.Select(t => t.Name).ToHashSet(StringComparer.Ordinal);
        var order = new List<string>();
        var lines = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var (line, name) in ReadNames(path, "arrival order"))
        {
            // The experiment cuts a name at "-tuned-" to find the task it copies; check the same way.
            var cut = name.IndexOf("-tuned-", StringComparison.Ordinal);
            var original = cut >= 0 ? name[..cut] : name;
            if (!known.Contains(original))
            {
                throw new CliException(cut >= 0
                    ? $"{path}:{line}: {JsonInput.Quote(name)} is a copy of {JsonInput.Quote(original)}, which is not a task of {tasksPath}"
                    : $"{path}:{line}: {JsonInput.Quote(name)} is not a task of {tasksPath}");
            }

            if (!lines.TryAdd(name, line))
            {
                throw new CliException($"{path}:{line}: {JsonInput.Quote(name)} is listed again (first on line {lines[name]})");
            }

            order.Add(name);
        }

        return order.Count > 0 ? order : throw new CliException($"{path}: the arrival order lists no task");
    }

    /// <summary>
    /// Reads a tie-break order: every node once, most preferred first, one per line. A line may carry a rank prefix
    /// (<c>0042-openb-node-0123</c>): leading digits and a dash are dropped when the rest is a node's name and the
    /// whole line is not.
    /// </summary>
    /// <param name="path">The text file.</param>
    /// <param name="nodes">The cluster's nodes.</param>
    /// <param name="nodesPath">The node file's name, for messages.</param>
    /// <returns>Every node name once, in tie-break order.</returns>
    public static IReadOnlyList<string> ReadTieBreakOrder(string path, IReadOnlyList<GpuNodeSpec> nodes, string nodesPath)
    {
        var known = nodes.Select(n => n.Name).ToHashSet(StringComparer.Ordinal);
        var order = new List<string>(nodes.Count);
        var lines = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var (line, text) in ReadNames(path, "tie-break order"))
        {
            var name = known.Contains(text) ? text : WithoutRank(text) is { } rest && known.Contains(rest) ? rest : null;
            if (name is null)
            {
                throw new CliException($"{path}:{line}: {JsonInput.Quote(text)} is not a node of {nodesPath}");
            }

            if (!lines.TryAdd(name, line))
            {
                throw new CliException($"{path}:{line}: node {JsonInput.Quote(name)} is listed again (first on line {lines[name]})");
            }

            order.Add(name);
        }

        if (order.Count < nodes.Count)
        {
            var missing = nodes.Where(n => !lines.ContainsKey(n.Name)).Select(n => JsonInput.Quote(n.Name)).ToArray();
            throw new CliException(
                $"{path}: the tie-break order must list every node of {nodesPath}; {missing.Length} missing: {string.Join(", ", missing.Take(5))}{(missing.Length > 5 ? ", …" : "")}");
        }

        return order;
    }

    /// <summary>The text after a leading <c>digits-</c> rank, or null when there is none.</summary>
    internal static string? WithoutRank(string text)
    {
        var digits = text.AsSpan().IndexOfAnyExceptInRange('0', '9');
        return digits > 0 && text[digits] == '-' && digits + 1 < text.Length ? text[(digits + 1)..] : null;
    }

    private static string NameOf(CsvTable table, CsvRow row, int column)
    {
        var name = row.Fields[column];
        return name.Length > 0 ? name : throw table.BadField(row, column, "is not a name (it is empty)");
    }

    /// <summary>Calls a constructor and turns its <see cref="ArgumentException"/> into a message naming the file, the line and the column.</summary>
    private static T Construct<T>(CsvTable table, CsvRow row, Dictionary<string, int> parameters, Func<T> create)
    {
        try
        {
            return create();
        }
        catch (ArgumentException e)
        {
            // The first line of the message, without " (Parameter 'x')" or the out-of-range "Actual value was …" line.
            var message = e.Message.Split('\n')[0].TrimEnd('\r');
            if (e.ParamName is { } parameter)
            {
                var suffix = $" (Parameter '{parameter}')";
                message = message.EndsWith(suffix, StringComparison.Ordinal) ? message[..^suffix.Length] : message;
                if (parameters.TryGetValue(parameter, out var column) && column >= 0)
                {
                    throw table.BadField(row, column, "is not accepted: " + message);
                }
            }

            throw new CliException($"{table.FileName}:{row.Line}: {message}", e);
        }
    }

    private static IEnumerable<(int Line, string Name)> ReadNames(string path, string role)
    {
        using var stream = JsonInput.OpenRead(path, role);
        using var reader = new StreamReader(stream, new UTF8Encoding(encoderShouldEmitUTF8Identifier: false), detectEncodingFromByteOrderMarks: true);
        var line = 0;
        while (reader.ReadLine() is { } text)
        {
            line++;
            var name = text.Trim();
            if (name.Length > 0)
            {
                yield return (line, name);
            }
        }
    }
}
