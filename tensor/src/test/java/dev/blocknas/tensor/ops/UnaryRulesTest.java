package dev.blocknas.tensor.ops;

import dev.blocknas.tensor.Autograd;
import dev.blocknas.tensor.Backend;
import dev.blocknas.tensor.Backends;
import dev.blocknas.tensor.Device;
import dev.blocknas.tensor.Scope;
import dev.blocknas.tensor.Tensor;
import dev.blocknas.tensor.UnaryOp;
import dev.blocknas.tensor.testing.GradCheck;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.util.List;
import java.util.SplittableRandom;
import java.util.function.UnaryOperator;

import static dev.blocknas.tensor.testing.Tolerance.assertClose;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The backends' fused unary kernels against the one definition in {@link UnaryRules}, for every
 * {@link UnaryOp} (a new constant is covered without a line here): the fused forward against the
 * composition, the fused backward against the composed rule, and the composed rule against finite
 * differences. Runs on {@link #device()}: the CPU here, CUDA in the {@code gpu} subclass of the kernels' tests.
 */
public class UnaryRulesTest {
    /** Relative L2 error allowed between a fused kernel and the composition: float rounding only. */
    private static final double TOL = 1e-5;

    /** The backend under test. */
    protected Device device() {
        return Device.CPU;
    }

    @ParameterizedTest
    @EnumSource(UnaryOp.class)
    void fusedKernelsAgreeWithTheComposedDefinition(UnaryOp op) {
        try (Scope s = Scope.open(); Autograd.Mode off = Autograd.noGrad()) {
            Device d = device();
            Backend be = Backends.get(d);
            int n = 3 * 5 * 13 * 11;
            float alpha = alpha(op);
            Tensor x = Tensor.of(d, inputs(op, n, 1), n);
            Tensor y = Tensor.empty(d, n);
            be.unary(op, alpha, x, y);
            UnaryOperator<Tensor> composition = UnaryRules.composition(op);
            if (composition != null) {
                assertClose(composition.apply(x).toArray(), y.toArray(), TOL, op + " forward");
            }
            Tensor g = Tensor.of(d, uniform(n, 2, -1, 1), n);
            Tensor fused = Tensor.full(Float.NaN, d, n);
            if (be.unaryBackward(op, alpha, x, y, g, fused)) {
                assertClose(UnaryRules.gradient(op, alpha, x, y, g).toArray(), fused.toArray(), TOL, op + " backward");
            }
        }
    }

    @ParameterizedTest
    @EnumSource(UnaryOp.class)
    void theComposedRuleIsTheDerivative(UnaryOp op) {
        int[] shape = {3, 7};
        float[] v = inputs(op, 21, 3);
        GradCheck.defaults().on(device()).check(op + " composed",
                xs -> UnaryRules.applyComposed(op, alpha(op), xs.get(0)), List.of(v), List.of(shape));
    }

    private static float alpha(UnaryOp op) {
        return op == UnaryOp.POW ? 1.7f : -0.75f;
    }

    /** Inputs in the op's domain, away from its kinks (where the one-sided derivatives differ). */
    private static float[] inputs(UnaryOp op, int n, long seed) {
        boolean positive = op == UnaryOp.LOG || op == UnaryOp.SQRT || op == UnaryOp.POW;
        float[] v = uniform(n, seed, positive ? 0.2f : -5f, positive ? 3f : 7f);
        for (int i = 0; i < n; i++) {
            for (float kink : new float[] {0f, 6f, -3f, 3f}) {
                if (Math.abs(v[i] - kink) < 0.05f) v[i] = kink + 0.1f;
            }
        }
        for (float e : v) assertTrue(Float.isFinite(e));
        return v;
    }

    private static float[] uniform(int n, long seed, float lo, float hi) {
        SplittableRandom r = new SplittableRandom(seed);
        float[] v = new float[n];
        for (int i = 0; i < n; i++) v[i] = (float) (lo + (hi - lo) * r.nextDouble());
        return v;
    }
}
