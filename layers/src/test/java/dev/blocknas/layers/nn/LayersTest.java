package dev.blocknas.layers.nn;

import dev.blocknas.tensor.Device;
import dev.blocknas.tensor.Rng;
import dev.blocknas.tensor.Scope;
import dev.blocknas.tensor.Shape;
import dev.blocknas.tensor.Tensor;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class LayersTest {
    private static final Device CPU = Device.CPU;

    @Test
    void batchNormUpdatesRunningStatisticsWithMomentumAndUsesThemInEval() {
        try (BatchNorm2d bn = new BatchNorm2d(2, CPU); Scope ignored = Scope.open()) {
            // channel 0: values 1..4, channel 1: 10, 10, 10, 14 (one image, 2x2)
            Tensor x = Tensor.of(new float[] {1, 2, 3, 4, 10, 10, 10, 14}, 1, 2, 2, 2);
            float[] y = bn.forward(x).toArray();
            // batch mean 2.5, biased var 1.25 -> (1 - 2.5) / sqrt(1.25 + 1e-5)
            assertEquals((1 - 2.5) / Math.sqrt(1.25 + 1e-5), y[0], 1e-5);
            // running = 0.9 * (0, 1) + 0.1 * batch, variance unbiased (5/3 and 4)
            assertArrayEquals(new float[] {0.25f, 1.1f}, bn.runningMean().toArray(), 1e-6f);
            assertArrayEquals(new float[] {0.9f + 0.1f * 5f / 3f, 0.9f + 0.1f * 4f}, bn.runningVar().toArray(), 1e-6f);
            bn.eval();
            float[] e = bn.forward(x).toArray();
            assertEquals((1 - 0.25) / Math.sqrt(0.9 + 0.5 / 3 + 1e-5), e[0], 1e-5);
            assertEquals((14 - 1.1) / Math.sqrt(1.3 + 1e-5), e[7], 1e-5);
            assertArrayEquals(new float[] {0.25f, 1.1f}, bn.runningMean().toArray(), 0f,
                    "eval mode leaves the statistics alone");
            // DNA's recalibration: reset, then one batch with momentum 1 sets them to that batch's statistics
            bn.resetRunningStats();
            bn.setMomentum(1f);
            bn.train();
            bn.forward(x);
            assertArrayEquals(new float[] {2.5f, 11f}, bn.runningMean().toArray(), 1e-6f);
            assertArrayEquals(new float[] {5f / 3f, 4f}, bn.runningVar().toArray(), 1e-5f);
        }
    }

    @Test
    void convolutionInitialisationIsHeNormalWithFanOut() {
        try (Conv2d c = new Conv2d(64, 96, 3, 1, false, new Rng(1), CPU);
                DepthwiseConv2d d = new DepthwiseConv2d(4096, 5, 1, new Rng(2), CPU)) {
            assertEquals(Math.sqrt(2.0 / (9 * 96)), std(c.weight().tensor().toArray()),
                    0.02 * Math.sqrt(2.0 / (9 * 96)));
            assertEquals(Math.sqrt(2.0 / 25), std(d.weight().tensor().toArray()), 0.02 * Math.sqrt(2.0 / 25));
            assertEquals(Shape.of(4096, 1, 5, 5), d.weight().shape());
        }
        try (Conv2d a = new Conv2d(3, 8, 3, 2, false, new Rng(9), CPU);
                Conv2d b = new Conv2d(3, 8, 3, 2, false, new Rng(9), CPU)) {
            assertArrayEquals(a.weight().tensor().toArray(), b.weight().tensor().toArray(), 0f,
                    "one seed, one network");
        }
    }

    private static double std(float[] v) {
        double s = 0;
        double ss = 0;
        for (float f : v) {
            s += f;
            ss += (double) f * f;
        }
        double m = s / v.length;
        return Math.sqrt(ss / v.length - m * m);
    }

    @Test
    void linearInitialisationStaysInItsRangeAndBiasStartsAtZero() {
        try (Linear l = new Linear(100, 50, true, new Rng(3), CPU)) {
            float bound = (float) (1 / Math.sqrt(100));
            float max = 0;
            for (float v : l.weight().tensor().toArray()) max = Math.max(max, Math.abs(v));
            assertTrue(max <= bound && max > 0.9f * bound, "max |w| " + max + " vs bound " + bound);
            for (float v : l.bias().tensor().toArray()) assertEquals(0f, v);
        }
    }

    @Test
    void convolutionLayersComputeTheirShapes() {
        Rng rng = new Rng(4);
        try (Scope ignored = Scope.open();
                Conv2d dense = new Conv2d(4, 6, 3, 2, 1, 1, 1, true, rng, CPU);
                Conv2d grouped = new Conv2d(4, 8, 3, 1, 2, 2, 2, false, rng, CPU);
                DepthwiseConv2d dw = new DepthwiseConv2d(4, 7, 2, rng, CPU)) {
            Tensor x = Tensor.randn(rng, CPU, 2, 4, 9, 9);
            assertEquals(Shape.of(2, 6, 5, 5), dense.forward(x).shape());
            assertEquals(Shape.of(2, 8, 9, 9), grouped.forward(x).shape());
            assertEquals(Shape.of(8, 2, 3, 3), grouped.weight().shape());
            assertEquals(Shape.of(2, 4, 5, 5), dw.forward(x).shape());
        }
    }

    @Test
    void squeezeExciteReducesFromTheBaseWidthRoundingHalfUp() {
        assertEquals(6, SqueezeExcite.reducedChannels(0.25, 24));
        assertEquals(4, SqueezeExcite.reducedChannels(0.25, 16));
        assertEquals(3, SqueezeExcite.reducedChannels(0.25, 10), "2.5 rounds up");
        assertEquals(2, SqueezeExcite.reducedChannels(0.25, 7), "1.75 rounds to 2");
        assertEquals(1, SqueezeExcite.reducedChannels(0.25, 2), "never below 1");
        assertEquals(1, SqueezeExcite.reducedChannels(0.25, 1));
        assertThrows(IllegalArgumentException.class, () -> SqueezeExcite.reducedChannels(0, 8));
    }

    @Test
    void squeezeExciteScalesEachChannelByASigmoidGate() {
        Rng rng = new Rng(5);
        try (SqueezeExcite se = new SqueezeExcite(3, 2, Activation.RELU, rng, CPU); Scope ignored = Scope.open()) {
            // zero weights, bias of conv_expand b: gate = sigmoid(b) whatever the input
            se.namedParameters().get("conv_expand.weight").tensor().fill(0f);
            se.namedParameters().get("conv_expand.bias").tensor().copyFrom(new float[] {0f, 2f, -1f});
            Tensor x = Tensor.randn(rng, CPU, 1, 3, 2, 2);
            float[] xs = x.toArray();
            float[] y = se.forward(x).toArray();
            double[] gate = {0.5, 1 / (1 + Math.exp(-2)), 1 / (1 + Math.exp(1))};
            for (int i = 0; i < 12; i++) assertEquals(xs[i] * gate[i / 4], y[i], 1e-6);
        }
    }

    @Test
    void activationsMatchTheirDefinitions() {
        try (Scope ignored = Scope.open()) {
            Tensor x = Tensor.of(new float[] {-4, -1, 0, 0.5f, 3, 7}, 6);
            float[] v = x.toArray();
            for (Activation a : Activation.values()) {
                float[] y = new Act(a).forward(x).toArray();
                for (int i = 0; i < v.length; i++) {
                    double xi = v[i];
                    double expected = switch (a) {
                        case RELU -> Math.max(0, xi);
                        case RELU6 -> Math.min(6, Math.max(0, xi));
                        case SWISH -> xi / (1 + Math.exp(-xi));
                        case HARD_SWISH -> xi * Math.min(6, Math.max(0, xi + 3)) / 6;
                        case SIGMOID -> 1 / (1 + Math.exp(-xi));
                        case IDENTITY -> xi;
                    };
                    assertEquals(expected, y[i], 1e-5, a + "(" + xi + ")");
                }
            }
            assertSame(x, Activation.IDENTITY.apply(x));
            assertEquals(Activation.HARD_SWISH, Activation.fromToken("hswish"));
        }
    }

    @Test
    void dropoutIsTheIdentityInEvalAndReseedingRepeatsMasks() {
        try (Dropout d = new Dropout(0.5f, new Rng(6)); Scope ignored = Scope.open()) {
            Tensor x = Tensor.ones(CPU, 64);
            d.setRng(new Rng(42));
            float[] a = d.forward(x).toArray();
            d.setRng(new Rng(42));
            float[] b = d.forward(x).toArray();
            assertArrayEquals(a, b, 0f);
            float[] c = d.forward(x).toArray();
            assertNotEquals(java.util.Arrays.toString(a), java.util.Arrays.toString(c));
            for (float v : a) assertTrue(v == 0f || v == 2f);
            d.eval();
            assertSame(x, d.forward(x));
        }
    }

    @Test
    void crossEntropyLossWrapsTheOpWithSmoothing() {
        try (Scope ignored = Scope.open()) {
            Tensor logits = Tensor.of(new float[] {0, 0, 0, 0}, 1, 4);
            Tensor labels = Tensor.of(new float[] {2}, 1);
            assertEquals(Math.log(4), new CrossEntropyLoss().forward(logits, labels).item(), 1e-6);
            assertEquals(Math.log(4), new CrossEntropyLoss(0.1f).forward(logits, labels).item(), 1e-6);
            Tensor peaked = Tensor.of(new float[] {0, 0, 5, 0}, 1, 4);
            assertTrue(new CrossEntropyLoss(0.1f).forward(peaked, labels).item() > new CrossEntropyLoss()
                    .forward(peaked, labels).item());
        }
    }
}
