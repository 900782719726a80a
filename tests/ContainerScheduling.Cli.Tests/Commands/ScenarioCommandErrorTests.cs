using System.IO;
using ContainerScheduling.Cli.Tests.Support;
using Xunit;
using static ContainerScheduling.Cli.Tests.Commands.PlaceCommandErrorTests;

namespace ContainerScheduling.Cli.Tests.Commands;

/// <summary>
/// Every kind of bad scenario ends with exit code 2, exactly one line on stderr that names the event and the field
/// (or the part of the file) that is wrong, nothing on stdout, and no output file.
/// </summary>
public sealed class ScenarioCommandErrorTests
{
    private const string Cluster = """ "cluster": {"nodes": [{"name": "n1", "capacity": {"cpu": 4000}}, {"name": "n2", "capacity": {"cpu": 4000}}]}""";
    private const string Workload = """ "workload": {"containers": [{"name": "c1", "requests": {"cpu": 100}}, {"name": "c2", "requests": {"cpu": 100}}]}""";

    public static TheoryData<string, string, string[]> BadScenarios() => new()
    {
        { "unknown event type", Events("""{"type": "nodeDown", "node": "n1"}, {"type": "explode", "node": "n1"}"""), ["scenario.json: events[1].type: unknown event type \"explode\"", "nodeDown", "line "] },
        { "type not a string", Events("""{"type": 3}"""), ["scenario.json: events[0].type: unknown event type 3;"] },
        { "missing type", Events("""{"node": "n1"}"""), ["scenario.json: events[0]: missing the required property 'type'"] },
        { "nodeDown without node", Events("""{"type": "nodeDown"}"""), ["events[0]: a nodeDown event needs 'node'"] },
        { "nodeUp with unknown node", Events("""{"type": "nodeDown", "node": "n1"}, {"type": "nodeUp", "node": "n1"}, {"type": "nodeUp", "node": "n99"}"""), ["scenario.json: events[2].node: no node is named 'n99'", "line "] },
        { "drain with node object", Events("""{"type": "drain", "node": {"name": "n1", "capacity": {}}}"""), ["events[0].node: a drain event takes the name of a node", "got an object"] },
        { "node object before type", Events("""{"node": {"name": "n1", "capacity": {}}, "type": "nodeDown"}"""), ["events[0].node: a nodeDown event takes the name of a node"] },
        { "node name blank", Events("""{"type": "nodeDown", "node": " "}"""), ["events[0].node: must be a node name"] },
        { "node before it is added", Events("""{"type": "drain", "node": "n3"}, {"type": "addNode", "node": {"name": "n3", "capacity": {"cpu": 1}}}"""), ["events[0].node: no node is named 'n3' at this point"] },
        { "addNode existing name", Events("""{"type": "addNode", "node": {"name": "n2", "capacity": {"cpu": 1}}}"""), ["events[0].node: a node named 'n2' already exists"] },
        { "addNode twice", Events("""{"type": "addNode", "node": {"name": "n5", "capacity": {"cpu": 1}}}, {"type": "addNode", "node": {"name": "n5", "capacity": {"cpu": 1}}}"""), ["events[1].node: a node named 'n5' already exists"] },
        { "addNode with a name", Events("""{"type": "addNode", "node": "n5"}"""), ["events[0].node: an addNode event takes a node object"] },
        { "addNode name before type", Events("""{"node": "n5", "type": "addNode"}"""), ["events[0].node: an addNode event takes a node object", "got the name \"n5\""] },
        { "addNode without node", Events("""{"type": "addNode"}"""), ["events[0]: an addNode event needs 'node'"] },
        { "addNode down", Events("""{"type": "addNode", "node": {"name": "n5", "capacity": {"cpu": 1}, "state": "down"}}"""), ["events[0].node: an added node starts ready"] },
        { "addNode bad capacity", Events("""{"type": "addNode", "node": {"name": "n5", "capacity": {"cpu": -1}}}"""), ["scenario.json: events[0].node: node 'n5': capacity 'cpu' must be a non-negative integer, got -1"] },
        { "addNode without capacity", Events("""{"type": "addNode", "node": {"name": "n5"}}"""), ["events[0].node: node 'n5': missing the required property 'capacity'"] },
        { "removeContainer unknown", Events("""{"type": "removeContainer", "container": "ghost"}"""), ["scenario.json: events[0].container: no container named 'ghost' is running or pending"] },
        { "removeContainer twice", Events("""{"type": "removeContainer", "container": "c1"}, {"type": "removeContainer", "container": "c1"}"""), ["events[1].container", "'c1'", "events[0] removed it"] },
        { "removeContainer without container", Events("""{"type": "removeContainer"}"""), ["events[0]: a removeContainer event needs 'container'"] },
        { "container not a string", Events("""{"type": "removeContainer", "container": ["c1"]}"""), ["events[0].container: must be a container name", "got an array"] },
        { "submit without workload", Events("""{"type": "submit"}"""), ["events[0]: a submit event needs 'workload'"] },
        { "submit workload not an object", Events("""{"type": "submit", "workload": []}"""), ["events[0].workload: must be an object", "got an array"] },
        { "submit running name", Events("""{"type": "submit", "workload": {"containers": [{"name": "c2"}]}}"""), ["scenario.json: events[0].workload: container 'c2' is already running or pending"] },
        { "submit same name twice", Events("""{"type": "submit", "workload": {"containers": [{"name": "x"}]}}, {"type": "submit", "workload": {"tasks": [{"name": "t", "containers": [{"name": "x"}]}]}}"""), ["events[1].workload: container 'x' is already running or pending"] },
        { "submit task name twice", Events("""{"type": "submit", "workload": {"tasks": [{"name": "t", "containers": [{"name": "x"}]}]}}, {"type": "submit", "workload": {"tasks": [{"name": "t", "containers": [{"name": "y"}]}]}}"""), ["events[1].workload: task 't' is already running or pending"] },
        { "submit duplicate inside", Events("""{"type": "submit", "workload": {"containers": [{"name": "x"}, {"name": "x"}]}}"""), ["scenario.json: events[0].workload: container 'x' appears more than once"] },
        { "submit bad request", Events("""{"type": "submit", "workload": {"containers": [{"name": "x", "requests": {"cpu": 1.5}}]}}"""), ["scenario.json: events[0].workload: container 'x': request 'cpu' must be a non-negative integer, got 1.5"] },
        { "submit unknown dependency", Events("""{"type": "submit", "workload": {"containers": [{"name": "x", "dependsOn": ["nowhere"]}]}}"""), ["scenario.json: events[0].workload:", "'nowhere'"] },
        { "submit cycle", Events("""{"type": "submit", "workload": {"containers": [{"name": "x", "dependsOn": ["y"]}, {"name": "y", "dependsOn": ["x"]}]}}"""), ["events[0].workload:", "x → y → x"] },
        { "initial cycle", "{" + Cluster + """, "workload": {"containers": [{"name": "a", "dependsOn": ["b"]}, {"name": "b", "dependsOn": ["a"]}]}}""", ["scenario.json: workload:", "→"] },
        { "initial duplicate", "{" + Cluster + """, "workload": {"containers": [{"name": "a"}, {"name": "a"}]}}""", ["scenario.json: workload: container 'a' appears more than once"] },
        { "rebalance negative maxMoves", Events("""{"type": "rebalance", "maxMoves": -1}"""), ["scenario.json: events[0].maxMoves: must be an integer from 0", "got -1"] },
        { "rebalance maxMovesPerNode 0", Events("""{"type": "rebalance", "maxMovesPerNode": 0}"""), ["events[0].maxMovesPerNode: must be an integer from 1", "got 0"] },
        { "rebalance bad mode", Events("""{"type": "rebalance", "mode": "sideways"}"""), ["events[0].mode: unknown mode \"sideways\"", "balance, pack"] },
        { "repeated event property", Events("""{"type": "nodeDown", "node": "n1", "node": "n2"}"""), ["events[0]: property 'node' appears more than once"] },
        { "event not an object", Events("\"nodeDown n1\""), ["events[0] must be an object"] },
        { "events not an array", "{" + Cluster + """, "events": {"type": "nodeDown"}}""", ["'events' must be an array"] },
        { "missing cluster", "{" + Workload + "}", ["scenario.json: missing the required property 'cluster'"] },
        { "cluster not an object", """{"cluster": [], "events": []}""", ["scenario.json: cluster: must be an object"] },
        { "cluster without nodes", """{"cluster": {"machines": []}}""", ["scenario.json: cluster: missing the required property 'nodes'"] },
        { "duplicate node", """{"cluster": {"nodes": [{"name": "n1", "capacity": {"cpu": 1}}, {"name": "n1", "capacity": {"cpu": 1}}]}}""", ["scenario.json: cluster: node 'n1' appears more than once"] },
        { "bad node state", """{"cluster": {"nodes": [{"name": "n1", "capacity": {"cpu": 1}, "state": "asleep"}]}}""", ["cluster: node 'n1': 'state'", "\"asleep\""] },
        { "workload without containers", "{" + Cluster + """, "workload": {"jobs": []}}""", ["scenario.json: workload: missing the property 'containers'"] },
        { "unknown strategy", "{" + Cluster + """, "strategy": "worst-fit"}""", ["scenario.json: strategy: unknown strategy \"worst-fit\"", "best-fit"] },
        { "unknown order", "{" + Cluster + """, "order": "random"}""", ["scenario.json: order: unknown order \"random\"", "largest-first"] },
        { "preemption not a bool", "{" + Cluster + """, "preemption": "yes"}""", ["scenario.json: preemption: must be true or false"] },
        { "threshold not an integer", "{" + Cluster + """, "preemptionThreshold": 1.5}""", ["scenario.json: preemptionThreshold: must be an integer"] },
        { "repeated top-level property", "{" + Cluster + ", " + Cluster + "}", ["property 'cluster' appears more than once"] },
        { "no dimensions", """{"cluster": {"nodes": [{"name": "n1", "capacity": {}}]}}""", ["no resource dimensions"] },
        { "malformed JSON", "{" + Cluster + ",\n\"events\": [{\"type\": \"nodeDown\",, \"node\": \"n1\"}]}", ["scenario.json: invalid JSON at line 2"] },
        { "truncated JSON", "{" + Cluster + ", \"events\": [", ["scenario.json", "invalid JSON"] },
        { "trailing garbage", "{" + Cluster + "} x", ["scenario.json", "invalid JSON"] },
        { "empty file", string.Empty, ["scenario.json", "empty"] },
        { "root is an array", "[]", ["scenario.json", "expected a JSON object"] },
    };

