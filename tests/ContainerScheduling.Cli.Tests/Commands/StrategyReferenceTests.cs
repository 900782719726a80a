using System;
using System.Collections.Generic;
using System.Linq;
using System.Text.Json;
using ContainerScheduling.Cli.Tests.Support;
using FsCheck;
using FsCheck.Fluent;
using Xunit;

namespace ContainerScheduling.Cli.Tests.Commands;

/// <summary>
/// Runs <c>csched place</c> on generated instances and replays every decision against
/// <see cref="ReferenceScheduler"/>: each placement goes to the node the strategy's definition picks, each
/// unplaced container fits on no ready node at the moment it was tried, no node ends over capacity, and the
/// output's order is the order the policy defines.
/// </summary>
public sealed class StrategyReferenceTests
{
    private static readonly Config Quick = Config.QuickThrowOnFailure.WithMaxTest(25).WithQuietOnSuccess(true);

    public static TheoryData<string, string> StrategiesAndOrders()
    {
        var data = new TheoryData<string, string>();
        foreach (var strategy in PlacementStrategies.Names)
        {
            foreach (var order in new[] { "arrival", "largest-first", "smallest-first" })
            {
                data.Add(strategy, order);
            }
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(StrategiesAndOrders))]
    public void Place_GeneratedInstances_MatchesReferenceDefinition(string strategy, string order) =>
        Check.One(Quick, Prop.ForAll(Instances(), instance => MatchesReference(instance, strategy, order)));

    [Fact]
    public void Place_ScarceCapacity_LeavesSomeContainersUnplacedSoFailuresAreExercised()
    {
        var instance = GeneratedInstance.Create(nodeCount: 5, containerCount: 200, seed: 42);

        var outcome = RunCli(instance, "best-fit", "arrival");

        Assert.NotEmpty(TestJson.Unplaced(outcome.RootElement));
        Assert.True(MatchesReference(instance, "best-fit", "arrival"));
    }

    private static Arbitrary<GeneratedInstance> Instances() =>
        Arb.From(
            from nodes in Gen.Choose(5, 60)
            from containers in Gen.Choose(20, 200)
            from seed in Gen.Choose(0, int.MaxValue)
            select GeneratedInstance.Create(nodes, containers, seed),
            instance => instance.Shrink());

    private static bool MatchesReference(GeneratedInstance instance, string strategy, string order)
    {
        using var output = RunCli(instance, strategy, order);
        var root = output.RootElement;
        var placements = TestJson.Placements(root);
        var unplaced = TestJson.Unplaced(root);
        Assert.Equal(strategy, root.GetProperty("strategy").GetString());
        Assert.Equal(placements.Count, root.GetProperty("summary").GetProperty("placed").GetInt32());
        Assert.Equal(unplaced.Count, root.GetProperty("summary").GetProperty("unplaced").GetInt32());

        var reference = new ReferenceScheduler(instance);
        Assert.Equal(reference.Dimensions, root.GetProperty("summary").GetProperty("dimensions").EnumerateArray().Select(d => d.GetString()!));
        int nextPlacement = 0, nextUnplaced = 0;
        foreach (var container in reference.Order(order))
        {
            var request = reference.Vector(container.Requests);
            var expected = reference.Choose(strategy, request);
            if (nextPlacement < placements.Count && placements[nextPlacement].Container == container.Name)
            {
                var node = placements[nextPlacement++].Node;
                var actual = reference.IndexOf(node);
                Assert.True(reference.Fits(actual, request), $"{container.Name} placed on {node}, which has no room for it or is not ready\n{instance}");
                Assert.True(
                    expected == actual,
                    $"{strategy}/{order}: {container.Name} went to {node}, the definition picks {(expected < 0 ? "no node" : reference.NameOf(expected))}\n{instance}");
                reference.Reserve(actual, request);
            }
            else
            {
                Assert.True(nextUnplaced < unplaced.Count && unplaced[nextUnplaced].Container == container.Name, $"{strategy}/{order}: {container.Name} is neither the next placement nor the next unplaced container\n{instance}");
                Assert.True(expected < 0, $"{strategy}/{order}: {container.Name} is unplaced, but fits on {(expected < 0 ? "-" : reference.NameOf(expected))}\n{instance}");
                Assert.StartsWith($"0/{instance.Nodes.Count} nodes fit: ", unplaced[nextUnplaced++].Reason, StringComparison.Ordinal);
            }
        }

        Assert.Equal(placements.Count, nextPlacement);
        Assert.Equal(unplaced.Count, nextUnplaced);
        return true;
    }

    private static JsonDocument RunCli(GeneratedInstance instance, string strategy, string order)
    {
        using var dir = new TempDirectory();
        var run = CliRun.Of(
            "place",
            "--cluster", dir.Write("cluster.json", instance.ClusterJson()),
            "--workload", dir.Write("workload.json", instance.WorkloadJson()),
            "--strategy", strategy,
            "--order", order);
        Assert.True(run.ExitCode == 0, run.Stderr);
        return run.Json();
    }
}
