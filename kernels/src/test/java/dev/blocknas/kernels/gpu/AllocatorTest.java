package dev.blocknas.kernels.gpu;

import dev.blocknas.kernels.CudaBackend;
import dev.blocknas.kernels.driver.DeviceOutOfMemoryException;
import dev.blocknas.kernels.driver.CachingAllocator;
import dev.blocknas.tensor.Scope;
import dev.blocknas.tensor.Tensor;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The caching allocator: reuse, counters, double frees, and its one-sentence out-of-memory error. */
@Tag("gpu")
@SuppressWarnings("try")
class AllocatorTest {
    private final CudaBackend gpu = Gpu.backend();

    @Test
    void freedBlocksAreReusedAndCounted() {
        CachingAllocator a = gpu.allocator();
        long inUse = a.bytesInUse();
        CachingAllocator.Block b = a.allocate(1000);
        assertEquals(1024, b.size(), "512-byte granules below 1 MiB");
        assertEquals(inUse + 1024, a.bytesInUse());
        long hits = a.cacheHits();
        a.free(b);
        CachingAllocator.Block again = a.allocate(900);
        assertEquals(b.address(), again.address(), "the freed block of the same class comes back");
        assertEquals(hits + 1, a.cacheHits());
        a.free(again);
        assertThrows(IllegalStateException.class, () -> a.free(again), "a double free fails loudly");
        CachingAllocator.Block big = a.allocate(3L << 20);
        assertEquals(4L << 20, big.size(), "2 MiB granules above 1 MiB");
        a.free(big);
        assertEquals(inUse, a.bytesInUse());
    }

    @Test
    void tensorsReturnTheirMemoryWhenTheirScopeCloses() {
        long inUse = gpu.memoryStats().bytesInUse();
        try (Scope s = Scope.open()) {
            Tensor.zeros(Gpu.DEV, 1000, 1000);
            assertTrue(gpu.memoryStats().bytesInUse() >= inUse + 4_000_000);
        }
        assertEquals(inUse, gpu.memoryStats().bytesInUse());
    }

    @Test
    void runningOutOfMemorySaysSoInOneSentence() {
        DeviceOutOfMemoryException e = assertThrows(DeviceOutOfMemoryException.class,
                () -> gpu.allocator().allocate(1L << 50));
        String m = e.getMessage();
        assertTrue(m.startsWith("GPU out of memory: asked for 1048576.0 GiB with ") && m.endsWith(" free on cuda:0."),
                m);
    }
}
