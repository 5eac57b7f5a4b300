package dev.blocknas.kernels.depthwise;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertNull;

/**
 * Where the tiled depthwise planner declines (the simple kernels then run). What the plans it does make
 * compute is checked by running the CUDA sources on the CPU emulator (emu.DepthwiseEmulationTest).
 */
class DepthwiseLaunchTest {
    @Test
    void unsupportedOrOversizedShapesGetNoPlan() {
        assertNull(DepthwiseLaunch.of(DepthwiseLaunch.Kind.FORWARD, 1, 1, 9, 9, 9, 1, 4, 9, 9, true, 132), "k = 9");
        assertNull(DepthwiseLaunch.of(DepthwiseLaunch.Kind.FORWARD, 1, 1, 9, 9, 3, 3, 1, 3, 3, true, 132), "stride 3");
        assertNull(DepthwiseLaunch.of(DepthwiseLaunch.Kind.FORWARD, 1, 1, 16, 4000, 7, 1, 3, 16, 4000, true, 132),
                "rows over 48 KB");
    }
}
