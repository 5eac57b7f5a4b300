package dev.blocknas.nas.run;

import dev.blocknas.layers.arch.ActivationCount;
import dev.blocknas.layers.arch.Architecture;
import dev.blocknas.layers.arch.ParameterCount;
import dev.blocknas.supernet.space.SearchSpace;
import dev.blocknas.supernet.space.SearchSpaces;
import dev.blocknas.tensor.Device;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The memory plan: the documented estimate, and a refusal in one sentence that names the setting to change. */
class RunPlanMemoryTest {
    @Test
    void theEstimateIsFourCopiesOfTheWeightsAndThreeOfEveryActivation() {
        Architecture a = Architecture.parse("stem_c8_s2/ir_k3_e3_c16_s2/head_c32");
        double params = ParameterCount.of(a, 1, 10);
        double activations = ActivationCount.of(a, 1, 28).total();
        assertEquals(4 * (4 * params + 3 * 64 * activations), RunPlan.trainingBytes(a, 1, 10, 28, 64));
        assertEquals(4 * params, RunPlan.weightBytes(a, 1, 10));
    }

    @Test
    void theLargestNetworkTakesEveryBlockAtItsDeepestAndWidest() {
        SearchSpace tiny = dev.blocknas.supernet.space.SearchSpaceJson.parse(TinySpace.JSON, "tiny.json");
        assertEquals("stem_c8_s2/ir_k5_e3_c12_s2-ir_k5_e3_c12_s1/ir_k5_e6_c16_s2/head_c32",
                RunPlan.largest(tiny).toString());
    }

    @Test
    void aBatchTooLargeForTheHeapIsRefusedBeforeWork() {
        SearchSpace mnist = SearchSpaces.get("mnist");
        assertDoesNotThrow(() -> RunPlan.checkMemory(mnist, 64, Device.CPU));
        var e = assertThrows(IllegalArgumentException.class, () -> RunPlan.checkMemory(mnist, 1_000_000, Device.CPU));
        String m = e.getMessage();
        assertTrue(m.startsWith("Training the largest network of the mnist space at batch 1000000 needs about ")
                && m.contains(String.format("more than the %,d MB Java heap: lower --batch",
                        Runtime.getRuntime().maxMemory() >> 20))
                && m.endsWith(".") && !m.contains("\n"), m);
        // A GPU's memory is not on the heap, and the backend does not report how much it has.
        assertDoesNotThrow(() -> RunPlan.checkMemory(mnist, 1_000_000, Device.cuda(0)));
    }

    @Test
    void anAbsurdNetworkIsRefusedWithoutAHeapSuggestion() {
        Architecture huge = Architecture.parse("stem_c16_s2/ir_k3_e6_c5000000_s1/head_c256");
        var e = assertThrows(IllegalArgumentException.class,
                () -> RunPlan.checkTraining("Training it", huge, SearchSpaces.get("mnist"), 64,
                        Device.CPU, "use a smaller network"));
        assertTrue(
                e.getMessage().startsWith("Training it at batch 64 needs about ")
                        && e.getMessage().endsWith(": use a smaller network."),
                e.getMessage());
    }
}
