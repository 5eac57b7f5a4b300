package dev.blocknas.tensor.cpu;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * Vector API depthwise convolution over the flat layouts of {@link PolyphasePlan}: each plane is padded (and
 * split into polyphase planes for stride > 1) once into scratch, then every pass is a sum of shifted full
 * vectors times broadcast weights. Loaded reflectively so the engine still runs without the incubator module.
 */
final class VectorDepthwise implements DepthwiseKernel {
    private static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;
    private static final int L = S.length();
    /** Zeros past the end of a scratch plane, more than any pass reads beyond its flat extent. */
    private static final int BLOCK = 8 * L;

    private static final ThreadScratch SCRATCH = new ThreadScratch(5, 1);

    /**
     * Outputs a flat pass computes: whole vectors, not whole register blocks, since on 7x7 and 4x4 planes a
     * block of 8 vectors would be mostly junk columns.
     */
    private static int roundUp(int n) {
        return (n + L - 1) / L * L;
    }

    @Override
    public void forward(CpuDepthwise.Geometry g, float[] x, int xo, float[] w, int wo, float[] y, int yo) {
        if (InPlaneTaps.applies(g, L)) {
            inPlane(g, InPlaneTaps.of(g, false, L), x, xo, w, wo, y, yo);
            return;
        }
        PolyphasePlan plan = new PolyphasePlan(g, true);
        StrideTwoFill rows = StrideTwoFill.of(plan);
        int kk = g.k() * g.k();
        int out = roundUp(plan.flat);
        Parallel.range(g.n() * g.c(), 4, (from, to) -> {
            // Zeroed once: each plane rewrites only the image data, never the padding or the read-ahead tail.
            float[] p = zeroed(0, plan.inSize + BLOCK);
            float[] e = SCRATCH.floats(1, out + L);
            float[] eo = SCRATCH.floats(2, g.h() * g.w() + 1);
            for (int nc = from; nc < to; nc++) {
                fillInput(plan, rows, x, xo + nc * g.h() * g.w(), p, eo);
                correlate(p, plan.tapOffset, w, wo + (nc % g.c()) * kk, kk, e, out);
                int yp = yo + nc * g.ho() * g.wo();
                int yEnd = yp + g.ho() * g.wo();
                for (int oh = 0; oh < g.ho(); oh++) {
                    VectorCopies.copyRunOver(e, oh * plan.wq, y, yp + oh * g.wo(), g.wo(), yEnd);
                }
            }
        });
    }

    @Override
    public void backwardData(CpuDepthwise.Geometry g, float[] gy, int gyo, float[] w, int wo, float[] gx, int gxo) {
        if (InPlaneTaps.applies(g, L)) {
            inPlane(g, InPlaneTaps.of(g, true, L), gy, gyo, w, wo, gx, gxo);
            return;
        }
        PolyphasePlan plan = new PolyphasePlan(g, true);
        int kk = g.k() * g.k();
        int gSize = plan.hg * plan.wg;
        int out = roundUp(plan.maxPhaseFlat());
        int s = g.stride();
        int hw = g.h() * g.w();
        Parallel.range(g.n() * g.c(), 4, (from, to) -> {
            float[] gp = zeroed(0, gSize + BLOCK);
            float[] e = SCRATCH.floats(1, out + L);
            float[] eo = SCRATCH.floats(2, hw + 1);
            float[] tw = SCRATCH.floats(3, kk);
            for (int nc = from; nc < to; nc++) {
                int wp = wo + (nc % g.c()) * kk;
                int xp = gxo + nc * hw;
                int yp = gyo + nc * g.ho() * g.wo();
                for (int r = 0; r < plan.hg; r++) {
                    int oh = r + plan.r0;
                    if (oh >= 0 && oh < g.ho()) {
                        VectorCopies.copyZeroTail(gy, yp + oh * g.wo() + plan.gLo() + plan.c0, gp,
                                r * plan.wg + plan.gLo(), plan.gHi() - plan.gLo(), gSize + BLOCK);
                    }
                }
                for (PolyphasePlan.Phase ph : plan.inputPhases) {
                    // A phase without taps (kernel smaller than the stride) correlates to zeros.
                    int taps = ph.weight().length;
                    for (int t = 0; t < taps; t++) tw[t] = w[wp + ph.weight()[t]];
                    correlate(gp, ph.offset(), tw, 0, taps, e, roundUp(plan.flat(ph)));
                    for (int u = 0; u < ph.nu(); u++) {
                        int f = (s * (ph.u0() + u) + ph.ra() - g.pad()) * g.w() + s * ph.v0() + ph.rb() - g.pad();
                        if (s == 1) VectorCopies.copyRunOver(e, u * plan.wg, gx, xp + f, ph.nv(), xp + hw);
                        else if (s == 2) VectorCopies.copy(e, u * plan.wg, eo, evenOdd(f, hw), ph.nv());
                        else for (int v = 0; v < ph.nv(); v++) gx[xp + f + s * v] = e[u * plan.wg + v];
                    }
                }
                if (s == 2) {
                    VectorCopies.interleave(eo, 0, eo, (hw + 1) / 2, gx, xp, hw / 2);
                    if ((hw & 1) != 0) gx[xp + hw - 1] = eo[hw / 2];
                }
            }
        });
    }

