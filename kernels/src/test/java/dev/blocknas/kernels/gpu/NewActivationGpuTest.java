package dev.blocknas.kernels.gpu;

import dev.blocknas.tensor.Device;
import dev.blocknas.tensor.ops.NewActivationTest;
import org.junit.jupiter.api.Tag;

/** The activations declared in {@link NewActivationTest}, from existing ops only, gradient-checked and trained on CUDA. */
@Tag("gpu")
class NewActivationGpuTest extends NewActivationTest {
    @Override
    protected Device device() {
        Gpu.backend();
        return Gpu.DEV;
    }
}
