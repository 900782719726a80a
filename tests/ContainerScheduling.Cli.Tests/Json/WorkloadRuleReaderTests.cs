using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text;
using ContainerScheduling.Cli.Json;
using ContainerScheduling.Cli.Tests.Support;
using Xunit;

namespace ContainerScheduling.Cli.Tests.Json;

/// <summary>The placement rules of a workload file reach the specs whole, whatever the buffer size.</summary>
public sealed class WorkloadRuleReaderTests
{
    /// <summary>The example of issue 4, plus a second task that the first depends on.</summary>
    private const string IssueExample = """
        {"tasks":[{"name":"shop","dependsOn":["db"],
          "containers":[{"name":"shop-api","requests":{"cpu":500},"labels":{"app":"shop"},"priority":10,
            "dependsOn":["shop-cache"],"nodeSelector":{"zone":"a"},"tolerations":["gpu"],
            "affinity":[{"labels":{"app":"cache"},"topologyKey":"node"}],
            "antiAffinity":[{"labels":{"app":"shop"},"topologyKey":"zone"}],
            "spread":{"topologyKey":"zone","maxSkew":1,"labels":{"app":"shop"}}},
            {"name":"shop-cache","labels":{"app":"cache"}}]},
          {"name":"db","containers":[{"name":"db-0"}]}],
         "containers":[]}
        """;

    [Fact]
    public void Read_IssueExample_CarriesEveryRuleToTheSpecs()
    {
        var document = Read(IssueExample);

        var shop = document.Tasks[0];
        Assert.Equal(["db"], shop.DependsOn);
        Assert.Empty(document.Tasks[1].DependsOn);
        var api = shop.Containers[0];
        Assert.Equal(10, api.Priority);
        Assert.Equal("shop", api.Labels["app"]);
        Assert.Equal(["shop-cache"], api.DependsOn);
        Assert.Equal(Pairs(("zone", "a")), api.NodeSelector!.MatchLabels);
        Assert.Empty(api.NodeSelector.Requirements);
        Assert.Equal(["gpu"], api.Tolerations);
        var affinity = Assert.Single(api.Affinity);
        Assert.Equal("node", affinity.TopologyKey);
        Assert.Equal(new LabelSelector(Pairs(("app", "cache"))), affinity.Selector);
        var antiAffinity = Assert.Single(api.AntiAffinity);
        Assert.Equal("zone", antiAffinity.TopologyKey);
        Assert.Equal(new LabelSelector(Pairs(("app", "shop"))), antiAffinity.Selector);
        var spread = Assert.Single(api.TopologySpread);
        Assert.Equal("zone", spread.TopologyKey);
        Assert.Equal(1, spread.MaxSkew);
        Assert.Equal(new LabelSelector(Pairs(("app", "shop"))), spread.Selector);
    }

    [Fact]
    public void Read_NodeSelectorAndTerms_MergeIntoOneSelectorWithEveryOperator()
    {
        var document = Read("""
            {"containers": [{"name": "c", "nodeSelectorTerms": [
                {"key": "zone", "operator": "In", "values": ["a", "b"]},
                {"key": "rack", "operator": "NotIn", "values": ["r9"]},
                {"operator": "Exists", "key": "ssd"},
                {"key": "gpu", "operator": "DoesNotExist", "values": []}],
              "nodeSelector": {"tier": "prod", "arch": "arm"}}]}
            """);

        var selector = Assert.Single(document.Containers).NodeSelector!;
        Assert.Equal(Pairs(("tier", "prod"), ("arch", "arm")), selector.MatchLabels);
        Assert.Equal(
            [
                new LabelRequirement("zone", LabelOperator.In, ["a", "b"]),
                new LabelRequirement("rack", LabelOperator.NotIn, ["r9"]),
                new LabelRequirement("ssd", LabelOperator.Exists),
                new LabelRequirement("gpu", LabelOperator.DoesNotExist),
            ],
            selector.Requirements);
        Assert.True(selector.Matches(Pairs(("tier", "prod"), ("arch", "arm"), ("zone", "b"), ("rack", "r1"), ("ssd", "1"))));
        Assert.False(selector.Matches(Pairs(("tier", "prod"), ("arch", "arm"), ("zone", "c"), ("rack", "r1"), ("ssd", "1"))));
    }

