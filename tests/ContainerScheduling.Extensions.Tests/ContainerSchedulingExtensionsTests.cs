using System;
using System.Collections.Generic;
using System.Linq;
using System.Runtime.CompilerServices;
using ContainerScheduling.Extensions;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Xunit;

namespace ContainerScheduling.Tests;

/// <summary>The integration as a host uses it: registration, validation on start, profiles, strategies by name, the factory.</summary>
public sealed class ContainerSchedulingExtensionsTests
{
    [Fact]
    public void AddContainerScheduling_Twice_RegistersNothingTwice()
    {
        var once = new ServiceCollection().AddContainerScheduling();
        var twice = new ServiceCollection().AddContainerScheduling().AddContainerScheduling();

        Assert.Equal(Describe(once), Describe(twice));
        Assert.Equal("services", Assert.Throws<ArgumentNullException>(() => ContainerSchedulingServiceCollectionExtensions.AddContainerScheduling(null!)).ParamName);
    }

    [Fact]
    public void Factory_DefaultProfile_BestFitWithTheConfiguredWeightsAndPreemption()
    {
        using var provider = new ServiceCollection()
            .AddContainerScheduling(options =>
            {
                options.PreemptionThreshold = 5;
                options.RebalanceMaxMoves = 3;
                options.Weights["memory"] = 0;
            })
            .BuildServiceProvider();
        var factory = provider.GetRequiredService<ISchedulerFactory>();
        var cluster = Cluster();

        Assert.Equal(PlacementStrategies.BestFitName, factory.CreateScheduler(cluster).Strategy.Name);
        using var orchestrator = factory.CreateOrchestrator(cluster);
        Assert.Equal(5, orchestrator.Options.PreemptionThreshold);
        Assert.Equal(3, orchestrator.Options.Rebalance.MaxMoves);
        Assert.Equal("default", orchestrator.Options.Name);

        // Equal weights: a is tightest (its memory nearly full after). With memory weighing 0: b, the least cpu left.
        var request = new Dictionary<string, long> { ["cpu"] = 1000, ["memory"] = 3500 };
        using var plain = new ServiceCollection().AddContainerScheduling().BuildServiceProvider();
        Assert.Equal("a", plain.GetRequiredService<ISchedulerFactory>().CreateScheduler(Cluster()).Place(new ContainerSpec("x", request)).Node);
        Assert.Equal("b", factory.CreateScheduler(cluster).Place(new ContainerSpec("x", request)).Node);
    }

