package dev.blocknas.kernels.gpu;

import dev.blocknas.kernels.CudaBackend;
import dev.blocknas.tensor.Backend;
import dev.blocknas.tensor.BinaryOp;
import dev.blocknas.tensor.Conv2dSpec;
import dev.blocknas.tensor.Device;
import dev.blocknas.tensor.Pool2dSpec;
import dev.blocknas.tensor.PoolKind;
import dev.blocknas.tensor.ReduceOp;
import dev.blocknas.tensor.Rng;
import dev.blocknas.tensor.Scope;
import dev.blocknas.tensor.Shape;
import dev.blocknas.tensor.Tensor;
import dev.blocknas.tensor.UnaryOp;
import dev.blocknas.tensor.ops.Views;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.util.Arrays;

import static dev.blocknas.kernels.gpu.Gpu.TOL;
import static dev.blocknas.kernels.gpu.Gpu.numel;
import static dev.blocknas.kernels.gpu.Gpu.onCpu;
import static dev.blocknas.kernels.gpu.Gpu.onGpu;
import static dev.blocknas.kernels.gpu.Gpu.poisoned;
import static dev.blocknas.kernels.gpu.Gpu.poisonedCpu;
import static dev.blocknas.kernels.gpu.Gpu.random;
import static dev.blocknas.tensor.testing.Tolerance.assertClose;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Every Backend primitive of the CUDA backend against CpuBackend on fresh random inputs of odd shapes, with
 * outputs poisoned (NaN) before each run. Tolerance: relative L2 error 1e-5 (see {@link Gpu#TOL}), exact
 * where the operation is exact (transfers, copies, random fills, max).
 */
@Tag("gpu")
@SuppressWarnings("try")
class CudaPrimitivesTest {
    private final CudaBackend gpu = Gpu.backend();
    private final Backend cpu = Gpu.cpu();

    @Test
    void describesTheDevice() {
        String d = gpu.describe();
        System.out.println(d);
        assertTrue(d.startsWith("cuda:0: "), d);
    }

    @Test
    void uploadDownloadAndFillAreExactIncludingViewsAtOffsets() {
        try (Scope s = Scope.open()) {
            long seed = Gpu.seed();
            float[] v = random(seed, 3 * 5 * 7);
            Tensor t = onGpu(v, 3, 5, 7);
            assertArrayEquals(v, t.toArray());
            Tensor view = t.view(5, Shape.of(2, 7), new int[] {7, 1}); // rows 5/7 .. of the flat buffer
            float[] part = random(seed + 1, 14);
            gpu.upload(part, 0, view);
            float[] back = new float[20];
            gpu.download(view, back, 3);
            assertArrayEquals(part, Arrays.copyOfRange(back, 3, 17));
            float[] all = t.toArray();
            assertArrayEquals(part, Arrays.copyOfRange(all, 5, 19));
            assertEquals(v[4], all[4]);
            assertEquals(v[19], all[19]);
            gpu.fill(view, -2.5f);
            all = t.toArray();
            for (int i = 5; i < 19; i++) assertEquals(-2.5f, all[i]);
            assertEquals(v[19], all[19]);
        }
    }

    @Test
    void randomFillsReproduceTheCpuStreams() {
        try (Scope s = Scope.open()) {
            long seed = Gpu.seed();
            int n = 100_003;
            Tensor gu = poisoned(n), cu = poisonedCpu(n);
            gpu.fillUniform(gu, seed, -0.5f, 2f);
            cpu.fillUniform(cu, seed, -0.5f, 2f);
            assertArrayEquals(cu.toArray(), gu.toArray(), "uniform fills are bit-identical");
            Tensor gm = poisoned(n), cm = poisonedCpu(n);
            gpu.dropoutMask(gm, seed, 0.3f);
            cpu.dropoutMask(cm, seed, 0.3f);
            assertArrayEquals(cm.toArray(), gm.toArray(), "dropout masks are bit-identical");
            Tensor gn = poisoned(n), cn = poisonedCpu(n);
            gpu.fillNormal(gn, seed, 0.25f, 1.5f);
            cpu.fillNormal(cn, seed, 0.25f, 1.5f);
            float[] a = gn.toArray(), b = cn.toArray();
            for (int i = 0; i < n; i++) {
                assertTrue(Math.abs(a[i] - b[i]) <= 2 * Math.ulp(b[i]) + 1e-7f,
                        "normal " + i + ": " + a[i] + " vs " + b[i]);
            }
        }
    }

    @Test
    void stridedCopiesOfTransposedNarrowedAndBroadcastViews() {
        try (Scope s = Scope.open()) {
            float[] v = random(Gpu.seed(), 3 * 5 * 7);
            Tensor g = onGpu(v, 3, 5, 7), c = onCpu(v, 3, 5, 7);
            check(g.permute(2, 0, 1), c.permute(2, 0, 1), "permuted");
            check(g.narrow(1, 1, 3), c.narrow(1, 1, 3), "narrowed");
            check(g.narrow(2, 2, 4).transpose(0, 1), c.narrow(2, 2, 4).transpose(0, 1), "narrowed and transposed");
            Tensor gb = onGpu(Arrays.copyOf(v, 5), 1, 5, 1), cb = onCpu(Arrays.copyOf(v, 5), 1, 5, 1);
            check(Views.expandView(gb, Shape.of(3, 5, 7)), Views.expandView(cb, Shape.of(3, 5, 7)), "broadcast");
        }
    }

    private void check(Tensor gView, Tensor cView, String what) {
        Tensor gOut = poisoned(gView.shape().toArray());
        Tensor cOut = poisonedCpu(cView.shape().toArray());
        gpu.copy(gView, gOut);
        cpu.copy(cView, cOut);
        assertArrayEquals(cOut.toArray(), gOut.toArray(), what);
        Tensor gBack = Tensor.full(Float.NaN, Gpu.DEV, gView.shape().toArray());
        // and into a strided destination: copy the contiguous result back through a transposed view
        Tensor gT = poisoned(reverse(gView.shape().toArray()));
        Tensor gTv = gT.permute(reverseOrder(gView.rank()));
        gpu.copy(gOut, gTv);
        gpu.copy(gTv, gBack);
        assertArrayEquals(cOut.toArray(), gBack.toArray(), what + " through a strided destination");
    }

    private static int[] reverse(int[] d) {
        int[] r = new int[d.length];
        for (int i = 0; i < d.length; i++) r[i] = d[d.length - 1 - i];
        return r;
    }

    private static int[] reverseOrder(int rank) {
        int[] r = new int[rank];
        for (int i = 0; i < rank; i++) r[i] = rank - 1 - i;
        return r;
    }

    @ParameterizedTest
    @EnumSource(UnaryOp.class)
    void unaryForwardAndBackward(UnaryOp op) {
        try (Scope s = Scope.open()) {
            long seed = Gpu.seed();
            int[] dims = {3, 5, 13, 11};
            int n = numel(dims);
            boolean positive = op == UnaryOp.LOG || op == UnaryOp.SQRT || op == UnaryOp.POW;
            float[] x = positive ? random(seed, n, 0.1f, 3f) : random(seed, n, -5f, 5f);
            float alpha = op == UnaryOp.POW ? 1.7f : -0.75f;
            Tensor gx = onGpu(x, dims), cx = onCpu(x, dims);
            Tensor gy = poisoned(dims), cy = poisonedCpu(dims);
            gpu.unary(op, alpha, gx, gy);
            cpu.unary(op, alpha, cx, cy);
            assertClose(cy.toArray(), gy.toArray(), TOL, op + " forward (seed " + seed + ")");
            float[] g = random(seed + 1, n);
            Tensor gg = onGpu(g, dims), cg = onCpu(g, dims);
            Tensor ggx = poisoned(dims), cgx = poisonedCpu(dims);
            gpu.unaryBackward(op, alpha, gx, gy, gg, ggx);
            cpu.unaryBackward(op, alpha, cx, cy, cg, cgx);
            assertClose(cgx.toArray(), ggx.toArray(), TOL, op + " backward (seed " + seed + ")");
            Tensor inPlace = onGpu(x, dims);
            gpu.unary(op, alpha, inPlace, inPlace);
            assertClose(cy.toArray(), inPlace.toArray(), TOL, op + " in place");
        }
    }

    @ParameterizedTest
    @EnumSource(BinaryOp.class)
    void binaryOnContiguousScalarBroadcastTransposedAndInPlaceOperands(BinaryOp op) {
        try (Scope s = Scope.open()) {
            long seed = Gpu.seed();
            int[] dims = {3, 5, 7, 4};
            int n = numel(dims);
            float[] a = random(seed, n), b = random(seed + 1, n, 0.5f, 2f);
            if (op == BinaryOp.EQ) for (int i = 0; i < n; i += 3) b[i] = a[i];
            Tensor ga = onGpu(a, dims), ca = onCpu(a, dims), gb = onGpu(b, dims), cb = onCpu(b, dims);
            compareBinary(op, ga, gb, ca, cb, "contiguous");
            Tensor gs = onGpu(new float[] {b[0]}, 1, 1, 1, 1), cs = onCpu(new float[] {b[0]}, 1, 1, 1, 1);
            compareBinary(op, ga, Views.expandView(gs, Shape.of(dims)), ca, Views.expandView(cs, Shape.of(dims)),
                    "scalar");
            float[] bias = Arrays.copyOf(b, 5);
            Tensor gBias = onGpu(bias, 1, 5, 1, 1), cBias = onCpu(bias, 1, 5, 1, 1);
            compareBinary(op, ga, Views.expandView(gBias, Shape.of(dims)), ca, Views.expandView(cBias, Shape.of(dims)),
                    "bias");
            Tensor gbt = onGpu(b, 4, 7, 5, 3).permute(3, 2, 1, 0), cbt = onCpu(b, 4, 7, 5, 3).permute(3, 2, 1, 0);
            compareBinary(op, ga, gbt, ca, cbt, "transposed");
            Tensor gInPlace = onGpu(a, dims), cInPlace = onCpu(a, dims);
            gpu.binary(op, gInPlace, gb, gInPlace);
            cpu.binary(op, cInPlace, cb, cInPlace);
            assertClose(cInPlace.toArray(), gInPlace.toArray(), TOL, op + " in place");
        }
    }

    private void compareBinary(BinaryOp op, Tensor ga, Tensor gb, Tensor ca, Tensor cb, String what) {
        Tensor go = poisoned(ga.shape().toArray()), co = poisonedCpu(ca.shape().toArray());
        gpu.binary(op, ga, gb, go);
        cpu.binary(op, ca, cb, co);
        assertClose(co.toArray(), go.toArray(), TOL, op + " " + what);
    }

    @Test
    void reductionsOverRowsColumnsAndSplits() {
        int[][] cases = {{1, 1_000_003, 1}, {7, 13, 1}, {3, 17, 5}, {1, 1000, 64}, {2, 3, 300}, {1, 5000, 3},
                {4096, 49, 1}, {5, 1, 3}};
        try (Scope s = Scope.open()) {
            for (int[] c : cases) {
                long seed = Gpu.seed();
                int n = c[0] * c[1] * c[2];
                float[] x = random(seed, n, -1f, 2f);
                Tensor gx = onGpu(x, n), cx = onCpu(x, n);
                for (ReduceOp op : ReduceOp.values()) {
                    Tensor go = poisoned(c[0] * c[2]), co = poisonedCpu(c[0] * c[2]);
                    gpu.reduce(op, gx, c[0], c[1], c[2], go);
                    cpu.reduce(op, cx, c[0], c[1], c[2], co);
                    assertClose(co.toArray(), go.toArray(), 1e-6, op + " " + Arrays.toString(c) + " seed " + seed);
                }
            }
        }
    }

    @Test
    void gemmInEveryTransposeWithBatchesSharedMatricesAccumulationAndOffsets() {
        try (Scope s = Scope.open()) {
            int m = 13, n = 11, k = 17, batch = 3;
            for (boolean ta : new boolean[] {false, true}) {
                for (boolean tb : new boolean[] {false, true}) {
                    long seed = Gpu.seed();
                    float[] a = random(seed, batch * m * k + 1), b = random(seed + 1, batch * k * n + 1);
                    float[] c = random(seed + 2, batch * m * n);
                    // offset-1 views: A and B start one element into their buffers
                    Tensor gaBuf = onGpu(a, a.length), caBuf = onCpu(a, a.length);
                    Tensor gbBuf = onGpu(b, b.length), cbBuf = onCpu(b, b.length);
                    Tensor ga = gaBuf.view(1, Shape.of(batch * m * k), new int[] {1});
                    Tensor ca = caBuf.view(1, Shape.of(batch * m * k), new int[] {1});
                    Tensor gb = gbBuf.view(1, Shape.of(batch * k * n), new int[] {1});
                    Tensor cb = cbBuf.view(1, Shape.of(batch * k * n), new int[] {1});
                    int[][] strides = {{m * k, k * n, m * n}, {0, k * n, m * n}, {m * k, 0, m * n}, {m * k, k * n, 0}};
                    for (int[] st : strides) {
                        for (float beta : new float[] {0f, 0.5f}) {
                            Tensor gc = onGpu(c, c.length), cc = onCpu(c, c.length);
                            gpu.gemm(ta, tb, batch, m, n, k, 1.25f, ga, st[0], gb, st[1], beta, gc, st[2]);
                            cpu.gemm(ta, tb, batch, m, n, k, 1.25f, ca, st[0], cb, st[1], beta, cc, st[2]);
                            assertClose(cc.toArray(), gc.toArray(), TOL, "gemm ta=" + ta + " tb=" + tb + " strides "
                                    + Arrays.toString(st) + " beta " + beta + " seed " + seed);
                        }
                    }
                }
            }
        }
    }

    @Test
    void generalConvolutionsThroughCudnn() {
        int[][] cases = { // n, cin, h, w, cout, k, stride, pad, dilation, groups
                {3, 6, 13, 11, 4, 3, 1, 1, 1, 1}, {3, 6, 13, 11, 4, 3, 2, 1, 1, 2}, {2, 5, 9, 10, 7, 1, 1, 0, 1, 1},
                {2, 4, 12, 12, 6, 5, 2, 2, 1, 2}, {2, 3, 11, 13, 5, 3, 1, 2, 2, 1}};
        try (Scope s = Scope.open()) {
            for (int[] c : cases) {
                long seed = Gpu.seed();
                Conv2dSpec spec = new Conv2dSpec(c[5], c[6], c[7], c[8], c[9]);
                int ho = spec.out(c[2]), wo = spec.out(c[3]);
                int[] xd = {c[0], c[1], c[2], c[3]}, wd = {c[4], c[1] / c[9], c[5], c[5]}, yd = {c[0], c[4], ho, wo};
                float[] x = random(seed, numel(xd)), w = random(seed + 1, numel(wd)), g = random(seed + 2, numel(yd));
                Tensor gx = onGpu(x, xd), cx = onCpu(x, xd), gw = onGpu(w, wd), cw = onCpu(w, wd), gg = onGpu(g, yd),
                        cg = onCpu(g, yd);
                Tensor gy = poisoned(yd), cy = poisonedCpu(yd);
                gpu.conv2d(gx, gw, spec, gy);
                cpu.conv2d(cx, cw, spec, cy);
                assertClose(cy.toArray(), gy.toArray(), TOL, "conv2d " + Arrays.toString(c));
                Tensor gdx = poisoned(xd), cdx = poisonedCpu(xd);
                gpu.conv2dBackwardData(gg, gw, spec, gdx);
                cpu.conv2dBackwardData(cg, cw, spec, cdx);
                assertClose(cdx.toArray(), gdx.toArray(), TOL, "conv2d backward data " + Arrays.toString(c));
                Tensor gdw = poisoned(wd), cdw = poisonedCpu(wd);
                gpu.conv2dBackwardFilter(gx, gg, spec, gdw);
                cpu.conv2dBackwardFilter(cx, cg, spec, cdw);
                assertClose(cdw.toArray(), gdw.toArray(), TOL, "conv2d backward filter " + Arrays.toString(c));
            }
        }
    }

    @Test
    void batchNormTrainingInferenceAndBackwardThroughCudnn() {
        try (Scope s = Scope.open()) {
            long seed = Gpu.seed();
            int[] xd = {3, 5, 13, 11};
            int c = 5;
            float[] x = random(seed, numel(xd), -2f, 3f), gamma = random(seed + 1, c, 0.5f, 1.5f),
                    beta = random(seed + 2, c);
            float[] rm = random(seed + 3, c), rv = random(seed + 4, c, 0.5f, 2f), g = random(seed + 5, numel(xd));
            Tensor gX = onGpu(x, xd), cX = onCpu(x, xd), gG = onGpu(gamma, c), cG = onCpu(gamma, c),
                    gB = onGpu(beta, c), cB = onCpu(beta, c);
            Tensor gRm = onGpu(rm, c), cRm = onCpu(rm, c), gRv = onGpu(rv, c), cRv = onCpu(rv, c);
            Tensor gY = poisoned(xd), cY = poisonedCpu(xd), gM = poisoned(c), cM = poisonedCpu(c), gI = poisoned(c),
                    cI = poisonedCpu(c);
            gpu.batchNormTraining(gX, gG, gB, gRm, gRv, 0.1f, 1e-5f, gY, gM, gI);
            cpu.batchNormTraining(cX, cG, cB, cRm, cRv, 0.1f, 1e-5f, cY, cM, cI);
            assertClose(cY.toArray(), gY.toArray(), TOL, "bn y");
            assertClose(cM.toArray(), gM.toArray(), TOL, "bn saved mean");
            assertClose(cI.toArray(), gI.toArray(), TOL, "bn saved inverse std");
            assertClose(cRm.toArray(), gRm.toArray(), TOL, "bn running mean");
            assertClose(cRv.toArray(), gRv.toArray(), TOL, "bn running variance (unbiased)");

            Tensor gGy = onGpu(g, xd), cGy = onCpu(g, xd);
            Tensor gDx = poisoned(xd), cDx = poisonedCpu(xd), gDg = poisoned(c), cDg = poisonedCpu(c),
                    gDb = poisoned(c), cDb = poisonedCpu(c);
            gpu.batchNormBackward(gX, gGy, gG, gM, gI, gDx, gDg, gDb);
            cpu.batchNormBackward(cX, cGy, cG, cM, cI, cDx, cDg, cDb);
            assertClose(cDx.toArray(), gDx.toArray(), 1e-4, "bn gx");
            assertClose(cDg.toArray(), gDg.toArray(), TOL, "bn g gamma");
            assertClose(cDb.toArray(), gDb.toArray(), TOL, "bn g beta");

            Tensor gE = poisoned(xd), cE = poisonedCpu(xd);
            gpu.batchNormInference(gX, gG, gB, gRm, gRv, 1e-3f, gE);
            cpu.batchNormInference(cX, cG, cB, cRm, cRv, 1e-3f, cE);
            assertClose(cE.toArray(), gE.toArray(), TOL, "bn inference");

            // The fused BN-apply + activation + residual kernel against the same composition on the CPU.
            float[] r = random(seed + 6, numel(xd));
            Tensor gR = onGpu(r, xd), cR = onCpu(r, xd);
            Tensor gF = poisoned(xd);
            gpu.batchNormInferenceActivation(gX, gG, gB, gRm, gRv, 1e-3f, UnaryOp.RELU6, gR, gF);
            Tensor cSum = poisonedCpu(xd), cF = poisonedCpu(xd);
            cpu.binary(BinaryOp.ADD, cE, cR, cSum);
            cpu.unary(UnaryOp.RELU6, 0f, cSum, cF);
            assertClose(cF.toArray(), gF.toArray(), TOL, "fused bn + residual + relu6");
            Tensor gF2 = poisoned(xd);
            gpu.batchNormInferenceActivation(gX, gG, gB, gRm, gRv, 1e-3f, null, null, gF2);
            assertClose(cE.toArray(), gF2.toArray(), TOL, "fused bn alone");
        }
    }

    @Test
    void maxAndAveragePoolingForwardAndBackward() {
        int[][] specs = {{2, 2, 0}, {3, 2, 1}, {3, 1, 1}, {2, 1, 0}};
        try (Scope s = Scope.open()) {
            for (int[] sp : specs) {
                for (PoolKind kind : PoolKind.values()) {
                    long seed = Gpu.seed();
                    Pool2dSpec spec = new Pool2dSpec(sp[0], sp[1], sp[2]);
                    int[] xd = {3, 5, 13, 11}, yd = {3, 5, spec.out(13), spec.out(11)};
                    float[] x = random(seed, numel(xd)), g = random(seed + 1, numel(yd));
                    Tensor gx = onGpu(x, xd), cx = onCpu(x, xd), gy = poisoned(yd), cy = poisonedCpu(yd);
                    gpu.pool2d(kind, gx, spec, gy);
                    cpu.pool2d(kind, cx, spec, cy);
                    assertClose(cy.toArray(), gy.toArray(), TOL, kind + " pool " + Arrays.toString(sp));
                    Tensor gg = onGpu(g, yd), cg = onCpu(g, yd), gdx = poisoned(xd), cdx = poisonedCpu(xd);
                    gpu.pool2dBackward(kind, gx, gy, gg, spec, gdx);
                    cpu.pool2dBackward(kind, cx, cy, cg, spec, cdx);
                    assertClose(cdx.toArray(), gdx.toArray(), TOL, kind + " pool backward " + Arrays.toString(sp));
                }
            }
        }
    }

    @Test
    void logSoftmaxAndCrossEntropyWithLabelSmoothing() {
        int[][] shapes = {{7, 10}, {3, 1000}, {5, 3}};
        try (Scope s = Scope.open()) {
            for (int[] d : shapes) {
                long seed = Gpu.seed();
                float[] x = random(seed, d[0] * d[1], -4f, 4f), g = random(seed + 1, d[0] * d[1]);
                Tensor gx = onGpu(x, d), cx = onCpu(x, d), gy = poisoned(d), cy = poisonedCpu(d);
                gpu.logSoftmax(gx, gy);
                cpu.logSoftmax(cx, cy);
                assertClose(cy.toArray(), gy.toArray(), TOL, "log-softmax " + Arrays.toString(d));
                Tensor gg = onGpu(g, d), cg = onCpu(g, d), gdx = poisoned(d), cdx = poisonedCpu(d);
                gpu.logSoftmaxBackward(gy, gg, gdx);
                cpu.logSoftmaxBackward(cy, cg, cdx);
                assertClose(cdx.toArray(), gdx.toArray(), TOL, "log-softmax backward " + Arrays.toString(d));
                float[] labels = new float[d[0]];
                for (int r = 0; r < d[0]; r++) labels[r] = (r * 7 + 3) % d[1];
                Tensor gl = onGpu(labels, d[0]), cl = onCpu(labels, d[0]);
                for (float smoothing : new float[] {0f, 0.1f}) {
                    Tensor gLoss = poisoned(d[0]), cLoss = poisonedCpu(d[0]), gD = poisoned(d), cD = poisonedCpu(d);
                    gpu.softmaxCrossEntropy(gx, gl, smoothing, gLoss, gD);
                    cpu.softmaxCrossEntropy(cx, cl, smoothing, cLoss, cD);
                    assertClose(cLoss.toArray(), gLoss.toArray(), TOL, "cross-entropy loss s=" + smoothing);
                    assertClose(cD.toArray(), gD.toArray(), TOL, "cross-entropy dlogits s=" + smoothing);
                    Tensor gLoss2 = poisoned(d[0]);
                    gpu.softmaxCrossEntropy(gx, gl, smoothing, gLoss2, null);
                    assertClose(cLoss.toArray(), gLoss2.toArray(), TOL, "cross-entropy without gradient");
                }
            }
        }
    }

    @Test
    void optimizerStepsMatchTheCpuUpdates() {
        try (Scope s = Scope.open()) {
            int n = 10_007;
            long seed = Gpu.seed();
            float[] p = random(seed, n), g = random(seed + 1, n), v = random(seed + 2, n),
                    sq = random(seed + 3, n, 0f, 1f);
            for (float momentum : new float[] {0f, 0.9f}) {
                for (boolean nesterov : new boolean[] {false, true}) {
                    Tensor gp = onGpu(p, n), cp = onCpu(p, n), gv = momentum == 0 ? null : onGpu(v, n),
                            cv = momentum == 0 ? null : onCpu(v, n);
                    gpu.sgdStep(gp, onGpu(g, n), gv, 0.05f, momentum, 4e-5f, nesterov);
                    cpu.sgdStep(cp, onCpu(g, n), cv, 0.05f, momentum, 4e-5f, nesterov);
                    assertClose(cp.toArray(), gp.toArray(), TOL, "sgd p m=" + momentum + " nesterov=" + nesterov);
                    if (gv != null) assertClose(cv.toArray(), gv.toArray(), TOL, "sgd v");
                }
                Tensor gp = onGpu(p, n), cp = onCpu(p, n), gs = onGpu(sq, n), cs = onCpu(sq, n);
                Tensor gb = momentum == 0 ? null : onGpu(v, n), cb = momentum == 0 ? null : onCpu(v, n);
                gpu.rmspropStep(gp, onGpu(g, n), gs, gb, 0.01f, 0.9f, 1e-3f, momentum, 1e-4f);
                cpu.rmspropStep(cp, onCpu(g, n), cs, cb, 0.01f, 0.9f, 1e-3f, momentum, 1e-4f);
                assertClose(cp.toArray(), gp.toArray(), TOL, "rmsprop p m=" + momentum);
                assertClose(cs.toArray(), gs.toArray(), TOL, "rmsprop square average");
            }
            for (boolean decoupled : new boolean[] {false, true}) {
                Tensor gp = onGpu(p, n), cp = onCpu(p, n), gm = onGpu(v, n), cm = onCpu(v, n), gs = onGpu(sq, n),
                        cs = onCpu(sq, n);
                gpu.adamStep(gp, onGpu(g, n), gm, gs, 1e-3f, 0.9f, 0.999f, 1e-8f, 0.01f, decoupled, 7);
                cpu.adamStep(cp, onCpu(g, n), cm, cs, 1e-3f, 0.9f, 0.999f, 1e-8f, 0.01f, decoupled, 7);
                assertClose(cp.toArray(), gp.toArray(), TOL, "adam p decoupled=" + decoupled);
                assertClose(cm.toArray(), gm.toArray(), TOL, "adam m");
                assertClose(cs.toArray(), gs.toArray(), TOL, "adam v");
            }
        }
    }

    @Test
    void tensorsOnTheGpuUseTheSameRandomStreamsAsTheCpu() {
        try (Scope s = Scope.open()) {
            Tensor a = Tensor.rand(new Rng(42), -1f, 1f, Gpu.DEV, 3, 4);
            Tensor b = Tensor.rand(new Rng(42), -1f, 1f, Device.CPU, 3, 4);
            assertArrayEquals(b.toArray(), a.toArray());
        }
    }
}
