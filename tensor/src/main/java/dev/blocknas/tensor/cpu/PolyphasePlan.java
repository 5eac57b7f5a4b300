package dev.blocknas.tensor.cpu;

/**
 * Index arithmetic that turns every depthwise pass into one-dimensional correlations over a flat scratch
 * plane, so vector loops need neither bounds checks nor masks.
 *
 * <p>Forward and filter gradient: the input plane is zero-padded and split into stride x stride polyphase
 * planes P(a, b)[i][j] = x[s i + a - pad][s j + b - pad], each of row width {@link #wq}. Output (oh, ow),
 * kept at flat index oh * wq + ow, is then sum over taps t of w[t] * P[q + tapOffset[t]]: columns
 * ow >= wo of that flat layout are junk and dropped.
 *
 * <p>Data gradient: the gather form. Input rows with (ih + pad) mod s = ra only receive taps kh = ra + s m,
 * so each of the s x s input phases is a stride-1 correlation of the zero-padded output gradient G with a
 * sub-kernel, laid out flat with row width {@link #wg}.
 */
final class PolyphasePlan {
    final CpuDepthwise.Geometry g;
    /** Polyphase planes per dimension actually used (a phase a >= k holds no tap). */
    final int phases;
    final int hq;
    final int wq;
    final int phasePlane;
    /** Floats of all polyphase planes. */
    final int inSize;
    /** Flat outputs of the forward layout, (ho - 1) * wq + wo. */
    final int flat;
    /** Flat offset of tap kh * k + kw in the polyphase planes. */
    final int[] tapOffset;
    /** Columns [colLo[b], colHi[b]) of polyphase planes (., b) that hold image data; the rest is zero. */
    final int[] colLo;
    final int[] colHi;

    /** Data gradient: G row r, column c hold gy[r + r0][c + c0]. */
    final int hg;
    final int wg;
    final int r0;
    final int c0;
    final Phase[] inputPhases;

    /**
     * One input phase of the data gradient: gx[s u + ra - pad][s v + rb - pad] for u in [u0, u0 + nu) and
     * v in [v0, v0 + nv) is the correlation of G with the taps {@code weight} at {@code offset}, flat
     * index (u - u0) * wg + (v - v0).
     */
    record Phase(int ra, int rb, int u0, int nu, int v0, int nv, int[] weight, int[] offset) {}

    /**
     * The plan of {@code g}. {@code compact}: where stride 1 keeps the plane's size, rows are {@code w + pad}
     * wide instead of {@code w + 2 pad}, since a row's right padding is then also the next row's left padding:
     * every tap reads the same value or a zero as in the wide layout, so every output is the same chain of
     * fused multiply-adds, with up to a third fewer junk columns on 4x4 to 14x14 planes. The filter gradient
     * takes the wide layout: its dot products' lanes run over the flat columns.
     */
    PolyphasePlan(CpuDepthwise.Geometry g, boolean compact) {
        this.g = g;
        int s = g.stride();
        int k = g.k();
        int t = (k - 1) / s;
        boolean shared = compact && s == 1 && g.ho() == g.h() && g.wo() == g.w();
        phases = Math.min(s, k);
        hq = g.ho() + t;
        wq = shared ? g.w() + g.pad() : g.wo() + t;
        phasePlane = hq * wq;
        inSize = phases * phases * phasePlane;
        flat = (g.ho() - 1) * wq + g.wo();
        tapOffset = new int[k * k];
        for (int kh = 0; kh < k; kh++) {
            for (int kw = 0; kw < k; kw++) {
                tapOffset[kh * k + kw] = ((kh % s) * phases + kw % s) * phasePlane + (kh / s) * wq + kw / s;
            }
        }
        colLo = new int[phases];
        colHi = new int[phases];
        for (int b = 0; b < phases; b++) {
            colLo[b] = Math.min(wq, Math.max(0, Math.ceilDiv(g.pad() - b, s)));
            colHi[b] = Math.max(colLo[b], Math.min(wq, Math.ceilDiv(g.w() + g.pad() - b, s)));
        }
        int rmin = g.pad() / s;
        r0 = rmin - t;
        c0 = rmin - t;
        hg = Math.ceilDiv(g.h() + g.pad(), s) - rmin + t;
        wg = shared ? g.w() + g.pad() : Math.ceilDiv(g.w() + g.pad(), s) - rmin + t;
        inputPhases = new Phase[s * s];
        for (int ra = 0; ra < s; ra++) {
            for (int rb = 0; rb < s; rb++) {
                inputPhases[ra * s + rb] = phase(ra, rb);
            }
        }
    }

