using System;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace ContainerScheduling;

/// <summary>
/// Word-wise operations on node bitsets (bit <c>i % 64</c> of word <c>i / 64</c> is node index i), four words per
/// vector, for the placement rules' eligibility.
/// </summary>
internal static class Bitset
{
    /// <summary>Whether a node index is in the bitset.</summary>
    internal static bool IsSet(ReadOnlySpan<ulong> bits, int node) =>
        (uint)(node >> 6) < (uint)bits.Length && (bits[node >> 6] & (1UL << node)) != 0;

    /// <summary>term &amp;= bits.</summary>
    internal static void And(Span<ulong> term, ReadOnlySpan<ulong> bits) => Combine<AndOp>(term, bits);

    /// <summary>term &amp;= ~bits.</summary>
    internal static void AndNot(Span<ulong> term, ReadOnlySpan<ulong> bits) => Combine<AndNotOp>(term, bits);

    /// <summary>term |= bits.</summary>
    internal static void Or(Span<ulong> term, ReadOnlySpan<ulong> bits) => Combine<OrOp>(term, bits);

    /// <summary>term ^= bits.</summary>
    internal static void Xor(Span<ulong> term, ReadOnlySpan<ulong> bits) => Combine<XorOp>(term, bits);

    /// <summary>term = ~bits.</summary>
    internal static void Complement(ReadOnlySpan<ulong> bits, Span<ulong> term) => Combine<NotOp>(term, bits);

    /// <summary>
    /// term[w] = TOp(term[w], bits[w]) for every word of <paramref name="term"/>, four words per vector: every
    /// bitset here is a whole number of 256-node groups (<see cref="ClusterState.EligibilityWords"/>).
    /// </summary>
    private static void Combine<TOp>(Span<ulong> term, ReadOnlySpan<ulong> bits)
        where TOp : struct, IBitOp
    {
        var w = 0;
        if (Vector256.IsHardwareAccelerated)
        {
            ref var target = ref MemoryMarshal.GetReference(term);
            ref var source = ref MemoryMarshal.GetReference(bits);
            var length = Math.Min(term.Length, bits.Length) & ~3;
            for (; w < length; w += Vector256<ulong>.Count)
            {
                TOp.Apply(Vector256.LoadUnsafe(ref target, (nuint)w), Vector256.LoadUnsafe(ref source, (nuint)w)).StoreUnsafe(ref target, (nuint)w);
            }
        }

        for (; w < term.Length; w++)
        {
            term[w] = TOp.Apply(term[w], bits[w]);
        }
    }

    /// <summary>A word-wise operation, chosen at compile time.</summary>
    private interface IBitOp
    {
        static abstract ulong Apply(ulong term, ulong bits);

        static abstract Vector256<ulong> Apply(Vector256<ulong> term, Vector256<ulong> bits);
    }

    private readonly struct AndOp : IBitOp
    {
        public static ulong Apply(ulong term, ulong bits) => term & bits;

        public static Vector256<ulong> Apply(Vector256<ulong> term, Vector256<ulong> bits) => term & bits;
    }

    private readonly struct AndNotOp : IBitOp
    {
        public static ulong Apply(ulong term, ulong bits) => term & ~bits;

        public static Vector256<ulong> Apply(Vector256<ulong> term, Vector256<ulong> bits) => Vector256.AndNot(term, bits);
    }

    private readonly struct OrOp : IBitOp
    {
        public static ulong Apply(ulong term, ulong bits) => term | bits;

        public static Vector256<ulong> Apply(Vector256<ulong> term, Vector256<ulong> bits) => term | bits;
    }

    private readonly struct XorOp : IBitOp
    {
        public static ulong Apply(ulong term, ulong bits) => term ^ bits;

        public static Vector256<ulong> Apply(Vector256<ulong> term, Vector256<ulong> bits) => term ^ bits;
    }

    private readonly struct NotOp : IBitOp
    {
        public static ulong Apply(ulong term, ulong bits) => ~bits;

        public static Vector256<ulong> Apply(Vector256<ulong> term, Vector256<ulong> bits) => ~bits;
    }
}
