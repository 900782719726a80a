namespace ContainerScheduling.Cli;

/// <summary>The help texts. Each fits a 100-column terminal.</summary>
internal static class Usage
{
    public const string Main = """
        csched - place containers on a cluster with the ContainerScheduling engine

        Usage:
          csched demo [--strategy NAME] [--order ORDER]
          csched place --cluster FILE --workload FILE [--strategy NAME] [--order ORDER]
                       [--output FILE] [--compact] [--timings]
          csched scenario --file SCENARIO.json [--output FILE] [--compact] [--timings]
          csched generate --nodes N (--containers M | --tasks T) --cluster-out FILE
                          --workload-out FILE [--seed S] [--fill F]
          csched generate --nodes N [--containers M] --scenario-out FILE [--seed S] [--fill F]
          csched simulate --nodes NODES.csv --tasks TASKS.csv [--policy NAME|all] [--seeds 42-51]
                          [--inflate 1.3] [--replay] [--output FILE.json] [--chart FILE.svg]
          csched binpack --instances DIR|FILE.vbp|FILE.tar.gz [--strategy NAME] [--optimize]
                         [--time-limit-ms N] [--output FILE.json] [--report]
          csched --help | csched COMMAND --help | csched --version

        Commands:
          demo      Place a built-in workload on a built-in 12-node cluster with every strategy and
                    print, per strategy, the nodes with their load and the containers left unplaced.
          place     Place a JSON workload on a JSON cluster; write the placements as JSON.
          scenario  Play a what-if: place a workload, then nodes fail, come back, join and drain,
                    containers come and go, urgent work preempts, the cluster is rebalanced; write
                    the final state and what each event did as JSON.
          generate  Write a random (seeded, reproducible) cluster and workload, e.g. to try place at scale,
                    or a what-if scenario for scenario.
          simulate  Replay a GPU cluster trace (CSV, e.g. Alibaba's cluster-trace-gpu-v2023) with the GPU
                    placement policies, as in the FGD paper, and compare them; or replay its real times.
          binpack   Pack vector bin packing instances (VPSolver .vbp) into as few identical bins as it
                    can; write every item's bin as JSON, or a per-class table beside published results.

        Strategies: first-fit, best-fit (default), least-loaded, spread
        Orders:     arrival (default), largest-first, smallest-first

        Exit codes: 0 done (also when containers stay unplaced); 2 bad arguments or input, reported on
        one line on stderr, no output file written; 1 internal error.

        """;

