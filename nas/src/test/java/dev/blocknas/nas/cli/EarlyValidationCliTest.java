package dev.blocknas.nas.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Settings that cannot work fail before the first training step, in one sentence, leaving no run folder. */
class EarlyValidationCliTest {
    @Test
    void anImpossibleBudgetFailsBeforeTraining(@TempDir Path dir) {
        Path out = dir.resolve("run");
        long start = System.nanoTime();
        CliTest.Run r = CliTest.run("search", "--device", "cpu", "--max-params", "1", "--out", out.toString());
        assertEquals(2, r.code(), r.err());
        long smallest = dev.blocknas.layers.arch.ParameterCount.of(
                "stem_c16_s2/ir_k3_e3_c24_s1/ir_k3_e3_c40_s2/ir_k3_e3_c64_s2/head_c256", 1, 10);
        assertEquals(String.format(
                "blocknas: No network fits the budget: the smallest network of the mnist space has %,d parameters, "
                        + "more than --max-params 1.",
                smallest), r.err().strip());
        assertFalse(Files.exists(out));
        assertTrue((System.nanoTime() - start) / 1e9 < 30, "no teacher was trained");
        CliTest.Run f = CliTest.run("search", "--device", "cpu", "--max-flops", "10", "--out", out.toString());
        assertTrue(f.err().strip().endsWith("more than --max-flops 10."), f.err());
    }

    @Test
    void aSpaceTooLargeToRateFailsBeforeTraining(@TempDir Path dir) throws Exception {
        Path space = dir.resolve("huge.json");
        Files.writeString(space,
                """
                        {"name": "huge", "inChannels": 1, "resolution": 28, "numClasses": 10, "activation": "swish", "seRatio": 0,
                         "stem": {"channels": 8, "stride": 2},
                         "blocks": [{"channels": 12, "stride": 2, "depths": [20], "ops": ["k3_e3", "k5_e3", "k7_e3"]}],
                         "head": {"channels": 32}}
                        """);
        CliTest.Run r = CliTest.run("search", "--device", "cpu", "--space", space.toString(), "--out",
                dir.resolve("run").toString());
        assertEquals(2, r.code(), r.err());
        assertTrue(
                r.err().strip().startsWith(
                        "blocknas: Block 0 of the huge space has 3,486,784,401 candidates, more than the 200,000"),
                r.err());
        assertFalse(Files.exists(dir.resolve("run")));
    }

    @Test
    void aTeacherThatDoesNotFitTheBlocksFailsBeforeTraining(@TempDir Path dir) {
        Path out = dir.resolve("run");
        CliTest.Run r = CliTest.run("search", "--device", "cpu", "--teacher-arch",
                "stem_c16_s2/ir_k3_e6_c36_s1/ir_k3_e6_c60_s2/head_c256", "--out", out.toString());
        assertEquals(2, r.code(), r.err());
        assertEquals("blocknas: The teacher has 2 stages but the mnist space needs 3 (one per block).",
                r.err().strip());
        assertFalse(Files.exists(out));
        CliTest.Run s = CliTest.run("search", "--device", "cpu", "--teacher-arch",
                "stem_c16_s2/ir_k3_e6_c36_s1/ir_k3_e6_c60_s1/ir_k3_e6_c96_s2/head_c256", "--out", out.toString());
        assertEquals("blocknas: Teacher stage 1 has total stride 1 but block 1 of the space has stride 2.",
                s.err().strip());
        CliTest.Run p = CliTest.run("search", "--device", "cpu", "--teacher-arch", "stem_c16_s2/ir_k4_e6_c36_s1",
                "--out", out.toString());
        assertEquals(2, p.code(), p.err());
        assertEquals(1, p.err().strip().lines().count(), p.err());
        assertFalse(Files.exists(out));
    }
}
