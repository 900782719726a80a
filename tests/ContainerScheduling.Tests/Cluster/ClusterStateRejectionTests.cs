using System;
using System.Collections.Generic;
using System.Linq;
using Xunit;
using static ContainerScheduling.Tests.RejectedCall;

namespace ContainerScheduling.Tests.Cluster;

/// <summary>
/// Every bad call on a <see cref="ClusterState"/> throws the documented exception naming the parameter and the
/// offending value, and leaves the cluster exactly as it was — on random clusters.
/// </summary>
public sealed class ClusterStateRejectionTests
{
    private const long HalfPlusOne = (long.MaxValue / 2) + 1;

    private static readonly RejectedCall[] Calls =
    [
        new("AddNode duplicate name", typeof(ArgumentException), "node", ["'anchor'"], s => s.Cluster.AddNode(s.Node(Anchor, 1))),
        new("AddNode unknown dimension", typeof(ArgumentException), "node", ["'fresh'", "'bogus'"],
            s => s.Cluster.AddNode(new NodeSpec("fresh", new Dictionary<string, long> { [Bogus] = 1 }))),
        new("AddNode overflowing total", typeof(ArgumentException), "node", ["'huge'", "=9223372036854775807"],
            s => s.Cluster.AddNode(s.Node("huge", long.MaxValue))),
        new("AddNode null", typeof(ArgumentNullException), "node", [], s => s.Cluster.AddNode(null!)),
        new("AddNodes duplicate within the call", typeof(ArgumentException), "nodes", ["'fresh-1'"],
            s => s.Cluster.AddNodes([s.Node("fresh-1", 1), s.Node("fresh-2", 1), s.Node("fresh-1", 1)])),
        new("AddNodes duplicate of a node present", typeof(ArgumentException), "nodes", ["'tiny'"],
            s => s.Cluster.AddNodes([s.Node("fresh-1", 1), s.Node(Tiny, 1)])),
        new("AddNodes unknown dimension in the second", typeof(ArgumentException), "nodes", ["'fresh-2'", "'bogus'"],
            s => s.Cluster.AddNodes([s.Node("fresh-1", 1), new NodeSpec("fresh-2", new Dictionary<string, long> { [Bogus] = 1 })])),
        new("AddNodes two halves overflow the total", typeof(ArgumentException), "nodes", ["'big-2'", $"={HalfPlusOne}"],
            s => s.Cluster.AddNodes([s.Node("big-1", HalfPlusOne), s.Node("big-2", HalfPlusOne)])),
        new("AddNodes null", typeof(ArgumentNullException), "nodes", [], s => s.Cluster.AddNodes(null!)),
        new("AddNodes null element", typeof(ArgumentNullException), "nodes", ["#1"], s => s.Cluster.AddNodes([s.Node("fresh-1", 1), null!])),
        new("RemoveNode with containers", typeof(InvalidOperationException), null, ["'anchor'", "1 container"], s => s.Cluster.RemoveNode(Anchor)),
        new("RemoveNode unknown", typeof(ArgumentException), "nodeName", ["'ghost'"], s => s.Cluster.RemoveNode(Ghost)),
        new("RemoveNode null", typeof(ArgumentNullException), "nodeName", [], s => s.Cluster.RemoveNode(null!)),
        new("Release unknown", typeof(ArgumentException), "containerName", ["'ghost'"], s => s.Cluster.Release(Ghost)),
        new("Release null", typeof(ArgumentNullException), "containerName", [], s => s.Cluster.Release(null!)),
        new("GetCapacity unknown node", typeof(ArgumentException), "nodeName", ["'ghost'"], s => s.Cluster.GetCapacity(Ghost, s.FirstDimension)),
        new("GetCapacity unknown resource", typeof(ArgumentException), "resource", ["'bogus'"], s => s.Cluster.GetCapacity(Anchor, Bogus)),
        new("GetAllocated unknown node", typeof(ArgumentException), "nodeName", ["'ghost'"], s => s.Cluster.GetAllocated(Ghost, s.FirstDimension)),
        new("GetAllocated unknown resource", typeof(ArgumentException), "resource", ["'bogus'"], s => s.Cluster.GetAllocated(Anchor, Bogus)),
        new("GetFree unknown node", typeof(ArgumentException), "nodeName", ["'ghost'"], s => s.Cluster.GetFree(Ghost, s.FirstDimension)),
        new("GetFree null resource", typeof(ArgumentNullException), "resource", [], s => s.Cluster.GetFree(Anchor, null!)),
        new("GetTotalCapacity unknown resource", typeof(ArgumentException), "resource", ["'bogus'"], s => s.Cluster.GetTotalCapacity(Bogus)),
        new("GetTotalAllocated unknown resource", typeof(ArgumentException), "resource", ["'bogus'"], s => s.Cluster.GetTotalAllocated(Bogus)),
        new("GetNode unknown", typeof(ArgumentException), "nodeName", ["'ghost'"], s => s.Cluster.GetNode(Ghost)),
        new("GetNodeState unknown", typeof(ArgumentException), "nodeName", ["'ghost'"], s => s.Cluster.GetNodeState(Ghost)),
        new("GetContainersOn unknown", typeof(ArgumentException), "nodeName", ["'ghost'"], s => s.Cluster.GetContainersOn(Ghost)),
        new("GetContainerCount unknown", typeof(ArgumentException), "nodeName", ["'ghost'"], s => s.Cluster.GetContainerCount(Ghost)),
        new("GetNodeOf unknown", typeof(ArgumentException), "containerName", ["'ghost'"], s => s.Cluster.GetNodeOf(Ghost)),
        new("GetContainer unknown", typeof(ArgumentException), "containerName", ["'ghost'"], s => s.Cluster.GetContainer(Ghost)),
        new("ContainsNode null", typeof(ArgumentNullException), "nodeName", [], s => s.Cluster.ContainsNode(null!)),
        new("SetNodeState undefined state", typeof(ArgumentOutOfRangeException), "state", ["7"], s => s.Cluster.SetNodeState(Anchor, (NodeState)7)),
        new("SetNodeState unknown node", typeof(ArgumentException), "nodeName", ["'ghost'"], s => s.Cluster.SetNodeState(Ghost, NodeState.Down)),
        new("Cordon unknown", typeof(ArgumentException), "nodeName", ["'ghost'"], s => s.Cluster.Cordon(Ghost)),
        new("Uncordon unknown", typeof(ArgumentException), "nodeName", ["'ghost'"], s => s.Cluster.Uncordon(Ghost)),
        new("Bind unknown node", typeof(ArgumentException), "nodeName", ["'ghost'"], s => s.Cluster.Bind(s.Small("new-c"), Ghost)),
        new("Bind already placed", typeof(ArgumentException), "container", ["'anchor-c'", "'anchor'"], s => s.Cluster.Bind(s.Small(AnchorContainer), Tiny)),
        new("Bind unknown dimension", typeof(ArgumentException), "container", ["'new-c'", "'bogus'"], s => s.Cluster.Bind(s.Unknown("new-c"), Anchor)),
        new("Bind without room", typeof(InvalidOperationException), null, ["'new-c'", "'tiny'", "lacks room"], s => s.Cluster.Bind(s.Small("new-c"), Tiny)),
        new("Bind to a cordoned node", typeof(InvalidOperationException), null, ["'new-c'", "'fenced'", "Cordoned"], s => s.Cluster.Bind(s.Small("new-c"), Fenced)),
        new("Bind null", typeof(ArgumentNullException), "container", [], s => s.Cluster.Bind(null!, Anchor)),
    ];

