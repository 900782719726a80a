using System.IO;
using System.Linq;
using System.Text;
using ContainerScheduling.Cli.Json;
using Xunit;

namespace ContainerScheduling.Cli.Tests.Json;

public sealed class ClusterReaderTests
{
    [Fact]
    public void Read_MaxContainers_ReachesTheNodeSpecAndIsNullWhenAbsent()
    {
        const string Text = """
            {"nodes": [
              {"name": "limited", "capacity": {"cpu": 1}, "maxContainers": 3, "labels": {"zone": "a"}, "taints": ["gpu"]},
              {"name": "closed", "maxContainers": 0, "capacity": {"cpu": 1}},
              {"name": "free", "capacity": {"cpu": 1}}
            ]}
            """;

        var document = Read(Text);

        Assert.Equal([3, 0, null], document.Nodes.Select(n => n.MaxContainers));
        Assert.Equal("a", document.Nodes[0].Labels["zone"]);
        Assert.Equal(["gpu"], document.Nodes[0].Taints);
    }

    [Fact]
    public void Read_MaxContainersOnEveryBufferSize_GivesTheSameLimits()
    {
        const string Text = """{"nodes": [{"name": "a", "capacity": {"cpu": 1}, "maxContainers": 12345}, {"maxContainers": 7, "name": "b", "capacity": {}}]}""";

        for (var bufferSize = 1; bufferSize <= 24; bufferSize++)
        {
            var document = ClusterReader.Read(new MemoryStream(Encoding.UTF8.GetBytes(Text)), "c.json", new ResourceDimensions(), bufferSize);
            Assert.Equal([12345, 7], document.Nodes.Select(n => n.MaxContainers));
        }
    }

    [Theory]
    [InlineData("-1", "got -1")]
    [InlineData("1.5", "got 1.5")]
    [InlineData("\"3\"", "got \"3\"")]
    [InlineData("null", "got null")]
    [InlineData("2147483648", "got 2147483648")]
    [InlineData("[3]", "got an array")]
    public void Read_BadMaxContainers_NamesTheFileNodeAndValue(string value, string fragment)
    {
        var text = $"{{\"nodes\": [{{\"name\": \"n1\", \"capacity\": {{\"cpu\": 1}}, \"maxContainers\": {value}}}]}}";

        var error = Assert.Throws<CliException>(() => Read(text));

        Assert.StartsWith("c.json: node 'n1': 'maxContainers' must be an integer from 0 to 2147483647, ", error.Message, System.StringComparison.Ordinal);
        Assert.Contains(fragment, error.Message, System.StringComparison.Ordinal);
        Assert.Contains("(line 1, column ", error.Message, System.StringComparison.Ordinal);
    }

    [Fact]
    public void Read_RepeatedMaxContainers_IsAnError()
    {
        var error = Assert.Throws<CliException>(() => Read("""{"nodes": [{"name": "n1", "capacity": {}, "maxContainers": 1, "maxContainers": 2}]}"""));

        Assert.Contains("node 'n1': property 'maxContainers' appears more than once", error.Message, System.StringComparison.Ordinal);
    }

    private static ClusterDocument Read(string text) =>
        ClusterReader.Read(new MemoryStream(Encoding.UTF8.GetBytes(text)), "c.json", new ResourceDimensions());
}
