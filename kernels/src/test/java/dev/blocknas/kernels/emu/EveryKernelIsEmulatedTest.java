package dev.blocknas.kernels.emu;

import org.junit.jupiter.api.Test;

import java.lang.reflect.Method;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Every kernel entry point in the checked-in PTX has an emulated check: some emulation test declares it in
 * {@link Covers} (and {@link Covers.Check} makes that test launch it). A new kernel fails here until a test
 * checks it on the emulator, or until it is added to {@link #NOT_EMULATED} with the reason.
 */
class EveryKernelIsEmulatedTest {
    /** The emulation tests. A test class missing here leaves its kernels uncovered, so this fails. */
    static final List<Class<?>> TESTS = List.of(DepthwiseEmulationTest.class, ElementwiseEmulationTest.class,
            ReduceEmulationTest.class, SoftmaxEmulationTest.class, OptimizerEmulationTest.class,
            PoolingEmulationTest.class, RandomEmulationTest.class, FusedEmulationTest.class);

    /**
     * Entry points deliberately without an emulated check, each with its reason. Empty: every kernel of the
     * PTX is run on the emulator against the CPU backend.
     */
    static final Set<String> NOT_EMULATED = Set.of();

    static Set<String> covered() {
        Set<String> out = new TreeSet<>();
        for (Class<?> c : TESTS) {
            for (Method m : c.getDeclaredMethods()) out.addAll(Covers.Check.resolve(m));
        }
        return out;
    }

    @Test
    void everyPtxEntryPointHasAnEmulatedCheck() {
        Set<String> missing = new TreeSet<>(PtxIndex.entries().keySet());
        missing.removeAll(covered());
        missing.removeAll(NOT_EMULATED);
        assertTrue(missing.isEmpty(), "kernels in the PTX with no emulated check (add a @Covers test): " + missing);
    }

    @Test
    void theAllowlistHoldsOnlyUncheckedKernelsOfThePtx() {
        for (String k : NOT_EMULATED) {
            assertTrue(PtxIndex.entries().containsKey(k), k + " is not in the PTX any more: drop it from NOT_EMULATED");
            assertTrue(!covered().contains(k), k + " now has an emulated check: drop it from NOT_EMULATED");
        }
    }

    @Test
    void theEmulatorRegistersEveryEntryPointOfThePtx() {
        try (EmulatedGpu gpu = EmulatedGpu.start(EmulatorBuild.Sanitizer.ADDRESS_UNDEFINED, 1)) {
            assertEquals(new TreeSet<>(PtxIndex.entries().keySet()), new TreeSet<>(gpu.kernels()));
        }
    }

    @Test
    void thePtxIndexSeesEveryModuleAndTheStaticSharedMemory() {
        assertEquals(11, PtxIndex.modules().size(), PtxIndex.modules().toString());
        assertEquals(7 * 7 * 8 * 4, PtxIndex.entries().get("depthwise_backward_filter_k7_s1").staticSharedBytes());
        assertEquals(0, PtxIndex.entries().get("depthwise_forward_k7_s1").staticSharedBytes());
    }
}