    [Theory]
    [MemberData(nameof(BadScenarios))]
    public void Scenario_BadInput_ExitsTwoWithOneLineNamingItAndNoOutput(string scenario, string text, string[] fragments)
    {
        using var dir = new TempDirectory();
        var file = dir.Write("scenario.json", text);
        var output = dir.File("out.json");

        var run = CliRun.Of("scenario", "--file", file, "--output", output);

        AssertFailedCleanly(run, scenario, fragments);
        Assert.False(File.Exists(output), scenario);
        Assert.Equal(["scenario.json"], dir.FileNames());
    }

    [Fact]
    public void Scenario_BadInputWithoutOutput_WritesNothingToStdout()
    {
        using var dir = new TempDirectory();
        var file = dir.Write("scenario.json", Events("""{"type": "nodeDown", "node": "n1"}, {"type": "submit", "workload": {"containers": [{"name": "a", "dependsOn": ["a"]}]}}"""));

        var run = CliRun.Of("scenario", "--file", file);

        AssertFailedCleanly(run, "self-dependency after a valid event", ["events[1].workload:"]);
    }

    [Fact]
    public void Scenario_ErrorInsideAnEmbeddedWorkload_NamesTheLineOfTheScenarioFile()
    {
        using var dir = new TempDirectory();
        var text = "{" + Cluster + ",\n" + Workload + ",\n\"events\": [\n{\"type\": \"nodeDown\", \"node\": \"n1\"},\n{\"type\": \"submit\", \"workload\": {\"containers\": [\n{\"name\": \"x\", \"requests\": {\"cpu\": -3}}]}}]}";

        var run = CliRun.Of("scenario", "--file", dir.Write("scenario.json", text));

        AssertFailedCleanly(run, "position", ["events[1].workload: container 'x': request 'cpu'", "got -3 (line 6, column"]);
    }

