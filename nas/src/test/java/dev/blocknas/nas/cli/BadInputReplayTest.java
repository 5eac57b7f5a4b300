package dev.blocknas.nas.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.blocknas.layers.arch.Network;
import dev.blocknas.layers.arch.NetworkBuilder;
import dev.blocknas.nas.run.RunFolder;
import dev.blocknas.tensor.Device;
import dev.blocknas.tensor.Rng;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.Consumer;
import java.util.stream.Stream;
import java.util.zip.CRC32;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

/**
 * Replays every bad input of issue 12's list (stack traces, silent nonsense, work before validation, unclear
 * texts): each exits 2 with exactly one line on standard error, no stack trace, and leaves nothing behind,
 * neither an output folder nor any other file among its inputs. An argument starting with {@code @} names a
 * file of the inputs folder; {@code @out} is the output folder, which must not exist afterwards.
 */
class BadInputReplayTest {
    private static final String ARCH = "stem_c8_s2/ir_k3_e3_c16_s2/head_c32";
    private static final String HUGE = "stem_c16_s2/ir_k3_e6_c5000000_s1/head_c256";

    @TempDir
    static Path dir;

    /** One replayed input: the command line and a fragment of the sentence it must give. */
    record Case(String name, String says, String... args) {
        @Override
        public String toString() {
            return name;
        }
    }

