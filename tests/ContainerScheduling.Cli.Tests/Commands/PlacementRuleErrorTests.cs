using System.IO;
using ContainerScheduling.Cli.Tests.Support;
using Xunit;
using static ContainerScheduling.Cli.Tests.Support.TestJson;

namespace ContainerScheduling.Cli.Tests.Commands;

/// <summary>
/// A malformed placement rule is bad input like any other: exit code 2, one line on stderr naming the file, the
/// container or task, the property and the offending value, and no output file.
/// </summary>
public sealed class PlacementRuleErrorTests
{
    private static readonly string GoodCluster = Cluster(Node("n1", "\"cpu\": 4000", extra: "\"labels\": {\"zone\": \"a\"}"));

    /// <summary>A workload of one plain container named <c>c1</c> with the given extra properties.</summary>
    private static string One(string rules) => Workload(Container("c1", "\"cpu\": 1", extra: rules));

    public static TheoryData<string, string, string[]> BadRules() => new()
    {
        { "dependsOn not an array", One("\"dependsOn\": \"db\""), ["workload.json: container 'c1': 'dependsOn' must be an array of container names such as [\"db\"], got \"db\"", "line 2"] },
        { "dependsOn element a number", One("\"dependsOn\": [\"db\", 3]"), ["container 'c1': dependsOn[1] must be a non-empty string, got 3"] },
        { "dependsOn element blank", One("\"dependsOn\": [\" \"]"), ["container 'c1': dependsOn[0] must be a non-empty string, got \" \""] },
        { "task dependsOn not an array", "{\"tasks\": [{\"name\": \"t1\", \"dependsOn\": {\"t0\": 1}, \"containers\": [{\"name\": \"a\"}]}]}", ["workload.json: task 't1': 'dependsOn' must be an array of task names such as [\"db\"], got an object"] },
        { "task dependsOn element null", "{\"tasks\": [{\"name\": \"t1\", \"containers\": [{\"name\": \"a\"}], \"dependsOn\": [null]}]}", ["task 't1': dependsOn[0] must be a non-empty string, got null"] },
        { "tolerations element a number", One("\"tolerations\": [\"gpu\", 7]"), ["container 'c1': tolerations[1] must be a non-empty string, got 7"] },
        { "tolerations a string", One("\"tolerations\": \"gpu\""), ["'tolerations' must be an array of taint names such as [\"gpu\"], got \"gpu\""] },
        { "nodeSelector an array", One("\"nodeSelector\": [\"zone\"]"), ["container 'c1': 'nodeSelector' must be an object of strings such as {\"zone\": \"a\"}, got an array"] },
        { "nodeSelector value a number", One("\"nodeSelector\": {\"zone\": 1}"), ["container 'c1': label 'zone' in 'nodeSelector' must be a string, got 1"] },
        { "nodeSelector repeated key", One("\"nodeSelector\": {\"zone\": \"a\", \"zone\": \"b\"}"), ["label 'zone' appears more than once in 'nodeSelector'"] },
        { "terms not an array", One("\"nodeSelectorTerms\": {\"key\": \"zone\"}"), ["container 'c1': 'nodeSelectorTerms' must be an array of requirements", "got an object"] },
        { "term not an object", One("\"nodeSelectorTerms\": [\"zone=a\"]"), ["'nodeSelectorTerms[0]' must be a requirement such as", "got \"zone=a\""] },
        { "unknown operator", One("\"nodeSelectorTerms\": [{\"key\": \"zone\", \"operator\": \"in\", \"values\": [\"a\"]}]"), ["container 'c1': 'nodeSelectorTerms[0].operator' must be \"In\", \"NotIn\", \"Exists\" or \"DoesNotExist\", got \"in\""] },
        { "operator a number", One("\"nodeSelectorTerms\": [{\"key\": \"zone\", \"operator\": 1}]"), ["'nodeSelectorTerms[0].operator'", "got 1"] },
        { "term without key", One("\"nodeSelectorTerms\": [{\"key\": \"zone\", \"operator\": \"Exists\"}, {\"operator\": \"Exists\"}]"), ["'nodeSelectorTerms[1]' needs a 'key'"] },
        { "term key blank", One("\"nodeSelectorTerms\": [{\"key\": \"\", \"operator\": \"Exists\"}]"), ["'nodeSelectorTerms[0].key' must be a non-empty string, got \"\""] },
        { "term without operator", One("\"nodeSelectorTerms\": [{\"key\": \"zone\", \"values\": [\"a\"]}]"), ["'nodeSelectorTerms[0]' needs an 'operator'"] },
        { "In without values", One("\"nodeSelectorTerms\": [{\"key\": \"zone\", \"operator\": \"In\"}]"), ["'nodeSelectorTerms[0]' with operator In needs a non-empty 'values' array"] },
        { "NotIn with empty values", One("\"nodeSelectorTerms\": [{\"key\": \"zone\", \"operator\": \"NotIn\", \"values\": []}]"), ["with operator NotIn needs a non-empty 'values' array"] },
        { "Exists with values", One("\"nodeSelectorTerms\": [{\"key\": \"gpu\", \"operator\": \"Exists\", \"values\": [\"x\", \"y\"]}]"), ["'nodeSelectorTerms[0]' with operator Exists takes no 'values', got 2"] },
        { "values not an array", One("\"nodeSelectorTerms\": [{\"key\": \"zone\", \"operator\": \"In\", \"values\": \"a\"}]"), ["'nodeSelectorTerms[0].values' must be an array of strings", "got \"a\""] },
        { "value a number", One("\"nodeSelectorTerms\": [{\"key\": \"zone\", \"operator\": \"In\", \"values\": [\"a\", 2]}]"), ["'nodeSelectorTerms[0].values[1]' must be a string, got 2"] },
        { "affinity an object", One("\"affinity\": {\"labels\": {\"app\": \"x\"}}"), ["container 'c1': 'affinity' must be an array of terms such as", "got an object"] },
        { "affinity term a string", One("\"affinity\": [\"app=x\"]"), ["'affinity[0]' must be a term such as", "got \"app=x\""] },
        { "affinity topologyKey a number", One("\"affinity\": [{\"labels\": {\"app\": \"x\"}, \"topologyKey\": 5}]"), ["'affinity[0].topologyKey' must be a non-empty string, got 5"] },
        { "affinity topologyKey blank", One("\"affinity\": [{\"topologyKey\": \"\"}]"), ["'affinity[0].topologyKey' must be a non-empty string, got \"\""] },
        { "affinity label a number", One("\"affinity\": [{}, {\"labels\": {\"app\": false}}]"), ["label 'app' in 'affinity[1].labels' must be a string, got false"] },
        { "affinity expression operator", One("\"affinity\": [{\"expressions\": [{\"key\": \"app\", \"operator\": \"Exists\"}, {\"key\": \"app\", \"operator\": \"Maybe\"}]}]"), ["'affinity[0].expressions[1].operator' must be", "got \"Maybe\""] },
        { "affinity expressions an object", One("\"affinity\": [{\"expressions\": {}}]"), ["'affinity[0].expressions' must be an array of requirements"] },
        { "antiAffinity labels an array", One("\"antiAffinity\": [{\"labels\": [\"app\"], \"topologyKey\": \"zone\"}]"), ["container 'c1': 'antiAffinity[0].labels' must be an object of strings", "got an array"] },
        { "antiAffinity a number", One("\"antiAffinity\": 1"), ["'antiAffinity' must be an array of terms", "got 1"] },
        { "spread maxSkew 0", One("\"spread\": {\"topologyKey\": \"zone\", \"maxSkew\": 0}"), ["workload.json: container 'c1': 'spread.maxSkew' must be an integer from 1 to 2147483647, got 0"] },
        { "spread maxSkew negative in an array", One("\"spread\": [{\"topologyKey\": \"zone\", \"maxSkew\": 1}, {\"topologyKey\": \"node\", \"maxSkew\": -1}]"), ["'spread[1].maxSkew' must be an integer from 1", "got -1"] },
        { "spread maxSkew fractional", One("\"spread\": {\"topologyKey\": \"zone\", \"maxSkew\": 1.5}"), ["'spread.maxSkew'", "got 1.5"] },
        { "spread maxSkew a string", One("\"spread\": {\"topologyKey\": \"zone\", \"maxSkew\": \"1\"}"), ["'spread.maxSkew'", "got \"1\""] },
        { "spread without maxSkew", One("\"spread\": {\"topologyKey\": \"zone\", \"labels\": {\"app\": \"x\"}}"), ["'spread' needs a 'maxSkew' of at least 1"] },
        { "spread without topologyKey", One("\"spread\": [{\"maxSkew\": 1}]"), ["'spread[0]' needs a 'topologyKey' such as \"zone\""] },
        { "spread a string", One("\"spread\": \"zone\""), ["'spread' must be a constraint such as", "or an array of them, got \"zone\""] },
        { "spread element a number", One("\"spread\": [3]"), ["'spread[0]' must be a constraint such as", "got 3"] },
        { "spread expression without values", One("\"spread\": {\"topologyKey\": \"zone\", \"maxSkew\": 1, \"expressions\": [{\"key\": \"app\", \"operator\": \"In\"}]}"), ["'spread.expressions[0]' with operator In needs a non-empty 'values' array"] },
        { "repeated rule", One("\"affinity\": [], \"affinity\": []"), ["container 'c1': property 'affinity' appears more than once"] },
        { "rule in a task container", "{\"tasks\": [{\"name\": \"t1\", \"containers\": [{\"name\": \"a\", \"spread\": {\"topologyKey\": \"zone\", \"maxSkew\": 0}}]}]}", ["workload.json: task 't1': container 'a': 'spread.maxSkew'", "got 0"] },
        { "bad rule before the name", "{\"containers\": [{\"tolerations\": [1], \"name\": \"late\"}]}", ["container 'late': tolerations[0]"] },
    };

    [Theory]
    [MemberData(nameof(BadRules))]
    public void Place_BadPlacementRule_ExitsTwoWithOneLineAndNoOutput(string scenario, string workload, string[] fragments)
    {
        using var dir = new TempDirectory();
        var output = dir.File("out.json");

        var run = CliRun.Of("place", "--cluster", dir.Write("cluster.json", GoodCluster), "--workload", dir.Write("workload.json", workload), "--output", output);

        PlaceCommandErrorTests.AssertFailedCleanly(run, scenario, fragments);
        Assert.False(File.Exists(output), scenario);
    }
}
