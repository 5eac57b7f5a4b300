package dev.blocknas.kernels.gpu;

import dev.blocknas.kernels.CudaBackend;
import dev.blocknas.kernels.depthwise.DepthwiseKernels;
import dev.blocknas.kernels.depthwise.DepthwiseKernels.Variant;
import dev.blocknas.kernels.depthwise.DepthwiseLaunch;
import dev.blocknas.tensor.Backend;
import dev.blocknas.tensor.Scope;
import dev.blocknas.tensor.Shape;
import dev.blocknas.tensor.Tensor;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import static dev.blocknas.kernels.gpu.Gpu.TOL;
import static dev.blocknas.kernels.gpu.Gpu.onCpu;
import static dev.blocknas.kernels.gpu.Gpu.onGpu;
import static dev.blocknas.kernels.gpu.Gpu.poisoned;
import static dev.blocknas.kernels.gpu.Gpu.poisonedCpu;
import static dev.blocknas.kernels.gpu.Gpu.random;
import static dev.blocknas.tensor.testing.Tolerance.assertClose;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

/**
 * Our depthwise kernels (tiled and simple variants; forward, data gradient, filter gradient) against
 * CpuDepthwise: odd shapes, every kernel size and stride, padding 0 to k-1, the seven benchmark workloads at
 * batch 2, tiny and 1x1 planes, and inputs at an address that is not 16-byte aligned (scalar staging).
 * Outputs are poisoned with NaN before each run. Tolerance 1e-5 (fp32, FMA and a different summation order;
 * the filter gradient sums N*Ho*Wo products per tap).
 */
@Tag("gpu")
@SuppressWarnings("try")
class DepthwiseKernelTest {
    private final CudaBackend gpu = Gpu.backend();
    private final Backend cpu = Gpu.cpu();

    /** n, c, h, w, k, stride, pad. */
    static List<int[]> shapes() {
        List<int[]> s = new ArrayList<>();
        for (int k : new int[] {3, 5, 7}) {
            for (int st : new int[] {1, 2}) {
                s.add(new int[] {3, 5, 13, 11, k, st, k / 2});
                s.add(new int[] {2, 3, 16, 20, k, st, k / 2});
            }
        }
        s.add(new int[] {2, 3, 9, 10, 3, 1, 0});
        s.add(new int[] {2, 3, 9, 10, 5, 2, 4});
        s.add(new int[] {3, 7, 7, 7, 5, 1, 2});
        s.add(new int[] {5, 2, 1, 1, 3, 1, 1});
        s.add(new int[] {1, 1, 9, 1500, 3, 1, 1});
        s.add(new int[] {2, 2, 9, 9, 9, 1, 4}); // k = 9: simple kernels only
        s.add(new int[] {2, 2, 11, 11, 3, 3, 1}); // stride 3: simple kernels only
        // The torch_anchor.py depthwise workloads at batch 2.
        s.add(new int[] {2, 96, 112, 112, 3, 2, 1});
        s.add(new int[] {2, 144, 56, 56, 3, 1, 1});
        s.add(new int[] {2, 240, 28, 28, 5, 1, 2});
        s.add(new int[] {2, 480, 14, 14, 7, 1, 3});
        s.add(new int[] {2, 1152, 7, 7, 5, 1, 2});
        s.add(new int[] {2, 96, 32, 32, 3, 1, 1});
        s.add(new int[] {2, 192, 16, 16, 5, 1, 2});
        return s;
    }

