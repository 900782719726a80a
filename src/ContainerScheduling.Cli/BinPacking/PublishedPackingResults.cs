using System;
using System.Collections.Generic;

namespace ContainerScheduling.Cli.BinPacking;

/// <summary>
/// The published quality on the 1620 vector bin packing instances of the nine Panigrahy classes: the mean % above
/// the lower bound of the per-instance best of about 350 algorithms (best of all), of the best item-centric (FFD
/// family) and of the best bin-centric (dot-product family) ones, per class and over all.
/// </summary>
/// <remarks>
/// From M. Mommessin, T. Erlebach and N. V. Shakhlevich, "Classification and evaluation of the algorithms for vector
/// bin packing", Computers &amp; Operations Research (2024/25), on instances generated to the class definitions of
/// R. Panigrahy, K. Talwar, L. Uyeda and U. Wieder, "Heuristics for Vector Bin Packing", Microsoft Research (2011).
/// </remarks>
internal static class PublishedPackingResults
{
    /// <summary>The name of the "all classes" row.</summary>
    public const string All = "all";

    // class: best of all, best item-centric, best bin-centric (mean % above LB).
    private static readonly Dictionary<string, (double BestOverall, double BestItemCentric, double BestBinCentric)> ByClass =
        new(StringComparer.Ordinal)
        {
            ["class1"] = (10.89, 13.31, 11.05),
            ["class2"] = (0.45, 0.46, 0.51),
            ["class3"] = (0.29, 0.32, 0.31),
            ["class4"] = (2.96, 5.23, 2.99),
            ["class5"] = (1.21, 3.85, 1.77),
            ["class6"] = (9.05, 9.56, 9.43),
            ["class7"] = (9.23, 9.90, 9.53),
            ["class8"] = (14.34, 14.36, 15.55),
            ["class9"] = (11.21, 11.32, 11.74),
            [All] = (6.63, 7.59, 6.99),
        };

    /// <summary>The published classes, in order.</summary>
    public static IReadOnlyList<string> Classes { get; } =
        ["class1", "class2", "class3", "class4", "class5", "class6", "class7", "class8", "class9"];

    /// <summary>Gets the published per-class means, or null for a class that was not published.</summary>
    /// <param name="className">A class (<c>class1</c> … <c>class9</c>) or <see cref="All"/>.</param>
    public static (double BestOverall, double BestItemCentric, double BestBinCentric)? Of(string className) =>
        ByClass.TryGetValue(className, out var row) ? row : null;

    /// <summary>Gets the class of an instance from its name (<c>class4_120_5_3</c> → <c>class4</c>), or null for another name.</summary>
    /// <param name="instanceName">The instance's name.</param>
    public static string? ClassOf(string instanceName)
    {
        ArgumentNullException.ThrowIfNull(instanceName);
        var underscore = instanceName.IndexOf('_', StringComparison.Ordinal);
        if (underscore < 0)
        {
            return null;
        }

        var prefix = instanceName[..underscore];
        return ByClass.ContainsKey(prefix) && !string.Equals(prefix, All, StringComparison.Ordinal) ? prefix : null;
    }
}
