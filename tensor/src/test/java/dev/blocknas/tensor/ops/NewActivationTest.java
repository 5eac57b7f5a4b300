package dev.blocknas.tensor.ops;

import dev.blocknas.tensor.Autograd;
import dev.blocknas.tensor.Device;
import dev.blocknas.tensor.Rng;
import dev.blocknas.tensor.Scope;
import dev.blocknas.tensor.Tensor;
import dev.blocknas.tensor.testing.GradCheck;
import org.junit.jupiter.api.Test;

import java.util.List;

import static dev.blocknas.tensor.testing.Tolerance.assertClose;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Adding an activation is this file and nothing else: softplus and mish are declared here, in the test
 * sources, from existing ops, and are gradient-checked and trained on {@link #device()} (the CPU here; a
 * subclass could run them anywhere) with no kernel, enum or backend touched.
 */
public class NewActivationTest {
    /** log(1 + e^x): the derivative, sigmoid(x), is left to autograd. */
    static final UnaryFunction SOFTPLUS = UnaryFunction.of("softplus", x -> x.exp().add(1f).log());

    /** x * tanh(softplus(x)), with its derivative written once: tanh(sp) + x * (1 - tanh(sp)^2) * sigmoid(x). */
    static final UnaryFunction MISH = UnaryFunction.of("mish", x -> x.mul(SOFTPLUS.apply(x).tanh()), (x, y, g) -> {
        Tensor t = SOFTPLUS.apply(x).tanh();
        return g.mul(t.add(x.mul(t.square().neg().add(1f)).mul(x.sigmoid())));
    });

    /** The same function with autograd deriving the derivative, to hold the written rule to. */
    private static final UnaryFunction MISH_DERIVED = UnaryFunction.of("mish", x -> x.mul(SOFTPLUS.apply(x).tanh()));

    /** Where the test runs. */
    protected Device device() {
        return Device.CPU;
    }

    @Test
    void derivativesMatchFiniteDifferences() {
        float[] v = new float[21];
        for (int i = 0; i < v.length; i++) v[i] = -4f + 0.4f * i;
        GradCheck check = GradCheck.defaults().on(device());
        check.check("softplus", xs -> SOFTPLUS.apply(xs.get(0)), List.of(v), List.of(new int[] {3, 7}));
        check.check("mish", xs -> MISH.apply(xs.get(0)), List.of(v), List.of(new int[] {3, 7}));
        check.check("mish derived", xs -> MISH_DERIVED.apply(xs.get(0)), List.of(v), List.of(new int[] {3, 7}));
    }

    @Test
    void theWrittenRuleAgreesWithTheDerivedOne() {
        try (Scope s = Scope.open()) {
            Tensor x = Tensor.randn(new Rng(3), 0f, 2f, device(), 5, 9);
            Tensor a = x.detach().requiresGrad(true);
            Tensor b = x.detach().requiresGrad(true);
            MISH.apply(a).sum().backward();
            MISH_DERIVED.apply(b).sum().backward();
            assertClose(b.grad().toArray(), a.grad().toArray(), 1e-6, "mish rule against autograd");
        }
    }

    @Test
    void aSmallNetworkTrainsWithEach() {
        for (UnaryFunction act : List.of(SOFTPLUS, MISH)) {
            float[] losses = train(act, 150);
            assertTrue(losses[1] < 0.2f * losses[0], act + ": loss " + losses[0] + " -> " + losses[1]);
        }
    }

    /** Fits t = x0^2 - x1 with one hidden layer of the activation by plain SGD; returns the first and last loss. */
    private float[] train(UnaryFunction act, int steps) {
        try (Scope outer = Scope.open()) {
            Device d = device();
            Rng rng = new Rng(11);
            Tensor x = Tensor.rand(rng, -1f, 1f, d, 64, 2);
            Tensor t = x.narrow(1, 0, 1).square().sub(x.narrow(1, 1, 1)).contiguous();
            Tensor w1 = Tensor.randn(rng, 0f, 1f, d, 16, 2).requiresGrad(true);
            Tensor b1 = Tensor.zeros(d, 16).requiresGrad(true);
            Tensor w2 = Tensor.randn(rng, 0f, 0.25f, d, 1, 16).requiresGrad(true);
            Tensor b2 = Tensor.zeros(d, 1).requiresGrad(true);
            float first = 0;
            float last = 0;
            for (int step = 0; step < steps; step++) {
                try (Scope inner = Scope.open()) {
                    Tensor pred = Linalg.linear(act.apply(Linalg.linear(x, w1, b1)), w2, b2);
                    Tensor loss = Losses.mse(pred, t);
                    loss.backward();
                    last = loss.item();
                    if (step == 0) first = last;
                    try (Autograd.Mode off = Autograd.noGrad()) {
                        for (Tensor p : List.of(w1, b1, w2, b2)) {
                            p.copyFrom(p.sub(p.grad().mul(0.05f)));
                            p.zeroGrad();
                        }
                    }
                }
            }
            return new float[] {first, last};
        }
    }
}