    @Override
    public void backwardFilter(CpuDepthwise.Geometry g, float[] x, int xo, float[] gy, int gyo, float[] gw, int gwo) {
        PolyphasePlan plan = new PolyphasePlan(g, false);
        StrideTwoFill rows = StrideTwoFill.of(plan);
        int kk = g.k() * g.k();
        int len = roundUp(plan.flat);
        Parallel.range(g.c(), 1, (from, to) -> {
            float[] p = zeroed(0, plan.inSize + BLOCK);
            // The junk columns of the flat gradient stay zero, so they add nothing to the dot products.
            float[] e = zeroed(1, len + L);
            float[] eo = SCRATCH.floats(2, g.h() * g.w() + 1);
            // Images outer, channels inner: consecutive planes are adjacent in memory, where one channel's
            // planes lie a whole image apart (a cache and TLB miss each). Each channel still sums its images in
            // order, so the bits are those of the channel-outer loop.
            int sumsLength = (to - from) * kk;
            double[] acc = SCRATCH.zeroedDoubles(0, sumsLength);
            float[] lanes = SCRATCH.floats(3, 8 * L);
            float[] sums = SCRATCH.floats(4, 8);
            for (int img = 0; img < g.n(); img++) {
                for (int ch = from; ch < to; ch++) {
                    int nc = img * g.c() + ch;
                    fillInput(plan, rows, x, xo + nc * g.h() * g.w(), p, eo);
                    int yp = gyo + nc * g.ho() * g.wo();
                    for (int oh = 0; oh < g.ho(); oh++) {
                        VectorCopies.copyZeroTail(gy, yp + oh * g.wo(), e, oh * plan.wq, g.wo(), len);
                    }
                    dots(p, plan.tapOffset, kk, e, len, acc, (ch - from) * kk, lanes, sums);
                }
            }
            for (int i = 0; i < sumsLength; i++) gw[gwo + from * kk + i] = (float) acc[i];
        });
    }

    /** Every plane of src (at so) correlated in place with its channel's taps into dst (at dpo). */
    private static void inPlane(CpuDepthwise.Geometry g, InPlaneTaps taps, float[] src, int so, float[] w, int wo,
                                float[] dst, int dpo) {
        int hw = g.h() * g.w();
        int kk = taps.taps;
        Parallel.range(g.n() * g.c(), 4, (from, to) -> {
            for (int nc = from; nc < to; nc++) {
                int sp = so + nc * hw;
                int dp = dpo + nc * hw;
                int wp = wo + (nc % g.c()) * kk;
                if (sp >= taps.before && sp + hw + taps.after <= src.length && dp + hw + taps.after <= dst.length) {
                    correlateInPlane(src, sp, taps, w, wp, dst, dp);
                    continue;
                }
                // A plane at either end of its array: the same loop over a copy with room around it.
                float[] in = SCRATCH.floats(0, taps.scratchSize());
                float[] out = SCRATCH.floats(1, taps.scratchSize());
                System.arraycopy(src, sp, in, taps.before, hw);
                correlateInPlane(in, taps.before, taps, w, wp, out, 0);
                System.arraycopy(out, 0, dst, dp, hw);
            }
        });
    }

