package dev.blocknas.tensor.cpu;

import dev.blocknas.tensor.Backends;
import dev.blocknas.tensor.Device;
import dev.blocknas.tensor.MemoryStats;
import dev.blocknas.tensor.Scope;
import dev.blocknas.tensor.Tensor;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The CPU backend's pool of freed arrays: reuse by exact length, NaN contents when poisoned, a bounded cache. */
class ArrayPoolTest {

    @Test
    void aFreedArrayIsReusedForTheSameLengthOnly() {
        ArrayPool pool = new ArrayPool(1 << 20, false);
        float[] a = pool.take(100);
        java.util.Arrays.fill(a, 7f);
        pool.give(a);
        assertEquals(400, pool.cachedBytes());
        float[] other = pool.take(99);
        assertNotSame(a, other, "another length is a new array");
        float[] again = pool.take(100);
        assertSame(a, again, "the same length reuses the freed array");
        assertEquals(7f, again[99], "reused arrays are not cleared");
        assertEquals(1, pool.hits());
        assertEquals(0, pool.cachedBytes());
    }

    @Test
    void aPoisonedPoolHandsOutNaNArraysNewOrReused() {
        ArrayPool pool = new ArrayPool(1 << 20, true);
        float[] a = pool.take(10);
        for (float v : a) assertTrue(Float.isNaN(v), "a new array is poisoned");
        java.util.Arrays.fill(a, 1f);
        pool.give(a);
        float[] again = pool.take(10);
        assertSame(a, again);
        for (float v : again) assertTrue(Float.isNaN(v), "a reused array is poisoned");
    }

    @Test
    void theCacheNeverHoldsMoreThanItsLimit() {
        ArrayPool pool = new ArrayPool(1000, false);
        pool.give(new float[200]); // 800 bytes
        assertEquals(800, pool.cachedBytes());
        pool.give(new float[100]); // would make 1200: the old cache is dropped first
        assertEquals(400, pool.cachedBytes());
        pool.give(new float[1000]); // larger than the limit: not kept
        assertEquals(400, pool.cachedBytes());
        pool.clear();
        assertEquals(0, pool.cachedBytes());
    }

    @Test
    void tensorsOfAStepReuseTheStoragesOfTheStepBefore() {
        CpuBackend cpu = (CpuBackend) Backends.get(Device.CPU);
        for (int step = 0; step < 3; step++) {
            MemoryStats before = cpu.memoryStats();
            try (Scope s = Scope.open()) {
                Tensor x = Tensor.of(Device.CPU, new float[] {1, 2, 3, 4, 5, 6}, 2, 3);
                Tensor y = x.mul(x).add(x);
                assertArrayEquals(new float[] {2, 6, 12, 20, 30, 42}, y.toArray());
                Tensor z = Tensor.empty(Device.CPU, 12345);
                z.backend().fill(z, 3f);
                assertEquals(3f, z.toArray()[12344]);
            }
            MemoryStats after = cpu.memoryStats();
            assertEquals(before.bytesInUse(), after.bytesInUse(), "every storage of the step is freed");
            if (step > 0)
                assertTrue(after.cacheHits() >= before.cacheHits() + 4, "later steps are served from the pool");
        }
    }

    @Test
    void aFreedTensorCannotBeReadThroughItsOldStorage() {
        Tensor t = Tensor.of(Device.CPU, new float[] {1, 2}, 2);
        t.close();
        assertThrows(IllegalStateException.class, t::toArray);
    }
}
