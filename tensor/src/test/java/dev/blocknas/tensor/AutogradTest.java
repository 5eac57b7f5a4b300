package dev.blocknas.tensor;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class AutogradTest {

    @Test
    void gradientsAccumulateForATensorUsedTwice() {
        try (Scope s = Scope.open()) {
            Tensor x = Tensor.of(new float[] {1f, -2f, 3f}, 3).requiresGrad(true);
            // y = x * x + x: dy/dx = 2x + 1, reached along two paths that must add up
            x.mul(x).add(x).sum().backward();
            assertArrayEquals(new float[] {3f, -3f, 7f}, x.grad().toArray(), 1e-6f);
        }
    }

    @Test
    void backwardTwiceAccumulatesAndZeroGradClears() {
        Tensor x = Tensor.of(new float[] {2f}, 1).requiresGrad(true).persist();
        try (Scope s = Scope.open()) {
            x.mul(3f).sum().backward();
            x.mul(3f).sum().backward();
        }
        assertEquals(6f, x.grad().item(), 0f);
        x.zeroGrad();
        assertNull(x.grad());
        x.close();
    }

    @Test
    void diamondGraphSharesAPassedThroughGradient() {
        try (Scope s = Scope.open()) {
            Tensor a = Tensor.of(new float[] {1f, 2f}, 2).requiresGrad(true);
            Tensor b = Tensor.of(new float[] {3f, 4f}, 2).requiresGrad(true);
            Tensor sum = a.add(b); // passes its gradient to both a and b unchanged
            Tensor out = sum.add(a).mul(b); // a used again, b used twice
            out.sum().backward();
            // out = (a + b + a) * b: d/da = 2b, d/db = 2a + 2b
            assertArrayEquals(new float[] {6f, 8f}, a.grad().toArray(), 1e-6f);
            assertArrayEquals(new float[] {8f, 12f}, b.grad().toArray(), 1e-6f);
        }
    }

    @Test
    void deepChainsDoNotOverflowTheStack() {
        try (Scope s = Scope.open()) {
            Tensor x = Tensor.of(new float[] {1f}, 1).requiresGrad(true);
            Tensor y = x;
            for (int i = 0; i < 20_000; i++) y = y.add(0f);
            y.sum().backward();
            assertEquals(1f, x.grad().item(), 0f);
        }
    }

    @Test
    void noGradRecordsNothingAndDetachCutsTheGraph() {
        try (Scope s = Scope.open()) {
            Tensor x = Tensor.of(new float[] {1f, 2f}, 2).requiresGrad(true);
            try (Autograd.Mode ng = Autograd.noGrad()) {
                Tensor y = x.mul(2f);
                assertFalse(y.requiresGrad());
                assertNull(y.gradFn());
            }
            Tensor d = x.detach();
            assertFalse(d.requiresGrad());
            assertTrue(x.mul(2f).requiresGrad());
            assertThrows(IllegalStateException.class, () -> d.sum().backward());
        }
    }

    @Test
    void nonScalarBackwardNeedsASeedOfItsShape() {
        try (Scope s = Scope.open()) {
            Tensor x = Tensor.of(new float[] {1f, 2f}, 2).requiresGrad(true);
            Tensor y = x.mul(x);
            assertThrows(ShapeException.class, y::backward);
            y.backward(Tensor.of(new float[] {1f, 0.5f}, 2));
            assertArrayEquals(new float[] {2f, 2f}, x.grad().toArray(), 1e-6f);
        }
    }

    @Test
    void retainGradKeepsAnIntermediateGradient() {
        try (Scope s = Scope.open()) {
            Tensor x = Tensor.of(new float[] {1f, 2f}, 2).requiresGrad(true);
            Tensor h = x.mul(3f).retainGrad();
            h.square().sum().backward();
            assertArrayEquals(new float[] {6f, 12f}, h.grad().toArray(), 1e-6f);
        }
    }
}