    /**
     * dst[dp + f] = sum_t wt[wOff + t] * src[sp + f + shift[t]] over the plane's taps inside it, as one chain of
     * FMAs in tap order per output (a masked lane adds the zero a padded copy would hold): four vectors at a time,
     * then one. Only the plane's own outputs are written.
     */
    static void correlateInPlane(float[] src, int sp, InPlaneTaps taps, float[] wt, int wOff, float[] dst, int dp) {
        int kk = taps.taps;
        int[] shift = taps.shift;
        long[] mask = taps.mask;
        int vectors = taps.vectors;
        int v = 0;
        for (; v + 4 <= vectors; v += 4) {
            FloatVector a0 = FloatVector.zero(S), a1 = a0, a2 = a0, a3 = a0;
            int q = sp + v * L;
            int m0 = v * kk;
            for (int t = 0; t < kk; t++) {
                FloatVector wv = FloatVector.broadcast(S, wt[wOff + t]);
                int o = q + shift[t];
                int m = m0 + t;
                a0 = FloatVector.fromArray(S, src, o, VectorMask.fromLong(S, mask[m])).fma(wv, a0);
                a1 = FloatVector.fromArray(S, src, o + L, VectorMask.fromLong(S, mask[m + kk])).fma(wv, a1);
                a2 = FloatVector.fromArray(S, src, o + 2 * L, VectorMask.fromLong(S, mask[m + 2 * kk])).fma(wv, a2);
                a3 = FloatVector.fromArray(S, src, o + 3 * L, VectorMask.fromLong(S, mask[m + 3 * kk])).fma(wv, a3);
            }
            int d = dp + v * L;
            a0.intoArray(dst, d);
            a1.intoArray(dst, d + L);
            a2.intoArray(dst, d + 2 * L);
            // Stored here, not by a helper: a call C2 leaves out of line boxes its vector (64 MB a teacher-k3 step
            // in one profile run).
            long lanes = v + 4 == vectors ? taps.lastStore : -1L;
            if (lanes == -1L) a3.intoArray(dst, d + 3 * L);
            else a3.intoArray(dst, d + 3 * L, VectorMask.fromLong(S, lanes));
        }
        for (; v < vectors; v++) {
            FloatVector a0 = FloatVector.zero(S);
            int q = sp + v * L;
            int m0 = v * kk;
            for (int t = 0; t < kk; t++) {
                a0 = FloatVector.fromArray(S, src, q + shift[t], VectorMask.fromLong(S, mask[m0 + t]))
                        .fma(FloatVector.broadcast(S, wt[wOff + t]), a0);
            }
            long lanes = v + 1 == vectors ? taps.lastStore : -1L;
            if (lanes == -1L) a0.intoArray(dst, dp + v * L);
            else a0.intoArray(dst, dp + v * L, VectorMask.fromLong(S, lanes));
        }
    }

    private static float[] zeroed(int which, int size) {
        float[] a = SCRATCH.floats(which, size);
        java.util.Arrays.fill(a, 0, size, 0f);
        return a;
    }

    /**
     * Copies one input plane's data into the polyphase planes; the zero padding is already there. Stride 1 copies
     * each image row straight to its padded place. Stride 2
     * first splits the whole plane into its even and odd flat elements ({@code eo}), where every phase row
     * is a contiguous run, unless {@code rows} (not null) fills it row by row; larger strides take the plain path.
     */
    private static void fillInput(PolyphasePlan plan, StrideTwoFill rows, float[] x, int xp, float[] p, float[] eo) {
        if (rows != null) {
            rows.fill(x, xp, p);
            return;
        }
        CpuDepthwise.Geometry g = plan.g;
        int s = g.stride();
        if (s > 2) {
            plan.fillInput(x, xp, p);
            return;
        }
        int hw = g.h() * g.w();
        if (s == 1) {
            // One phase: image row ih is polyphase row ih + pad, from column pad on (colLo = pad, colHi = pad + w).
            int w = g.w();
            int wq = plan.wq;
            int dst = g.pad() * wq + g.pad();
            int limit = plan.phasePlane;
            for (int ih = 0; ih < g.h(); ih++, dst += wq) VectorCopies.copyZeroTail(x, xp + ih * w, p, dst, w, limit);
            return;
        }
        VectorCopies.deinterleave(x, xp, eo, 0, eo, (hw + 1) / 2, hw / 2);
        if ((hw & 1) != 0) eo[hw / 2] = x[xp + hw - 1];
        for (int a = 0; a < plan.phases; a++) {
            for (int i = 0; i < plan.hq; i++) {
                int ih = plan.inputRow(a, i);
                if (ih < 0) continue;
                for (int b = 0; b < plan.phases; b++) {
                    int f = ih * g.w() + s * plan.colLo[b] + b - g.pad();
                    int plane = (a * plan.phases + b) * plan.phasePlane;
                    int dst = plane + i * plan.wq + plan.colLo[b];
                    // Rows go downwards within a plane, so zeros run over only into padding or later rows.
                    VectorCopies.copyZeroTail(eo, evenOdd(f, hw), p, dst, plan.colHi[b] - plan.colLo[b],
                            plane + plan.phasePlane);
                }
            }
        }
    }

    /** Where flat plane element f sits in the even/odd split of a plane of hw elements: evens, then odds. */
    private static int evenOdd(int f, int hw) {
        return (f & 1) == 0 ? f >> 1 : (hw + 1) / 2 + (f >> 1);
    }

