package dev.blocknas.kernels.depthwise;

import dev.blocknas.tensor.Backend;
import dev.blocknas.tensor.Backends;
import dev.blocknas.tensor.Device;
import dev.blocknas.tensor.Scope;
import dev.blocknas.tensor.Tensor;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;

import static dev.blocknas.tensor.testing.Tolerance.assertClose;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;

/**
 * Runs the tiled depthwise kernels' index arithmetic on the CPU (TiledDepthwiseEmulator, a transcription of
 * the .cu files) for odd shapes, every kernel size and stride, vectorised and scalar staging, single- and
 * multi-plane tiles, and compares with the CPU reference. Outputs start as NaN, so an element the kernels
 * would not write fails. No GPU needed: this is what a geometry bug is caught by before first contact.
 */
@SuppressWarnings("try")
class TiledDepthwiseEmulationTest {
    /** n, c, h, w, k, stride, pad. */
    static List<int[]> shapes() {
        List<int[]> s = new ArrayList<>();
        for (int k : new int[] {3, 5, 7}) {
            for (int st : new int[] {1, 2}) {
                s.add(new int[] {3, 5, 13, 11, k, st, k / 2});
                s.add(new int[] {2, 3, 16, 20, k, st, k / 2});  // W % 4 == 0: 16-byte staging
            }
        }
        s.add(new int[] {2, 3, 9, 10, 3, 1, 0});      // no padding
        s.add(new int[] {2, 3, 9, 10, 5, 2, 4});      // padding k - 1
        s.add(new int[] {2, 3, 12, 12, 3, 2, 0});
        s.add(new int[] {1, 2, 112, 112, 3, 2, 1});   // the benchmark planes, few of them: multi-tile rows
        s.add(new int[] {1, 2, 56, 56, 3, 1, 1});
        s.add(new int[] {2, 3, 28, 28, 5, 1, 2});
        s.add(new int[] {2, 4, 14, 14, 7, 1, 3});
        s.add(new int[] {3, 7, 7, 7, 5, 1, 2});       // tiny planes, many per tile
        s.add(new int[] {2, 3, 32, 32, 3, 1, 1});
        s.add(new int[] {2, 3, 16, 16, 5, 1, 2});
        s.add(new int[] {1, 1, 9, 1500, 3, 1, 1});    // wide rows: the tile shrinks to fit 48 KB
        s.add(new int[] {5, 2, 1, 1, 3, 1, 1});       // 1x1 planes
        return s;
    }

    @ParameterizedTest(name = "{index}: {0}")
    @MethodSource("cases")
    void tiledKernelsMatchTheCpuReference(String name, int[] g, boolean aligned) {
        int n = g[0], c = g[1], h = g[2], w = g[3], k = g[4], s = g[5], pad = g[6];
        int ho = (h + 2 * pad - k) / s + 1;
        int wo = (w + 2 * pad - k) / s + 1;
        SplittableRandom rnd = new SplittableRandom(Arrays.hashCode(g) * 31L + (aligned ? 1 : 0));
        float[] x = random(rnd, n * c * h * w);
        float[] wt = random(rnd, c * k * k);
        float[] gy = random(rnd, n * c * ho * wo);

        float[] yRef, gxRef, gwRef;
        Backend cpu = Backends.cpu();
        try (Scope ignored = Scope.open()) {
            Tensor tx = Tensor.of(Device.CPU, x, n, c, h, w);
            Tensor tw = Tensor.of(Device.CPU, wt, c, 1, k, k);
            Tensor tgy = Tensor.of(Device.CPU, gy, n, c, ho, wo);
            Tensor y = Tensor.empty(Device.CPU, n, c, ho, wo);
            Tensor gx = Tensor.empty(Device.CPU, n, c, h, w);
            Tensor gw = Tensor.empty(Device.CPU, c, 1, k, k);
            cpu.depthwiseConv2d(tx, tw, s, pad, y);
            cpu.depthwiseConv2dBackwardData(tgy, tw, s, pad, gx);
            cpu.depthwiseConv2dBackwardFilter(tx, tgy, s, pad, gw);
            yRef = y.toArray();
            gxRef = gx.toArray();
            gwRef = gw.toArray();
        }

        DepthwiseLaunch fp = DepthwiseLaunch.of(DepthwiseLaunch.Kind.FORWARD, n, c, h, w, k, s, pad, ho, wo, aligned, 132);
        DepthwiseLaunch dp = DepthwiseLaunch.of(DepthwiseLaunch.Kind.BACKWARD_DATA, n, c, h, w, k, s, pad, ho, wo, aligned, 132);
        DepthwiseLaunch bp = DepthwiseLaunch.of(DepthwiseLaunch.Kind.BACKWARD_FILTER, n, c, h, w, k, s, pad, ho, wo, aligned, 132);
        assertNotNull(fp, "forward plan");
        assertNotNull(dp, "data-gradient plan");
        assertNotNull(bp, "filter-gradient plan");

        float[] y = nan(yRef.length);
        TiledDepthwiseEmulator.forward(fp, x, wt, y);
        assertClose(yRef, y, 1e-6, name + " forward " + fp);
        float[] gx = nan(gxRef.length);
        TiledDepthwiseEmulator.backwardData(dp, gy, wt, gx);
        assertClose(gxRef, gx, 1e-6, name + " backward data " + dp);
        float[] gw = nan(gwRef.length);
        TiledDepthwiseEmulator.backwardFilter(bp, x, gy, gw);
        assertClose(gwRef, gw, 1e-5, name + " backward filter " + bp);
    }

    static List<Object[]> cases() {
        List<Object[]> out = new ArrayList<>();
        for (int[] g : shapes()) {
            String name = "N" + g[0] + " C" + g[1] + " H" + g[2] + " W" + g[3] + " k" + g[4] + " s" + g[5] + " p" + g[6];
            out.add(new Object[] {name, g, true});
            if (g[3] % 4 == 0) out.add(new Object[] {name + " unaligned", g, false});
        }
        return out;
    }

    @org.junit.jupiter.api.Test
    void unsupportedOrOversizedShapesGetNoPlan() {
        assertNull(DepthwiseLaunch.of(DepthwiseLaunch.Kind.FORWARD, 1, 1, 9, 9, 9, 1, 4, 9, 9, true, 132), "k = 9");
        assertNull(DepthwiseLaunch.of(DepthwiseLaunch.Kind.FORWARD, 1, 1, 9, 9, 3, 3, 1, 3, 3, true, 132), "stride 3");
        assertNull(DepthwiseLaunch.of(DepthwiseLaunch.Kind.FORWARD, 1, 1, 16, 4000, 7, 1, 3, 16, 4000, true, 132), "rows over 48 KB");
    }

    private static float[] random(SplittableRandom r, int n) {
        float[] v = new float[n];
        for (int i = 0; i < n; i++) v[i] = (float) (r.nextDouble() * 2 - 1);
        return v;
    }

    private static float[] nan(int n) {
        float[] v = new float[n];
        Arrays.fill(v, Float.NaN);
        return v;
    }
}
