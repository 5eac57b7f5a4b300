package dev.blocknas.bench.cpu;

import dev.blocknas.tensor.Backends;
import dev.blocknas.tensor.Device;
import dev.blocknas.tensor.cpu.CpuBackend;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

/**
 * CPU storages are handed out uncleared: every kernel of a whole training step (forward, backward, SGD) must
 * write each element of its output before reading it. With every new storage filled with NaN, the losses of three
 * steps (each after the updates of the ones before) must be bit-identical to those of an unpoisoned run.
 */
class PoisonedStorageTest {
    @Test
    void theTeacherStepReadsNoElementItHasNotWritten() {
        assertSameLosses(NetworkWorkload.TEACHER_K3);
    }

    @Test
    void theCifarStepWithSqueezeExcitationReadsNoElementItHasNotWritten() {
        assertSameLosses(NetworkWorkload.CIFAR_MID);
    }

    private static void assertSameLosses(NetworkWorkload workload) {
        float[] clean = losses(workload, false);
        float[] poisoned = losses(workload, true);
        for (int i = 0; i < clean.length; i++) {
            assertFalse(Float.isNaN(poisoned[i]), "step " + i + " read a poisoned element");
            assertEquals(Float.floatToIntBits(clean[i]), Float.floatToIntBits(poisoned[i]), "step " + i);
        }
    }

    private static float[] losses(NetworkWorkload workload, boolean poison) {
        CpuBackend cpu = (CpuBackend) Backends.get(Device.CPU);
        boolean was = cpu.poisonStorage(poison);
        try (NetworkStep step = new NetworkStep(workload, 2, 5)) {
            return new float[] {step.step(), step.step(), step.step()};
        } finally {
            cpu.poisonStorage(was);
        }
    }
}
