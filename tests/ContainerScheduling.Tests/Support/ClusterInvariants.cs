using System.Linq;

namespace ContainerScheduling.Tests;

/// <summary>The conservation laws every cluster obeys, checked through public queries.</summary>
internal static class ClusterInvariants
{
    /// <summary>Returns null when every law holds, otherwise the first violation.</summary>
    /// <remarks>
    /// Per node and dimension 0 ≤ allocated ≤ capacity, free = capacity − allocated, allocated = Σ requests of
    /// the containers listed on the node, every listed container says it is on that node; totals are the sums
    /// over nodes; the container count is the sum of per-node counts.
    /// </remarks>
    public static string? Violation(ClusterState cluster)
    {
        var dimensions = cluster.Schema.Names;
        var nodes = cluster.Nodes;
        if (nodes.Count != cluster.NodeCount)
        {
            return $"Nodes has {nodes.Count} entries but NodeCount is {cluster.NodeCount}";
        }

        var containers = 0;
        foreach (var node in nodes)
        {
            var listed = cluster.GetContainersOn(node.Name);
            if (listed.Count != cluster.GetContainerCount(node.Name))
            {
                return $"{node.Name}: {listed.Count} containers listed, count says {cluster.GetContainerCount(node.Name)}";
            }

            containers += listed.Count;
            foreach (var container in listed)
            {
                if (cluster.GetNodeOf(container) != node.Name)
                {
                    return $"{container} is listed on {node.Name} but GetNodeOf says {cluster.GetNodeOf(container)}";
                }
            }

            foreach (var dimension in dimensions)
            {
                var capacity = cluster.GetCapacity(node.Name, dimension);
                var allocated = cluster.GetAllocated(node.Name, dimension);
                var free = cluster.GetFree(node.Name, dimension);
                var requested = listed.Sum(c => cluster.GetContainer(c).Requests[dimension]);
                if (capacity != node.Capacity[dimension] || allocated < 0 || allocated > capacity || free != capacity - allocated || allocated != requested)
                {
                    return $"{node.Name} {dimension}: spec {node.Capacity[dimension]} capacity {capacity} allocated {allocated} free {free} requested {requested}";
                }
            }
        }

        if (containers != cluster.ContainerCount)
        {
            return $"nodes list {containers} containers, ContainerCount is {cluster.ContainerCount}";
        }

        foreach (var dimension in dimensions)
        {
            var capacity = nodes.Sum(n => cluster.GetCapacity(n.Name, dimension));
            var allocated = nodes.Sum(n => cluster.GetAllocated(n.Name, dimension));
            if (capacity != cluster.GetTotalCapacity(dimension) || allocated != cluster.GetTotalAllocated(dimension))
            {
                return $"total {dimension}: Σ capacity {capacity} vs {cluster.GetTotalCapacity(dimension)}, Σ allocated {allocated} vs {cluster.GetTotalAllocated(dimension)}";
            }
        }

        return null;
    }
}