    public const string Scenario = """
        Usage: csched scenario --file SCENARIO.json [--output FILE] [--compact] [--timings]

        Plays a what-if through the engine's orchestrator: places the initial workload (plain containers,
        then tasks, as place does), then runs the events in order, and writes the final state.

        Options:
          --file FILE       The scenario (JSON, below).
          --output FILE     Write the result to FILE (replaced only when the run succeeds) and a short
                            text summary to stdout, instead of the result to stdout.
          --compact         Write the result on one line instead of indented.
          --timings         Print the time spent reading, playing and writing to stderr.

        Scenario: {"cluster": {...}, "workload": {...}, "strategy": "best-fit",
                   "events": [{"type": "nodeDown", "node": "n3"}, {"type": "nodeUp", "node": "n3"},
                              {"type": "addNode", "node": {"name": "n9", "capacity": {"cpu": 64000}}},
                              {"type": "removeContainer", "container": "c1"},
                              {"type": "submit", "workload": {...}}, {"type": "drain", "node": "n4"},
                              {"type": "rebalance", "maxMoves": 15}]}
          cluster (required) and workload have the shapes of place's --cluster and --workload files
          (see 'csched place --help'); a submit's workload too, and addNode's node is one node of the
          cluster (it joins ready). Optional: workload, events, strategy (first-fit | best-fit |
          least-loaded | spread; default best-fit), order (arrival | largest-first | smallest-first;
          default arrival), preemption (true | false; default true) and preemptionThreshold (default
          0: a container with a higher priority that fits nowhere may evict containers of strictly
          lower priority). rebalance takes maxMoves (default 10), maxMovesPerNode and mode (balance,
          the default: lower the spread of node load; pack: empty the least-used nodes).
        Events:
          nodeDown         the node fails: its containers are re-placed elsewhere or wait as pending
          nodeUp           the node is ready again; pending work is retried
          addNode          a new node joins; pending work is retried
          removeContainer  the container (running or pending) leaves; pending work is retried
          submit           more work arrives, placed as the initial workload was
          drain            the node is cordoned and its containers moved off
          rebalance        a plan of at most maxMoves moves is made and applied
          Pending work is retried by priority, then arrival. A task runs whole or waits whole.

        Output: {"strategy": "best-fit",
                 "placements": [{"container": "c1", "node": "n1"}],
                 "pending": [{"container": "c9", "reason": "0/12 nodes fit: ..."}],
                 "initial": {"evicted": [], "replaced": [...], "pending": [...], ...},
                 "events": [{"type": "nodeDown", "node": "n3", "evicted": ["c4"],
                             "replaced": [{"container": "c4", "node": "n2"}], "pending": [],
                             "preemptions": [{"preemptor": "vip1", "node": "n2", "victims": ["c7"]}],
                             "moves": [{"container": "c5", "from": "n4", "to": "n1"}]}],
                 "metrics": {"counters": {...}, "imbalance": 0.08, "dimensions": [...], "nodes": [...]}}
          Every container submitted and not removed is in placements (running at the end, node by
          node in cluster order) or pending (in retry order); containers of a task also carry "task".
          Each event lists what it evicted, what it placed ("replaced": new placements of a submit as
          well as re-placements), what it left pending, its preemptions and moves; rebalance adds
          skipped moves and objectiveBefore / objectiveAfter (the imbalance, or nodes in use for pack).

        Exit codes: 0 done (also with pending containers); 2 bad arguments or input, such as an unknown
        event type, a missing field, a node or container not there at that point, a duplicate name or
        a dependency cycle (one line on stderr naming the event and field; no output file is
        created); 1 internal error.

        """;

    public const string Demo = """
        Usage: csched demo [--strategy NAME] [--order ORDER]

        Places a built-in workload (about 50 containers of mixed sizes, one of which fits nowhere) on a
        built-in cluster (12 nodes in 3 zones with cpu, memory, disk and gpu; 2 cordoned), once per
        strategy, and prints for each: the nodes (state, containers, utilisation per dimension, the
        containers placed there), the cluster's utilisation, and every unplaced container with the reason.

        Options:
          --strategy NAME   Show one strategy only: first-fit, best-fit, least-loaded or spread.
                            Default: all four.
          --order ORDER     arrival (default), largest-first or smallest-first.

        """;

