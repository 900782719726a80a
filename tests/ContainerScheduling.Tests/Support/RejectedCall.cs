using System;
using System.Collections.Generic;
using System.Linq;
using FsCheck;
using FsCheck.Fluent;

namespace ContainerScheduling.Tests;

/// <summary>
/// A call that must be rejected: the exception type, the parameter it must name (null for
/// <see cref="InvalidOperationException"/> and the like) and fragments the message must contain (the offending
/// value). <see cref="Holds"/> runs it on a prepared random cluster and also demands that nothing changed.
/// </summary>
internal sealed record RejectedCall(
    string Name,
    Type Exception,
    string? Parameter,
    string[] MessageContains,
    Action<RejectedCall.Setup> Call)
{
    /// <summary>Names that every prepared cluster has.</summary>
    public const string Anchor = "anchor";
    public const string AnchorContainer = "anchor-c";
    public const string Tiny = "tiny";
    public const string Fenced = "fenced";
    public const string Ghost = "ghost";
    public const string Bogus = "bogus";

    private static readonly Config Quick = Config.QuickThrowOnFailure.WithMaxTest(40).WithQuietOnSuccess(true);

    public override string ToString() => Name;

    /// <summary>
    /// Builds the random cluster, then adds: <see cref="Anchor"/> (10 in every dimension) running
    /// <see cref="AnchorContainer"/> (1 of the first dimension), <see cref="Tiny"/> (capacity 0 everywhere) and
    /// <see cref="Fenced"/> (10 everywhere, cordoned).
    /// </summary>
    public static Setup Prepare(ClusterModel model, Func<ClusterState, IPlacementStrategy>? strategy = null)
    {
        var cluster = model.Build();
        var dimensions = model.Dimensions;
        cluster.AddNode(new NodeSpec(Anchor, dimensions.ToDictionary(d => d, _ => 10L)));
        cluster.AddNode(new NodeSpec(Tiny, dimensions.ToDictionary(d => d, _ => 0L)));
        cluster.AddNodes([new NodeSpec(Fenced, dimensions.ToDictionary(d => d, _ => 10L))]);
        cluster.Cordon(Fenced);
        cluster.Bind(new ContainerSpec(AnchorContainer, new Dictionary<string, long> { [dimensions[0]] = 1 }), Anchor);
        return new Setup(cluster, new Scheduler(cluster, strategy?.Invoke(cluster) ?? PlacementStrategies.FirstFit()), dimensions);
    }

    /// <summary>The property: on every random cluster the call throws as specified and the snapshot is unchanged.</summary>
    public void Holds(Func<ClusterState, IPlacementStrategy>? strategy = null) =>
        Check.One(Quick, Prop.ForAll(ClusterGenerators.ClusterArb(), model =>
        {
            var setup = Prepare(model, strategy);
            var before = ClusterSnapshot.Take(setup.Cluster);
            Exception? thrown = null;
            try
            {
                Call(setup);
            }
#pragma warning disable CA1031 // The property inspects whatever was thrown.
            catch (Exception e)
#pragma warning restore CA1031
            {
                thrown = e;
            }

            return PropertyFailure.Unless(thrown is not null && thrown.GetType() == Exception, () => $"{Name}: expected {Exception.Name}, got {thrown?.ToString() ?? "no exception"}")
                && PropertyFailure.Unless((thrown as ArgumentException)?.ParamName == Parameter, () => $"{Name}: ParamName '{(thrown as ArgumentException)?.ParamName}', expected '{Parameter}'")
                && PropertyFailure.Unless(MessageContains.All(thrown!.Message.Contains), () => $"{Name}: message '{thrown!.Message}' lacks one of [{string.Join(" | ", MessageContains)}]")
                && PropertyFailure.Unless(ClusterSnapshot.Take(setup.Cluster) == before, () => $"{Name}: the rejected call changed the cluster");
        }));

    /// <summary>The prepared cluster, a first-fit scheduler on it (unless told otherwise), and the dimensions.</summary>
    internal sealed record Setup(ClusterState Cluster, Scheduler Scheduler, string[] Dimensions)
    {
        public string FirstDimension => Dimensions[0];

        public ContainerSpec Small(string name) => new(name, new Dictionary<string, long> { [FirstDimension] = 1 });

        public ContainerSpec Unknown(string name) => new(name, new Dictionary<string, long> { [FirstDimension] = 1, [Bogus] = 1 });

        public NodeSpec Node(string name, long amount) => new(name, new Dictionary<string, long> { [FirstDimension] = amount });

        /// <summary>The view index of a node, as a strategy sees it.</summary>
        public int IndexOf(string node)
        {
            var view = Cluster.CreateView();
            for (var i = 0; i < view.NodeCount; i++)
            {
                if (SafeName(view, i) == node)
                {
                    return i;
                }
            }

            throw new InvalidOperationException($"{node} has no index");
        }

        private static string? SafeName(ClusterView view, int i)
        {
            try
            {
                return view.GetNodeName(i);
            }
            catch (InvalidOperationException)
            {
                return null;
            }
        }
    }
}
