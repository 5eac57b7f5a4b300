package dev.blocknas.kernels.depthwise;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * What the tiled depthwise planner chooses: busy threads on the benchmark workloads, and where it declines
 * (the simple kernels then run). What its plans compute is checked by running the CUDA sources on the CPU
 * emulator (emu.DepthwiseEmulationTest).
 */
class DepthwiseLaunchTest {
    /** n, c, h, k, stride of the seven workloads of torch_anchor.py. */
    private static final int[][] ANCHOR = {{128, 96, 112, 3, 2}, {128, 144, 56, 3, 1}, {128, 240, 28, 5, 1},
            {128, 480, 14, 7, 1}, {128, 1152, 7, 5, 1}, {256, 96, 32, 3, 1}, {256, 192, 16, 5, 1}};

    @Test
    void theBenchmarkWorkloadsKeepThreeQuartersOfTheThreadSlotsBusy() {
        for (int[] w : ANCHOR) {
            int pad = w[3] / 2, out = (w[2] + 2 * pad - w[3]) / w[4] + 1;
            for (DepthwiseLaunch.Kind kind : DepthwiseLaunch.Kind.values()) {
                DepthwiseLaunch p = DepthwiseLaunch.of(kind, w[0], w[1], w[2], w[2], w[3], w[4], pad, out, out, true,
                        132);
                String what = kind + " " + java.util.Arrays.toString(w) + ": P=" + p.planesPerTile() + " rows="
                        + p.tileRows();
                assertTrue(p.threadSlotsBusy() >= 0.75, what + " busy " + p.threadSlotsBusy());
                assertTrue(p.sharedBytes() <= 26 * 1024,
                        what + " keeps 8 blocks of shared memory per H100 SM: " + p.sharedBytes());
            }
        }
        // 56-row planes in two balanced tiles of 28 rows (one of 40 and one of 16 kept 51% of the slots busy).
        DepthwiseLaunch h56 = DepthwiseLaunch.of(DepthwiseLaunch.Kind.FORWARD, 128, 144, 56, 56, 3, 1, 1, 56, 56, true,
                132);
        assertEquals(28, h56.tileRows());
    }

    @Test
    void unsupportedOrOversizedShapesGetNoPlan() {
        assertNull(DepthwiseLaunch.of(DepthwiseLaunch.Kind.FORWARD, 1, 1, 9, 9, 9, 1, 4, 9, 9, true, 132), "k = 9");
        assertNull(DepthwiseLaunch.of(DepthwiseLaunch.Kind.FORWARD, 1, 1, 9, 9, 3, 3, 1, 3, 3, true, 132), "stride 3");
        assertNull(DepthwiseLaunch.of(DepthwiseLaunch.Kind.FORWARD, 1, 1, 16, 4000, 7, 1, 3, 16, 4000, true, 132),
                "rows over 48 KB");
    }
}