    public const string Place = """
        Usage: csched place --cluster FILE --workload FILE [--strategy NAME] [--order ORDER]
                            [--output FILE] [--compact] [--timings]

        Options:
          --cluster FILE    The nodes (JSON, below).
          --workload FILE   The containers and tasks (JSON, below).
          --strategy NAME   first-fit | best-fit | least-loaded | spread. Default: best-fit.
          --order ORDER     arrival | largest-first | smallest-first. Default: arrival.
                            largest-first / smallest-first sort by the demand sum over dimensions of
                            request / cluster total capacity (stable: ties keep file order).
          --output FILE     Write the result to FILE (replaced only when the run succeeds) instead
                            of stdout.
          --compact         Write the result on one line instead of indented.
          --timings         Print the time spent reading, placing and writing to stderr.

        Cluster:  {"nodes": [{"name": "n1", "capacity": {"cpu": 64000, "memory": 262144},
                              "labels": {"zone": "a"}, "taints": ["gpu"], "maxContainers": 110,
                              "state": "ready"}]}
          name and capacity are required; labels, taints, maxContainers (an integer from 0: the most
          containers the node runs; default no limit) and state (ready | cordoned | down; default
          ready) are optional. Only ready nodes take containers. A node takes a container only when
          the container tolerates every one of its taints.
        Workload: {"containers": [{"name": "c1", "requests": {"cpu": 500, "memory": 1024},
                                   "labels": {"app": "web"}, "priority": 10}],
                   "tasks": [{"name": "t1", "dependsOn": ["t0"],
                              "containers": [{"name": "c2", "requests": {...}}]}]}
          containers, tasks or both. A container needs a name (unique in the file); requests, labels
          and priority are optional. A task is placed all-or-nothing, after every task in its
          dependsOn (task names); when one of them is not placed, neither is the task.
        Placement rules (all optional, on plain and task containers alike):
          "dependsOn": ["db"]           placed after these containers: plain containers name plain
                                        ones, task containers name containers of the same task
          "nodeSelector": {"zone": "a"} the node's labels must have these values
          "nodeSelectorTerms": [{"key": "zone", "operator": "In", "values": ["a", "b"]}]
                                        further node label tests: In, NotIn (need values), Exists,
                                        DoesNotExist (take none); merged with nodeSelector
          "tolerations": ["gpu"]        taints this container accepts
          "affinity": [{"labels": {"app": "cache"}, "topologyKey": "node"}]
                                        run in a domain (the node, or the nodes sharing a value of the
                                        label topologyKey; default node) that already runs a matching
                                        container
          "antiAffinity": [{"labels": {"app": "shop"}, "topologyKey": "zone"}]
                                        run in no domain that already runs a matching container
          "spread": {"topologyKey": "zone", "maxSkew": 1, "labels": {"app": "shop"}}
                                        keep the matching containers' counts per domain within maxSkew
                                        (an integer from 1; topologyKey required); one or an array
          Affinity, anti-affinity and spread entries may add "expressions": [...] (the shape of
          nodeSelectorTerms) to their "labels". A dependency cycle or an unknown dependency is an
          input error (exit 2).
        Amounts are non-negative 64-bit integers (cpu in milli-cores, memory in MiB by convention).
        The dimensions are every resource name in either file (cluster first); a name that a node or
        container does not list counts as 0 for it. Unknown properties are ignored.

        Placement: the plain containers are placed first, as one batch in the chosen order; then the
        tasks, each all-or-nothing (when one container fits nowhere, the task's containers are all
        unplaced), ordered by their total demand and their dependencies. Each strategy considers only
        ready nodes with room in every dimension that satisfy the container's rules:
          first-fit     the first node in file order
          best-fit      the least free capacity left, sum over dimensions of (free - request) / capacity
          least-loaded  the most free capacity left (same score)
          spread        the fewest containers; ties by the highest score
        Remaining ties go to the node listed first.

        Output: {"strategy": "best-fit", "order": "arrival",
                 "placements": [{"container": "c1", "node": "n1"}],
                 "unplaced": [{"container": "c9", "reason": "0/12 nodes fit: 7 insufficient memory, ..."}],
                 "summary": {"placed": 1, "unplaced": 1, "nodesUsed": 1, "containers": 2, "tasks": 0,
                             "nodes": 12, "dimensions": [...], "utilisation": {"cpu": {"allocated": ...,
                             "capacity": ..., "percent": ...}}}}
          Placements are listed in the order they were made, unplaced containers in the order they were
          tried; containers of a task also carry "task".

        Exit codes: 0 done (also with unplaced containers); 2 bad arguments or input (one line on
        stderr; no output file is created); 1 internal error.

        """;

