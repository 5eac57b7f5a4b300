package dev.blocknas.bench.cpu;

import dev.blocknas.tensor.Backends;
import dev.blocknas.tensor.Device;
import dev.blocknas.tensor.MemoryStats;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Issue 10's "steady-state steps allocate no new tensor storage": once a training step has run, every storage a
 * later step asks for is served from the CPU backend's pool of freed arrays, none is new.
 */
class SteadyStateAllocationTest {
    @Test
    void aSteadyTrainingStepTakesEveryStorageFromThePool() {
        try (NetworkStep step = new NetworkStep(NetworkWorkload.TEACHER_K3, 4, 11)) {
            step.step();
            step.step();
            MemoryStats before = Backends.get(Device.CPU).memoryStats();
            step.step();
            MemoryStats after = Backends.get(Device.CPU).memoryStats();
            long storages = after.allocations() - before.allocations();
            long fromPool = after.cacheHits() - before.cacheHits();
            assertTrue(storages > 100, "a step asks for storages: " + storages);
            assertEquals(storages, fromPool, "storages of the third step not served by the pool");
        }
    }
}
