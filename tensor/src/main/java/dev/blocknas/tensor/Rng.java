package dev.blocknas.tensor;

import java.util.SplittableRandom;

/**
 * Seeded random numbers that every backend reproduces exactly.
 *
 * <p>Tensor fills use a counter-based generator: element i of a fill with seed s is a pure function of
 * (s, i), so a CUDA kernel and the CPU produce identical tensors and results do not depend on thread
 * counts. An {@code Rng} object hands out a fresh seed per fill and serves host-side draws.
 */
public final class Rng {
    private static final long GOLDEN = 0x9E3779B97F4A7C15L;
    private final SplittableRandom random;

    public Rng(long seed) {
        this.random = new SplittableRandom(seed);
    }

    /** A fresh seed for one tensor fill. */
    public long nextSeed() {
        return random.nextLong();
    }

    /** Uniform int in [0, bound). */
    public int nextInt(int bound) {
        return random.nextInt(bound);
    }

    /** Uniform double in [0, 1). */
    public double nextDouble() {
        return random.nextDouble();
    }

    /** An independent generator split off this one. */
    public Rng split() {
        return new Rng(random.nextLong());
    }

    /** The SplitMix64 finaliser: a strong 64-bit mix, the same one {@link SplittableRandom} uses. */
    public static long mix(long z) {
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }

    /** Element {@code i} of the uniform stream {@code seed}: a float in [0, 1) with 24 random bits. */
    public static float uniform(long seed, long i) {
        return (mix(seed + (i + 1) * GOLDEN) >>> 40) * 0x1.0p-24f;
    }

    /**
     * Element {@code i} of the standard normal stream {@code seed} (Box-Muller on two uniforms drawn at
     * counters 2i and 2i+1 of a derived stream).
     */
    public static float normal(long seed, long i) {
        long s = mix(seed ^ 0x5DEECE66DL);
        float u1 = ((mix(s + (2 * i + 1) * GOLDEN) >>> 40) + 1) * 0x1.0p-24f; // in (0, 1]: log is finite
        float u2 = (mix(s + (2 * i + 2) * GOLDEN) >>> 40) * 0x1.0p-24f;
        return (float) (Math.sqrt(-2.0 * Math.log(u1)) * Math.cos(2.0 * Math.PI * u2));
    }
}
