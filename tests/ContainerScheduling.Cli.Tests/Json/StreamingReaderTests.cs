using System;
using System.IO;
using System.Linq;
using System.Text;
using System.Text.Json;
using ContainerScheduling.Cli.Json;
using ContainerScheduling.Cli.Tests.Support;
using Xunit;

namespace ContainerScheduling.Cli.Tests.Json;

/// <summary>
/// The readers stream their input through a refilled buffer. Whatever the buffer size and however the stream
/// splits its data, they must produce exactly what a whole-document parse gives.
/// </summary>
public sealed class StreamingReaderTests
{
    private const string Cluster = """
        {"comment": "a \"quoted\" \\ text", "nodes": [
          {"name": "n\u00e9-1", "capacity": {"cpu": 64000, "memory": 262144}, "labels": {"zone": "a", "rack": "r\t1"}},
          {"name": "n2", "capacity": {"gpu": 8000, "cpu": 0}, "taints": ["gpu", "x"], "state": "cordoned", "extra": [1.5e3, null, {"deep": [[]]}]},
          {"state": "down", "capacity": {}, "name": "n3"}
        ]}
        """;

    [Fact]
    public void WorkloadReader_LargeInputCrossingTheBufferManyTimes_MatchesWholeDocumentParse()
    {
        var text = TestJson.LargeWorkload(4000);
        Assert.True(Encoding.UTF8.GetByteCount(text) > 5 * StreamingJsonReader.DefaultBufferSize);

        var dimensions = new ResourceDimensions();
        var document = WorkloadReader.Read(new MemoryStream(Encoding.UTF8.GetBytes(text)), "w.json", dimensions);

        Assert.Equal(ExpectedContainers(text), Describe(document));
        Assert.Equal(["cpu", "memory"], dimensions.InOrder);
    }

    [Theory]
    [InlineData(1, 1)]
    [InlineData(1, 3)]
    [InlineData(2, 1)]
    [InlineData(7, 5)]
    [InlineData(16, 1)]
    [InlineData(64, 64)]
    public void WorkloadReader_TinyBufferAndTrickledStream_MatchesWholeDocumentParse(int bufferSize, int chunk)
    {
        var text = TestJson.LargeWorkload(60);
        var stream = new TrickleStream(Encoding.UTF8.GetBytes(text), chunk);

        var document = WorkloadReader.Read(stream, "w.json", new ResourceDimensions(), bufferSize);

        Assert.Equal(ExpectedContainers(text), Describe(document));
        Assert.True(stream.Reads > text.Length / Math.Max(chunk, bufferSize) / 2, "the buffer was refilled many times");
    }

    [Fact]
    public void ClusterReader_EveryBufferSizeAndChunk_GivesTheSameNodes()
    {
        var bytes = Encoding.UTF8.GetBytes(Cluster);
        var expected = Describe(ClusterReader.Read(new MemoryStream(bytes), "c.json", new ResourceDimensions()));
        Assert.Contains("né-1|cpu=64000,memory=262144|rack=r\t1,zone=a||Ready", expected, StringComparison.Ordinal);
        Assert.Contains("n2|gpu=8000,cpu=0||gpu,x|Cordoned", expected, StringComparison.Ordinal);
        Assert.Contains("n3||||Down", expected, StringComparison.Ordinal);

        for (var bufferSize = 1; bufferSize <= 48; bufferSize++)
        {
            foreach (var chunk in new[] { 1, 2, 3, 1000 })
            {
                var actual = Describe(ClusterReader.Read(new TrickleStream(bytes, chunk), "c.json", new ResourceDimensions(), bufferSize));
                Assert.True(expected == actual, $"buffer {bufferSize}, chunk {chunk}:\n{actual}");
            }
        }
    }

    [Fact]
    public void StreamingJsonReader_TokenLargerThanBuffer_GrowsTheBuffer()
    {
        var name = new string('x', 100_000);
        var text = $"{{\"nodes\": [{{\"name\": \"{name}\", \"capacity\": {{\"cpu\": 1}}}}]}}";

        var document = ClusterReader.Read(new MemoryStream(Encoding.UTF8.GetBytes(text)), "c.json", new ResourceDimensions(), bufferSize: 16);

        Assert.Equal(name, Assert.Single(document.Nodes).Name);
    }

