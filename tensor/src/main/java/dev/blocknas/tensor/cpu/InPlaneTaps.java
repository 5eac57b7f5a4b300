package dev.blocknas.tensor.cpu;

import java.util.concurrent.ConcurrentHashMap;

/**
 * The taps of a stride-1 depthwise pass that keeps the plane's size, read straight from the unpadded plane: output
 * f of the flat plane (row-major, h x w) is the chain over taps t of {@code wt[t] * src[f + shift[t]]}, with the lanes
 * whose tap falls outside the plane masked to zero. Every output is then the same chain of fused multiply-adds in
 * tap order as over a zero-padded copy (a masked lane loads the padding's zero), so no plane is copied in or out.
 *
 * <p>The forward pass reads x at (oh + kh - pad, ow + kw - pad); the data gradient reads gy at
 * (ih + pad - kh, iw + pad - kw), the same weights in the same order ({@code flipped}).
 */
final class InPlaneTaps {
    private static final ConcurrentHashMap<Key, InPlaneTaps> CACHE = new ConcurrentHashMap<>();

    private record Key(int h, int w, int k, int pad, boolean flipped, int lanes) {}

    final int plane;
    final int taps;
    /** Vectors of {@code lanes} outputs that cover the plane; the last one may be partial. */
    final int vectors;
    /** Flat offset of tap t from the output it feeds. */
    final int[] shift;
    /** Lane bits of vector v's tap t, at {@code v * taps + t}: set where the tap reads inside the plane. */
    final long[] mask;
    /** Lane bits of the last vector's outputs, or -1 (every lane) when the plane fills it. */
    final long lastStore;
    /**
     * Floats before the plane's start and after its end that the vector loads span (masked lanes included): a
     * plane with fewer in its array goes through scratch of {@link #scratchSize}, as the Vector API's masked load
     * checks each lane outside its array's bounds on a slow path that slows every later call of the compiled loop.
     */
    final int before;
    final int after;

    private InPlaneTaps(int h, int w, int k, int pad, boolean flipped, int lanes) {
        plane = h * w;
        taps = k * k;
        vectors = Math.ceilDiv(plane, lanes);
        shift = new int[taps];
        mask = new long[vectors * taps];
        for (int t = 0; t < taps; t++) {
            int dh = flipped ? pad - t / k : t / k - pad;
            int dw = flipped ? pad - t % k : t % k - pad;
            shift[t] = dh * w + dw;
            for (int v = 0; v < vectors; v++) {
                long bits = 0;
                for (int j = 0; j < lanes; j++) {
                    int f = v * lanes + j;
                    int r = f / w + dh;
                    int c = f % w + dw;
                    if (f < plane && r >= 0 && r < h && c >= 0 && c < w) bits |= 1L << j;
                }
                mask[v * taps + t] = bits;
            }
        }
        int lo = 0;
        int hi = 0;
        for (int d : shift) {
            lo = Math.min(lo, d);
            hi = Math.max(hi, d);
        }
        before = -lo;
        after = vectors * lanes - plane + hi;
        int rest = plane - (vectors - 1) * lanes;
        lastStore = rest == lanes ? -1L : (1L << rest) - 1;
    }

    /** Floats of scratch a plane needs when its array lacks the margins: the plane with both margins. */
    int scratchSize() {
        return before + plane + after;
    }

    /**
     * Whether the in-plane form applies and pays: stride 1, the output the size of the input, and a plane of at
     * most four vectors (7x7 and 4x4 with 16 lanes), or of at most 16 with a 3x3 kernel (14x14). There the padded
     * copy in and the copy out cost more than the masked loads add (forward + data gradient at N64, one thread:
     * 4x4 2.3-3x, 7x7 1.1-1.8x faster; two threads, 14x14 k3 10%); with larger kernels on 14x14, and on larger
     * planes, the masked loads cost more than the copies (14x14 k5 12% slower, 28x28 k3 1.5x).
     */
    static boolean applies(CpuDepthwise.Geometry g, int lanes) {
        int plane = g.h() * g.w();
        return g.stride() == 1 && g.ho() == g.h() && g.wo() == g.w()
                && (plane <= 4 * lanes || g.k() <= 3 && plane <= 16 * lanes);
    }

    /** The taps of {@code g}'s forward pass ({@code flipped} false) or data gradient (true), for vectors of lanes. */
    static InPlaneTaps of(CpuDepthwise.Geometry g, boolean flipped, int lanes) {
        return CACHE.computeIfAbsent(new Key(g.h(), g.w(), g.k(), g.pad(), flipped, lanes),
                key -> new InPlaneTaps(key.h, key.w, key.k, key.pad, key.flipped, key.lanes));
    }
}