    static Stream<Case> cases() {
        return Stream.of(
                // Run folders: an owner and an identity
                new Case("a fresh search into a finished run", "already holds a run: add --resume to continue it",
                        "search", "--seed", "8", "--out", "@finished"),
                new Case("--resume with other settings", "was made with other settings (",
                        "search", "--resume", "--seed", "9", "--out", "@finished"),
                new Case("a second search into a running folder", "is running in", "search", "--resume", "--seed", "7",
                        "--out", "@running"),
                new Case("two 20-layer blocks of 3 operations",
                        "candidates, more than the 200,000 that can be rated one by one",
                        "search", "--space", "@twenty-layers.json", "--out", "@out"),
                // Validation before work
                new Case("budget below the smallest network",
                        "No network fits the budget: the smallest network of the mnist space has",
                        "search", "--max-params", "1", "--out", "@out"),
                new Case("skip that a widened supernet cannot offer",
                        "allows skip, which --distill-widths widen cannot offer",
                        "search", "--space", "@skip.json", "--distill-widths", "widen", "--data", "synthetic", "--out",
                        "@out"),
                new Case("skip with a teacher widened by --scale",
                        "Blocks that allow skip cannot distil from a teacher of other widths",
                        "search", "--method", "dna+", "--space", "@skip.json", "--scale", "1.5", "--data", "synthetic",
                        "--out", "@out"),
                new Case("a non-image in val/", "bad.png is not a readable image", "train", "--arch", ARCH, "--space",
                        "cifar",
                        "--data", "folder:@nonimage", "--out", "@out"),
                new Case("train --out below a file", "(not a directory): choose a writable folder",
                        "train", "--arch", ARCH, "--out", "@file/sub"),
                // Out of memory, bombs, overflows
                new Case("a network too large for the heap", "needs about", "train", "--arch", HUGE, "--data",
                        "synthetic", "--out", "@out"),
                new Case("an 88-byte weights file naming that network",
                        "holds 0 weights but the architecture it names has",
                        "eval", "--weights", "@w88.safetensors"),
                new Case("a 40000x40000 PNG", "is 40000x40000 pixels, more than", "train", "--arch", ARCH, "--space",
                        "cifar",
                        "--data", "folder:@bomb", "--out", "@out"),
                new Case("100,000-deep JSON", "nests deeper than 32 levels", "search", "--space", "@nested.json",
                        "--out", "@out"),
                new Case("50 MB JSON", "bytes, more than a search space can be", "search", "--space", "@big.json",
                        "--out", "@out"),
                new Case("the stem as a fixed cell", "fixedCells: \"stem_c8_s2\" is not a cell string",
                        "search", "--space", "@fixed-stem.json", "--out", "@out"),
                new Case("depth 1000000", "depth 1000000 must be a whole number from 1 to 64",
                        "search", "--space", "@depth-million.json", "--out", "@out"),
                new Case("rank --epochs -3", "--epochs must be at least 1, got -3", "rank", "--run", "@", "--epochs",
                        "-3"),
                new Case("search --limit-train 10", "There are 10 training images, fewer than", "search",
                        "--limit-train", "10", "--out", "@out"),
                new Case("search --limit-train -5", "--limit-train must be at least 0", "search", "--limit-train", "-5",
                        "--out", "@out"),
                new Case("search --path-sampling sometimes",
                        "--path-sampling must be one of uniform, fair, got \"sometimes\".", "search",
                        "--path-sampling", "sometimes", "--out", "@out"),
                new Case("an expansion past an int", "expands 16 channels 999,999,999 times", "train",
                        "--arch", "stem_c16_s2/ir_k3_e999999999_c24_s1/head_c256", "--out", "@out"),
                // Silent acceptance of nonsense
                new Case("depth 1.9", "depth 1.9 must be a whole number", "search", "--space", "@depth-1.9.json",
                        "--out", "@out"),
                new Case("depth 4294967297", "depth 4294967297 must be a whole number", "search", "--space",
                        "@depth-2^32+1.json", "--out", "@out"),
                new Case("allowSkip \"yes\"", "\"allowSkip\" must be true or false, not \"yes\"",
                        "search", "--space", "@skip-yes.json", "--out", "@out"),
                new Case("seRatio 5", "\"seRatio\" must be a number from 0 to 1, not 5", "search", "--space",
                        "@se-5.json", "--out", "@out"),
                new Case("seRatio -1", "\"seRatio\" must be a number from 0 to 1, not -1", "search", "--space",
                        "@se--1.json", "--out", "@out"),
                new Case("seRatio \"abc\"", "\"seRatio\" must be a number from 0 to 1, not \"abc\"",
                        "search", "--space", "@se-abc.json", "--out", "@out"),
                new Case("fixedCells as a string", "\"fixedCells\" must be an array of cell strings",
                        "search", "--space", "@fixed-string.json", "--out", "@out"),
                new Case("a fixed cell of two stages", "\"ir_k3_e1_c8_s1/ir_k3_e1_c8_s1\" is not a cell string",
                        "search", "--space", "@fixed-two.json", "--out", "@out"),
                new Case("architecture a/b", "\"a/b\" is neither an architecture string", "train", "--arch", "a/b",
                        "--out", "@out"),
                new Case("train on fewer images than a batch",
                        "There are 40 training images, fewer than one batch of 64",
                        "train", "--arch", ARCH, "--data", "idx:@idx40", "--out", "@out"),
                new Case("rank --epochs 0", "--epochs must be at least 1, got 0", "rank", "--run", "@", "--epochs",
                        "0"),
                new Case("NaN weights evaluated", "holds NaN in head.classifier.weight", "eval", "--weights",
                        "@nan.safetensors"),
                // Messages
                new Case("a binary architecture file", "arch.bin is not a text file holding an architecture string",
                        "train", "--arch", "@arch.bin", "--out", "@out"),
                new Case("hello world as architecture", "\"hello world\" is neither an architecture string",
                        "train", "--arch", "hello world", "--out", "@out"),
                new Case("an unknown option", "Unknown option: '--no-such-option'", "search", "--no-such-option",
                        "--out", "@out"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void exitsTwoWithOneSentenceAndLeavesNothing(Case c) throws IOException {
        List<String> args = new ArrayList<>(Arrays.stream(c.args()).map(BadInputReplayTest::resolve).toList());
        args.addAll(List.of("--device", "cpu"));
        List<String> before = tree();
        CliTest.assertOneSentence(CliTest.run(args.toArray(String[]::new)), c.says());
        assertEquals(before, tree(), "nothing is left behind");
    }

    @Test
    void trainIntoAReadOnlyFolderIsOneSentence() throws IOException {
        Path locked = Files.createDirectories(dir.resolve("locked"));
        Files.setPosixFilePermissions(locked, PosixFilePermissions.fromString("r-xr-xr-x"));
        try {
            assumeFalse(Files.isWritable(locked), "the superuser may write anywhere");
            CliTest.assertOneSentence(
                    CliTest.run("train", "--arch", ARCH, "--device", "cpu", "--out", locked.resolve("net").toString()),
                    "choose a writable folder");
            assertFalse(Files.exists(locked.resolve("net")));
        } finally {
            Files.setPosixFilePermissions(locked, PosixFilePermissions.fromString("rwxr-xr-x"));
            Files.delete(locked);
        }
    }

    /**
     * A 64 MB heap, given to a JVM that has to relaunch itself with the Vector API: the option reaches the JVM
     * doing the work, whose plan refuses the search before any training, and the JVM's incubator warning does
     * not reach standard error.
     */
    @Test
    void aSmallHeapIsRefusedBeforeWorkInAChildJvm() throws Exception {
        Path out = dir.resolve("small-heap-run");
        ProcessBuilder pb = new ProcessBuilder(ProcessHandle.current().info().command().orElseThrow(), "-Xmx64m",
                "-cp", System.getProperty("java.class.path"), Main.class.getName(), "search", "--device", "cpu",
                "--out", out.toString());
        pb.environment().remove("BLOCKNAS_NO_RELAUNCH");
        pb.redirectOutput(ProcessBuilder.Redirect.DISCARD);
        Process p = pb.start();
        String err = new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
        CliTest.assertOneSentence(new CliTest.Run(p.waitFor(), "", err),
                "Training the largest network of the mnist space at batch 64 needs about");
        // Runtime.maxMemory: 64 MB under G1, a survivor space less under the launcher's parallel collector
        assertTrue(err.matches("(?s).*more than the 6[0-4] MB Java heap.*"), err);
        assertFalse(Files.exists(out));
    }

    private static String resolve(String arg) {
        int at = arg.indexOf('@');
        if (at < 0) return arg;
        return arg.substring(0, at) + dir.resolve(arg.substring(at + 1));
    }

    /** Every path below the inputs folder, files with their size and modification time: nothing may appear or change. */
    private static List<String> tree() throws IOException {
        try (Stream<Path> s = Files.walk(dir)) {
            return s.sorted()
                    .map(p -> Files.isDirectory(p)
                            ? p.toString()
                            : p + " " + p.toFile().length() + " " + p.toFile().lastModified())
                    .toList();
        }
    }

    // ---- the inputs ------------------------------------------------------------------------------------

    @BeforeAll
    static void inputs() throws IOException {
        ObjectMapper json = new ObjectMapper();
        ObjectNode tiny;
        try (InputStream in = BadInputReplayTest.class.getResourceAsStream("/dev/blocknas/example/tiny-space.json")) {
            tiny = (ObjectNode) json.readTree(in);
        }
        space(json, tiny, "skip.json", s -> block0(s).put("allowSkip", true));
        space(json, tiny, "fixed-stem.json", s -> s.putArray("fixedCells").add("stem_c8_s2"));
        space(json, tiny, "fixed-string.json", s -> s.put("fixedCells", "ir_k3_e1_c8_s1"));
        space(json, tiny, "fixed-two.json", s -> s.putArray("fixedCells").add("ir_k3_e1_c8_s1/ir_k3_e1_c8_s1"));
        space(json, tiny, "depth-million.json", s -> block0(s).putArray("depths").add(1_000_000));
        space(json, tiny, "depth-1.9.json", s -> block0(s).putArray("depths").add(1.9));
        space(json, tiny, "depth-2^32+1.json", s -> block0(s).putArray("depths").add(4294967297L));
        space(json, tiny, "skip-yes.json", s -> block0(s).put("allowSkip", "yes"));
        space(json, tiny, "se-5.json", s -> s.put("seRatio", 5));
        space(json, tiny, "se--1.json", s -> s.put("seRatio", -1));
        space(json, tiny, "se-abc.json", s -> s.put("seRatio", "abc"));
        space(json, tiny, "twenty-layers.json", s -> {
            for (int b = 0; b < 2; b++) {
                ObjectNode block = (ObjectNode) s.get("blocks").get(b);
                block.putArray("depths").add(20);
                block.putArray("ops").add("k3_e3").add("k5_e3").add("k7_e3");
            }
        });
        Path finished = Files.createDirectories(dir.resolve("finished"));
        Files.writeString(finished.resolve("config.json"), "{\"seed\": 7}");
        Files.writeString(finished.resolve("log.txt"), "the finished run's log\n");
        Path running = Files.createDirectories(dir.resolve("running"));
        Files.writeString(running.resolve(RunFolder.LOCK),
                ProcessHandle.current().pid() + " " + InetAddress.getLocalHost().getHostName());
        Files.writeString(dir.resolve("nested.json"), "[".repeat(100_000) + "]".repeat(100_000));
        Files.writeString(dir.resolve("big.json"),
                json.writeValueAsString(tiny.deepCopy().put("pad", "x".repeat(50 << 20))));
        imageFolder(dir.resolve("bomb"));
        Files.write(dir.resolve("bomb/train/a/huge.png"), pngHeader(40_000, 40_000));
        imageFolder(dir.resolve("nonimage"));
        Files.writeString(dir.resolve("nonimage/val/a/bad.png"), "not an image");
        Files.write(dir.resolve("w88.safetensors"),
                safetensors("{\"__metadata__\":{\"architecture\":\"" + HUGE + "\"}}"));
        try (Network net = NetworkBuilder.build(ARCH, 1, 10, new Rng(1), Device.CPU)) {
            net.stateDict().get("head.classifier.weight").fill(Float.NaN);
            net.save(dir.resolve("nan.safetensors"));
        }
        Files.write(dir.resolve("arch.bin"), new byte[] {(byte) 0xC3, 0x28, 0, (byte) 0xFF});
        Files.writeString(dir.resolve("file"), "x");
        IdxDataCliTest.writeSet(Files.createDirectories(dir.resolve("idx40")), 40, 10, 40);
    }

    private static ObjectNode block0(ObjectNode space) {
        return (ObjectNode) space.get("blocks").get(0);
    }

    private static void space(ObjectMapper json, ObjectNode base, String name, Consumer<ObjectNode> change)
            throws IOException {
        ObjectNode s = base.deepCopy();
        change.accept(s);
        Files.writeString(dir.resolve(name), json.writeValueAsString(s));
    }

    /** train/ and val/ with two classes of small grey images each. */
    private static void imageFolder(Path root) throws IOException {
        for (String split : List.of("train", "val")) {
            for (String label : List.of("a", "b")) {
                Path d = Files.createDirectories(root.resolve(split).resolve(label));
                for (int i = 0; i < 2; i++)
                    ImageIO.write(new BufferedImage(32, 32, BufferedImage.TYPE_BYTE_GRAY), "png",
                            d.resolve(i + ".png").toFile());
            }
        }
    }

    /** A PNG whose header claims {@code width x height} 8-bit grey pixels, with no data behind it. */
    private static byte[] pngHeader(int width, int height) throws IOException {
        ByteArrayOutputStream png = new ByteArrayOutputStream();
        png.write(new byte[] {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1A, '\n'});
        chunk(png, "IHDR",
                ByteBuffer.allocate(13).putInt(width).putInt(height).put(new byte[] {8, 0, 0, 0, 0}).array());
        chunk(png, "IEND", new byte[0]);
        return png.toByteArray();
    }

    private static void chunk(ByteArrayOutputStream png, String type, byte[] data) throws IOException {
        byte[] t = type.getBytes(StandardCharsets.US_ASCII);
        CRC32 crc = new CRC32();
        crc.update(t);
        crc.update(data);
        png.write(ByteBuffer.allocate(4).putInt(data.length).array());
        png.write(t);
        png.write(data);
        png.write(ByteBuffer.allocate(4).putInt((int) crc.getValue()).array());
    }

    /** A safetensors file of just a header, padded with spaces to eight bytes as the format's writers do. */
    private static byte[] safetensors(String header) {
        byte[] h = (header + " ".repeat((8 - header.length() % 8) % 8)).getBytes(StandardCharsets.UTF_8);
        return ByteBuffer.allocate(8 + h.length).order(ByteOrder.LITTLE_ENDIAN).putLong(h.length).put(h).array();
    }
}
