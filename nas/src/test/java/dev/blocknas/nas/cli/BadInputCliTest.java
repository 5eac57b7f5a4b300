package dev.blocknas.nas.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Inputs that used to give a stack trace, an unclear text or a silent no-op: one clear sentence and exit 2 each. */
class BadInputCliTest {
    private static void assertSentence(CliTest.Run r, String start) {
        assertEquals(2, r.code(), r.err());
        String e = r.err().strip();
        assertFalse(e.contains("\n") || e.contains("\tat "), e);
        assertTrue(e.startsWith("blocknas: " + start), e);
    }

    @Test
    void tooFewTrainingImagesForASearch(@TempDir Path dir) {
        assertSentence(CliTest.run("search", "--device", "cpu", "--limit-train", "10", "--out", dir.resolve("r").toString()),
                "There are 10 training images, fewer than the 128 of one batch and of batch-norm recalibration: raise --limit-train");
        assertFalse(Files.exists(dir.resolve("r")), "no run folder is left behind");
    }

    @Test
    void aMalformedArchitectureIsNotCalledAMissingFile() {
        assertSentence(CliTest.run("train", "--arch", "hello world", "--device", "cpu"),
                "\"hello world\" is neither an architecture string (such as stem_c16_s2/ir_k3_e6_c24_s1/head_c256) nor an existing file holding one.");
    }

    @Test
    void aBinaryArchitectureFileIsNamed(@TempDir Path dir) throws Exception {
        Path bin = dir.resolve("arch.bin");
        Files.write(bin, new byte[] {(byte) 0xC3, (byte) 0x28, 0, (byte) 0xFF});
        assertSentence(CliTest.run("train", "--arch", bin.toString(), "--device", "cpu"), bin + " is not a text file holding an architecture string.");
    }

    @Test
    void rankNeedsTrainingEpochs(@TempDir Path dir) {
        assertSentence(CliTest.run("rank", "--run", dir.toString(), "--epochs", "-3"), "--epochs must be at least 1, got -3.");
        assertSentence(CliTest.run("rank", "--run", dir.toString(), "--epochs", "0"), "--epochs must be at least 1, got 0.");
    }
}
