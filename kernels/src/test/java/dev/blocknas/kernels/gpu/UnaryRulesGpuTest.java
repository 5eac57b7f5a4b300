package dev.blocknas.kernels.gpu;

import dev.blocknas.tensor.Device;
import dev.blocknas.tensor.ops.UnaryRulesTest;
import org.junit.jupiter.api.Tag;

/** The CUDA fused unary kernels against the composed definitions of {@code UnaryRules}, as {@link UnaryRulesTest} holds the CPU's. */
@Tag("gpu")
class UnaryRulesGpuTest extends UnaryRulesTest {
    @Override
    protected Device device() {
        Gpu.backend();
        return Gpu.DEV;
    }
}