    [Fact]
    public void Read_AffinityTerms_DefaultTheTopologyKeyToNodeAndTakeExpressions()
    {
        var document = Read("""
            {"containers": [{"name": "c", "affinity": [
                {"labels": {"app": "cache"}},
                {"expressions": [{"key": "app", "operator": "In", "values": ["db", "kv"]}], "labels": {"team": "x"}, "topologyKey": "rack"},
                {}],
              "antiAffinity": [{"expressions": [{"key": "app", "operator": "Exists"}], "topologyKey": "zone", "comment": [1, {"x": 2}]}]}]}
            """);

        var container = Assert.Single(document.Containers);
        Assert.Equal(["node", "rack", "node"], container.Affinity.Select(t => t.TopologyKey));
        Assert.Equal(new LabelSelector(Pairs(("app", "cache"))), container.Affinity[0].Selector);
        Assert.Equal(
            new LabelSelector(Pairs(("team", "x")), [new LabelRequirement("app", LabelOperator.In, ["db", "kv"])]),
            container.Affinity[1].Selector);
        Assert.True(container.Affinity[2].Selector.IsEmpty);
        var anti = Assert.Single(container.AntiAffinity);
        Assert.Equal(new LabelSelector(requirements: [new LabelRequirement("app", LabelOperator.Exists)]), anti.Selector);
        Assert.Equal("zone", anti.TopologyKey);
    }

    [Fact]
    public void Read_SpreadArray_GivesOneConstraintPerEntry()
    {
        var document = Read("""
            {"containers": [{"name": "c", "spread": [
                {"maxSkew": 2, "topologyKey": "zone", "labels": {"app": "web"}},
                {"topologyKey": "node", "maxSkew": 1, "expressions": [{"key": "app", "operator": "NotIn", "values": ["batch"]}]}]}]}
            """);

        var spread = Assert.Single(document.Containers).TopologySpread;
        Assert.Equal([("zone", 2), ("node", 1)], spread.Select(s => (s.TopologyKey, s.MaxSkew)));
        Assert.Equal(new LabelSelector(Pairs(("app", "web"))), spread[0].Selector);
        Assert.Equal(new LabelSelector(requirements: [new LabelRequirement("app", LabelOperator.NotIn, ["batch"])]), spread[1].Selector);
    }

    [Fact]
    public void Read_PlainContainers_CarryRulesAndDependencies()
    {
        var document = Read("""
            {"containers": [{"name": "db"}, {"name": "api", "dependsOn": ["db", "cache", "db"], "tolerations": ["gpu", "spot"]}, {"name": "cache"}]}
            """);

        Assert.Equal(["db", "api", "cache"], document.Containers.Select(c => c.Name));
        Assert.Equal(["db", "cache"], document.Containers[1].DependsOn);
        Assert.Equal(["gpu", "spot"], document.Containers[1].Tolerations);
        Assert.Empty(document.Tasks);
    }

    [Fact]
    public void Read_ContainersAfterOneWithRules_DoNotInheritItsRules()
    {
        var document = Read("""
            {"containers": [
              {"name": "all", "labels": {"app": "a"}, "dependsOn": ["x"], "nodeSelector": {"zone": "a"},
               "nodeSelectorTerms": [{"key": "rack", "operator": "Exists"}], "tolerations": ["gpu"],
               "affinity": [{"labels": {"app": "b"}}], "antiAffinity": [{"labels": {"app": "a"}}],
               "spread": {"topologyKey": "zone", "maxSkew": 1}},
              {"name": "none", "requests": {"cpu": 1}},
              {"name": "some", "nodeSelectorTerms": [{"key": "ssd", "operator": "Exists"}], "antiAffinity": []}
            ]}
            """);

        var (all, none, some) = (document.Containers[0], document.Containers[1], document.Containers[2]);
        Assert.Equal(new LabelSelector(Pairs(("zone", "a")), [new LabelRequirement("rack", LabelOperator.Exists)]), all.NodeSelector);
        Assert.Single(all.Affinity);
        Assert.Single(all.TopologySpread);
        Assert.True(all.TopologySpread[0].Selector.IsEmpty);
        AssertNoRules(none);
        Assert.Empty(none.Labels);
        Assert.Empty(some.DependsOn);
        Assert.Empty(some.Tolerations);
        Assert.Empty(some.Affinity);
        Assert.Empty(some.AntiAffinity);
        Assert.Empty(some.TopologySpread);
        Assert.Empty(some.NodeSelector!.MatchLabels);
        Assert.Equal([new LabelRequirement("ssd", LabelOperator.Exists)], some.NodeSelector.Requirements);
    }