    [Fact]
    public void Profiles_ResolvedByName_EachWithItsOwnStrategy()
    {
        using var provider = new ServiceCollection()
            .AddContainerScheduling()
            .AddContainerSchedulingProfile("spread", options => options.Strategy = PlacementStrategies.SpreadName)
            .AddContainerSchedulingProfile("packing", options => options.Strategy = PlacementStrategies.FirstFitName)
            .BuildServiceProvider();
        var factory = provider.GetRequiredService<ISchedulerFactory>();

        Assert.Equal(PlacementStrategies.SpreadName, factory.CreateScheduler(Cluster(), "spread").Strategy.Name);
        Assert.Equal(PlacementStrategies.FirstFitName, factory.CreateScheduler(Cluster(), "packing").Strategy.Name);
        Assert.Equal(PlacementStrategies.BestFitName, factory.CreateScheduler(Cluster()).Strategy.Name);
        using var orchestrator = factory.CreateOrchestrator(Cluster(), "spread");
        Assert.Equal("spread", orchestrator.Options.Name);
        var unknown = Assert.Throws<ArgumentException>(() => factory.CreateScheduler(Cluster(), "gpu"));
        Assert.Contains("'gpu'", unknown.Message, StringComparison.Ordinal);
        Assert.Contains("packing, spread", unknown.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void AddPlacementStrategy_SelectedByNameExactlyLikeTheBuiltIns()
    {
        using var provider = new ServiceCollection()
            .AddPlacementStrategy<LastFit>("last-fit")
            .AddPlacementStrategy<LastFit>("last-fit")
            .AddContainerScheduling(options => options.Strategy = "last-fit")
            .BuildServiceProvider();
        var registry = provider.GetRequiredService<PlacementStrategyRegistry>();

        Assert.Equal([.. PlacementStrategies.Names, "last-fit"], registry.Names);
        Assert.IsType<LastFit>(provider.GetRequiredKeyedService<IPlacementStrategy>("last-fit"));
        Assert.Equal(PlacementStrategies.SpreadName, provider.GetRequiredKeyedService<IPlacementStrategy>(PlacementStrategies.SpreadName).Name);
        var placed = provider.GetRequiredService<ISchedulerFactory>().CreateScheduler(Cluster()).Place(new ContainerSpec("x", new Dictionary<string, long> { ["cpu"] = 1 }));
        Assert.Equal("c", placed.Node);

        var services = new ServiceCollection().AddPlacementStrategy<LastFit>("mine");
        Assert.Contains("already registered for LastFit", Assert.Throws<ArgumentException>(() => services.AddPlacementStrategy<OtherFit>("mine")).Message, StringComparison.Ordinal);
        Assert.Contains("built-in", Assert.Throws<ArgumentException>(() => services.AddPlacementStrategy<OtherFit>(PlacementStrategies.BestFitName)).Message, StringComparison.Ordinal);
        Assert.Equal("name", Assert.Throws<ArgumentException>(() => services.AddPlacementStrategy<OtherFit>(" ")).ParamName);
    }

    [Theory]
    [InlineData("RebalanceMaxMoves", "RebalanceMaxMoves")]
    [InlineData("Strategy", "Strategy of the default profile is 'nope'")]
    [InlineData("EmptyStrategy", "Strategy")]
    [InlineData("Weight", "Weights['cpu']")]
    [InlineData("PerNode", "RebalanceMaxMovesPerNode")]
    public void InvalidOptions_FailOnStartWithAMessageNamingTheOption(string broken, string named)
    {
        using var provider = new ServiceCollection()
            .AddContainerScheduling(options =>
            {
                switch (broken)
                {
                    case "RebalanceMaxMoves": options.RebalanceMaxMoves = -1; break;
                    case "Strategy": options.Strategy = "nope"; break;
                    case "EmptyStrategy": options.Strategy = ""; break;
                    case "Weight": options.Weights["cpu"] = -2; break;
                    case "PerNode": options.RebalanceMaxMovesPerNode = 0; break;
                }
            })
            .BuildServiceProvider();

        // What a host does at start (ValidateOnStart): every registered options instance is validated.
        var failure = Assert.Throws<OptionsValidationException>(() => provider.GetRequiredService<IStartupValidator>().Validate());
        Assert.Contains(named, failure.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void InvalidProfile_FailsOnStartNamingTheProfile()
    {
        using var provider = new ServiceCollection()
            .AddContainerSchedulingProfile("gpu", options => options.Strategy = "missing")
            .BuildServiceProvider();

        var failure = Assert.Throws<OptionsValidationException>(() => provider.GetRequiredService<IStartupValidator>().Validate());
        Assert.Contains("profile 'gpu' is 'missing'", failure.Message, StringComparison.Ordinal);
        Assert.Equal("name", Assert.Throws<ArgumentException>(() => new ServiceCollection().AddContainerSchedulingProfile("", _ => { })).ParamName);
    }

    [Fact]
    public void CreateOrchestrator_HostHasAMeterFactory_TheOrchestratorsMeterComesFromIt()
    {
        var meters = new RecordingMeterFactory();
        using var provider = new ServiceCollection()
            .AddSingleton<System.Diagnostics.Metrics.IMeterFactory>(meters)
            .AddContainerScheduling()
            .BuildServiceProvider();

        var orchestrator = provider.GetRequiredService<ISchedulerFactory>().CreateOrchestrator(Cluster());
        orchestrator.Dispose();

        var meter = Assert.Single(meters.Created);
        Assert.Equal(SchedulingTelemetry.Name, meter.Name);

        // The factory owns its meters: disposing the orchestrator left it alone, so instruments still publish.
        var published = 0;
        using var listener = new System.Diagnostics.Metrics.MeterListener
        {
            InstrumentPublished = (instrument, _) => published += ReferenceEquals(instrument.Meter, meter) ? 1 : 0,
        };
        listener.Start();
        Assert.True(published > 0);
        meters.Dispose();
    }

    [Fact]
    public void PublicApi_Assembly_MatchesTheApprovedFile()
    {
        if (PublicApiSnapshot.Difference(typeof(SchedulingOptions).Assembly, "PublicApi.approved.txt", SourceFolder()) is { } difference)
        {
            Assert.Fail(difference);
        }
    }

    private static string SourceFolder([CallerFilePath] string path = "") => System.IO.Path.GetDirectoryName(path) ?? "";

    private static string Describe(IServiceCollection services) =>
        string.Join("\n", services.Select(d => $"{d.ServiceType.Name}|{d.ServiceKey}|{d.Lifetime}|{(d.IsKeyedService ? d.KeyedImplementationType?.Name : d.ImplementationType?.Name)}|{(d.IsKeyedService ? null : d.ImplementationInstance)}"));

    /// <summary>a: cpu 10000 / memory 4000; b: 3000 / 64000; c: 16000 / 64000.</summary>
    private static ClusterState Cluster()
    {
        var cluster = new ClusterState(new ResourceSchema("cpu", "memory"));
        cluster.AddNode(new NodeSpec("a", new Dictionary<string, long> { ["cpu"] = 10_000, ["memory"] = 4_000 }));
        cluster.AddNode(new NodeSpec("b", new Dictionary<string, long> { ["cpu"] = 3_000, ["memory"] = 64_000 }));
        cluster.AddNode(new NodeSpec("c", new Dictionary<string, long> { ["cpu"] = 16_000, ["memory"] = 64_000 }));
        return cluster;
    }

    /// <summary>The last node that fits: a user strategy through the public view.</summary>
    private sealed class LastFit : IPlacementStrategy
    {
        public string Name => "last-fit";

        public int SelectNode(in ClusterView cluster, ReadOnlySpan<long> request)
        {
            for (var node = cluster.NodeCount - 1; node >= 0; node--)
            {
                if (cluster.Fits(node, request))
                {
                    return node;
                }
            }

            return -1;
        }
    }

    /// <summary>An <see cref="System.Diagnostics.Metrics.IMeterFactory"/> that records the meters it made and disposes them itself.</summary>
    private sealed class RecordingMeterFactory : System.Diagnostics.Metrics.IMeterFactory
    {
        public List<System.Diagnostics.Metrics.Meter> Created { get; } = [];

        public System.Diagnostics.Metrics.Meter Create(System.Diagnostics.Metrics.MeterOptions options)
        {
            var meter = new System.Diagnostics.Metrics.Meter(options);
            Created.Add(meter);
            return meter;
        }

        public void Dispose() => Created.ForEach(meter => meter.Dispose());
    }

    private sealed class OtherFit : IPlacementStrategy
    {
        public string Name => "other";

        public int SelectNode(in ClusterView cluster, ReadOnlySpan<long> request) => cluster.FindFirstFit(request);
    }
}
