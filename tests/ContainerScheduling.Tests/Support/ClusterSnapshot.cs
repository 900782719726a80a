using System.Globalization;
using System.Linq;
using System.Text;

namespace ContainerScheduling.Tests;

/// <summary>
/// A canonical text of everything a cluster shows: per node (in order) its state, capacity, allocated, free,
/// containers in placement order with their requests; totals and counts; and every column of the view,
/// padding included. Two snapshots are equal exactly when nothing observable differs.
/// </summary>
internal static class ClusterSnapshot
{
    public static string Take(ClusterState cluster)
    {
        var text = new StringBuilder();
        var dimensions = cluster.Schema.Names;
        text.Append(CultureInfo.InvariantCulture, $"nodes {cluster.NodeCount} containers {cluster.ContainerCount}").AppendLine();
        foreach (var dimension in dimensions)
        {
            text.Append(CultureInfo.InvariantCulture, $"total {dimension} capacity {cluster.GetTotalCapacity(dimension)} allocated {cluster.GetTotalAllocated(dimension)}").AppendLine();
        }

        foreach (var node in cluster.Nodes)
        {
            var name = node.Name;
            text.Append(CultureInfo.InvariantCulture, $"{name} {cluster.GetNodeState(name)} present={cluster.ContainsNode(name)} count {cluster.GetContainerCount(name)}");
            foreach (var dimension in dimensions)
            {
                text.Append(CultureInfo.InvariantCulture, $" {dimension} {cluster.GetCapacity(name, dimension)}/{cluster.GetAllocated(name, dimension)}/{cluster.GetFree(name, dimension)}");
            }

            text.AppendLine();
            foreach (var container in cluster.GetContainersOn(name))
            {
                var on = cluster.TryGetNodeOf(container, out var found) ? found : "<none>";
                text.Append(CultureInfo.InvariantCulture, $"  {container} on {cluster.GetNodeOf(container)}/{on} {cluster.GetContainer(container).Requests}").AppendLine();
            }
        }

        var view = cluster.CreateView();
        text.Append(CultureInfo.InvariantCulture, $"view {view.NodeCount}/{view.PaddedNodeCount}").AppendLine();
        for (var d = 0; d < view.DimensionCount; d++)
        {
            text.Append("available ").AppendJoin(',', view.Available(d).ToArray()).AppendLine();
            text.Append("capacity ").AppendJoin(',', view.Capacity(d).ToArray()).AppendLine();
            text.Append("inverse ").AppendJoin(',', view.InverseCapacity(d).ToArray().Select(x => x.ToString("R", CultureInfo.InvariantCulture))).AppendLine();
        }

        text.Append("counts ").AppendJoin(',', view.ContainerCounts.ToArray()).AppendLine();
        return text.ToString();
    }
}