    [Fact]
    public void Read_EmptyRules_LeaveTheContainerWithoutRules()
    {
        var document = Read("""{"containers": [{"name": "c", "dependsOn": [], "nodeSelector": {}, "nodeSelectorTerms": [], "tolerations": [], "affinity": [], "antiAffinity": [], "spread": []}]}""");

        AssertNoRules(Assert.Single(document.Containers));
    }

    [Fact]
    public void Read_TaskDependenciesAroundItsContainers_StayTheTasks()
    {
        var document = Read("""
            {"tasks": [
              {"dependsOn": ["t0"], "name": "t1", "containers": [{"name": "a", "dependsOn": ["b"]}, {"name": "b"}]},
              {"name": "t2", "containers": [{"name": "c", "dependsOn": ["x"]}], "dependsOn": ["t1", "t0"]},
              {"name": "t0", "containers": [{"name": "d"}]}]}
            """);

        Assert.Equal([["t0"], ["t1", "t0"], []], document.Tasks.Select(t => t.DependsOn.ToArray()));
        Assert.Equal(["b"], document.Tasks[0].Containers[0].DependsOn);
        Assert.Empty(document.Tasks[0].Containers[1].DependsOn);
    }

    [Fact]
    public void Read_RulesOnEveryBufferSizeAndChunk_GiveTheSameSpecs()
    {
        var bytes = Encoding.UTF8.GetBytes(IssueExample + " ");
        var expected = Describe(Read(IssueExample));
        Assert.Contains("shop-api", expected, StringComparison.Ordinal);

        for (var bufferSize = 1; bufferSize <= 40; bufferSize += 3)
        {
            foreach (var chunk in new[] { 1, 7, 4096 })
            {
                var document = WorkloadReader.Read(new TrickleStream(bytes, chunk), "w.json", new ResourceDimensions(), bufferSize);
                Assert.Equal(expected, Describe(document));
            }
        }
    }

    [Fact]
    public void Read_RepeatedSelectorTexts_ShareStringInstances()
    {
        var document = Read("""
            {"containers": [
              {"name": "a", "nodeSelector": {"zone": "a"}, "tolerations": ["gpu"], "spread": {"topologyKey": "zone", "maxSkew": 1}},
              {"name": "b", "nodeSelector": {"zone": "a"}, "tolerations": ["gpu"], "spread": {"topologyKey": "zone", "maxSkew": 1}}]}
            """);

        var (a, b) = (document.Containers[0], document.Containers[1]);
        Assert.Same(a.NodeSelector!.MatchLabels.Keys.Single(), b.NodeSelector!.MatchLabels.Keys.Single());
        Assert.Same(a.NodeSelector.MatchLabels.Values.Single(), b.NodeSelector.MatchLabels.Values.Single());
        Assert.Same(a.Tolerations[0], b.Tolerations[0]);
        Assert.Same(a.TopologySpread[0].TopologyKey, b.TopologySpread[0].TopologyKey);
    }

    private static void AssertNoRules(ContainerSpec container)
    {
        Assert.Null(container.NodeSelector);
        Assert.Empty(container.DependsOn);
        Assert.Empty(container.Tolerations);
        Assert.Empty(container.Affinity);
        Assert.Empty(container.AntiAffinity);
        Assert.Empty(container.TopologySpread);
    }

    private static Dictionary<string, string> Pairs(params (string Key, string Value)[] pairs) =>
        pairs.ToDictionary(p => p.Key, p => p.Value, StringComparer.Ordinal);

    private static WorkloadDocument Read(string text) =>
        WorkloadReader.Read(new MemoryStream(Encoding.UTF8.GetBytes(text)), "w.json", new ResourceDimensions());

    private static string Describe(WorkloadDocument document) =>
        string.Join("\n", document.Tasks.Select(t => $"{t.Name} after [{string.Join(",", t.DependsOn)}]")
            .Concat(document.Tasks.SelectMany(t => t.Containers).Concat(document.Containers).Select(c =>
                $"{c} {c.Priority} [{string.Join(",", c.Labels.OrderBy(p => p.Key, StringComparer.Ordinal))}] after [{string.Join(",", c.DependsOn)}] " +
                $"on {c.NodeSelector} tolerating [{string.Join(",", c.Tolerations)}] " +
                $"with [{string.Join(";", c.Affinity)}] apart [{string.Join(";", c.AntiAffinity)}] [{string.Join(";", c.TopologySpread)}]")));
}
