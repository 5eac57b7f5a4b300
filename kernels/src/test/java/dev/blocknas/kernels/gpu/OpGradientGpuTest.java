package dev.blocknas.kernels.gpu;

import dev.blocknas.tensor.Device;
import dev.blocknas.tensor.ops.OpGradientTest;
import org.junit.jupiter.api.Tag;

/** The op table of {@link OpGradientTest} (every op's gradient against finite differences) run on CUDA. */
@Tag("gpu")
class OpGradientGpuTest extends OpGradientTest {
    @Override
    protected Device device() {
        Gpu.backend();
        return Gpu.DEV;
    }
}
