using System;
using System.Linq;
using System.Runtime.CompilerServices;
using Xunit;

namespace ContainerScheduling.Tests;

/// <summary>
/// The public surface of the ContainerScheduling assembly, compared with the checked-in
/// <c>PublicApi.approved.txt</c> (<see cref="PublicApiSnapshot"/>).
/// </summary>
public sealed class PublicApiTests
{
    [Fact]
    public void PublicApi_Assembly_MatchesTheApprovedFile()
    {
        if (PublicApiSnapshot.Difference(typeof(ClusterState).Assembly, "PublicApi.approved.txt", SourceFolder()) is { } difference)
        {
            Assert.Fail(difference);
        }
    }

    [Fact]
    public void Describe_ThisAssembly_ListsTypesAndMembersSortedWithSignatures()
    {
        var text = PublicApiSnapshot.Describe(typeof(ClusterState).Assembly);
        var lines = text.Split('\n');
        var typeLines = lines.Where(l => l.Length > 0 && !l.StartsWith(' ')).ToArray();

        Assert.Equal(typeLines.Order(StringComparer.Ordinal), typeLines.OrderBy(l => l, StringComparer.Ordinal));
        Assert.Contains("public sealed class ContainerScheduling.ClusterState", typeLines);
        Assert.Contains("  method public void AddNode(ContainerScheduling.NodeSpec node)", lines);
        Assert.Contains("  property public int NodeCount { get; }", lines);
        Assert.DoesNotContain(lines, l => l.Contains("PlacementKernels", StringComparison.Ordinal) || l.Contains("BatchOrder", StringComparison.Ordinal));
    }

    private static string SourceFolder([CallerFilePath] string path = "") => System.IO.Path.GetDirectoryName(path) ?? "";
}