    [Fact]
    public void StreamingJsonReader_ErrorPositions_AreTheSameForEveryBufferSize()
    {
        var text = "{\"containers\": [\n  {\"name\": \"a\", \"requests\": {\"cpu\": 1}},\n  {\"name\": \"b\",\n   \"requests\": {\"cpu\": -7}}\n]}";
        var bytes = Encoding.UTF8.GetBytes(text);

        for (var bufferSize = 1; bufferSize <= bytes.Length + 1; bufferSize++)
        {
            var error = Assert.Throws<CliException>(() => WorkloadReader.Read(new TrickleStream(bytes, 2), "w.json", new ResourceDimensions(), bufferSize));
            Assert.Equal("w.json: container 'b': request 'cpu' must be a non-negative integer, got -7 (line 4, column 24)", error.Message);
        }
    }

    [Fact]
    public void StreamingJsonReader_SyntaxErrorPosition_IsTheSameForEveryBufferSize()
    {
        var bytes = Encoding.UTF8.GetBytes("{\"containers\": [\n  {\"name\": \"a\"},\n  {\"name\" \"b\"}\n]}");

        for (var bufferSize = 1; bufferSize <= bytes.Length + 1; bufferSize++)
        {
            var error = Assert.Throws<CliException>(() => WorkloadReader.Read(new TrickleStream(bytes, 3), "w.json", new ResourceDimensions(), bufferSize));
            Assert.StartsWith("w.json: invalid JSON at line 3, column 11: ", error.Message, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void WorkloadReader_RepeatedDimensionNames_ShareOneStringInstance()
    {
        var text = TestJson.LargeWorkload(50);
        var document = WorkloadReader.Read(new MemoryStream(Encoding.UTF8.GetBytes(text)), "w.json", new ResourceDimensions(), bufferSize: 32);

        var cpuNames = document.Containers.Select(c => c.Requests.Keys.First()).ToList();
        var memoryNames = document.Containers.Select(c => c.Requests.Keys.Last()).ToList();

        Assert.All(cpuNames, name => Assert.Same(cpuNames[0], name));
        Assert.All(memoryNames, name => Assert.Same(memoryNames[0], name));
        Assert.Equal("memory", memoryNames[0]);
    }

    [Fact]
    public void WorkloadReader_Tasks_KeepTheirContainersAndRecordMembership()
    {
        const string Text = """{"tasks": [{"containers": [{"name": "a", "requests": {"cpu": 1}}, {"name": "b"}], "name": "t"}], "containers": [{"name": "c"}]}""";

        var document = WorkloadReader.Read(new MemoryStream(Encoding.UTF8.GetBytes(Text)), "w.json", new ResourceDimensions(), bufferSize: 5);

        Assert.Equal(["c"], document.Containers.Select(c => c.Name));
        var task = Assert.Single(document.Tasks);
        Assert.Equal("t", task.Name);
        Assert.Equal(["a", "b"], task.Containers.Select(c => c.Name));
        Assert.Equal("t", document.TaskOfContainer["b"]);
        Assert.Equal(3, document.ContainerCount);
    }

    /// <summary>The containers of a workload text, parsed as a whole document with JsonDocument.</summary>
    private static string ExpectedContainers(string text)
    {
        using var json = JsonDocument.Parse(text);
        var lines = json.RootElement.GetProperty("containers").EnumerateArray().Select(c =>
        {
            var requests = string.Join(",", c.GetProperty("requests").EnumerateObject().Select(p => $"{p.Name}={p.Value.GetInt64()}"));
            var labels = string.Join(",", c.GetProperty("labels").EnumerateObject().OrderBy(p => p.Name, StringComparer.Ordinal).Select(p => $"{p.Name}={p.Value.GetString()}"));
            return $"{c.GetProperty("name").GetString()}|{requests}|{labels}|{c.GetProperty("priority").GetInt32()}";
        });
        return string.Join("\n", lines);
    }

    private static string Describe(WorkloadDocument document) =>
        string.Join("\n", document.Containers.Select(c =>
            $"{c.Name}|{string.Join(",", c.Requests.Select(p => $"{p.Key}={p.Value}"))}|{string.Join(",", c.Labels.OrderBy(p => p.Key, StringComparer.Ordinal).Select(p => $"{p.Key}={p.Value}"))}|{c.Priority}"));

    private static string Describe(ClusterDocument document) =>
        string.Join("\n", document.Nodes.Select((n, i) =>
            $"{n.Name}|{string.Join(",", n.Capacity.Select(p => $"{p.Key}={p.Value}"))}|{string.Join(",", n.Labels.OrderBy(p => p.Key, StringComparer.Ordinal).Select(p => $"{p.Key}={p.Value}"))}|{string.Join(",", n.Taints)}|{document.States[i]}"));
}
