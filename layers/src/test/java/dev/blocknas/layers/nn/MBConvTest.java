package dev.blocknas.layers.nn;

import dev.blocknas.tensor.Device;
import dev.blocknas.tensor.Rng;
import dev.blocknas.tensor.Scope;
import dev.blocknas.tensor.Shape;
import dev.blocknas.tensor.Tensor;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

class MBConvTest {
    private static final Device CPU = Device.CPU;

    @Test
    void subLayersAreNamedInForwardOrder() {
        try (MBConv m = new MBConv(16, 24, 5, 6, 2, 0.25, Activation.SWISH, new Rng(1), CPU)) {
            assertEquals(List.of("conv_pw", "bn1", "conv_dw", "bn2", "se", "conv_pwl", "bn3"),
                    List.copyOf(m.namedChildren().keySet()));
            assertEquals(List.of(
                    "conv_pw.weight", "bn1.weight", "bn1.bias", "conv_dw.weight", "bn2.weight", "bn2.bias",
                    "se.conv_reduce.weight", "se.conv_reduce.bias", "se.conv_expand.weight", "se.conv_expand.bias",
                    "conv_pwl.weight", "bn3.weight", "bn3.bias"), List.copyOf(m.namedParameters().keySet()));
            Map<String, Parameter> p = m.namedParameters();
            assertEquals(Shape.of(96, 16, 1, 1), p.get("conv_pw.weight").shape());
            assertEquals(Shape.of(96, 1, 5, 5), p.get("conv_dw.weight").shape());
            // SE reduces from the block INPUT width: round(0.25 * 16) = 4, not 0.25 * 96
            assertEquals(Shape.of(4, 96, 1, 1), p.get("se.conv_reduce.weight").shape());
            assertEquals(Shape.of(96, 4, 1, 1), p.get("se.conv_expand.weight").shape());
            assertEquals(Shape.of(24, 96, 1, 1), p.get("conv_pwl.weight").shape());
            long expected = 16 * 96 + 2 * 96 + 96 * 25 + 2 * 96 + (96 * 4 + 4) + (4 * 96 + 96) + 96 * 24 + 2 * 24;
            assertEquals(expected, m.parameterCount());
        }
    }

    @Test
    void expansionOneOmitsTheExpansionConvAndItsBatchNorm() {
        try (MBConv m = new MBConv(32, 16, 3, 1, 1, 0.25, Activation.SWISH, new Rng(2), CPU)) {
            assertEquals(List.of("conv_dw", "bn2", "se", "conv_pwl", "bn3"), List.copyOf(m.namedChildren().keySet()));
            assertEquals(Shape.of(8, 32, 1, 1), m.namedParameters().get("se.conv_reduce.weight").shape());
            assertEquals(32 * 9 + 64 + (32 * 8 + 8) + (8 * 32 + 32) + 32 * 16 + 32, m.parameterCount());
        }
        try (MBConv m = new MBConv(8, 8, 7, 3, 1, 0, Activation.RELU, new Rng(3), CPU)) {
            assertEquals(List.of("conv_pw", "bn1", "conv_dw", "bn2", "conv_pwl", "bn3"),
                    List.copyOf(m.namedChildren().keySet()));
        }
    }

    @Test
    void outputShapesForKernelExpansionAndStride() {
        int[][] cases = { // in, out, k, e, s, h, w
                {8, 8, 3, 1, 1, 9, 9}, {8, 12, 5, 3, 2, 9, 9}, {8, 16, 7, 6, 2, 8, 10}, {6, 6, 5, 4, 2, 7, 5},
                {4, 10, 3, 6, 1, 6, 6}};
        Rng rng = new Rng(4);
        for (int[] c : cases) {
            try (MBConv m = new MBConv(c[0], c[1], c[2], c[3], c[4], 0.25, Activation.SWISH, rng, CPU);
                    Scope ignored = Scope.open()) {
                Tensor y = m.forward(Tensor.randn(rng, CPU, 2, c[0], c[5], c[6]));
                int ho = (c[5] - 1) / c[4] + 1;
                int wo = (c[6] - 1) / c[4] + 1;
                assertEquals(Shape.of(2, c[1], ho, wo), y.shape(), java.util.Arrays.toString(c));
                assertEquals(c[4] == 1 && c[0] == c[1], m.hasResidual(), java.util.Arrays.toString(c));
            }
        }
    }