    public static IEnumerable<object[]> Cases => Calls.Select(c => new object[] { c.Name });

    [Theory]
    [MemberData(nameof(Cases))]
    public void BadCall_OnRandomCluster_ThrowsNamingParameterAndValueAndChangesNothing(string name) =>
        Calls.Single(c => c.Name == name).Holds();

    [Fact]
    public void Constructor_NullSchema_ThrowsArgumentNullNamingSchema()
    {
        var thrown = Assert.Throws<ArgumentNullException>(() => new ClusterState(null!));
        Assert.Equal("schema", thrown.ParamName);
    }

    [Fact]
    public void AddNodes_RejectedMidway_AddsNoneOfTheEarlierNodes()
    {
        var cluster = new ClusterState(new ResourceSchema("cpu"));
        cluster.AddNode(new NodeSpec("a", new Dictionary<string, long> { ["cpu"] = 1 }));
        Assert.Throws<ArgumentException>(() => cluster.AddNodes(
        [
            new NodeSpec("b", new Dictionary<string, long> { ["cpu"] = HalfPlusOne }),
            new NodeSpec("c", new Dictionary<string, long> { ["cpu"] = HalfPlusOne }),
        ]));

        Assert.Equal(["a"], cluster.Nodes.Select(n => n.Name));
        Assert.False(cluster.ContainsNode("b"));
        Assert.Equal(1, cluster.GetTotalCapacity("cpu"));

        // Afterwards the cluster still accepts a node that fits in the total.
        cluster.AddNode(new NodeSpec("b", new Dictionary<string, long> { ["cpu"] = HalfPlusOne }));
        Assert.Equal(HalfPlusOne + 1, cluster.GetTotalCapacity("cpu"));
    }
}
