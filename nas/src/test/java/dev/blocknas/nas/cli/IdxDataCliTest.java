package dev.blocknas.nas.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code --data idx:DIR} reads any folder of the four MNIST-format IDX files, and refuses broken ones in one sentence. */
class IdxDataCliTest {

    static byte[] images(int declared, int actual, Random r) throws IOException {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        DataOutputStream d = new DataOutputStream(b);
        d.writeInt(0x00000803);
        d.writeInt(declared);
        d.writeInt(28);
        d.writeInt(28);
        byte[] px = new byte[actual * 784];
        r.nextBytes(px);
        d.write(px);
        return b.toByteArray();
    }

    static byte[] labels(int n, Random r) throws IOException {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        DataOutputStream d = new DataOutputStream(b);
        d.writeInt(0x00000801);
        d.writeInt(n);
        for (int i = 0; i < n; i++) d.writeByte(i % 10);
        return b.toByteArray();
    }

    static void writeSet(Path dir, int train, int test, int trainImagesWritten) throws IOException {
        Random r = new Random(5);
        Files.write(dir.resolve("train-images-idx3-ubyte"), images(train, trainImagesWritten, r));
        Files.write(dir.resolve("train-labels-idx1-ubyte"), labels(train, r));
        Files.write(dir.resolve("t10k-images-idx3-ubyte"), images(test, test, r));
        Files.write(dir.resolve("t10k-labels-idx1-ubyte"), labels(test, r));
    }

    @Test
    void aFolderOfIdxFilesTrainsAndEvaluates(@TempDir Path dir) throws Exception {
        writeSet(dir, 300, 50, 300);
        Path out = dir.resolve("net");
        CliTest.Run r = CliTest.run("train", "--arch", "stem_c8_s2/ir_k3_e3_c16_s2/head_c32", "--data", "idx:" + dir,
                "--epochs", "1",
                "--out", out.toString(), "--device", "cpu");
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().contains("on 50 images"), r.out());
        assertTrue(Files.exists(out.resolve("result.json")));
    }

    @Test
    void aTruncatedIdxFileIsOneSentence(@TempDir Path dir) throws Exception {
        writeSet(dir, 300, 50, 120);
        CliTest.Run r = CliTest.run("search", "--data", "idx:" + dir, "--device", "cpu", "--out",
                dir.resolve("run").toString());
        assertEquals(2, r.code(), r.err());
        String e = r.err().strip();
        assertFalse(e.contains("\n") || e.contains("\tat "), e);
        assertTrue(e.startsWith("blocknas: ") && e.contains("train-images-idx3-ubyte"), e);
        assertFalse(Files.exists(dir.resolve("run")), "no run folder is left behind");
    }

    @Test
    void aMissingFolderOrFileIsOneSentence(@TempDir Path dir) throws Exception {
        CliTest.Run r = CliTest.run("search", "--data", "idx:" + dir.resolve("nope"), "--device", "cpu");
        assertEquals(2, r.code());
        assertTrue(r.err().strip().startsWith("blocknas: No such folder: "), r.err());
        CliTest.Run empty = CliTest.run("search", "--data", "idx:" + dir, "--device", "cpu");
        assertEquals(2, empty.code());
        assertTrue(empty.err().contains("No such file: ") && !empty.err().strip().contains("\n"), empty.err());
    }
}
