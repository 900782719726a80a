using Microsoft.Extensions.Options;

namespace ContainerScheduling.Extensions;

/// <summary>
/// Checks <see cref="SchedulingOptions"/>' data annotations; the body is generated at compile time
/// (<see cref="OptionsValidatorAttribute"/>), so validation needs no reflection and is trim- and AOT-safe.
/// </summary>
[OptionsValidator]
public sealed partial class SchedulingOptionsValidator : IValidateOptions<SchedulingOptions>
{
}