    private Phase phase(int ra, int rb) {
        int s = g.stride();
        int k = g.k();
        int u0 = Math.max(0, Math.ceilDiv(g.pad() - ra, s));
        int nu = Math.ceilDiv(g.h() + g.pad() - ra, s) - u0;
        int v0 = Math.max(0, Math.ceilDiv(g.pad() - rb, s));
        int nv = Math.ceilDiv(g.w() + g.pad() - rb, s) - v0;
        int mc = ra < k ? (k - 1 - ra) / s + 1 : 0;
        int nc = rb < k ? (k - 1 - rb) / s + 1 : 0;
        int[] weight = new int[mc * nc];
        int[] offset = new int[mc * nc];
        for (int m = 0; m < mc; m++) {
            for (int n = 0; n < nc; n++) {
                weight[m * nc + n] = (ra + s * m) * k + rb + s * n;
                offset[m * nc + n] = (u0 - m - r0) * wg + (v0 - n - c0);
            }
        }
        return new Phase(ra, rb, u0, nu, v0, nv, weight, offset);
    }

    /** Flat outputs of a data-gradient phase, (nu - 1) * wg + nv, or 0 when it is empty. */
    int flat(Phase p) {
        return p.nu() <= 0 || p.nv() <= 0 ? 0 : (p.nu() - 1) * wg + p.nv();
    }

    /** The largest {@link #flat(Phase)}. */
    int maxPhaseFlat() {
        int m = 0;
        for (Phase p : inputPhases) m = Math.max(m, flat(p));
        return m;
    }

    /** Image row of polyphase row i of phase a, or -1 where that row is padding. */
    int inputRow(int a, int i) {
        int ih = g.stride() * i + a - g.pad();
        return ih >= 0 && ih < g.h() ? ih : -1;
    }

    /** Columns [gLo, gHi) of G rows that hold gradient data. */
    int gLo() {
        return Math.min(wg, Math.max(0, -c0));
    }

    int gHi() {
        return Math.max(gLo(), Math.min(wg, g.wo() - c0));
    }

    /** Writes the polyphase planes of one input plane (at xp) into {@code p}, padding included. */
    void fillInput(float[] x, int xp, float[] p) {
        int s = g.stride();
        for (int a = 0; a < phases; a++) {
            for (int b = 0; b < phases; b++) {
                int base = (a * phases + b) * phasePlane;
                int jlo = colLo[b];
                int jhi = colHi[b];
                for (int i = 0; i < hq; i++) {
                    int ih = s * i + a - g.pad();
                    int dst = base + i * wq;
                    if (ih < 0 || ih >= g.h()) {
                        java.util.Arrays.fill(p, dst, dst + wq, 0f);
                        continue;
                    }
                    java.util.Arrays.fill(p, dst, dst + jlo, 0f);
                    int src = xp + ih * g.w() + b - g.pad();
                    if (s == 1) {
                        System.arraycopy(x, src + jlo, p, dst + jlo, jhi - jlo);
                    } else {
                        for (int j = jlo; j < jhi; j++) p[dst + j] = x[src + s * j];
                    }
                    java.util.Arrays.fill(p, dst + jhi, dst + wq, 0f);
                }
            }
        }
    }
}
