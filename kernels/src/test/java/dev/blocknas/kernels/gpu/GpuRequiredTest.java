package dev.blocknas.kernels.gpu;

import dev.blocknas.tensor.Backends;
import org.junit.jupiter.api.Test;
import org.opentest4j.AssertionFailedError;
import org.opentest4j.TestAbortedException;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

/**
 * Without a GPU, the GPU tests' backend() skips them, and fails them when the device run demands a GPU
 * ({@code -Dblocknas.gpu.required=true}). Runs in plain CI, where there is no GPU.
 */
class GpuRequiredTest {
    @Test
    void aMissingGpuSkipsUnlessTheGpuIsRequired() {
        assumeFalse(Backends.cudaAvailable(), "this machine has a usable GPU");
        String before = System.getProperty(Gpu.REQUIRED);
        try {
            System.clearProperty(Gpu.REQUIRED);
            assertThrows(TestAbortedException.class, Gpu::backend);
            System.setProperty(Gpu.REQUIRED, "true");
            AssertionFailedError e = assertThrows(AssertionFailedError.class, Gpu::backend);
            assertTrue(e.getMessage().contains("no usable GPU") && e.getMessage().contains(Gpu.REQUIRED),
                    e.getMessage());
        } finally {
            if (before == null) System.clearProperty(Gpu.REQUIRED);
            else System.setProperty(Gpu.REQUIRED, before);
        }
    }
}
