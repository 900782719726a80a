namespace ContainerScheduling;

/// <summary>The scheduling state of a node.</summary>
public enum NodeState
{
    /// <summary>The node takes new containers.</summary>
    Ready = 0,

    /// <summary>The node keeps what runs on it but takes no new containers.</summary>
    Cordoned = 1,

    /// <summary>The node is out of service and takes no new containers.</summary>
    Down = 2,
}
