package dev.blocknas.layers.nn;

import dev.blocknas.tensor.Backends;
import dev.blocknas.tensor.Device;
import dev.blocknas.tensor.Rng;
import dev.blocknas.tensor.Scope;
import dev.blocknas.tensor.Tensor;
import org.junit.jupiter.api.Test;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ModuleTest {
    private static final Device CPU = Device.CPU;

    /** conv -> bn -> act -> pool -> flatten -> linear, as a two-level tree. */
    private static Sequential tiny(long seed) {
        Rng rng = new Rng(seed);
        return new Sequential(
                new Sequential(new Conv2d(3, 4, 3, 1, true, rng, CPU), new BatchNorm2d(4, CPU),
                        new Act(Activation.RELU)),
                new GlobalAvgPool(), new Flatten(), new Linear(4, 2, true, rng, CPU));
    }

    @Test
    void namesFollowTheTreeInRegistrationOrderAndStateDictAddsBuffers() {
        try (Sequential m = tiny(1)) {
            assertEquals(List.of("0.0.weight", "0.0.bias", "0.1.weight", "0.1.bias", "3.weight", "3.bias"),
                    List.copyOf(m.namedParameters().keySet()));
            assertEquals(List.of("0.1.running_mean", "0.1.running_var"), List.copyOf(m.namedBuffers().keySet()));
            assertEquals(
                    List.of("0.0.weight", "0.0.bias", "0.1.weight", "0.1.bias", "0.1.running_mean", "0.1.running_var",
                            "3.weight", "3.bias"),
                    List.copyOf(m.stateDict().keySet()));
            assertEquals(4 * 3 * 9 + 4 + 4 + 4 + 4 * 2 + 2, m.parameterCount());
            Map<String, Parameter> p = m.namedParameters();
            assertFalse(p.get("0.0.bias").decay(), "biases get no weight decay");
            assertFalse(p.get("0.1.weight").decay(), "batch-norm weights get no weight decay");
            assertTrue(p.get("0.0.weight").decay());
            assertTrue(p.get("3.weight").decay());
            assertEquals(List.of("", "0", "0.0", "0.1", "0.2", "1", "2", "3"), List.copyOf(m.namedModules().keySet()));
            assertEquals(1, m.modules(BatchNorm2d.class).size());
        }
    }

    /** A module whose members are registered from outside, for the registration checks. */
    private static final class Open extends Module {
        void param(String name) {
            registerParameter(name, Tensor.zeros(CPU, 2), true);
        }

        void buffer(String name) {
            registerBuffer(name, Tensor.zeros(CPU, 2));
        }

        @Override
        public Tensor forward(Tensor x) {
            return x;
        }
    }

    @Test
    void registeringTwoMembersUnderOneNameOrADottedNameFails() {
        try (Open m = new Open()) {
            m.param("w");
            var e = assertThrows(IllegalArgumentException.class, () -> m.buffer("w"));
            assertEquals("Open already has a member named \"w\"", e.getMessage());
            assertThrows(IllegalArgumentException.class, () -> m.param("a.b"));
            assertThrows(IllegalArgumentException.class, () -> m.param(""));
        }
    }

    @Test
    void trainAndEvalReachEveryDescendant() {
        try (Sequential m = tiny(2)) {
            assertTrue(m.isTraining());
            m.eval();
            for (Module c : m.modules()) assertFalse(c.isTraining(), c.toString());
            m.train();
            for (Module c : m.modules()) assertTrue(c.isTraining(), c.toString());
        }
    }

    @Test
    void loadStateDictCopiesValuesAndRejectsAShapeMismatchInOneSentence() {
        try (Sequential a = tiny(3); Sequential b = tiny(4); Scope ignored = Scope.open()) {
            assertFalse(java.util.Arrays.equals(a.stateDict().get("3.weight").toArray(),
                    b.stateDict().get("3.weight").toArray()));
            Module.LoadResult r = b.loadStateDict(a.stateDict(), true);
            assertTrue(r.missing().isEmpty() && r.unexpected().isEmpty());
            for (var e : a.stateDict().entrySet()) {
                assertTrue(java.util.Arrays.equals(e.getValue().toArray(), b.stateDict().get(e.getKey()).toArray()),
                        e.getKey());
            }
            LinkedHashMap<String, Tensor> bad = new LinkedHashMap<>(a.stateDict());
            bad.put("3.weight", Tensor.zeros(CPU, 3, 4));
            var e = assertThrows(StateDictMismatchException.class, () -> b.loadStateDict(bad, true));
            assertEquals(
                    "The state dict does not fit this network: 3.weight has shape [3, 4] in the state dict but [2, 4] in the network.",
                    e.getMessage());
            // also rejected when not strict: a shape mismatch is never silently skipped
            assertThrows(StateDictMismatchException.class, () -> b.loadStateDict(bad, false));
        }
    }

    @Test
    void missingAndUnexpectedNamesFailStrictlyAndAreReportedOtherwise() {
        try (Sequential a = tiny(5); Sequential b = tiny(6); Scope ignored = Scope.open()) {
            LinkedHashMap<String, Tensor> state = new LinkedHashMap<>(a.stateDict());
            state.remove("0.1.running_var");
            state.remove("3.bias");
            var e = assertThrows(StateDictMismatchException.class, () -> b.loadStateDict(state, true));
            assertEquals(
                    "The state dict does not fit this network: it has no 0.1.running_var (and 1 more tensor the network needs).",
                    e.getMessage());
            state.put("0.1.running_var", a.stateDict().get("0.1.running_var"));
            state.put("3.bias", a.stateDict().get("3.bias"));
            state.put("4.weight", Tensor.zeros(CPU, 1));
            state.put("0.1.num_batches_tracked", Tensor.zeros(CPU)); // PyTorch's counter: ignored
            var u = assertThrows(StateDictMismatchException.class, () -> b.loadStateDict(state, true));
            assertEquals(
                    "The state dict does not fit this network: 4.weight in the state dict has no place in the network.",
                    u.getMessage());
            Module.LoadResult r = b.loadStateDict(state, false);
            assertEquals(List.of("4.weight"), r.unexpected());
            assertEquals(List.of(), r.missing());
        }
    }

    @Test
    void zeroGradFreesGradientsAndRequiresGradFreezes() {
        try (Sequential m = tiny(7); Scope ignored = Scope.open()) {
            Tensor x = Tensor.randn(new Rng(1), CPU, 2, 3, 5, 5);
            m.forward(x).sum().backward();
            for (Parameter p : m.parameters()) assertNotNull(p.grad());
            m.zeroGrad();
            for (Parameter p : m.parameters()) assertNull(p.grad());
            m.requiresGrad(false);
            Tensor y = m.forward(x);
            assertFalse(y.requiresGrad(), "a frozen network records nothing");
        }
    }

    @Test
    void toTheSameDeviceKeepsTheTensorsAndCloseFreesAllMemory() {
        long before = Backends.cpu().memoryStats().bytesInUse();
        Sequential m = tiny(8);
        Tensor w = m.namedParameters().get("0.0.weight").tensor();
        assertSame(m, m.to(CPU));
        assertSame(w, m.namedParameters().get("0.0.weight").tensor());
        assertEquals(CPU, m.device());
        try (Scope ignored = Scope.open()) {
            m.forward(Tensor.randn(new Rng(2), CPU, 2, 3, 5, 5)).sum().backward();
        }
        m.close();
        assertTrue(w.isClosed());
        assertEquals(before, Backends.cpu().memoryStats().bytesInUse(),
                "closing the module frees parameters, buffers and gradients");
        assertThrows(IllegalStateException.class, () -> m.namedParameters().get("0.0.weight").tensor());
    }

    @Test
    void summaryListsTheTree() {
        try (Sequential m = tiny(9)) {
            String s = m.summary();
            assertTrue(s.startsWith("Sequential(4) [" + m.parameterCount() + " params]"), s);
            assertTrue(s.contains("  0: Sequential(3)"), s);
            assertTrue(s.contains("    1: BatchNorm2d(4, momentum 0.1, eps 1.0E-5) [8 params]"), s);
        }
    }
}
