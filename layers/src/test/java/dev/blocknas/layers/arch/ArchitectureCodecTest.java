package dev.blocknas.layers.arch;

import dev.blocknas.layers.nn.Activation;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ArchitectureCodecTest {
    static final String EXAMPLE = "stem_c32_s2/ir_k3_e1_c16_s1_se0.25/ir_k3_e6_c24_s2_se0.25-ir_k5_e3_c24_s1_se0.25/head_c1280";

    @Test
    void decodesTheLeadsExample() {
        Architecture a = ArchitectureCodec.decode(EXAMPLE);
        assertEquals(new StemSpec(32, 2, Activation.SWISH), a.stem());
        assertEquals(new HeadSpec(1280, Activation.SWISH), a.head());
        assertEquals(2, a.stages().size());
        assertEquals(List.of(CellSpec.ir(3, 1, 16, 1, 0.25, Activation.SWISH)), a.stages().get(0));
        assertEquals(
                List.of(CellSpec.ir(3, 6, 24, 2, 0.25, Activation.SWISH),
                        CellSpec.ir(5, 3, 24, 1, 0.25, Activation.SWISH)),
                a.stages().get(1));
        assertEquals(3, a.cellCount());
    }

    @Test
    void canonicalStringsRoundTripExactly() {
        for (String s : List.of(
                EXAMPLE,
                "ir_k3_e1_c16_s1",
                "stem_c16_s1_relu6/ir_k7_e4_c16_s1_se0.5_hswish-skip-ir_k5_e3_c16_s1_relu/head_c64_relu",
                "stem_c8_s2/ir_k3_e3_c8_s1-skip-skip/ir_k5_e6_c24_s2_se0.25",
                "ir_k3_e6_c24_s2_se1/skip/head_c32",
                "stem_c32_s2",
                "head_c1280_hswish",
                "stem_c24_s2/ir_k3_e12_c24_s1_se0.125_relu6")) {
            assertEquals(s, ArchitectureCodec.encode(ArchitectureCodec.decode(s)), s);
            assertEquals(s, Architecture.parse(s).toString());
        }
    }

    @Test
    void nonCanonicalSpellingsDecodeToTheCanonicalForm() {
        assertEquals("ir_k5_e6_c40_s2_se0.25", ArchitectureCodec.decode("ir_c40_se0.250_s2_e6_k5_swish").toString());
        assertEquals("stem_c32_s2/ir_k3_e1_c16_s1",
                ArchitectureCodec.decode("  stem_s2_c32/ir_k3_e1_c16_s1  ").toString());
    }

    private static void bad(String arch, String message, int stage, int cell) {
        var e = assertThrows(ArchitectureFormatException.class, () -> ArchitectureCodec.decode(arch), arch);
        assertEquals(message, e.getMessage());
        assertEquals(stage, e.stage(), "stage of " + arch);
        assertEquals(cell, e.cell(), "cell of " + arch);
    }

    @Test
    void errorsAreOneSentencePointingAtTheToken() {
        bad("ir_k3_e1_c16_s1/ir_k4_e6_c24_s2",
                "Bad architecture token \"ir_k4_e6_c24_s2\" (stage 2, cell 1): kernel must be 3, 5 or 7.", 2, 1);
        bad("stem_c32_s2/ir_k3_x9_c24_s1",
                "Bad architecture token \"ir_k3_x9_c24_s1\" (stage 2, cell 1): unknown part \"x9\".", 2, 1);
        bad("ir_k3_e6_c24_s2-ir_k3_e6_c24",
                "Bad architecture token \"ir_k3_e6_c24\" (stage 1, cell 2): missing the stride (s1 or s2).", 1, 2);
        bad("ir_k3_e6_c24_s3", "Bad architecture token \"ir_k3_e6_c24_s3\" (stage 1, cell 1): stride must be 1 or 2.",
                1, 1);
        bad("ir_k3_e0_c24_s1",
                "Bad architecture token \"ir_k3_e0_c24_s1\" (stage 1, cell 1): expansion must be at least 1.", 1, 1);
        bad("ir_k3_e6_c0_s1",
                "Bad architecture token \"ir_k3_e6_c0_s1\" (stage 1, cell 1): output channels must be at least 1.", 1,
                1);
        bad("ir_k3_e6_c24_s1_se1.5",
                "Bad architecture token \"ir_k3_e6_c24_s1_se1.5\" (stage 1, cell 1): squeeze-excite ratio must be in (0, 1].",
                1, 1);
        bad("ir_k3_e6_c24_s1_se0",
                "Bad architecture token \"ir_k3_e6_c24_s1_se0\" (stage 1, cell 1): squeeze-excite ratio must be in (0, 1].",
                1, 1);
        bad("ir_k3_e6_c24_s1_se.25",
                "Bad architecture token \"ir_k3_e6_c24_s1_se.25\" (stage 1, cell 1): part \"se.25\" needs a decimal ratio such as se0.25.",
                1, 1);
        bad("ir_k3_e6_c24_s1_sex",
                "Bad architecture token \"ir_k3_e6_c24_s1_sex\" (stage 1, cell 1): unknown part \"sex\".", 1, 1);
        bad("ir_k3.5_e6_c24_s1",
                "Bad architecture token \"ir_k3.5_e6_c24_s1\" (stage 1, cell 1): kernel must be a whole number, got \"k3.5\".",
                1, 1);
        bad("ir_k3_k5_e6_c24_s1",
                "Bad architecture token \"ir_k3_k5_e6_c24_s1\" (stage 1, cell 1): part \"k5\" repeats the kernel.", 1,
                1);
        bad("ir_k3_e6_c24_s1_relu_relu6",
                "Bad architecture token \"ir_k3_e6_c24_s1_relu_relu6\" (stage 1, cell 1): a second activation \"relu6\".",
                1, 1);
        bad("ir_k3_e6_c24_s1_sigmoid",
                "Bad architecture token \"ir_k3_e6_c24_s1_sigmoid\" (stage 1, cell 1): unknown part \"sigmoid\".", 1,
                1);
        bad("ir_k3__e6_c24_s1",
                "Bad architecture token \"ir_k3__e6_c24_s1\" (stage 1, cell 1): empty part (two \"_\" in a row, or a \"_\" at an end).",
                1, 1);
        bad("dw_k3_c16_s1",
                "Bad architecture token \"dw_k3_c16_s1\" (stage 1, cell 1): unknown cell type \"dw\" (use ir, skip, stem or head).",
                1, 1);
        bad("skip_c16", "Bad architecture token \"skip_c16\" (stage 1, cell 1): skip takes no parts.", 1, 1);
        bad("stem_c32_s2_k3",
                "Bad architecture token \"stem_c32_s2_k3\" (stage 1, cell 1): a stem takes no part \"k3\".", 1, 1);
        bad("ir_k3_e1_c16_s1/stem_c32_s2",
                "Bad architecture token \"stem_c32_s2\" (stage 2, cell 1): a stem may only stand alone, as the first stage.",
                2, 1);
        bad("head_c1280/ir_k3_e1_c16_s1",
                "Bad architecture token \"head_c1280\" (stage 1, cell 1): a head may only stand alone, as the last stage.",
                1, 1);
        bad("ir_k3_e1_c16_s1-head_c1280",
                "Bad architecture token \"head_c1280\" (stage 1, cell 2): a head may only stand alone, as the last stage.",
                1, 2);
        bad("head_c1280_s2", "Bad architecture token \"head_c1280_s2\" (stage 1, cell 1): a head takes no part \"s2\".",
                1, 1);
        bad("stem_c32_s2//head_c8",
                "Empty stage 2 in architecture \"stem_c32_s2//head_c8\": two \"/\" in a row, or a \"/\" at an end.", 2,
                0);
        bad("ir_k3_e1_c16_s1-",
                "Empty cell (stage 1, cell 2) in architecture \"ir_k3_e1_c16_s1-\": two \"-\" in a row, or a \"-\" at an end.",
                1, 2);
        bad("   ", "Empty architecture string.", 0, 0);
    }

    @Test
    void aSkipFirstInAStageThatChangesShapeIsReportedWhenLaidOut() {
        Architecture ok = ArchitectureCodec.decode("stem_c16_s2/skip-ir_k3_e3_c16_s1/ir_k3_e3_c24_s2-skip");
        assertEquals(24, ok.layout(3).features());
        Architecture bad = ArchitectureCodec.decode("stem_c16_s2/ir_k3_e3_c16_s1/skip-ir_k3_e6_c24_s2");
        var e = assertThrows(ArchitectureFormatException.class, () -> bad.layout(3));
        assertEquals(
                "Cell \"skip\" (stage 3, cell 1) cannot stand first in a stage that changes the stride and the width (16 -> 24 channels):"
                        + " the first cell of a stage must carry that change, and skip is an identity.",
                e.getMessage());
        assertEquals(3, e.stage());
        var w = assertThrows(ArchitectureFormatException.class,
                () -> ArchitectureCodec.decode("skip-ir_k3_e3_c8_s1").layout(3));
        assertTrue(w.getMessage().contains("changes the width (3 -> 8 channels)"), w.getMessage());
    }

    @Test
    void anExpansionPastWhatAnArrayHoldsIsReportedWhenLaidOut() {
        var e = assertThrows(ArchitectureFormatException.class,
                () -> ArchitectureCodec.decode("stem_c16_s2/ir_k3_e999999999_c24_s1/head_c256").layout(1));
        assertEquals(
                "Cell \"ir_k3_e999999999_c24_s1\" (stage 2, cell 1) expands 16 channels 999,999,999 times to 15,999,999,984,"
                        + " more than a layer can hold (2,147,483,647): use a smaller expansion or width.",
                e.getMessage());
        assertEquals(2, e.stage());
    }

    @Test
    void cellSpecsValidateTheirFields() {
        assertThrows(IllegalArgumentException.class, () -> CellSpec.ir(4, 6, 24, 1));
        assertThrows(IllegalArgumentException.class, () -> CellSpec.ir(3, 6, 24, 1, 0.25, Activation.SIGMOID));
        assertTrue(CellSpec.SKIP.isSkip());
        assertFalse(CellSpec.ir(3, 6, 24, 1).hasSe());
        assertNull(ArchitectureCodec.decode("ir_k3_e1_c16_s1").stem());
    }
}
