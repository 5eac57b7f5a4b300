package dev.blocknas.kernels.launch;

/**
 * Division by a divisor fixed for a kernel launch, as the GPU computes it (common.cuh, {@code fast_div}):
 * q = (umulhi(n, mul) + n) >> shift, exact for every 0 <= n < 2^31. With l = ceil(log2 d),
 * mul = floor(2^32 * (2^l - d) / d) + 1, so mul + 2^32 is the 33-bit magic m = ceil(2^(32+l) / d) of
 * Granlund and Montgomery; n < 2^31 keeps the 32-bit sum from overflowing.
 *
 * @param mul   the low 32 bits of the magic multiplier
 * @param shift l
 * @param div   the divisor d (>= 1)
 */
public record FastDiv(int mul, int shift, int div) {

    /** The magic numbers for divisor {@code d} (1 <= d < 2^31). */
    public static FastDiv of(int d) {
        if (d < 1) throw new IllegalArgumentException("divisor must be >= 1, got " + d);
        int l = d == 1 ? 0 : 32 - Integer.numberOfLeadingZeros(d - 1);
        long m = ((1L << 32) * ((1L << l) - d)) / d + 1; // (2^l - d) < d <= 2^31: fits in 63 bits
        return new FastDiv((int) m, l, d);
    }

    /** n / div computed the way the kernel computes it (for tests). */
    public int divide(int n) {
        long hi = ((n & 0xFFFFFFFFL) * (mul & 0xFFFFFFFFL)) >>> 32;
        long sum = (hi + (n & 0xFFFFFFFFL)) & 0xFFFFFFFFL;
        return (int) (sum >>> shift);
    }

    /** The three ints in the order of the CUDA struct. */
    public void writeTo(int[] out, int at) {
        out[at] = mul;
        out[at + 1] = shift;
        out[at + 2] = div;
    }
}
