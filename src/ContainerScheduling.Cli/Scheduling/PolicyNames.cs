using System;
using System.Collections.Generic;

namespace ContainerScheduling.Cli.Scheduling;

/// <summary>The command-line names of the ordering policies and the built-in strategies.</summary>
internal static class PolicyNames
{
    public const string Arrival = "arrival";
    public const string LargestFirst = "largest-first";
    public const string SmallestFirst = "smallest-first";

    /// <summary>Gets the order names in the order the help text lists them.</summary>
    public static IReadOnlyList<string> Names { get; } = [Arrival, LargestFirst, SmallestFirst];

    /// <summary>Parses an order name, or fails with the list of valid ones.</summary>
    public static OrderingPolicy ParseOrder(string name) => name switch
    {
        Arrival => OrderingPolicy.Arrival,
        LargestFirst => OrderingPolicy.LargestFirst,
        SmallestFirst => OrderingPolicy.SmallestFirst,
        _ => throw new CliException($"unknown order '{name}'; expected one of: {string.Join(", ", Names)}"),
    };

    /// <summary>Gets the command-line name of a policy.</summary>
    public static string OrderName(OrderingPolicy policy) => policy switch
    {
        OrderingPolicy.Arrival => Arrival,
        OrderingPolicy.LargestFirst => LargestFirst,
        OrderingPolicy.SmallestFirst => SmallestFirst,
        _ => throw new ArgumentOutOfRangeException(nameof(policy), policy, "Not a defined OrderingPolicy value."),
    };

    /// <summary>Parses a strategy name, or fails with the list of built-in ones.</summary>
    public static IPlacementStrategy ParseStrategy(string name)
    {
        foreach (var known in PlacementStrategies.Names)
        {
            if (string.Equals(known, name, StringComparison.Ordinal))
            {
                return PlacementStrategies.Create(name);
            }
        }

        throw new CliException($"unknown strategy '{name}'; expected one of: {string.Join(", ", PlacementStrategies.Names)}");
    }
}