    [Fact]
    public void Scenario_UnknownNameError_NamesTheLineOfTheValue()
    {
        using var dir = new TempDirectory();
        var text = "{" + Cluster + ",\n\"events\": [\n{\"type\": \"nodeDown\", \"node\": \"n1\"},\n{\"type\": \"drain\",\n \"node\": \"n7\"}]}";

        var run = CliRun.Of("scenario", "--file", dir.Write("scenario.json", text));

        AssertFailedCleanly(run, "position", ["events[1].node: no node is named 'n7'", "(line 5, column 10)"]);
    }

    [Fact]
    public void Scenario_FailedRunOverExistingOutput_LeavesItUntouched()
    {
        using var dir = new TempDirectory();
        var output = dir.Write("out.json", "previous result");

        var run = CliRun.Of("scenario", "--file", dir.Write("scenario.json", Events("""{"type": "nodeDown", "node": "n8"}""")), "--output", output);

        Assert.Equal(2, run.ExitCode);
        Assert.Equal("previous result", File.ReadAllText(output));
        Assert.Equal(["out.json", "scenario.json"], dir.FileNames());
    }

    public static TheoryData<string, string[], string[]> BadArguments() => new()
    {
        { "missing --file", [], ["'scenario' needs --file"] },
        { "unknown option", ["--file", "x.json", "--strategy", "first-fit"], ["unknown option '--strategy' for 'scenario'"] },
        { "missing file", ["--file", "no-such-scenario.json"], ["cannot read scenario file", "no-such-scenario.json", "no such file"] },
        { "stray argument", ["scenario.json"], ["'scenario' takes no argument 'scenario.json'"] },
        { "flag with value", ["--file", "x.json", "--compact=yes"], ["--compact takes no value"] },
    };

    [Theory]
    [MemberData(nameof(BadArguments))]
    public void Scenario_BadArguments_ExitsTwoWithOneLine(string scenario, string[] args, string[] fragments)
    {
        var run = CliRun.Of(["scenario", .. args]);

        AssertFailedCleanly(run, scenario, fragments);
    }

    [Fact]
    public void Scenario_OutputDirectoryMissing_ExitsTwoBeforeReading()
    {
        using var dir = new TempDirectory();

        var run = CliRun.Of("scenario", "--file", dir.File("never-read.json"), "--output", Path.Combine(dir.Path, "no-such-dir", "out.json"));

        AssertFailedCleanly(run, "output directory", ["out.json", "does not exist"]);
    }

    private static string Events(string events) => "{" + Cluster + ", " + Workload + ", \"events\": [" + events + "]}";
}