    /** With the projection zeroed and eval-mode batch norm at its initial statistics, the branch outputs exactly 0. */
    private static Tensor zeroBranchOutput(MBConv m, Tensor x) {
        m.namedParameters().get("conv_pwl.weight").tensor().fill(0f);
        m.eval();
        return m.forward(x);
    }

    @Test
    void theResidualIsAddedOnlyWhenStrideIsOneAndWidthsMatch() {
        Rng rng = new Rng(5);
        try (Scope ignored = Scope.open()) {
            Tensor x = Tensor.randn(rng, CPU, 2, 8, 6, 6);
            try (MBConv same = new MBConv(8, 8, 3, 6, 1, 0.25, Activation.SWISH, rng, CPU)) {
                assertTrue(same.hasResidual());
                assertArrayEquals(x.toArray(), zeroBranchOutput(same, x).toArray(), 0f,
                        "stride 1, 8 -> 8: output = input + branch");
            }
            try (MBConv wider = new MBConv(8, 16, 3, 6, 1, 0.25, Activation.SWISH, rng, CPU)) {
                assertFalse(wider.hasResidual());
                for (float v : zeroBranchOutput(wider, x).toArray()) assertEquals(0f, v, "8 -> 16 has no residual");
            }
            try (MBConv strided = new MBConv(8, 8, 3, 6, 2, 0.25, Activation.SWISH, rng, CPU)) {
                assertFalse(strided.hasResidual());
                for (float v : zeroBranchOutput(strided, x).toArray()) assertEquals(0f, v, "stride 2 has no residual");
            }
        }
    }

    @Test
    void everyParameterGetsANonZeroGradient() {
        Rng rng = new Rng(6);
        for (int e : new int[] {1, 4}) {
            try (MBConv m = new MBConv(8, 8, 5, e, 1, 0.25, Activation.SWISH, rng, CPU); Scope ignored = Scope.open()) {
                Tensor x = Tensor.randn(rng, CPU, 3, 8, 6, 6).requiresGrad(true);
                Tensor r = Tensor.randn(rng, CPU, 3, 8, 6, 6);
                m.forward(x).mul(r).sum().backward();
                for (var p : m.namedParameters().entrySet()) {
                    Tensor g = p.getValue().grad();
                    assertNotNull(g, p.getKey() + " got no gradient");
                    double norm = 0;
                    for (float v : g.toArray()) norm += Math.abs(v);
                    assertTrue(norm > 0 && Double.isFinite(norm), p.getKey() + " has gradient norm " + norm);
                }
                assertNotNull(x.grad(), "the input gets a gradient (through the branch and the residual)");
            }
        }
    }

    @Test
    void dropConnectDropsWholeSamplesOfTheBranchInTrainingOnly() {
        Rng rng = new Rng(7);
        try (MBConv m = new MBConv(4, 4, 3, 3, 1, 0, Activation.RELU, 0.5, rng, CPU); Scope ignored = Scope.open()) {
            int n = 16;
            Tensor x = Tensor.randn(rng, CPU, n, 4, 5, 5);
            float[] xs = x.toArray();
            float[] train = m.forward(x).toArray();
            int per = 4 * 5 * 5;
            int dropped = 0;
            for (int s = 0; s < n; s++) {
                boolean same = true;
                for (int i = s * per; i < (s + 1) * per; i++) same &= train[i] == xs[i];
                if (same) dropped++;
            }
            assertTrue(dropped > 0 && dropped < n, dropped + " of " + n + " samples dropped at rate 0.5");
            m.eval();
            float[] eval = m.forward(x).toArray();
            int same = 0;
            for (int s = 0; s < n; s++) {
                boolean eq = true;
                for (int i = s * per; i < (s + 1) * per; i++) eq &= eval[i] == xs[i];
                if (eq) same++;
            }
            assertEquals(0, same, "no sample is dropped in eval mode");
        }
    }
}
