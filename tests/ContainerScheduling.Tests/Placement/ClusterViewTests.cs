using System;
using System.Collections.Generic;
using System.Linq;
using FsCheck;
using FsCheck.Fluent;
using Xunit;

namespace ContainerScheduling.Tests.Placement;

/// <summary>
/// The view a strategy reads: padded spans whose lanes beyond <see cref="ClusterView.NodeCount"/>, and whose
/// entries for cordoned, down and removed nodes, hold the −1 sentinel that never fits.
/// </summary>
public sealed class ClusterViewTests
{
    private static readonly Config Quick = Config.QuickThrowOnFailure.WithMaxTest(300).WithQuietOnSuccess(true);

    [Fact]
    public void Columns_RandomClusters_ArePaddedWithSentinelsAndAgreeWithQueries() =>
        Check.One(Quick, Prop.ForAll(ClusterGenerators.ClusterArb(), model => PropertyFailure.None(ViewProblem(model.Build()))));

    [Fact]
    public void Fits_RandomRequests_IsReadyAndAvailableAtLeastRequestInEveryDimension() =>
        Check.One(Quick, Prop.ForAll(ClusterGenerators.DecisionArb(), decision =>
        {
            var cluster = decision.Cluster.Build();
            var view = cluster.CreateView();
            for (var i = -1; i <= view.PaddedNodeCount + 1; i++)
            {
                var inColumns = i >= 0 && i < view.PaddedNodeCount;
                for (var d = 0; d < view.DimensionCount && inColumns; d++)
                {
                    inColumns = view.Available(d)[i] >= decision.Request[d];
                }

                var name = i >= 0 && i < view.NodeCount && cluster.Nodes.Any(n => n.Name == SafeName(cluster, i)) ? SafeName(cluster, i) : null;
                var byQueries = name is not null && cluster.GetNodeState(name) == NodeState.Ready
                    && decision.Cluster.Dimensions.Select((d, k) => cluster.GetFree(name, d) >= decision.Request[k]).All(x => x);
                if (view.Fits(i, decision.Request) != inColumns || inColumns != byQueries)
                {
                    return false;
                }
            }

            return true;
        }));

    [Fact]
    public void Available_DimensionOutOfRange_ThrowsArgumentOutOfRange()
    {
        var cluster = new ClusterState(new ResourceSchema("cpu", "memory"));
        Assert.Equal("dimension", Assert.Throws<ArgumentOutOfRangeException>(() => cluster.CreateView().Available(2)).ParamName);
        Assert.Equal("dimension", Assert.Throws<ArgumentOutOfRangeException>(() => cluster.CreateView().Capacity(-1)).ParamName);
        Assert.Equal("dimension", Assert.Throws<ArgumentOutOfRangeException>(() => cluster.CreateView().InverseCapacity(5)).ParamName);
    }

    [Fact]
    public void GetNodeName_RemovedNodeHole_ThrowsInvalidOperation()
    {
        var cluster = new ClusterState(new ResourceSchema("cpu"));
        cluster.AddNodes(new[] { "a", "b", "c" }.Select(n => new NodeSpec(n, new Dictionary<string, long> { ["cpu"] = 1 })));
        cluster.RemoveNode("b");

        var view = cluster.CreateView();
        Assert.Equal(3, view.NodeCount);
        Assert.Equal("c", view.GetNodeName(2));
        var thrown = Assert.Throws<InvalidOperationException>(() => cluster.CreateView().GetNodeName(1));
        Assert.Contains("1", thrown.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Columns_EmptyCluster_HaveLengthZero()
    {
        var view = new ClusterState(new ResourceSchema("cpu")).CreateView();
        Assert.Equal(0, view.NodeCount);
        Assert.Equal(0, view.PaddedNodeCount);
        Assert.Equal(0, view.Available(0).Length);
        Assert.Equal(0, view.ContainerCounts.Length);
        Assert.Equal(1, view.DimensionCount);
    }

    private static string? SafeName(ClusterState cluster, int i)
    {
        try
        {
            return cluster.CreateView().GetNodeName(i);
        }
        catch (InvalidOperationException)
        {
            return null;
        }
    }

    internal static string? ViewProblem(ClusterState cluster)
    {
        var view = cluster.CreateView();
        var padded = view.PaddedNodeCount;
        if (padded % ClusterState.LaneMultiple != 0 || padded % 8 != 0 || padded < view.NodeCount || padded >= view.NodeCount + ClusterState.LaneMultiple || view.NodeCount < cluster.NodeCount)
        {
            return $"padding {padded} for {view.NodeCount} indexes and {cluster.NodeCount} nodes";
        }

        if (view.DimensionCount != cluster.Schema.Count || view.ContainerCounts.Length != padded)
        {
            return "dimension count or counts column length";
        }

        var seen = new List<string>();
        for (var i = 0; i < padded; i++)
        {
            var name = i < view.NodeCount ? SafeName(cluster, i) : null;
            if (name is not null)
            {
                seen.Add(name);
            }

            for (var d = 0; d < view.DimensionCount; d++)
            {
                var resource = cluster.Schema[d];
                var available = view.Available(d);
                if (available.Length != padded || view.Capacity(d).Length != padded || view.InverseCapacity(d).Length != padded)
                {
                    return $"column {d} is not {padded} long";
                }

                if (name is null)
                {
                    if (available[i] != -1 || view.Capacity(d)[i] != 0 || view.InverseCapacity(d)[i] != 0.0 || view.ContainerCounts[i] != 0)
                    {
                        return $"index {i} (hole or padding) dimension {d}: {available[i]}/{view.Capacity(d)[i]}/{view.InverseCapacity(d)[i]}/{view.ContainerCounts[i]}";
                    }

                    continue;
                }

                var capacity = cluster.GetCapacity(name, resource);
                var expectedAvailable = cluster.GetNodeState(name) == NodeState.Ready ? cluster.GetFree(name, resource) : -1;
                var expectedInverse = capacity == 0 ? 0.0 : 1.0 / capacity;
                if (available[i] != expectedAvailable || view.Capacity(d)[i] != capacity || view.InverseCapacity(d)[i] != expectedInverse
                    || view.ContainerCounts[i] != cluster.GetContainerCount(name))
                {
                    return $"{name} at {i} dimension {d}: available {available[i]} vs {expectedAvailable}, capacity {view.Capacity(d)[i]} vs {capacity}";
                }
            }
        }

        // Indexes follow node order: the live names, in index order, are exactly Nodes.
        return seen.SequenceEqual(cluster.Nodes.Select(n => n.Name)) ? null : "index order differs from node order";
    }
}
