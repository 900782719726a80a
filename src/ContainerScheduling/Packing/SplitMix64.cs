namespace ContainerScheduling;

/// <summary>
/// A seeded SplitMix64 generator: the same sequence on every platform and runtime, which <see cref="System.Random"/>
/// does not promise. A mutable struct: keep it in a field that is not read-only, and never copy it.
/// </summary>
internal struct SplitMix64
{
    private ulong _state;

    /// <summary>Starts the sequence of <paramref name="seed"/>.</summary>
    public SplitMix64(int seed) => _state = (ulong)(uint)seed * 0x9E3779B97F4A7C15UL + 0x2545F4914F6CDD1DUL;

    /// <summary>The next number in 0..<paramref name="bound"/> − 1 (<paramref name="bound"/> at least 1).</summary>
    public ulong Next(ulong bound)
    {
        var z = _state += 0x9E3779B97F4A7C15UL;
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        z ^= z >> 31;
        return z % bound;
    }
}
