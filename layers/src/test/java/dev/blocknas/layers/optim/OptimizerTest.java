package dev.blocknas.layers.optim;

import dev.blocknas.layers.nn.Parameter;
import dev.blocknas.tensor.Device;
import dev.blocknas.tensor.Rng;
import dev.blocknas.tensor.Scope;
import dev.blocknas.tensor.Tensor;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Function;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Optimizer updates against values worked out by hand from the update rules, for p = [1, -2] and a constant
 * gradient g = [0.5, 1] (given by backward of sum(p * g)).
 */
class OptimizerTest {
    private static final float[] P0 = {1f, -2f};
    private static final float[] G = {0.5f, 1f};

    @TempDir
    Path dir;

    private static Map<String, Parameter> one(boolean decay) {
        Map<String, Parameter> m = new LinkedHashMap<>();
        m.put("w", new Parameter(Tensor.of(P0.clone(), 2), decay));
        return m;
    }

    /** Sets the gradient of every parameter to G (or to {@code g} per name) via backward. */
    private static void grad(Map<String, Parameter> params) {
        try (Scope ignored = Scope.open()) {
            for (Parameter p : params.values()) {
                p.zeroGrad();
                p.tensor().mul(Tensor.of(G.clone(), 2)).sum().backward();
            }
        }
    }

    private static float[][] twoSteps(Function<Map<String, Parameter>, Optimizer> make, boolean decay) {
        Map<String, Parameter> params = one(decay);
        try (Optimizer opt = make.apply(params)) {
            float[][] out = new float[2][];
            for (int s = 0; s < 2; s++) {
                grad(params);
                opt.step();
                out[s] = params.get("w").tensor().toArray();
            }
            return out;
        } finally {
            params.values().forEach(Parameter::close);
        }
    }

    @Test
    void sgdWithMomentumAndWeightDecay() {
        // step 1: g' = g + 0.01 p = [0.51, 0.98]; v = g'; p -= 0.1 v -> [0.949, -2.098]
        // step 2: g' = [0.50949, 0.97902]; v = 0.9 [0.51, 0.98] + g' = [0.96849, 1.86102]; p -> [0.852151, -2.284102]
        float[][] r = twoSteps(p -> new Sgd(p, 0.1, 0.9, false, 0.01), true);
        assertArrayEquals(new float[] {0.949f, -2.098f}, r[0], 1e-6f);
        assertArrayEquals(new float[] {0.852151f, -2.284102f}, r[1], 1e-6f);
    }

    @Test
    void sgdNesterov() {
        // step 1: v = g' = [0.51, 0.98]; p -= 0.1 (g' + 0.9 v) = 0.1 [0.969, 1.862] -> [0.9031, -2.1862]
        float[][] r = twoSteps(p -> new Sgd(p, 0.1, 0.9, true, 0.01), true);
        assertArrayEquals(new float[] {0.9031f, -2.1862f}, r[0], 1e-6f);
        assertArrayEquals(new float[] {0.76507411f, -2.45142622f}, r[1], 1e-6f);
    }

    @Test
    void rmsPropPyTorchAndTensorFlowInitialisation() {
        // step 1: sq = 0.1 g^2; buf = g / (sqrt(sq) + 1e-3); p -= 0.01 buf
        float[][] r = twoSteps(p -> new RmsProp(p, 0.01, 0.9, 1e-3, 0.9, 0), true);
        assertArrayEquals(
                new float[] {(float) (1 - 0.01 * 0.5 / (Math.sqrt(0.025) + 1e-3)),
                        (float) (-2 - 0.01 / (Math.sqrt(0.1) + 1e-3))},
                r[0], 1e-6f);
        assertArrayEquals(new float[] {0.91745755f, -2.08278294f}, r[1], 1e-5f);
        // square average starting at 1 (TensorFlow): sq = 0.9 + 0.1 g^2
        float[][] tf = twoSteps(p -> RmsProp.efficientNet(p, 0.01, 0), true);
        assertArrayEquals(
                new float[] {(float) (1 - 0.01 * 0.5 / (Math.sqrt(0.925) + 1e-3)),
                        (float) (-2 - 0.01 / (Math.sqrt(1.0) + 1e-3))},
                tf[0], 1e-6f);
        assertArrayEquals(new float[] {0.98473896f, -2.02897103f}, tf[1], 1e-5f);
    }

    @Test
    void adamWithL2AndDecoupledWeightDecay() {
        // Adam's first step moves each weight by lr * sign(gradient) (bias-corrected m / sqrt(v) = g / |g|).
        // L2: g' = g + 0.1 p = [0.6, 0.8] > 0 -> p - 0.1 = [0.9, -2.1]
        float[][] l2 = twoSteps(p -> new AdamW(p, 0.1, 0.9, 0.999, 1e-8, 0.1, false), true);
        assertArrayEquals(new float[] {0.9f, -2.1f}, l2[0], 1e-6f);
        assertArrayEquals(new float[] {0.80004734f, -2.19996523f}, l2[1], 1e-5f);
        // AdamW: p (1 - 0.1 * 0.1) - 0.1 sign(g) = [0.89, -2.08]
        float[][] w = twoSteps(p -> AdamW.adamW(p, 0.1, 0.1), true);
        assertArrayEquals(new float[] {0.89f, -2.08f}, w[0], 1e-6f);
        assertArrayEquals(new float[] {0.7811f, -2.1592f}, w[1], 1e-5f);
    }