    public const string Generate = """
        Usage: csched generate --nodes N (--containers M | --tasks T) --cluster-out FILE
                               --workload-out FILE [--seed S] [--fill F]
               csched generate --nodes N [--containers M] --scenario-out FILE [--seed S] [--fill F]

        Writes a reproducible random cluster and workload in the formats 'csched place' reads: N
        heterogeneous nodes (general, compute, memory-heavy, storage and GPU shapes over 3 zones, about
        1% cordoned) with cpu, memory, disk and gpu, and M containers of mixed sizes (about 4% asking
        for GPUs), one JSON object per line.

        With --tasks, the workload is T tasks instead, one per line, and the nodes also carry a rack
        label (r0..r9), about 10% the taint gpu and 20% a maxContainers of 2 to 8. A task has 1 to 6
        containers labelled app (size shape and service, e.g. web-s3) and task; a container depends on
        earlier ones of its task at random, and about 30% of tasks depend on 1 or 2 earlier tasks (so
        there are no cycles). Containers draw at random: a zone node selector (15%), the toleration gpu
        (15%, and always when asking for GPUs), affinity to an earlier container of the task per node
        or zone (20%), anti-affinity to their own app per node or rack (15%) and a zone spread of their
        own app with max skew 1 or 2 (20%).

        With --scenario-out, one file for 'csched scenario' instead: N nodes (5 to 100,000) of the CPU
        shapes over 3 zones; M containers (default 300; 10% of them in tasks of 2 or 3 replicas kept
        apart per node) with priorities 0 (70%), 1-3 (20%) and 4-6 (10%), asking F of the cpu (default
        0.85); then 3 node failures, 8 priority-10 containers that fit only by preempting, a node back,
        2 removals, a node added, a drain and a rebalance of at most 15 moves.

        Options:
          --nodes N            Number of nodes (1 to 10,000,000).
          --containers M       Number of plain containers (0 to 100,000,000).
          --tasks T            Number of tasks (0 to 10,000,000), instead of --containers.
          --cluster-out FILE   Where to write the cluster.
          --workload-out FILE  Where to write the workload.
          --scenario-out FILE  Write a what-if scenario for 'csched scenario' to FILE instead.
          --seed S             Random seed (default 1): the same seed gives the same files.
          --fill F             Total cpu, memory and gpu requested as a fraction of the cluster's
                               capacity (default 0.9; disk gets half of that; above 1 the workload
                               cannot fit).

        """;

