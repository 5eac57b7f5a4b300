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
        assertSentence(
                CliTest.run("search", "--device", "cpu", "--limit-train", "10", "--out", dir.resolve("r").toString()),
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
        assertSentence(CliTest.run("train", "--arch", bin.toString(), "--device", "cpu"),
                bin + " is not a text file holding an architecture string.");
    }

    @Test
    void rankNeedsTrainingEpochs(@TempDir Path dir) {
        assertSentence(CliTest.run("rank", "--run", dir.toString(), "--epochs", "-3"),
                "--epochs must be at least 1, got -3.");
        assertSentence(CliTest.run("rank", "--run", dir.toString(), "--epochs", "0"),
                "--epochs must be at least 1, got 0.");
    }

    @Test
    void trainChecksItsOutputFolderBeforeTraining(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("file");
        Files.writeString(file, "x");
        assertSentence(
                CliTest.run("train", "--arch", "stem_c8_s2/ir_k3_e3_c16_s2/head_c32", "--device", "cpu", "--out",
                        file.resolve("sub").toString()),
                "Cannot write to --out " + file.resolve("sub") + " (not a directory): choose a writable folder.");
    }

    @Test
    void aFailureInsideARunEndsItsLogToo(@TempDir Path dir) throws Exception {
        Path space = dir.resolve("tiny.json");
        try (var in = BadInputCliTest.class.getResourceAsStream("/dev/blocknas/example/tiny-space.json")) {
            Files.write(space, in.readAllBytes());
        }
        Path teacher = dir.resolve("teacher.safetensors");
        try (var net = dev.blocknas.layers.arch.NetworkBuilder.build(
                "stem_c8_s2/ir_k3_e3_c12_s2/ir_k3_e3_c16_s2/head_c32", 1, 10,
                new dev.blocknas.tensor.Rng(1), dev.blocknas.tensor.Device.CPU)) {
            net.stateDict().get("head.classifier.weight").fill(Float.NaN);
            net.save(teacher);
        }
        Path out = dir.resolve("run");
        assertSentence(
                CliTest.run("search", "--space", space.toString(), "--data", "synthetic", "--teacher",
                        teacher.toString(),
                        "--device", "cpu", "--out", out.toString()),
                "teacher.safetensors holds NaN in head.classifier.weight");
        String log = Files.readString(out.resolve("log.txt")).strip();
        assertTrue(log.substring(log.lastIndexOf('\n') + 1)
                .endsWith("failed: teacher.safetensors holds NaN in head.classifier.weight: "
                        + "the training that wrote it diverged, so the network cannot be used."),
                log);
    }

    @Test
    void trainOnFewerImagesThanABatchSaysSoAndLeavesNoFolder(@TempDir Path dir) throws Exception {
        IdxDataCliTest.writeSet(dir, 40, 10, 40);
        Path out = dir.resolve("net");
        assertSentence(
                CliTest.run("train", "--arch", "stem_c8_s2/ir_k3_e3_c16_s2/head_c32", "--data", "idx:" + dir,
                        "--device", "cpu",
                        "--out", out.toString()),
                "There are 40 training images, fewer than one batch of 64: use a smaller batch or more images.");
        assertFalse(Files.exists(out), "the folder made for the weights is removed again");
    }
}
