namespace ContainerScheduling.Cli.BinPacking;

/// <summary>One packed instance: the checked plan, our lower bound, the published figures when its name is listed, and its wall time.</summary>
internal sealed record InstanceResult(PackingPlan Plan, int LowerBound, PublishedInstance? Published, double Milliseconds)
{
    /// <summary>Gets the instance's name.</summary>
    public string Name => Plan.Instance.Name;

    /// <summary>Gets the lower bound the report measures against: the published one when listed, else ours.</summary>
    public int ReferenceBound => Published?.LowerBound ?? LowerBound;

    /// <summary>Gets how far above a bound the plan is, in % of the bound.</summary>
    public double PctAbove(int bound) => bound <= 0 ? 0 : 100.0 * (Plan.BinCount - bound) / bound;
}
