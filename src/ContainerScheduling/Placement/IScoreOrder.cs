using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace ContainerScheduling;

/// <summary>Which end of the score range wins: chosen at compile time so the JIT specialises each loop.</summary>
internal interface IScoreOrder
{
    /// <summary>A score every real score beats.</summary>
    static abstract double Worst { get; }

    /// <summary>Whether <paramref name="score"/> strictly beats <paramref name="best"/>.</summary>
    static abstract bool Better(double score, double best);

    /// <summary>Per lane, whether <paramref name="score"/> strictly beats <paramref name="best"/>.</summary>
    static abstract Vector512<double> Better(Vector512<double> score, Vector512<double> best);

    /// <summary>
    /// Per lane, the better of two scores: the plain AVX-512 min (max), one instruction, where
    /// <see cref="Vector512.Min{T}(Vector512{T}, Vector512{T})"/> adds IEEE 754-2019 NaN and signed-zero fix-ups that
    /// scores (never NaN, never −0) do not need. Requires AVX-512.
    /// </summary>
    static abstract Vector512<double> Pick(Vector512<double> left, Vector512<double> right);
}

/// <summary>The lowest score wins (best-fit: least free capacity left).</summary>
internal readonly struct LowestScore : IScoreOrder
{
    public static double Worst => double.PositiveInfinity;

    public static bool Better(double score, double best) => score < best;

    public static Vector512<double> Better(Vector512<double> score, Vector512<double> best) => Vector512.LessThan(score, best);

    public static Vector512<double> Pick(Vector512<double> left, Vector512<double> right) => Avx512F.Min(left, right);
}

/// <summary>The highest score wins (least-loaded: most free capacity left).</summary>
internal readonly struct HighestScore : IScoreOrder
{
    public static double Worst => double.NegativeInfinity;

    public static bool Better(double score, double best) => score > best;

    public static Vector512<double> Better(Vector512<double> score, Vector512<double> best) => Vector512.GreaterThan(score, best);

    public static Vector512<double> Pick(Vector512<double> left, Vector512<double> right) => Avx512F.Max(left, right);
}