    @Test
    void weightDecayIsSkippedWhereDecayIsFalse() {
        float[] noDecay = twoSteps(p -> new Sgd(p, 0.1, 0.9, false, 0), true)[1];
        assertArrayEquals(noDecay, twoSteps(p -> new Sgd(p, 0.1, 0.9, false, 0.5), false)[1], 0f);
        assertArrayEquals(twoSteps(p -> AdamW.adam(p, 0.1, 0), true)[1],
                twoSteps(p -> AdamW.adam(p, 0.1, 0.5), false)[1], 0f);
        assertArrayEquals(twoSteps(p -> AdamW.adamW(p, 0.1, 0), true)[1],
                twoSteps(p -> AdamW.adamW(p, 0.1, 0.5), false)[1], 0f);
        assertArrayEquals(twoSteps(p -> new RmsProp(p, 0.01, 0.9, 1e-3, 0.9, 0), true)[1],
                twoSteps(p -> new RmsProp(p, 0.01, 0.9, 1e-3, 0.9, 0.5), false)[1], 0f);
        float[] decayed = twoSteps(p -> new Sgd(p, 0.1, 0.9, false, 0.5), true)[1];
        assertTrue(decayed[0] != noDecay[0], "with decay = true the same weight decay changes the result");
    }

    @Test
    void parametersWithoutGradientsAreSkipped() {
        Map<String, Parameter> params = one(true);
        params.put("frozen", new Parameter(Tensor.of(P0.clone(), 2), true));
        try (Optimizer opt = new Sgd(params, 0.1, 0.9, false, 0)) {
            grad(Map.of("w", params.get("w")));
            params.get("frozen").requiresGrad(false);
            opt.step();
            assertArrayEquals(P0, params.get("frozen").tensor().toArray(), 0f);
            assertArrayEquals(new float[] {0.95f, -2.1f}, params.get("w").tensor().toArray(), 1e-6f);
            try (OptimizerState s = opt.stateDict()) {
                assertEquals(java.util.List.of("w.momentum_buffer"), java.util.List.copyOf(s.tensors().keySet()));
                assertEquals("1", s.scalars().get("w.step"));
                assertNull(s.scalars().get("frozen.step"));
            }
            opt.zeroGrad();
            assertNull(params.get("w").grad());
        } finally {
            params.values().forEach(Parameter::close);
        }
    }

    /** Runs 3 steps, snapshots (in memory or through a file), runs 3 more; a fresh optimizer restored from the snapshot must match bit for bit. */
    private void resumesIdentically(Function<Map<String, Parameter>, Optimizer> make, boolean viaFile)
            throws Exception {
        Rng rng = new Rng(5);
        float[] start;
        float[][] grads = new float[6][];
        try (Scope ignored = Scope.open()) {
            start = Tensor.randn(rng, Device.CPU, 16).toArray();
            for (int i = 0; i < 6; i++) grads[i] = Tensor.randn(rng, Device.CPU, 16).toArray();
        }
        Map<String, Parameter> a = Map.of("w", new Parameter(Tensor.of(start.clone(), 16), true));
        Map<String, Parameter> b = Map.of("w", new Parameter(Tensor.of(start.clone(), 16), true));
        Path file = dir.resolve("opt.safetensors");
        try (Optimizer oa = make.apply(a); Optimizer ob = make.apply(b)) {
            OptimizerState snap = null;
            float[] weightsAtSnapshot = null;
            for (int i = 0; i < 6; i++) {
                if (i == 3) {
                    oa.setLr(oa.lr() * 0.37);
                    weightsAtSnapshot = a.get("w").tensor().toArray();
                    if (viaFile) oa.save(file);
                    else snap = oa.stateDict();
                }
                setGrad(a.get("w"), grads[i]);
                oa.step();
            }
            b.get("w").tensor().copyFrom(weightsAtSnapshot);
            if (viaFile) {
                ob.load(file);
            } else {
                ob.loadStateDict(snap);
                snap.close();
            }
            assertEquals(oa.lr(), ob.lr());
            for (int i = 3; i < 6; i++) {
                setGrad(b.get("w"), grads[i]);
                ob.step();
            }
            float[] wa = a.get("w").tensor().toArray();
            float[] wb = b.get("w").tensor().toArray();
            for (int i = 0; i < wa.length; i++)
                assertEquals(Float.floatToRawIntBits(wa[i]), Float.floatToRawIntBits(wb[i]), "element " + i);
        } finally {
            a.values().forEach(Parameter::close);
            b.values().forEach(Parameter::close);
        }
    }

    private static void setGrad(Parameter p, float[] g) {
        try (Scope ignored = Scope.open()) {
            p.zeroGrad();
            p.tensor().mul(Tensor.of(g.clone(), g.length)).sum().backward();
        }
    }

    @Test
    void stateSaveAndLoadContinuesBitIdentically() throws Exception {
        resumesIdentically(p -> new Sgd(p, 0.05, 0.9, true, 1e-4), false);
        resumesIdentically(p -> RmsProp.efficientNet(p, 0.016, 1e-5), true);
        resumesIdentically(p -> AdamW.adam(p, 0.002, 1e-4), false);
        resumesIdentically(p -> AdamW.adamW(p, 0.002, 0.05), true);
    }

    @Test
    void aStateOfAnotherOptimizerIsRefused() {
        Map<String, Parameter> params = one(true);
        try (Optimizer sgd = new Sgd(params, 0.1, 0.9, false, 0); Optimizer adam = AdamW.adam(params, 0.1, 0)) {
            grad(params);
            sgd.step();
            try (OptimizerState s = sgd.stateDict()) {
                var e = assertThrows(IllegalArgumentException.class, () -> adam.loadStateDict(s));
                assertEquals("The optimizer state is for sgd, not adam.", e.getMessage());
            }
        } finally {
            params.values().forEach(Parameter::close);
        }
    }
}
