using System;

namespace ContainerScheduling;

/// <content>Rebalancing: planning moves as a value and applying them with every move checked again.</content>
public sealed partial class Orchestrator
{
    /// <summary>
    /// Plans at most <see cref="RebalanceOptions.MaxMoves"/> moves that lower the imbalance or, in
    /// <see cref="RebalanceMode.Pack"/> mode, empty the least-used nodes. Only ready nodes take part; every move keeps
    /// the container's rules and fits where it lands. The cluster is left as it was.
    /// </summary>
    /// <param name="options">The budget and goal (default <see cref="OrchestratorOptions.Rebalance"/>).</param>
    /// <returns>The plan, with the objective before and after it.</returns>
    /// <exception cref="ArgumentOutOfRangeException">An option is out of range.</exception>
    public RebalancePlan PlanRebalance(RebalanceOptions? options = null)
    {
        options ??= Options.Rebalance;
        options.Validate(nameof(options));
        using var activity = SchedulingTelemetry.Start("PlanRebalance", Options.Name, null);
        return RebalancePlanner.Plan(Cluster, options);
    }

    /// <summary>
    /// Carries out a plan's moves in order. Each is checked again as it is made: a move whose container no longer runs
    /// on its source, whose target is not ready, lacks room or is ruled out by the container's rules is skipped
    /// (listed in <see cref="ClusterEventReport.Skipped"/>) and the container stays where it is. So applying a plan
    /// never overcommits a node or breaks a rule, even after the cluster changed.
    /// </summary>
    /// <param name="plan">A plan from <see cref="PlanRebalance"/>.</param>
    /// <returns>The moves made and skipped, with the objective measured before and after.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="plan"/> is null.</exception>
    public ClusterEventReport Apply(RebalancePlan plan)
    {
        ArgumentNullException.ThrowIfNull(plan);
        var report = NewReport(ClusterEventKind.Rebalance, null);
        report.ObjectiveBefore = Objective(plan.Mode);
        foreach (var move in plan.Moves)
        {
            if (!Cluster.TryGetNodeOf(move.Container, out var on) || on != move.From || !Cluster.ContainsNode(move.To)
                || Cluster.GetNodeState(move.To) != NodeState.Ready || move.To == move.From)
            {
                report.SkippedList.Add(move);
                continue;
            }

            var spec = Cluster.GetContainer(move.Container);
            var request = spec.GetRequestVector(Cluster.Schema, nameof(plan));
            var from = Cluster.SlotOf(move.From, nameof(plan));
            var to = Cluster.SlotOf(move.To, nameof(plan));
            Cluster.Release(move.Container);
            if (Cluster.Fits(to, request) && RebalancePlanner.Eligible(Cluster, spec, to))
            {
                Cluster.Reserve(to, spec, request);
                report.MoveList.Add(move);
                Counters.Moved();
                continue;
            }

            Cluster.Reserve(from, spec, request);   // back where it was, whatever that node's state
            report.SkippedList.Add(move);
        }

        report.ObjectiveAfter = Objective(plan.Mode);
        return Finish(report, []);
    }

    private double Objective(RebalanceMode mode) => mode == RebalanceMode.Balance ? RebalancePlanner.Imbalance(Cluster) : RebalancePlanner.NodesInUse(Cluster);
}