    static List<Object[]> cases() {
        List<Object[]> out = new ArrayList<>();
        for (int[] g : shapes()) {
            for (Variant v : Variant.values()) {
                out.add(new Object[] {
                        "N" + g[0] + " C" + g[1] + " H" + g[2] + " W" + g[3] + " k" + g[4] + " s" + g[5] + " p" + g[6]
                                + " " + v,
                        g, v});
            }
        }
        return out;
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void matchesTheCpuReference(String name, int[] g, Variant variant) {
        run(name, g, variant, 0);
    }

    @Test
    void unalignedInputsTakeTheScalarStagingPath() {
        int[] g = {2, 3, 16, 20, 3, 2, 1};
        assertNotNull(DepthwiseLaunch.of(DepthwiseLaunch.Kind.FORWARD, 2, 3, 16, 20, 3, 2, 1, 8, 10, false, 132));
        run("unaligned", g, Variant.TILED, 1);
        run("unaligned by 8 bytes", g, Variant.TILED, 2);
    }

    /** Runs all three computations with every input starting {@code offset} floats into its buffer. */
    private void run(String name, int[] g, Variant variant, int offset) {
        try (Scope s = Scope.open()) {
            int n = g[0], c = g[1], h = g[2], w = g[3], k = g[4], st = g[5], pad = g[6];
            int ho = (h + 2 * pad - k) / st + 1, wo = (w + 2 * pad - k) / st + 1;
            long seed = Gpu.seed();
            int[] xd = {n, c, h, w}, wd = {c, 1, k, k}, yd = {n, c, ho, wo};
            float[] x = random(seed, n * c * h * w), wt = random(seed + 1, c * k * k),
                    gy = random(seed + 2, n * c * ho * wo);
            Tensor gx = at(x, xd, offset), gw = at(wt, wd, offset), ggy = at(gy, yd, offset);
            Tensor cx = onCpu(x, xd), cw = onCpu(wt, wd), cgy = onCpu(gy, yd);
            DepthwiseKernels dw = gpu.depthwise();
            DepthwiseKernels.Shape shape = new DepthwiseKernels.Shape(n, c, h, w, k, st, pad, ho, wo);
            String what = name + " (seed " + seed + ")";

            Tensor y = poisoned(yd), cy = poisonedCpu(yd);
            dw.forward(variant, shape, gpu.address(gx), gpu.address(gw), gpu.address(y));
            cpu.depthwiseConv2d(cx, cw, st, pad, cy);
            assertClose(cy.toArray(), y.toArray(), TOL, what + " forward");

            Tensor gxOut = poisoned(xd), cgx = poisonedCpu(xd);
            dw.backwardData(variant, shape, gpu.address(ggy), gpu.address(gw), gpu.address(gxOut));
            cpu.depthwiseConv2dBackwardData(cgy, cw, st, pad, cgx);
            assertClose(cgx.toArray(), gxOut.toArray(), TOL, what + " backward data");

            Tensor gwOut = poisoned(wd), cgw = poisonedCpu(wd);
            dw.backwardFilter(variant, shape, gpu.address(gx), gpu.address(ggy), gpu.address(gwOut));
            cpu.depthwiseConv2dBackwardFilter(cx, cgy, st, pad, cgw);
            assertClose(cgw.toArray(), gwOut.toArray(), TOL, what + " backward filter");

            // Same inputs again: the filter gradient is deterministic (two-stage reduction, no atomics).
            Tensor gwAgain = poisoned(wd);
            dw.backwardFilter(variant, shape, gpu.address(gx), gpu.address(ggy), gpu.address(gwAgain));
            assertArrayEquals(gwOut.toArray(), gwAgain.toArray(), what + " filter gradient run to run");
        }
    }

    /** A GPU tensor holding {@code v} that starts {@code offset} floats into a larger buffer. */
    private static Tensor at(float[] v, int[] dims, int offset) {
        if (offset == 0) return onGpu(v, dims);
        float[] padded = new float[v.length + offset];
        System.arraycopy(v, 0, padded, offset, v.length);
        Tensor buf = onGpu(padded, padded.length);
        return buf.view(offset, Shape.of(dims), Shape.of(dims).contiguousStrides());
    }

    @Test
    void theSpiEntryPointsUseTheseKernels() {
        try (Scope s = Scope.open()) {
            long seed = Gpu.seed();
            int[] xd = {3, 5, 13, 11}, wd = {5, 1, 3, 3}, yd = {3, 5, 7, 6};
            float[] x = random(seed, 3 * 5 * 13 * 11), w = random(seed + 1, 45);
            Tensor y = poisoned(yd), cy = poisonedCpu(yd);
            gpu.depthwiseConv2d(onGpu(x, xd), onGpu(w, wd), 2, 1, y);
            cpu.depthwiseConv2d(onCpu(x, xd), onCpu(w, wd), 2, 1, cy);
            assertClose(cy.toArray(), y.toArray(), TOL, "SPI depthwise forward " + Arrays.toString(yd));
        }
    }
}