    public const string Simulate = $$"""
        Usage: csched simulate --nodes NODES.csv --tasks TASKS.csv [--policy NAME|all] [--seeds 42-51]
                               [--inflate 1.3] [--output FILE.json] [--chart FILE.svg]
               csched simulate --nodes NODES.csv --tasks TASKS.csv --replay [--samples 200] [...]
               csched simulate ... --arrival-order FILE --tiebreak-order FILE [--placements-out FILE]

        Runs the published trace experiment of the FGD paper (Weng et al., "Beware of Fragmentation",
        USENIX ATC'23) for each policy and seed: the tasks, sorted by name, are shuffled with the seed;
        copies drawn at random are appended until the GPU request would pass the inflation times the
        cluster's GPU capacity; each task is placed once, in that order, or fails (no departures, no
        retries); ties go to the node first in a random order fixed per seed. After every task it
        records the allocated GPU % and the fragmentation % against the arrived GPU request (0..130%).
        Prints one row per policy with the means over the seeds: unallocated GPU % when arrivals reach
        100% (mean ± sample sd), allocated % at 130%, fragmentation % at 100%, tasks placed and failed,
        and the run time; for a task file named openb_pod_list_<workload>.csv (default, gpushare40,
        gpuspec10, multigpu20, cpu050) also the paper's number and our difference, 'ok' within ±1.0.
        Runs go in parallel, one per core; the output does not depend on it.

        Options:
          --nodes FILE        The nodes (CSV): sn, cpu_milli, memory_mib, gpu, model (empty model and
                              gpu 0 = a CPU-only node).
          --tasks FILE        The tasks (CSV): name, cpu_milli, memory_mib, num_gpu, gpu_milli, and
                              optionally gpu_spec (GPU models separated by |; empty = any), creation_time
                              and deletion_time (seconds; needed by --replay). gpu_milli is the share of
                              one GPU (1..1000) when num_gpu is 1, and 1000 when it is more.
          --policy NAME       random | dotprod | clustering | packing | bestfit | fgd (the paper's six)
                              | {{GpuPlacementStrategies.DefaultName}} (ours); several separated by commas, or all
                              (every policy). Default: {{GpuPlacementStrategies.DefaultName}}.
          --seeds LIST        42, 42-51 or 42,45,50 (default 42-51; 42 with an order file).
          --inflate F         Arrivals continue to F times the GPU capacity (default 1.3; from 0 to 100;
                              the original tasks always all arrive).
          --output FILE       Write the runs as JSON (below).
          --chart FILE        Write an SVG chart of the allocated GPU % (mean over the seeds) against the
                              arrived workload, one line per policy (with --replay: against time).
          --replay            Use the trace's times instead: each task arrives at its creation_time and
                              leaves at its deletion_time; one that fits nowhere waits and is retried when
                              something leaves, until its deletion time. Reports tasks placed on arrival,
                              placed later, never placed, the longest queue, and allocation over time.
          --samples N         With --replay: the number of evenly spaced samples (default 200).
          --arrival-order FILE
                              Replay a reference run: the task names in arrival order, one per line
                              (name-tuned-i = copy i of task name, from 0). One seed only.
          --tiebreak-order FILE
                              Every node once, most preferred first, one per line; a rank prefix such as
                              0042-openb-node-0123 is dropped. One seed only.
          --placements-out FILE
                              Write task,node,gpus for every task of the first policy's first run, in
                              arrival order (node empty: not placed; gpus: indices separated by |).

        Input: a header line names the columns (any order; other columns are ignored); a UTF-8 byte
        order mark, CRLF, blank lines and trailing empty fields are fine; a field may be double-quoted.
        A bad row is an error naming the file and line (exit 2). A task naming a GPU model that no
        node has simply never fits.

        Output (--output): {"policy": "fgd", "workload": "default", "inflation": 1.3, "seeds": [42, ...],
          "summary": {"unallocatedGpuPctAtArrival100": 4.77, "allocatedGpuPctAtArrival130": 95.39,
                      "fragmentationPctAtArrival100": 4.73},
          "runs": [{"seed": 42, "tasks": 10866, "placed": 8334, "failed": 2532,
                    "allocatedGpuPct": [131 values, at arrival 0..130%], "fragmentationPct": [...]}]}
          With several policies: {"workload", "inflation", "seeds", "policies": [{"policy", "seeds",
          "summary", "runs"}, ...]}. With --replay: "mode": "replay", a summary of placedOnArrival,
          placedLater, neverPlaced, maxPending and meanAllocatedGpuPct (means over the seeds), and per
          run "samples": [{"time", "allocatedGpuPct", "fragmentationPct", "running", "pending"}].
          Percentages are of the cluster's GPU capacity, rounded to 4 decimals.

        Exit codes: 0 done; 2 bad arguments or input (one line on stderr; no output file is
        created); 1 internal error.

        """;