    /**
     * dst[q] = sum_t wt[wOff + t] * src[off[t] + q] for q in [0, n), n a multiple of L: four vectors at a time
     * (the unaligned loads, not the FMA latency, bound it), then one. Each output is the same chain of FMAs in tap
     * order whichever loop computes it, so the blocking changes no bit.
     */
    static void correlate(float[] src, int[] off, float[] wt, int wOff, int taps, float[] dst, int n) {
        int q = 0;
        for (; q + 4 * L <= n; q += 4 * L) {
            FloatVector a0 = FloatVector.zero(S), a1 = a0, a2 = a0, a3 = a0;
            for (int t = 0; t < taps; t++) {
                FloatVector wv = FloatVector.broadcast(S, wt[wOff + t]);
                int o = off[t] + q;
                a0 = FloatVector.fromArray(S, src, o).fma(wv, a0);
                a1 = FloatVector.fromArray(S, src, o + L).fma(wv, a1);
                a2 = FloatVector.fromArray(S, src, o + 2 * L).fma(wv, a2);
                a3 = FloatVector.fromArray(S, src, o + 3 * L).fma(wv, a3);
            }
            a0.intoArray(dst, q);
            a1.intoArray(dst, q + L);
            a2.intoArray(dst, q + 2 * L);
            a3.intoArray(dst, q + 3 * L);
        }
        for (; q < n; q += L) {
            FloatVector a0 = FloatVector.zero(S);
            for (int t = 0; t < taps; t++) {
                a0 = FloatVector.fromArray(S, src, off[t] + q).fma(FloatVector.broadcast(S, wt[wOff + t]), a0);
            }
            a0.intoArray(dst, q);
        }
    }

    /**
     * acc[ao + t] += sum_q g[q] * src[off[t] + q] for q in [0, n), n a multiple of L: eight taps at a time so
     * each load of g feeds eight independent chains; each plane's sum goes to double. The accumulators are
     * summed from {@code lanes} (scratch of 8 * L) into {@code sums} (8), as a call to {@link VectorLanes#sum}
     * here is not inlined.
     */
    static void dots(float[] src, int[] off, int taps, float[] g, int n, double[] acc, int ao, float[] lanes,
                     float[] sums) {
        int t = 0;
        for (; t + 8 <= taps; t += 8) {
            int o0 = off[t], o1 = off[t + 1], o2 = off[t + 2], o3 = off[t + 3];
            int o4 = off[t + 4], o5 = off[t + 5], o6 = off[t + 6], o7 = off[t + 7];
            FloatVector s0 = FloatVector.zero(S), s1 = s0, s2 = s0, s3 = s0, s4 = s0, s5 = s0, s6 = s0, s7 = s0;
            for (int q = 0; q < n; q += L) {
                FloatVector gv = FloatVector.fromArray(S, g, q);
                s0 = FloatVector.fromArray(S, src, o0 + q).fma(gv, s0);
                s1 = FloatVector.fromArray(S, src, o1 + q).fma(gv, s1);
                s2 = FloatVector.fromArray(S, src, o2 + q).fma(gv, s2);
                s3 = FloatVector.fromArray(S, src, o3 + q).fma(gv, s3);
                s4 = FloatVector.fromArray(S, src, o4 + q).fma(gv, s4);
                s5 = FloatVector.fromArray(S, src, o5 + q).fma(gv, s5);
                s6 = FloatVector.fromArray(S, src, o6 + q).fma(gv, s6);
                s7 = FloatVector.fromArray(S, src, o7 + q).fma(gv, s7);
            }
            s0.intoArray(lanes, 0 * L);
            s1.intoArray(lanes, 1 * L);
            s2.intoArray(lanes, 2 * L);
            s3.intoArray(lanes, 3 * L);
            s4.intoArray(lanes, 4 * L);
            s5.intoArray(lanes, 5 * L);
            s6.intoArray(lanes, 6 * L);
            s7.intoArray(lanes, 7 * L);
            VectorLanes.sums(lanes, 8, sums, 0);
            for (int j = 0; j < 8; j++) acc[ao + t + j] += sums[j];
        }
        for (; t < taps; t++) {
            int o = off[t];
            // Four chains over q: one would wait on the FMA latency.
            FloatVector s0 = FloatVector.zero(S), s1 = s0, s2 = s0, s3 = s0;
            int q = 0;
            for (; q + 4 * L <= n; q += 4 * L) {
                s0 = FloatVector.fromArray(S, src, o + q).fma(FloatVector.fromArray(S, g, q), s0);
                s1 = FloatVector.fromArray(S, src, o + q + L).fma(FloatVector.fromArray(S, g, q + L), s1);
                s2 = FloatVector.fromArray(S, src, o + q + 2 * L).fma(FloatVector.fromArray(S, g, q + 2 * L), s2);
                s3 = FloatVector.fromArray(S, src, o + q + 3 * L).fma(FloatVector.fromArray(S, g, q + 3 * L), s3);
            }
            for (; q < n; q += L) s0 = FloatVector.fromArray(S, src, o + q).fma(FloatVector.fromArray(S, g, q), s0);
            s0.add(s1).add(s2.add(s3)).intoArray(lanes, 0);
            acc[ao + t] += VectorLanes.storedSum(lanes, 0);
        }
    }
}
