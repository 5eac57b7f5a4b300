package dev.blocknas.layers.data;

/** Derives independent random seeds from structured inputs such as (seed, epoch, position). */
final class Seeds {

    private Seeds() {}

    /**
     * Hashes {@code a} and {@code b} into a well-mixed 64-bit seed. Nearby inputs (seed 1 vs 2,
     * epoch 3 vs 4) must give unrelated streams; a plain sum would not, because
     * {@code SplittableRandom} streams from seeds that differ by its increment overlap.
     */
    static long mix(long a, long b) {
        return murmur(murmur(a) + 0x9E3779B97F4A7C15L * (b + 1));
    }

    /** Three-argument form of {@link #mix(long, long)}. */
    static long mix(long a, long b, long c) {
        return mix(mix(a, b), c);
    }

    // MurmurHash3's 64-bit finaliser, as used by SplittableRandom itself.
    private static long murmur(long z) {
        z = (z ^ (z >>> 33)) * 0xFF51AFD7ED558CCDL;
        z = (z ^ (z >>> 33)) * 0xC4CEB9FE1A85EC53L;
        return z ^ (z >>> 33);
    }
}
