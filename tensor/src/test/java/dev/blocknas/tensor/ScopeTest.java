package dev.blocknas.tensor;

import dev.blocknas.tensor.ops.Convolutions;
import dev.blocknas.tensor.ops.Losses;
import dev.blocknas.tensor.ops.Normalization;
import dev.blocknas.tensor.ops.Pooling;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ScopeTest {

    @Test
    void aTrainingStepFreesEveryIntermediate() {
        Backend cpu = Backends.cpu();
        Rng rng = new Rng(1);
        Tensor w = Tensor.randn(rng, 0f, 0.1f, Device.CPU, 8, 3, 3, 3).requiresGrad(true).persist();
        Tensor gamma = Tensor.ones(Device.CPU, 8).requiresGrad(true).persist();
        Tensor beta = Tensor.zeros(Device.CPU, 8).requiresGrad(true).persist();
        Tensor rm = Tensor.zeros(Device.CPU, 8).persist();
        Tensor rv = Tensor.ones(Device.CPU, 8).persist();
        Tensor fc = Tensor.randn(rng, 0f, 0.1f, Device.CPU, 10, 8).requiresGrad(true).persist();
        Tensor velocity = Tensor.zeros(Device.CPU, 8, 3, 3, 3).persist();
        long baseline = -1;
        for (int step = 0; step < 3; step++) {
            try (Scope s = Scope.open()) {
                Tensor x = Tensor.randn(rng, Device.CPU, 4, 3, 9, 9);
                Tensor labels = Tensor.of(new float[] {1, 2, 3, 4}, 4);
                Tensor h = Convolutions.conv2d(x, w, null, 2, 1, 1, 1);
                h = Normalization.batchNorm2d(h, gamma, beta, rm, rv, true, 0.1f, 1e-5f).relu6();
                Tensor logits = Pooling.globalAvgPool(h).flatten(1).matmul(fc.transpose(0, 1));
                Losses.crossEntropy(logits, labels, 0.1f).backward();
                cpu.sgdStep(w, w.grad(), velocity, 0.1f, 0.9f, 0f, false);
                assertTrue(s.liveTensors() > 10);
            }
            for (Tensor p : new Tensor[] {w, gamma, beta, fc}) p.zeroGrad();
            long live = cpu.memoryStats().bytesInUse();
            if (baseline < 0) baseline = live;
            assertEquals(baseline, live, "live bytes after step " + step);
        }
        for (Tensor t : new Tensor[] {w, gamma, beta, rm, rv, fc, velocity}) t.close();
    }

    @Test
    void liveBytesReturnToTheirValueBeforeTheScope() {
        Backend cpu = Backends.cpu();
        long before = cpu.memoryStats().bytesInUse();
        try (Scope s = Scope.open()) {
            Tensor a = Tensor.ones(Device.CPU, 1000);
            a.add(a).exp().sum();
            assertNotEquals(before, cpu.memoryStats().bytesInUse());
        }
        assertEquals(before, cpu.memoryStats().bytesInUse());
    }

    @Test
    void useAfterCloseThrowsAndKeepMovesToTheParent() {
        Tensor escaped;
        Tensor kept;
        try (Scope outer = Scope.open()) {
            try (Scope inner = Scope.open()) {
                escaped = Tensor.ones(Device.CPU, 3);
                kept = Tensor.ones(Device.CPU, 3).keep();
            }
            IllegalStateException e = assertThrows(IllegalStateException.class, () -> escaped.add(escaped));
            assertTrue(e.getMessage().contains("used after it was freed"), e.getMessage());
            assertEquals(3f, kept.sum().item(), 0f);
        }
        assertTrue(kept.isClosed());
    }

    @Test
    void viewsKeepStorageAliveUntilTheLastOneCloses() {
        Tensor base = Tensor.ones(Device.CPU, 2, 3).persist();
        Tensor view = base.reshape(3, 2).persist();
        base.close();
        assertEquals(6f, view.sum().item(), 0f);
        view.close();
        assertTrue(view.isClosed());
    }

    @Test
    void scopesMustCloseInOrder() {
        Scope outer = Scope.open();
        Scope inner = Scope.open();
        assertThrows(IllegalStateException.class, outer::close);
        inner.close();
        outer.close();
    }
}
