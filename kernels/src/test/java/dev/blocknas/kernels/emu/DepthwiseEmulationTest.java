package dev.blocknas.kernels.emu;

import dev.blocknas.kernels.depthwise.DepthwiseKernels;
import dev.blocknas.kernels.depthwise.DepthwiseKernels.Variant;
import dev.blocknas.kernels.depthwise.DepthwiseLaunch;
import dev.blocknas.kernels.emu.EmulatorBuild.Sanitizer;
import dev.blocknas.tensor.Backend;
import dev.blocknas.tensor.Backends;
import dev.blocknas.tensor.Device;
import dev.blocknas.tensor.Scope;
import dev.blocknas.tensor.Tensor;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertNotNull;

/**
 * The depthwise kernels' CUDA sources (tiled and simple) run on the CPU emulator with the launches
 * {@link DepthwiseKernels} plans, against the CPU backend: fixed edge shapes plus fresh random odd ones each
 * run (the seed is in every failure message), 16-byte and 4-byte staging, plans for a 132-SM GPU (one tile
 * per filter-gradient block) and a 1-SM one (blocks that walk several tiles through one shared buffer).
 * Tolerance 1e-5 of |reference| + rms: fp32 with the kernels' FMAs against the CPU's order.
 */
@SuppressWarnings("try")
class DepthwiseEmulationTest extends EmulatedKernelTest {
    static final double TOL = 1e-5;

    /** n, c, h, w, k, stride, pad. */
    static List<int[]> fixedShapes() {
        List<int[]> s = new ArrayList<>();
        for (int k : new int[] {3, 5, 7}) {
            for (int st : new int[] {1, 2}) {
                s.add(new int[] {3, 5, 13, 11, k, st, k / 2});
                s.add(new int[] {2, 3, 16, 20, k, st, k / 2}); // W % 4 == 0: 16-byte staging
            }
        }
        s.add(new int[] {2, 3, 9, 10, 3, 1, 0}); // no padding
        s.add(new int[] {2, 3, 9, 10, 5, 2, 4}); // padding k - 1
        // The planes of the seven benchmark workloads, few of them: the tile shapes the GPU will run.
        s.add(new int[] {1, 2, 112, 112, 3, 2, 1});
        s.add(new int[] {1, 2, 56, 56, 3, 1, 1});
        s.add(new int[] {2, 3, 28, 28, 5, 1, 2});
        s.add(new int[] {2, 4, 14, 14, 7, 1, 3});
        s.add(new int[] {3, 7, 7, 7, 5, 1, 2});
        s.add(new int[] {2, 3, 32, 32, 3, 1, 1});
        s.add(new int[] {2, 3, 16, 16, 5, 1, 2});
        s.add(new int[] {1, 1, 9, 1500, 3, 1, 1}); // wide rows: the tile shrinks to fit 48 KB
        s.add(new int[] {5, 2, 1, 1, 3, 1, 1}); // 1x1 planes
        return s;
    }

    /** Random odd shapes, small enough for the emulator (the filter gradient's k7 shuffles are its cost). */
    static List<int[]> randomShapes(SplittableRandom r, int count) {
        List<int[]> s = new ArrayList<>();
        while (s.size() < count) {
            int k = 3 + 2 * r.nextInt(3);
            int st = 1 + r.nextInt(2);
            int pad = r.nextInt(k);
            int h = 1 + r.nextInt(31);
            int w = 1 + r.nextInt(37);
            if ((h + 2 * pad - k) < 0 || (w + 2 * pad - k) < 0) continue;
            s.add(new int[] {1 + r.nextInt(3), 1 + r.nextInt(k == 7 ? 3 : 6), h, w, k, st, pad});
        }
        return s;
    }

    @Test
    @Covers({"depthwise_forward_k*", "depthwise_backward_data_k*", "depthwise_backward_filter_k*",
            "depthwise_filter_finish"})
    void tiledKernelsMatchTheCpuBackend() {
        List<int[]> shapes = fixedShapes();
        shapes.addAll(randomShapes(random, 30));
        int i = 0;
        for (int[] g : shapes) {
            gpu.multiprocessors(i++ % 3 == 0 ? 1 : H100_SMS);
            check(gpu, g, Variant.TILED, true, random);
            if (g[3] % 4 == 0) check(gpu, g, Variant.TILED, false, random);
        }
    }

