using System.Collections.Generic;
using Microsoft.Extensions.Options;

namespace ContainerScheduling.Extensions;

/// <summary>The checks annotations cannot state: the strategy is registered, and every weight names a dimension and lies in range.</summary>
internal sealed class SchedulingOptionsRules(PlacementStrategyRegistry registry) : IValidateOptions<SchedulingOptions>
{
    public ValidateOptionsResult Validate(string? name, SchedulingOptions options)
    {
        var failures = new List<string>();
        var profile = string.IsNullOrEmpty(name) ? "the default profile" : $"profile '{name}'";
        if (!string.IsNullOrEmpty(options.Strategy) && !registry.Contains(options.Strategy))
        {
            failures.Add($"{nameof(SchedulingOptions.Strategy)} of {profile} is '{options.Strategy}', which is not registered; registered: {string.Join(", ", registry.Names)}.");
        }

        foreach (var (dimension, weight) in options.Weights)
        {
            if (string.IsNullOrWhiteSpace(dimension))
            {
                failures.Add($"{nameof(SchedulingOptions.Weights)} of {profile} has a blank dimension name.");
            }
            else if (!(weight >= 0 && weight <= PlacementStrategies.MaxWeight))
            {
                failures.Add($"{nameof(SchedulingOptions.Weights)}['{dimension}'] of {profile} is {weight}; it must be from 0 to {PlacementStrategies.MaxWeight:0e0}.");
            }
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
