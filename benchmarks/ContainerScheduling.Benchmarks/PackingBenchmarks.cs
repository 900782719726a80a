using System;
using System.Threading;
using BenchmarkDotNet.Attributes;

namespace ContainerScheduling.Benchmarks;

/// <summary>
/// One operation = one batch plan of a seeded 500-item, 5-dimension instance shaped like Panigrahy's class 1
/// (capacity 1000, sizes uniform in 100..400 in every dimension). The baseline is first-fit-decreasing by summed size,
/// the cheapest planner; the others show what the bin-centric planners and the default portfolio (all of them, the
/// fewest bins) cost against it. Planners allocate their plan and per-run scratch; the figures say how much.
/// </summary>
[MemoryDiagnoser]
public class PackingBenchmarks
{
    private readonly IBatchPacker _ffd = BatchPackers.Create("ffd-sum");
    private readonly IBatchPacker _dotProduct = BatchPackers.Create("dot-product");
    private readonly IBatchPacker _dynamic8 = BatchPackers.Create("dot-product-dynamic8");
    private readonly IBatchPacker _portfolio = BatchPackers.Default();
    private PackingInstance _instance = null!;

    [GlobalSetup]
    public void Setup() => _instance = PackingInstances.Uniform("class1-like", items: 500, dimensions: 5, capacity: 1000, min: 100, max: 400, seed: 11);

    /// <summary>First-fit-decreasing by the sum of normalised sizes.</summary>
    [Benchmark(Baseline = true)]
    public int FfdSum() => _ffd.Pack(_instance).BinCount;

    /// <summary>Bin-centric dot product (Panigrahy et al.).</summary>
    [Benchmark]
    public int DotProduct() => _dotProduct.Pack(_instance).BinCount;

    /// <summary>Bin-centric dot product weighted by the unplaced items' scarcity to the power 8.</summary>
    [Benchmark]
    public int DotProductDynamic8() => _dynamic8.Pack(_instance).BinCount;

    /// <summary>The default planner: every planner, the fewest bins.</summary>
    [Benchmark]
    public int Portfolio() => _portfolio.Pack(_instance).BinCount;
}

/// <summary>
/// One operation = proving the optimum of one seeded instance with <see cref="ExactPacker"/>, no time limit. The
/// baseline is the portfolio's plan alone, so the ratio is what the proof costs on top. Each subclass names its
/// instance and checks in setup that the instance still takes the path it is there to measure.
/// </summary>
[MemoryDiagnoser]
public abstract class ExactPackerBenchmarkBase
{
    private readonly IBatchPacker _portfolio = BatchPackers.Default();
    private PackingInstance _instance = null!;

    [GlobalSetup]
    public void Setup()
    {
        _instance = CreateInstance();
        var problem = Unfit(ExactPacker.Solve(_instance, Timeout.InfiniteTimeSpan), _portfolio.Pack(_instance).BinCount);
        if (problem is not null)
        {
            throw new InvalidOperationException(problem);
        }
    }

    /// <summary>The portfolio's plan, no proof.</summary>
    [Benchmark(Baseline = true)]
    public int Portfolio() => _portfolio.Pack(_instance).BinCount;

    /// <summary>The exact solver to a proven optimum (no time limit).</summary>
    [Benchmark]
    public int Exact() => ExactPacker.Solve(_instance, Timeout.InfiniteTimeSpan).Plan.BinCount;

    /// <summary>The instance to solve.</summary>
    protected abstract PackingInstance CreateInstance();

    /// <summary>Why the instance does not take the path the benchmark measures, or null when it does.</summary>
    protected abstract string? Unfit(ExactPackingResult result, int portfolioBins);
}

/// <summary>
/// A 30-item, 10-dimension instance shaped like Panigrahy's class 4 (capacity 1000, sizes 50..200). Seed 20 is one of
/// the harder ones: the portfolio packs 5 bins, the combinatorial bound says 4, and 5 is proven by the LP (column
/// generation) and branch-and-price.
/// </summary>
public class ExactPackerBenchmarks : ExactPackerBenchmarkBase
{
    /// <inheritdoc/>
    protected override PackingInstance CreateInstance() =>
        PackingInstances.Uniform("class4-like", items: 30, dimensions: 10, capacity: 1000, min: 50, max: 200, seed: 20);

    /// <inheritdoc/>
    protected override string? Unfit(ExactPackingResult result, int portfolioBins) =>
        result.IsOptimal && result.LowerBound > PackingBounds.LowerBound(result.Plan.Instance)
            ? null
            : "the benchmark instance must need the LP to be proven optimal";
}

/// <summary>
/// A 30-item, 10-dimension instance shaped like Panigrahy's class 5 (capacity 1000, sizes 25..100). On seed 289 about
/// fifteen items fill a bin: the portfolio and 20,000 bin-emptying moves stay at 3 bins, the combinatorial bound says
/// 2, and the overflow search finds 2, which the LP bound and branch-and-price took about 0.75 s to reach before it.
/// </summary>
public class ExactPackerTwoBinBenchmarks : ExactPackerBenchmarkBase
{
    /// <inheritdoc/>
    protected override PackingInstance CreateInstance() =>
        PackingInstances.Uniform("class5-like", items: 30, dimensions: 10, capacity: 1000, min: 25, max: 100, seed: 289);

    /// <inheritdoc/>
    protected override string? Unfit(ExactPackingResult result, int portfolioBins) =>
        portfolioBins == 3 && result.IsOptimal && result.Plan.BinCount == 2
            ? null
            : "the benchmark instance must be packed in 3 bins by the portfolio and proven at 2";
}

/// <summary>Seeded instances with every size uniform in a range.</summary>
internal static class PackingInstances
{
    public static PackingInstance Uniform(string name, int items, int dimensions, long capacity, int min, int max, int seed)
    {
        var random = new Random(seed);
        var sizes = new long[items * dimensions];
        for (var i = 0; i < sizes.Length; i++)
        {
            sizes[i] = random.Next(min, max + 1);
        }

        var capacities = new long[dimensions];
        Array.Fill(capacities, capacity);
        return new PackingInstance(name, capacities, sizes);
    }
}