    @Test
    @Covers("depthwise_*_simple")
    void simpleKernelsMatchTheCpuBackend() {
        List<int[]> shapes = randomShapes(random, 8);
        shapes.add(new int[] {2, 2, 9, 9, 9, 1, 4}); // k = 9: no tiled instantiation
        shapes.add(new int[] {2, 3, 11, 10, 3, 3, 1}); // stride 3
        shapes.add(new int[] {1, 2, 8, 8, 4, 2, 1}); // even k
        for (int[] g : shapes) check(gpu, g, Variant.SIMPLE, true, random);
    }

    /** The tiled kernels under ThreadSanitizer: one shape per kernel size and stride, both staging paths. */
    @Test
    @Covers({"depthwise_forward_k*", "depthwise_backward_data_k*", "depthwise_backward_filter_k*",
            "depthwise_filter_finish"})
    void tiledKernelsHaveNoDataRaces() {
        try (EmulatedGpu tsan = EmulatedGpu.start(Sanitizer.THREAD, 1)) {
            for (int k : new int[] {3, 5, 7}) {
                for (int st : new int[] {1, 2}) {
                    check(tsan, new int[] {2, 2, 9, 8, k, st, k / 2}, Variant.TILED, true, random);
                }
            }
            check(tsan, new int[] {1, 1, 30, 9, 3, 1, 1}, Variant.TILED, true, random); // 4-byte staging, several tiles
        }
    }

    /**
     * Forward, data and filter gradient of one shape on the emulator against the CPU backend. The staged
     * tensors sit 4 bytes past a 16-byte boundary when {@code aligned} is false (4-byte staging).
     */
    static void check(EmulatedGpu gpu, int[] g, Variant v, boolean aligned, SplittableRandom r) {
        int n = g[0], c = g[1], h = g[2], w = g[3], k = g[4], s = g[5], pad = g[6];
        int ho = (h + 2 * pad - k) / s + 1;
        int wo = (w + 2 * pad - k) / s + 1;
        String what = "seed " + SEED + ": " + v + (aligned ? "" : " unaligned") + " N" + n + " C" + c + " H" + h + " W"
                + w
                + " k" + k + " s" + s + " p" + pad + " on " + gpu.multiprocessors() + " SMs";
        float[] x = uniform(r, n * c * h * w, -1, 1);
        float[] wt = uniform(r, c * k * k, -1, 1);
        float[] gy = uniform(r, n * c * ho * wo, -1, 1);
        float[][] ref = reference(x, wt, gy, g, ho, wo);

        DepthwiseKernels dk = new DepthwiseKernels(gpu, gpu);
        DepthwiseKernels.Shape shape = new DepthwiseKernels.Shape(n, c, h, w, k, s, pad, ho, wo);
        int skew = aligned ? 0 : 1;
        long xa = gpu.upload(shift(x, skew)) + 4L * skew;
        long gya = gpu.upload(shift(gy, skew)) + 4L * skew;
        long wa = gpu.upload(wt);
        if (v == Variant.TILED) {
            DepthwiseLaunch p = dk.plan(DepthwiseLaunch.Kind.FORWARD, shape, xa);
            assertNotNull(p, what + ": no tiled plan");
            what += " (forward plan P=" + p.planesPerTile() + " rows=" + p.tileRows() + " grid=" + p.grid() + ")";
        }
        long y = gpu.allocate(4L * ref[0].length);
        dk.forward(v, shape, xa, wa, y);
        Compare.close(ref[0], gpu.read(y, ref[0].length), TOL, what + " forward");
        long gx = gpu.allocate(4L * ref[1].length);
        dk.backwardData(v, shape, gya, wa, gx);
        Compare.close(ref[1], gpu.read(gx, ref[1].length), TOL, what + " data gradient");
        long gw = gpu.allocate(4L * ref[2].length);
        dk.backwardFilter(v, shape, xa, gya, gw);
        Compare.close(ref[2], gpu.read(gw, ref[2].length), TOL, what + " filter gradient");
        for (long a : new long[] {xa - 4L * skew, gya - 4L * skew, wa, y, gx, gw}) gpu.free(a);
    }

    private static float[][] reference(float[] x, float[] wt, float[] gy, int[] g, int ho, int wo) {
        int n = g[0], c = g[1], h = g[2], w = g[3], k = g[4], s = g[5], pad = g[6];
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
            return new float[][] {y.toArray(), gx.toArray(), gw.toArray()};
        }
    }

    /** {@code v} preceded by {@code skew} NaNs (the staged tensor then starts {@code 4 * skew} bytes in). */
    private static float[] shift(float[] v, int skew) {
        float[] out = new float[v.length + skew];
        Arrays.fill(out, 0, skew, Float.NaN);
        System.arraycopy(v, 0, out, skew, v.length);
        return out;
    }
}
