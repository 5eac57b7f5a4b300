package dev.blocknas.nas.cli;

import dev.blocknas.nas.select.BaseCost;
import dev.blocknas.nas.select.Budget;
import dev.blocknas.nas.select.ExactSelector;
import dev.blocknas.nas.select.RatingsTable;
import dev.blocknas.nas.select.SelectionJson;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code blocknas select} streams its ratings file. The case is a 200 MB file under {@code -Xmx256m};
 * this test keeps CI short with a 25 MB file under {@code -Xmx32m}, the same ratio of heap to file (1.28). That
 * is the same proof: what the streamed reading holds grows with the rows only by a fingerprint of 8 to 16 bytes
 * a row (about 0.2 heap bytes per file byte here), whereas any reading that keeps the rows as strings and
 * objects needs several heap bytes per file byte (4.7 GB for the 200 MB file), far past either heap.
 */
class SelectMemoryCliTest {
    private static final long FILE_BYTES = 25L << 20;
    private static final long MAX_PARAMS = 8_000_000;

    @Test
    void aLargeRatingsFileIsSelectedFromInASmallHeap(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("ratings.csv");
        writeRatings(file, FILE_BYTES, new SplittableRandom(5));
        assertTrue(Files.size(file) >= FILE_BYTES);
        ProcessBuilder pb = new ProcessBuilder(ProcessHandle.current().info().command().orElseThrow(), "-Xmx32m",
                "-cp", System.getProperty("java.class.path"), Main.class.getName(),
                "select", "--ratings", file.toString(), "--max-params", Long.toString(MAX_PARAMS), "--top", "3",
                "--json");
        pb.environment().remove("BLOCKNAS_NO_RELAUNCH");
        pb.redirectError(dir.resolve("err.txt").toFile());
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        int code = p.waitFor();
        assertEquals(0, code, Files.readString(dir.resolve("err.txt")));
        assertEquals("", Files.readString(dir.resolve("err.txt")),
                "nothing on stderr, not even the JVM's Vector API warning");
        Budget budget = Budget.NONE.withMaxParams(MAX_PARAMS);
        var expected = ExactSelector.topK(RatingsTable.read(file), BaseCost.ZERO, budget, 3);
        assertEquals(3, expected.size());
        assertEquals(SelectionJson.render(expected, labels -> String.join("/", labels)).strip(), out.strip());
    }

    /**
     * Rows as a DNA-sized search writes them: five blocks, cell-string labels, ratings that improve with size
     * plus noise, until the file has {@code bytes}.
     */
    static void writeRatings(Path file, long bytes, SplittableRandom rnd) throws IOException {
        int[] kernels = {3, 5, 7};
        int[] expansions = {3, 6};
        long written = 0;
        try (BufferedWriter w = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
            String header = "block,candidate,loss,params,flops,latency_ms\n";
            w.write(header);
            written += header.length();
            for (long i = 0; written < bytes; i++) {
                int block = (int) (i % 5);
                int width = 24 << block;
                StringBuilder label = new StringBuilder();
                long params = 0;
                for (int cell = 0; cell < 3; cell++) {
                    int k = kernels[rnd.nextInt(3)];
                    int e = expansions[rnd.nextInt(2)];
                    if (cell > 0) label.append('-');
                    label.append("ir_k").append(k).append("_e").append(e).append("_c").append(width).append("_s")
                            .append(cell == 0 ? 2 : 1);
                    params += (long) width * width * e * 2 + (long) width * e * k * k;
                }
                label.append("-n").append(i / 5);
                double rating = 1.0 / (1 + Math.log(params)) + 0.05 * rnd.nextGaussian();
                String row = block + "," + label + "," + rating + "," + params + "," + params * 49 + ",\n";
                w.write(row);
                written += row.length();
            }
        }
    }
}
