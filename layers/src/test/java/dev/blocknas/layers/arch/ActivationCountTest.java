package dev.blocknas.layers.arch;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** The values a network's convolutions output per image, counted by hand for a small network. */
class ActivationCountTest {
    @Test
    void everyConvolutionOutputAndTheInputCount() {
        ActivationCount a = ActivationCount.of(ArchitectureCodec.decode("stem_c8_s2/ir_k3_e3_c16_s2/head_c32"), 1, 28);
        double input = 28 * 28;
        double stem = 8 * 14 * 14;
        double expansion = 24 * 14 * 14;
        double depthwise = 24 * 7 * 7;
        double projection = 16 * 7 * 7;
        double head = 32 * 7 * 7;
        assertEquals(input + stem + expansion + depthwise + projection + head, a.total());
        assertEquals(expansion, a.largest());
    }

    @Test
    void skipsAndExpansionOneAddNoConvolution() {
        ActivationCount a = ActivationCount.of(ArchitectureCodec.decode("stem_c8_s1/ir_k3_e1_c8_s1-skip"), 1, 10);
        assertEquals(100 + 3 * 800, a.total(), "input, stem, depthwise and projection");
    }

    @Test
    void absurdWidthsGiveLargeNumbersNotOverflows() {
        ActivationCount a = ActivationCount.of(ArchitectureCodec.decode("stem_c16_s2/ir_k3_e6_c5000000_s1/head_c256"),
                1, 28);
        assertEquals(5_000_000.0 * 14 * 14, a.largest());
    }
}
