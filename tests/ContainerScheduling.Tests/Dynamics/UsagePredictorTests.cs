using System;
using System.Linq;
using Xunit;

namespace ContainerScheduling.Tests.Dynamics;

/// <summary>The predictors against synthetic usage whose distribution, and so whose percentiles, are known in closed form.</summary>
public sealed class UsagePredictorTests
{
    private const int Samples = 20_000;

    [Theory]
    [InlineData(0.5)]
    [InlineData(0.9)]
    [InlineData(0.99)]
    public void DecayingHistogram_UniformUsage_RecommendsThePercentileWithinTheBucketResolution(double percentile)
    {
        var predictor = new DecayingHistogramPredictor(1, percentile, halfLife: 1e9, margin: 0);
        var random = new Random(1);
        for (var i = 0; i < Samples; i++)
        {
            predictor.Observe("web", [random.NextInt64(0, 10_001)]);
        }

        // Uniform on 0…10,000: the p-th percentile is 10,000 p. Buckets are 5% wide, and sampling adds ±1%.
        var expected = 10_000 * percentile;
        var recommended = predictor.Recommend("web")![0];
        Assert.InRange(recommended, expected * 0.98, expected * 1.07);
    }

    [Fact]
    public void DecayingHistogram_NormalAndExponentialUsage_RecommendsTheirNinetiethPercentilePlusTheMargin()
    {
        var predictor = new DecayingHistogramPredictor(2, 0.9, halfLife: 1e9, margin: 0.15);
        var random = new Random(2);
        for (var i = 0; i < Samples; i++)
        {
            // Normal(1000, 100) in dimension 0; exponential with mean 500 in dimension 1.
            var normal = 1000 + (100 * Gaussian(random));
            var exponential = -500 * Math.Log(1 - random.NextDouble());
            predictor.Observe("db", [(long)Math.Round(normal), (long)Math.Round(exponential)]);
        }

        var recommended = predictor.Recommend("db")!;

        // p90 of Normal(1000, 100) is 1000 + 1.2816 · 100; of Exp(mean 500) it is 500 · ln 10. Then +15%.
        Assert.InRange(recommended[0], 1128.2 * 1.15 * 0.98, 1128.2 * 1.15 * 1.07);
        Assert.InRange(recommended[1], 1151.3 * 1.15 * 0.97, 1151.3 * 1.15 * 1.08);
    }

    [Fact]
    public void DecayingHistogram_UsageShifts_FollowsTheNewLevelAfterAFewHalfLives()
    {
        var predictor = new DecayingHistogramPredictor(1, 0.9, halfLife: 200, margin: 0);
        var random = new Random(3);
        for (var i = 0; i < 5000; i++)
        {
            predictor.Observe("api", [random.NextInt64(900, 1101)]);
        }

        Assert.InRange(predictor.Recommend("api")![0], 1000, 1200);
        for (var i = 0; i < 2000; i++)
        {
            predictor.Observe("api", [random.NextInt64(2900, 3101)]);
        }

        // Ten half-lives later the old samples weigh under 0.1%: the percentile is the new level's.
        Assert.InRange(predictor.Recommend("api")![0], 3000, 3250);
    }

    [Fact]
    public void MeanDeviation_NormalUsage_RecommendsMeanPlusKSigma()
    {
        var predictor = new MeanDeviationPredictor(1, alpha: 0.01, k: 2);
        var random = new Random(4);
        for (var i = 0; i < Samples; i++)
        {
            predictor.Observe("web", [(long)Math.Round(2000 + (300 * Gaussian(random)))]);
        }

        // μ + 2σ = 2600; an exponentially weighted estimate over ~200 samples is within a few percent.
        Assert.InRange(predictor.Recommend("web")![0], 2600 * 0.95, 2600 * 1.05);
    }

    [Fact]
    public void Predictors_UnknownKindAndBadInput()
    {
        IUsagePredictor[] predictors = [new DecayingHistogramPredictor(2), new MeanDeviationPredictor(2)];
        foreach (var predictor in predictors)
        {
            Assert.Null(predictor.Recommend("never"));
            Assert.Contains("needs 2 amount(s)", Assert.Throws<ArgumentException>(() => predictor.Observe("x", [1])).Message, StringComparison.Ordinal);
            Assert.Contains("must be non-negative, but was -5", Assert.Throws<ArgumentException>(() => predictor.Observe("x", [1, -5])).Message, StringComparison.Ordinal);
            Assert.Null(predictor.Recommend("x"));
        }

        Assert.Equal("percentile", Assert.Throws<ArgumentOutOfRangeException>(() => new DecayingHistogramPredictor(1, percentile: 1.5)).ParamName);
        Assert.Equal("growth", Assert.Throws<ArgumentOutOfRangeException>(() => new DecayingHistogramPredictor(1, growth: 1)).ParamName);
        Assert.Equal("alpha", Assert.Throws<ArgumentOutOfRangeException>(() => new MeanDeviationPredictor(1, alpha: 0)).ParamName);
    }

    [Fact]
    public void Predictors_SameSamples_SameRecommendation()
    {
        long[] Run(IUsagePredictor predictor)
        {
            var random = new Random(9);
            for (var i = 0; i < 3000; i++)
            {
                predictor.Observe("k", [random.NextInt64(0, 5000), random.NextInt64(0, 100)]);
            }

            return predictor.Recommend("k")!;
        }

        Assert.Equal(Run(new DecayingHistogramPredictor(2, halfLife: 50)), Run(new DecayingHistogramPredictor(2, halfLife: 50)));
        Assert.Equal(Run(new MeanDeviationPredictor(2)), Run(new MeanDeviationPredictor(2)));
    }

    [Fact]
    public void Orchestrator_PlaceByRecommendation_ReservesTheRecommendedRequestForTheKind()
    {
        var cluster = new ClusterState(new ResourceSchema("cpu"));
        cluster.AddNode(new NodeSpec("n", new System.Collections.Generic.Dictionary<string, long> { ["cpu"] = 10_000 }));
        var predictor = new MeanDeviationPredictor(1, alpha: 0.1, k: 0);
        var orchestrator = new Orchestrator(cluster, options: new OrchestratorOptions { UsagePredictor = predictor, PlaceByRecommendation = true });
        var web = new System.Collections.Generic.Dictionary<string, string> { ["app"] = "web" };

        // Nothing learned yet: the container's own request.
        orchestrator.Submit([new ContainerSpec("w0", new System.Collections.Generic.Dictionary<string, long> { ["cpu"] = 4000 }) { Labels = web }]);
        Assert.Equal(4000, cluster.GetAllocated("n", "cpu"));
        for (var i = 0; i < 200; i++)
        {
            orchestrator.ObserveUsage("w0", [600]);
        }

        orchestrator.Submit([new ContainerSpec("w1", new System.Collections.Generic.Dictionary<string, long> { ["cpu"] = 4000 }) { Labels = web }]);

        Assert.Equal(4600, cluster.GetAllocated("n", "cpu"));
        Assert.Equal(600, cluster.GetContainer("w1").Requests["cpu"]);
        Assert.Throws<InvalidOperationException>(() => new Orchestrator(cluster).ObserveUsage("w0", [1]));
        Assert.Throws<ArgumentException>(() => orchestrator.ObserveUsage("nobody", [1]));
        Assert.Throws<ArgumentException>(() => new Orchestrator(cluster, options: new OrchestratorOptions { PlaceByRecommendation = true }));
    }

    private static double Gaussian(Random random) =>
        Math.Sqrt(-2 * Math.Log(1 - random.NextDouble())) * Math.Cos(2 * Math.PI * random.NextDouble());
}
