package dev.blocknas.tensor.cpu;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.IntVector;
import jdk.incubator.vector.VectorOperators;

/**
 * exp for float vectors from IEEE-exact operations only (multiply, add, fused multiply-add, bit moves).
 *
 * <p>{@code lanewise(EXP)} is computed by an intrinsic once the JIT compiles it and by scalar code before,
 * and the two differ in the last bit: a kernel would then return different results for the same input
 * depending on how warm the JVM is. This version is the same in both (Cephes' expf: range reduction by
 * ln 2 and a degree-6 polynomial, within 2 ulp of the exact value on [-87, 88]).
 */
final class VectorMath {
    private static final float LOG2E = 1.44269504088896341f;
    private static final float LN2_HI = 0.693359375f;
    private static final float LN2_LO = -2.12194440e-4f;
    /** 1.5 * 2^23: adding it rounds a float of magnitude below 2^22 to an integer in its low mantissa bits. */
    private static final float ROUND = 12582912f;
    private static final float MAX = 88.3762626647949f;
    private static final float MIN = -87.3365447505531f;

    private VectorMath() {}

    static FloatVector exp(FloatVector x) {
        FloatVector v = x.max(MIN).min(MAX);
        FloatVector t = v.fma(LOG2E, ROUND); // round(v * log2 e) in t's low bits
        FloatVector n = t.sub(ROUND);
        FloatVector r = n.fma(x.broadcast(-LN2_HI), v).add(n.mul(-LN2_LO)); // v - n ln 2, in two parts for accuracy
        FloatVector z = r.mul(r);
        FloatVector p = r.fma(1.9875691500E-4f, 1.3981999507E-3f);
        p = p.fma(r, x.broadcast(8.3334519073E-3f));
        p = p.fma(r, x.broadcast(4.1665795894E-2f));
        p = p.fma(r, x.broadcast(1.6666665459E-1f));
        p = p.fma(r, x.broadcast(5.0000001201E-1f));
        FloatVector e = p.fma(z, r).add(1f);
        // 2^n from n's bits: (n + 127) << 23
        IntVector bits = t.reinterpretAsInts().sub(0x4B400000).add(127).lanewise(VectorOperators.LSHL, 23);
        FloatVector scale = bits.reinterpretAsFloats();
        FloatVector out = e.mul(scale);
        // NaN in, NaN out (max/min above would otherwise turn it into a number)
        return out.blend(x, x.test(VectorOperators.IS_NAN));
    }
}
