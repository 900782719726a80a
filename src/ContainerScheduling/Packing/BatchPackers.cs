using System;
using System.Collections.Generic;

namespace ContainerScheduling;

/// <summary>
/// The built-in batch planners, by name. Item-centric: <c>ffd-*</c> (first-fit-decreasing) and <c>bfd-*</c>
/// (best-fit-decreasing) by a size measure normalised by capacity (<c>sum</c>, <c>max</c>, <c>l2</c>, <c>product</c>, and
/// <c>weighted</c>: the sum with each dimension weighted by its scarcity, the total demand in it over the capacity).
/// Bin-centric (Panigrahy et al.): <c>dot-product</c> and <c>norm</c>, each also weighted by the scarcity of all items
/// (<c>-weighted</c>) or of the items still unplaced (<c>-dynamic</c>; <c>-dynamic2</c>, <c>-dynamic4</c> and
/// <c>-dynamic8</c> raise that scarcity to the power 2, 4 or 8, leaning harder on the scarcest dimension). Multi-bin: <c>wfd-*</c> (worst-fit-decreasing,
/// spreading over every open bin). Pairing: <c>pair-fill</c> opens each bin with the largest unplaced item and then
/// adds the pair of items that fills it most (a pair that completes it exactly in every dimension first), a single
/// item when no pair fits; <c>pair-fill-dynamic</c> measures the fill by the scarcity of the items still unplaced.
/// <see cref="DefaultName"/> runs them all and keeps the fewest bins.
/// </summary>
public static class BatchPackers
{
    /// <summary>The portfolio of every other planner, keeping the plan with the fewest bins (the earliest on a tie): the best of them.</summary>
    public const string DefaultName = "portfolio";

    private static readonly IBatchPacker[] Members =
    [
        new FitDecreasingPacker("ffd-sum", SizeMeasure.Sum, FitRule.First),
        new FitDecreasingPacker("ffd-max", SizeMeasure.Max, FitRule.First),
        new FitDecreasingPacker("ffd-l2", SizeMeasure.L2, FitRule.First),
        new FitDecreasingPacker("ffd-product", SizeMeasure.Product, FitRule.First),
        new FitDecreasingPacker("bfd-sum", SizeMeasure.Sum, FitRule.Best),
        new FitDecreasingPacker("bfd-max", SizeMeasure.Max, FitRule.Best),
        new FitDecreasingPacker("bfd-l2", SizeMeasure.L2, FitRule.Best),
        new FitDecreasingPacker("bfd-product", SizeMeasure.Product, FitRule.Best),
        new FitDecreasingPacker("ffd-weighted", SizeMeasure.Weighted, FitRule.First),
        new FitDecreasingPacker("bfd-weighted", SizeMeasure.Weighted, FitRule.Best),
        new BinCentricPacker("dot-product", dotProduct: true),
        new BinCentricPacker("norm", dotProduct: false),
        new BinCentricPacker("dot-product-weighted", dotProduct: true, weighted: true),
        new BinCentricPacker("norm-weighted", dotProduct: false, weighted: true),
        new BinCentricPacker("dot-product-dynamic", dotProduct: true, dynamic: true),
        new BinCentricPacker("norm-dynamic", dotProduct: false, dynamic: true),
        new BinCentricPacker("dot-product-dynamic2", dotProduct: true, dynamic: true, dynamicPower: 2),
        new BinCentricPacker("norm-dynamic2", dotProduct: false, dynamic: true, dynamicPower: 2),
        new BinCentricPacker("dot-product-dynamic4", dotProduct: true, dynamic: true, dynamicPower: 4),
        new BinCentricPacker("norm-dynamic4", dotProduct: false, dynamic: true, dynamicPower: 4),
        new BinCentricPacker("dot-product-dynamic8", dotProduct: true, dynamic: true, dynamicPower: 8),
        new BinCentricPacker("norm-dynamic8", dotProduct: false, dynamic: true, dynamicPower: 8),
        new FitDecreasingPacker("wfd-sum", SizeMeasure.Sum, FitRule.Worst),
        new FitDecreasingPacker("wfd-max", SizeMeasure.Max, FitRule.Worst),
        new PairFillPacker("pair-fill"),
        new PairFillPacker("pair-fill-dynamic", dynamicPower: 1),
    ];

    private static readonly IBatchPacker Portfolio = new PortfolioPacker(DefaultName, Members);

    private static readonly string[] AllNames = BuildNames();

    /// <summary>Gets the name of every built-in planner, <see cref="DefaultName"/> first.</summary>
    public static IReadOnlyList<string> Names => AllNames;

    /// <summary>Creates the built-in planner of that name.</summary>
    /// <param name="name">One of <see cref="Names"/> (ordinal, case-insensitive).</param>
    /// <returns>The planner.</returns>
    /// <exception cref="ArgumentException">An unknown name; the message lists the valid ones.</exception>
    public static IBatchPacker Create(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        if (string.Equals(name, DefaultName, StringComparison.OrdinalIgnoreCase))
        {
            return Portfolio;
        }

        foreach (var member in Members)
        {
            if (string.Equals(name, member.Name, StringComparison.OrdinalIgnoreCase))
            {
                return member;
            }
        }

        throw new ArgumentException($"Unknown batch packer '{name}'; valid: {string.Join(", ", AllNames)}.", nameof(name));
    }

    /// <summary>Creates the default planner, <see cref="DefaultName"/>.</summary>
    /// <returns>The planner.</returns>
    public static IBatchPacker Default() => Portfolio;

    private static string[] BuildNames()
    {
        var names = new string[Members.Length + 1];
        names[0] = DefaultName;
        for (var i = 0; i < Members.Length; i++)
        {
            names[i + 1] = Members[i].Name;
        }

        return names;
    }
}
