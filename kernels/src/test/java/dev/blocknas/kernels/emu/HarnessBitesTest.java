package dev.blocknas.kernels.emu;

import dev.blocknas.kernels.depthwise.DepthwiseKernels.Variant;
import dev.blocknas.kernels.emu.EmulatorBuild.Sanitizer;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.SplittableRandom;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The emulation catches the faults it exists for: a copy of the sources without the barrier that ends the
 * tile staging (dw_stage) fails under ThreadSanitizer with a data race and, without any sanitizer's help,
 * on values (the fibers' alternating order lets threads compute on a half-staged tile); a dynamic shared
 * buffer 16 bytes short of the plan fails under AddressSanitizer.
 */
class HarnessBitesTest {
    private static final int[] SHAPE = {2, 3, 13, 16, 3, 1, 1};
    /** The barrier between staging the tile and computing on it, at the end of dw_stage. */
    private static final String STAGING_BARRIER = "    }\n    __syncthreads();\n}\n";

    @Test
    void aMissingBarrierIsADataRaceUnderThreadSanitizer() throws IOException {
        assumeTrue(EmulatorBuild.unavailable(Sanitizer.THREAD) == null,
                () -> EmulatorBuild.unavailable(Sanitizer.THREAD));
        Path broken = withoutStagingBarrier();
        try (EmulatedGpu gpu = new EmulatedGpu(
                EmulatorBuild.binary(Sanitizer.THREAD, broken, List.of("depthwise_forward")), 132)) {
            EmulatedGpu.EmulatorFault f = assertThrows(EmulatedGpu.EmulatorFault.class,
                    () -> DepthwiseEmulationTest.check(gpu, SHAPE, Variant.TILED, true, new SplittableRandom(1)));
            assertTrue(f.report.contains("ThreadSanitizer: data race"), f.report);
            assertTrue(f.report.contains("depthwise_forward"), f.report);
        }
    }

    @Test
    void aMissingBarrierGivesWrongValues() throws IOException {
        assumeTrue(EmulatorBuild.unavailable(Sanitizer.ADDRESS_UNDEFINED) == null,
                () -> EmulatorBuild.unavailable(Sanitizer.ADDRESS_UNDEFINED));
        Path broken = withoutStagingBarrier();
        Path exe = EmulatorBuild.binary(Sanitizer.ADDRESS_UNDEFINED, broken, List.of("depthwise_forward"));
        try (EmulatedGpu gpu = new EmulatedGpu(exe, 132)) {
            AssertionError e = assertThrows(AssertionError.class,
                    () -> DepthwiseEmulationTest.check(gpu, SHAPE, Variant.TILED, true, new SplittableRandom(2)));
            assertTrue(e.getMessage().contains("forward") && e.getMessage().contains("elements off"), e.getMessage());
        }
    }

    @Test
    void aShortSharedBufferIsCaughtByAddressSanitizer() {
        try (EmulatedGpu gpu = EmulatedGpu.start(Sanitizer.ADDRESS_UNDEFINED, 132)) {
            gpu.shortenSharedMemory(16);
            EmulatedGpu.EmulatorFault f = assertThrows(EmulatedGpu.EmulatorFault.class,
                    () -> DepthwiseEmulationTest.check(gpu, SHAPE, Variant.TILED, true, new SplittableRandom(3)));
            assertTrue(f.report.contains("AddressSanitizer: use-after-poison"), f.report);
            assertTrue(f.report.contains("dw_stage"), f.report);
        }
    }

    /** A copy of src/main/cuda whose dw_stage lacks its last barrier. */
    private static Path withoutStagingBarrier() throws IOException {
        Path dir = Files.createTempDirectory("cuda-broken");
        try (Stream<Path> files = Files.list(EmulatorBuild.CUDA)) {
            for (Path f : files.toList()) Files.copy(f, dir.resolve(f.getFileName()));
        }
        Path common = dir.resolve("depthwise_common.cuh");
        String text = Files.readString(common);
        int at = text.indexOf(STAGING_BARRIER);
        assertTrue(at >= 0 && text.indexOf(STAGING_BARRIER, at + 1) < 0,
                "depthwise_common.cuh changed: point STAGING_BARRIER at the one barrier that ends dw_stage");
        Files.writeString(common, text.replace(STAGING_BARRIER, "    }\n}\n"));
        return dir;
    }
}
