using System;
using System.Collections.Generic;
using System.Linq;
using System.Numerics;
using FsCheck;
using FsCheck.Fluent;
using Xunit;

namespace ContainerScheduling.Tests.Packing;

/// <summary>The maximal patterns and the pricing that scans them, against brute force over every subset.</summary>
public sealed class MaximalPatternsTests
{
    private static readonly Config Quick = Config.QuickThrowOnFailure.WithMaxTest(300).WithQuietOnSuccess(true);

    [Fact]
    public void Enumerate_RandomSmallInstances_GivesEveryMaximalPatternOnce() =>
        Check.One(Quick, Prop.ForAll(PackingGenerators.Arb(maxItems: 12), small =>
        {
            var instance = small.Instance;
            var n = instance.ItemCount;
            var expected = new List<ulong>();
            for (ulong set = 0; set < 1UL << n; set++)
            {
                if (Fits(instance, set) && Enumerable.Range(0, n).All(i => (set >> i & 1) != 0 || !Fits(instance, set | (1UL << i))))
                {
                    expected.Add(set);
                }
            }

            var patterns = MaximalPatterns.Prepare(instance)!;
            var complete = patterns.Enumerate(long.MaxValue);

            return complete && patterns.EstimatedNodes >= 1
                && patterns.Sets.ToArray().OrderBy(s => s).SequenceEqual(expected);
        }));

    [Fact]
    public void Enumerate_ManyItemsThatAllFitTogether_IsEstimatedHugeAndGivesUpAtTheDeadline()
    {
        // 30 items of a hundredth of the bin: one maximal pattern (all of them), but the walk leaves each item out too
        // before it finds that out, about 2^30 nodes. The estimate sees it; the deadline stops the walk.
        var instance = new PackingInstance("tiny", [1000], Enumerable.Repeat(10L, 30).ToArray());
        var patterns = MaximalPatterns.Prepare(instance)!;

        Assert.True(patterns.EstimatedNodes > 1e8, $"estimate {patterns.EstimatedNodes}");
        Assert.False(patterns.Enumerate(deadline: 0));
        Assert.Equal(0, patterns.Count);
    }

    [Fact]
    public void Prepare_CapacitiesBeyondTheFitTables_DeclinesTheInstance() =>
        Assert.Null(MaximalPatterns.Prepare(new PackingInstance("wide", [MaximalPatterns.MaxRooms], [1, 2])));

    [Fact]
    public void ScanBest_RandomGroupsApartPairsAndPrices_FindsTheBestAllowedPatternByBruteForce() =>
        Check.One(Quick, Prop.ForAll(PackingGenerators.Arb(maxItems: 10), Gen.Choose(0, 100_000).ToArbitrary(), (small, seed) =>
        {
            // The column generation's items: some original items left out (packed already), some merged in twos, some
            // pairs kept apart; prices of either sign.
            var instance = small.Instance;
            var random = new Random(seed);
            var items = Enumerable.Range(0, instance.ItemCount).Where(_ => random.Next(5) > 0).OrderBy(_ => random.Next()).ToList();
            var groups = new List<ulong>();
            for (var i = 0; i < items.Count; i++)
            {
                var group = 1UL << items[i];
                if (i + 1 < items.Count && random.Next(3) == 0)
                {
                    group |= 1UL << items[++i];
                }

                groups.Add(group);
            }

            var m = groups.Count;
            var apart = new ulong[m];
            for (var pairs = random.Next(4); pairs > 0 && m > 1; pairs--)
            {
                var (g, h) = (random.Next(m), random.Next(m));
                if (g != h)
                {
                    apart[g] |= 1UL << h;
                    apart[h] |= 1UL << g;
                }
            }

            var y = Enumerable.Range(0, m).Select(_ => (random.Next(-20, 100) / 100.0)).ToArray();
            var floor = 1 + (random.Next(0, 30) / 100.0);
            var patterns = MaximalPatterns.Prepare(instance)!;
            patterns.Enumerate(long.MaxValue);
            var found = new List<ulong>();

            var (value, pattern) = new PatternScan(patterns, groups, apart).Best(y, floor, found, most: 5, long.MaxValue, out var timedOut);

            // Brute force over every allowed set of groups that fits, prices read at least 0.
            var best = double.NegativeInfinity;
            for (ulong local = 0; local < 1UL << m; local++)
            {
                if (Allowed(local, apart) && Fits(instance, Items(local, groups)))
                {
                    best = Math.Max(best, Value(local, y));
                }
            }

            bool Valid(ulong local) => Allowed(local, apart) && Fits(instance, Items(local, groups)) && Enumerable.Range(0, m).All(g => (local >> g & 1) == 0 || y[g] > 0);

            var answer = best > floor + 1e-9
                ? Math.Abs(value - best) < 1e-9 && Valid(pattern) && Math.Abs(Value(pattern, y) - best) < 1e-9
                : value == floor && pattern == 0;
            return !timedOut && answer && found.All(f => Valid(f) && Value(f, y) > 1);
        }));

    private static bool Fits(PackingInstance instance, ulong set)
    {
        for (var k = 0; k < instance.Dimensions; k++)
        {
            long load = 0;
            for (var rest = set; rest != 0; rest &= rest - 1)
            {
                load += instance.Item(BitOperations.TrailingZeroCount(rest))[k];
            }

            if (load > instance.Capacity[k])
            {
                return false;
            }
        }

        return true;
    }

    private static bool Allowed(ulong local, ulong[] apart) =>
        Enumerable.Range(0, apart.Length).All(g => (local >> g & 1) == 0 || (apart[g] & local) == 0);

    private static ulong Items(ulong local, List<ulong> groups) =>
        Enumerable.Range(0, groups.Count).Where(g => (local >> g & 1) != 0).Aggregate(0UL, (items, g) => items | groups[g]);

    private static double Value(ulong local, double[] y) =>
        Enumerable.Range(0, y.Length).Where(g => (local >> g & 1) != 0).Sum(g => Math.Max(0, y[g]));
}
