package dev.blocknas.layers.nn;

import dev.blocknas.layers.arch.ArchitectureCodec;
import dev.blocknas.tensor.Device;
import dev.blocknas.tensor.Rng;
import dev.blocknas.tensor.Scope;
import dev.blocknas.tensor.Tensor;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** The Activation table is the single definition: tokens, where they may appear, and the forward pass. */
class ActivationTest {
    @Test
    void everyTokenNamesItsEntryAndTheCellTokensComeFromTheTable() {
        for (Activation a : Activation.values()) assertSame(a, Activation.fromToken(a.token().toUpperCase()));
        assertEquals("relu, relu6, swish or hswish", Activation.cellTokens());
    }

    @Test
    @SuppressWarnings("try")
    void theForwardPassIsTheTensorOpItNames() {
        try (Scope s = Scope.open()) {
            Tensor x = Tensor.randn(new Rng(5), Device.CPU, 4, 7).mul(4f);
            assertArrayEquals(x.relu6().toArray(), Activation.RELU6.apply(x).toArray());
            assertArrayEquals(x.silu().toArray(), Activation.SWISH.apply(x).toArray());
            assertArrayEquals(x.hardSwish().toArray(), Activation.HARD_SWISH.apply(x).toArray());
            assertSame(x, Activation.IDENTITY.apply(x));
        }
    }

    @Test
    void internalActivationsAreRefusedInArchitectureStrings() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> ArchitectureCodec.decode("stem_c8_s2/ir_k3_e3_c8_s1_sigmoid/head_c16"));
        assertEquals(true, e.getMessage().contains("sigmoid"), e.getMessage());
    }
}