    public static string Binpack { get; } = $$$"""
        Usage: csched binpack --instances DIR|FILE.vbp|FILE.tar.gz [--strategy NAME] [--optimize]
                              [--time-limit-ms N] [--seed S] [--max-iterations N]
                              [--output FILE.json] [--report]
                              [--published FILE.tsv] [--no-timings]

        Packs each vector bin packing instance into identical bins (every bin holds at most the capacity
        in every dimension) with a batch planner, optionally improves the plan, checks it, and writes the
        bin of every item. Instances are packed in parallel, one per core; the output is in name order
        and does not depend on it.

        Options:
          --instances PATH    A .vbp file, a directory (searched recursively for *.vbp) or a .tar.gz of
                              .vbp files. An instance is named after its file, without .vbp.
          --strategy NAME     The batch planner, one of:
        {{{Wrap(BatchPackers.Names, new string(' ', 22), 100)}}}
                              Default: {{{BatchPackers.DefaultName}}} (every planner, the fewest bins).
          --optimize          Improve each plan after the planner, within --time-limit-ms. An instance
                              of at most {{{PackingOptimizer.ExactItemLimit}}} items goes to the exact solver first, for half that
                              time, and its "lowerBound" is the bound the solver proved (not with
                              --max-iterations: the exact solver is bound by time).
          --time-limit-ms N   With --optimize: the time per instance, the planner's own time included
                              (default 500).
          --seed S            With --optimize: the improvement's random seed (default 0).
          --max-iterations N  With --optimize: also stop after N moves per instance. The search never
                              reads the clock to decide, so a run that stops on N (well before the
                              time limit) gives the same plans on every machine.
          --output FILE       Write the JSON to FILE (replaced only when the run succeeds) and a short
                              summary to stdout, instead of the JSON to stdout.
          --report            Print a per-class table (class1..class9 and all): our mean % above the lower
                              bound beside the published means of the best of ~350 algorithms, the best
                              item-centric and the best bin-centric one (Mommessin, Erlebach and Shakhlevich
                              2024/25), and our mean % above the proven optimum where it is known. Without
                              --output, only the table is printed.
          --published FILE    The published per-instance bounds (panigrahy_bounds_and_best.tsv: columns
                              instance_name, LB, OPT, best_overall, tab-separated). With --report it is
                              also looked for next to --instances (beside a file, in a directory or its
                              parent); without it the table measures against our own lower bound.
          --no-timings        Leave out each instance's "ms", so two runs give the same bytes (with
                              --optimize, only when --max-iterations stops the search, not the clock).

        Input (.vbp, VPSolver): line 1 the number of dimensions d; line 2 the d capacities; line 3 the
        number of item types m; then m lines "s_1 ... s_d q": the sizes and the multiplicity q (q items
        in a row). Fields are separated by white space; blank lines are skipped. A bad file (a missing
        line, a field that is not a non-negative integer, a wrong number of fields, a size above the
        capacity) is an error naming the file (in an archive: the archive and the entry) and the line.

        Output: {"instances": [{"name": "class1_20_3_0", "items": 20, "bins": 7, "lowerBound": 6,
                                "publishedLowerBound": 6, "opt": 6, "publishedBest": 6,
                                "assignment": [bin of each item in file order, bins from 0], "ms": 0.41}],
                 "summary": {"strategy", "optimize", "instances", "items", "bins", "lowerBound",
                             "meanPctAboveLowerBound", "published", "publishedMatched",
                             "meanPctAbovePublishedLowerBound", "optKnown", "meanPctAboveOpt",
                             "atOrBelowPublishedBest", "valid": true}}
          lowerBound is ours (Martello-Toth L2 per dimension); the published fields appear when a
          published file is read and lists the instance. valid is true only after the command
          re-checked every assignment against the capacities.

        Exit codes: 0 done; 2 bad arguments or input (one line on stderr; no output file is
        created); 1 internal error.

        """;

    /// <summary>Lists names separated by <c> | </c>, in lines of at most <paramref name="width"/> columns, each starting with <paramref name="indent"/>.</summary>
    internal static string Wrap(System.Collections.Generic.IReadOnlyList<string> names, string indent, int width)
    {
        var text = new System.Text.StringBuilder(indent);
        var line = indent.Length;
        for (var i = 0; i < names.Count; i++)
        {
            var item = names[i] + (i + 1 < names.Count ? " |" : ".");
            if (line > indent.Length && line + 1 + item.Length > width)
            {
                text.Append('\n').Append(indent);
                line = indent.Length;
            }

            if (line > indent.Length)
            {
                text.Append(' ');
                line++;
            }

            text.Append(item);
            line += item.Length;
        }

        return text.ToString();
    }

    /// <summary>Gets the help of a command, or the main help for an unknown one.</summary>
    public static string For(string command) => command switch
    {
        "demo" => Demo,
        "place" => Place,
        "scenario" => Scenario,
        "generate" => Generate,
        "simulate" => Simulate,
        "binpack" => Binpack,
        _ => Main,
    };
}
