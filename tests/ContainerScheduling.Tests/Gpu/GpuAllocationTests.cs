using System;
using System.Collections.Generic;
using System.Linq;
using Xunit;

namespace ContainerScheduling.Tests.Gpu;

/// <summary>
/// Zero bytes allocated per GPU placement: once warm, 1,000 place + remove cycles through
/// <see cref="GpuScheduler.Place(in GpuDemand)"/> and <see cref="GpuScheduler.Remove"/> allocate nothing on the calling
/// thread, for every built-in strategy, on a cluster that also keeps the fragmentation measure.
/// </summary>
public sealed class GpuAllocationTests
{
    private const int Cycles = 1000;

    private const int Rounds = 3;

    public static IEnumerable<object[]> Names => GpuPlacementStrategies.Names.Select(n => new object[] { n });

    [Theory]
    [MemberData(nameof(Names))]
    public void PlaceAndRemove_WarmScheduler_AllocatesNothing(string name)
    {
        // 203 nodes of three models, 0..16 GPUs (stride 16), partly filled; four demand shapes: CPU only, a share,
        // one whole GPU, two whole GPUs, one limited to a model.
        string[] models = ["V100", "T4", "A10"];
        var nodes = Enumerable.Range(0, 203).Select(i =>
        {
            var gpus = i % 11 == 0 ? 0 : i % 17 == 0 ? 16 : (i % 8) + 1;
            return new GpuNodeSpec($"n{i}", 32_000 * ((i % 4) + 1), 262_144, gpus, gpus == 0 ? null : models[i % 3]);
        }).ToArray();
        GpuRequest[] requests =
        [
            new("cpu", 2000, 1024, 0, 0),
            new("share", 1000, 2048, 1, 300),
            new("one", 4000, 4096, 1, 1000),
            new("two", 8000, 8192, 2, 1000, ["T4", "A10"]),
        ];
        var cluster = new GpuCluster(nodes, GpuFragmentationModel.FromWorkload(requests));
        var scheduler = new GpuScheduler(cluster, GpuPlacementStrategies.Create(name, seed: 3), seed: 3);
        for (var i = 0; i < 150; i++)
        {
            var filler = scheduler.Place(new GpuRequest($"fill{i}", 1000, 512, 1, 100 + (i * 37 % 800)));
            Assert.True(filler.IsPlaced);
        }

        var demands = requests.Select(cluster.Compile).ToArray();
        for (var warmUp = 0; warmUp < 100; warmUp++)
        {
            Cycle(scheduler, demands, warmUp);
        }

        var placed = 0;
        var allocated = LeastAllocated(() =>
        {
            for (var i = 0; i < Cycles; i++)
            {
                placed += Cycle(scheduler, demands, i) ? 1 : 0;
            }
        });

        Assert.Equal(Rounds * Cycles, placed);
        Assert.Equal(0, allocated);
    }

    private static bool Cycle(GpuScheduler scheduler, GpuDemand[] demands, int i)
    {
        var result = scheduler.Place(in demands[i & 3]);
        if (result.IsPlaced)
        {
            scheduler.Remove(result.Allocation);
        }

        return result.IsPlaced;
    }

    /// <summary>The fewest bytes one of <see cref="Rounds"/> runs allocated (the runtime may allocate once while it promotes a hot method).</summary>
    private static long LeastAllocated(Action round)
    {
        var least = long.MaxValue;
        for (var r = 0; r < Rounds; r++)
        {
            var before = GC.GetAllocatedBytesForCurrentThread();
            round();
            least = Math.Min(least, GC.GetAllocatedBytesForCurrentThread() - before);
        }

        return least;
    }
}
