package dev.blocknas.tensor.ops;

import dev.blocknas.tensor.Autograd;
import dev.blocknas.tensor.Device;
import dev.blocknas.tensor.Rng;
import dev.blocknas.tensor.Tensor;
import dev.blocknas.tensor.UnaryOp;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Batch norm and an activation in one fused pass give bit for bit what the two ops give one after the other:
 * the output, the running statistics and the gradients of input, scale and shift, in training and in eval mode.
 */
class BatchNormActivationTest {
    private record Run(float[] y, float[] runningMean, float[] runningVar, float[] gx, float[] gGamma, float[] gBeta) {}

    private static Run run(UnaryOp act, boolean fused, boolean training) {
        Rng rng = new Rng(17);
        // 7x7 planes: one whole vector and a masked tail, on every thread's chunk of channels
        Tensor x = Tensor.randn(rng, Device.CPU, 4, 6, 7, 7).mul(1.5f).add(0.3f).detach().requiresGrad(true);
        Tensor gamma = Tensor.randn(rng, Device.CPU, 6).add(1f).detach().requiresGrad(true);
        Tensor beta = Tensor.randn(rng, Device.CPU, 6).detach().requiresGrad(true);
        Tensor rm = Tensor.randn(rng, Device.CPU, 6).mul(0.1f).detach();
        Tensor rv = Tensor.randn(rng, Device.CPU, 6).square().add(0.5f).detach();
        Tensor upstream = Tensor.randn(rng, Device.CPU, 4, 6, 7, 7).detach();
        Tensor y = fused
                ? Normalization.batchNorm2dActivation(x, gamma, beta, rm, rv, training, 0.1f, 1e-5f, act)
                : Elementwise.unary(act, 0f, Normalization.batchNorm2d(x, gamma, beta, rm, rv, training, 0.1f, 1e-5f));
        y.mul(upstream).sum().backward();
        return new Run(y.toArray(), rm.toArray(), rv.toArray(), x.grad().toArray(), gamma.grad().toArray(),
                beta.grad().toArray());
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(value = UnaryOp.class, names = {"RELU", "RELU6", "SILU", "HARD_SWISH", "SIGMOID"})
    void fusedEqualsComposedBitForBit(UnaryOp act) {
        for (boolean training : new boolean[] {true, false}) {
            Run composed = run(act, false, training);
            Run fused = run(act, true, training);
            String mode = act + (training ? " training" : " eval");
            same(composed.y(), fused.y(), mode + " output");
            same(composed.runningMean(), fused.runningMean(), mode + " running mean");
            same(composed.runningVar(), fused.runningVar(), mode + " running variance");
            same(composed.gx(), fused.gx(), mode + " input gradient");
            same(composed.gGamma(), fused.gGamma(), mode + " scale gradient");
            same(composed.gBeta(), fused.gBeta(), mode + " shift gradient");
        }
    }

    /**
     * Without gradients, eval mode runs the fused inference kernel (the test above records a tape, so its eval
     * case composes): planes of 7x7 and 4x4 fill its runs of whole planes, and 97x97 is longer than one run.
     */
    @ParameterizedTest(name = "{0}")
    @EnumSource(value = UnaryOp.class, names = {"RELU", "RELU6", "SILU", "HARD_SWISH", "SIGMOID"})
    void fusedInferenceEqualsComposedBitForBit(UnaryOp act) {
        int[][] shapes = {{5, 6, 7, 7}, {64, 40, 4, 4}, {2, 3, 97, 97}};
        for (int[] shape : shapes) {
            Rng rng = new Rng(23);
            int c = shape[1];
            Tensor x = Tensor.randn(rng, Device.CPU, shape).mul(1.5f).add(0.3f);
            Tensor gamma = Tensor.randn(rng, Device.CPU, c).add(1f);
            Tensor beta = Tensor.randn(rng, Device.CPU, c);
            Tensor rm = Tensor.randn(rng, Device.CPU, c).mul(0.1f);
            Tensor rv = Tensor.randn(rng, Device.CPU, c).square().add(0.5f);
            try (Autograd.Mode ng = Autograd.noGrad()) {
                float[] composed = Elementwise.unary(act, 0f,
                        Normalization.batchNorm2d(x, gamma, beta, rm, rv, false, 0.1f, 1e-5f)).toArray();
                float[] fused = Normalization.batchNorm2dActivation(x, gamma, beta, rm, rv, false, 0.1f, 1e-5f, act)
                        .toArray();
                same(composed, fused, act + " inference " + java.util.Arrays.toString(shape));
            }
        }
    }

    private static void same(float[] expected, float[] actual, String what) {
        assertEquals(expected.length, actual.length, what);
        int nonZero = 0;
        for (int i = 0; i < expected.length; i++) {
            assertEquals(Float.floatToRawIntBits(expected[i]), Float.floatToRawIntBits(actual[i]), what + " at " + i);
            if (expected[i] != 0) nonZero++;
        }
        assertEquals(true, nonZero > 0, what + " is all zeros: the comparison would prove nothing");
    }
}
