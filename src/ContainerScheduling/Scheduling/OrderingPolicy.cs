namespace ContainerScheduling;

/// <summary>The order in which a batch is placed.</summary>
public enum OrderingPolicy
{
    /// <summary>The order given (the default).</summary>
    Arrival = 0,

    /// <summary>
    /// Descending normalised demand Σ_d request_d / totalCapacity_d (the cluster's total capacity in d; dimensions
    /// with no capacity are skipped); ties keep arrival order. With first-fit this is first-fit-decreasing.
    /// </summary>
    LargestFirst = 1,

    /// <summary>Ascending normalised demand (the minimum-resource-demand-first rule); ties keep arrival order.</summary>
    SmallestFirst = 2,
}
