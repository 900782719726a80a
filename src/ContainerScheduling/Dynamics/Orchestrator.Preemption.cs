using System.Collections.Generic;
using System.Linq;

namespace ContainerScheduling;

/// <content>Preemption: the node and victims that disrupt least, chosen among every ready eligible node.</content>
public sealed partial class Orchestrator
{
    /// <summary>
    /// Finds the node and victims that disrupt least (see the type's remarks), evicts them, places the container
    /// there and re-places the victims. False, with nothing changed, when no node works.
    /// </summary>
    private bool TryPreempt(Entry entry, long[] request, ClusterEventReport report, HashSet<string> touched)
    {
        var spec = entry.Spec;
        var restriction = Cluster.RestrictionOf(spec);
        var eligible = restriction.Ruled ? Cluster.Eligibility(spec).ToArray() : null;
        var candidates = new List<(int Max, long Sum, int Count, int Slot, string Node, List<ContainerSpec> Victims)>();
        foreach (var node in Cluster.Nodes)
        {
            var slot = Cluster.SlotOf(node.Name, nameof(spec));
            if (Cluster.GetNodeState(node.Name) != NodeState.Ready || (eligible is not null && !Bitset.IsSet(eligible, slot)))
            {
                continue;
            }

            if (PreemptionVictims.Choose(Cluster, node, spec.Priority, request) is { } victims)
            {
                candidates.Add((victims.Max(v => v.Priority), victims.Sum(v => (long)v.Priority), victims.Count, slot, node.Name, victims));
            }
        }

        foreach (var candidate in candidates.OrderBy(c => c.Max).ThenBy(c => c.Sum).ThenBy(c => c.Count).ThenBy(c => c.Slot))
        {
            var victims = candidate.Victims.ConvertAll(victim => victim.Name);
            var requests = candidate.Victims.ConvertAll(victim => victim.GetRequestVector(Cluster.Schema, nameof(spec)));
            foreach (var victim in victims)
            {
                EntryOf(victim);
                Cluster.Release(victim);
            }

            // Removing the victims may also remove what an affinity rule needed, or shift a spread: check again.
            var view = Cluster.RestrictionOf(spec).Ruled ? new ClusterView(Cluster, Cluster.Eligibility(spec)) : Cluster.CreateView();
            if (!view.Fits(candidate.Slot, request))
            {
                for (var v = 0; v < victims.Count; v++)
                {
                    Cluster.Reserve(candidate.Slot, candidate.Victims[v], requests[v]);
                }

                continue;
            }

            Cluster.Reserve(candidate.Slot, spec, request);
            Placed(entry, candidate.Slot, report);
            Counters.Preempted();
            report.PreemptionList.Add(new Preemption(spec.Name, candidate.Node, victims));
            foreach (var victim in victims)
            {
                _entries[victim].Failure = null;
                report.EvictedList.Add(victim);
                touched.Add(victim);
            }

            Counters.Evicted(victims.Count);
            Replace(victims, report, touched);
            return true;
        }

        return false;
    }
}
