namespace ContainerScheduling;

/// <summary>A batch planner: packs every item of an instance at once, knowing them all in advance.</summary>
public interface IBatchPacker
{
    /// <summary>Gets the planner's name, as <see cref="BatchPackers.Create"/> accepts it.</summary>
    string Name { get; }

    /// <summary>Packs the instance.</summary>
    /// <param name="instance">The instance.</param>
    /// <returns>A valid plan (checked by <see cref="PackingPlan"/>'s constructor).</returns>
    PackingPlan Pack(PackingInstance instance);
}
