package dev.blocknas.nas.select;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Reading for selection keeps few options yet selects exactly what the whole table gives. */
class SelectableRatingsTest {
    @TempDir
    Path dir;

    @Test
    void selectsWhatTheWholeTableSelects() {
        var rnd = new SplittableRandom(11);
        Path file = dir.resolve("ratings.csv");
        int nonEmpty = 0;
        for (int trial = 0; trial < 200; trial++) {
            var table = RandomTables.table(rnd, 2 + rnd.nextInt(2), 20);
            table.write(file);
            var base = rnd.nextBoolean()
                    ? BaseCost.ZERO
                    : new BaseCost(rnd.nextInt(20), rnd.nextInt(20), rnd.nextInt(3) * 0.1);
            var budget = RandomTables.budget(rnd, BruteForce.all(table, base));
            int k = 1 + rnd.nextInt(5);
            // Batches of a few rows reduce many times over, as a large file does.
            var read = SelectableRatings.read(file, budget, k, 1 + rnd.nextInt(4));
            String context = "trial " + trial + ", budget " + budget.describe() + ", k " + k + ", " + table;
            var expected = ExactSelector.topK(table, base, budget, k);
            assertEquals(expected, ExactSelector.topK(read.table(), base, budget, k), context);
            assertEquals(table.networkCount(), read.networkCount(), context);
            if (expected.isEmpty()) {
                assertEquals(NoFitMessage.of(table, base, budget), NoFitMessage.of(read.table(), base, budget),
                        context);
            } else {
                nonEmpty++;
            }
        }
        assertTrue(nonEmpty > 130, "non-empty results: " + nonEmpty);
    }

    @Test
    void keepsOnlyTheFrontOfALargeBlock() throws IOException {
        var sb = new StringBuilder("block,candidate,loss,params,flops,latency_ms\n");
        var rnd = new SplittableRandom(3);
        for (int i = 0; i < 20_000; i++) {
            sb.append("0,c").append(i).append(',').append(rnd.nextDouble()).append(',').append(rnd.nextInt(1_000_000))
                    .append(",1,\n");
        }
        Path file = dir.resolve("large.csv");
        Files.writeString(file, sb);
        var read = SelectableRatings.read(file, Budget.NONE.withMaxParams(500_000), 1);
        assertTrue(read.table().block(0).size() < 100,
                "a random block's front is small: " + read.table().block(0).size());
        assertEquals(BigInteger.valueOf(20_000), read.networkCount());
        assertEquals(ExactSelector.topK(RatingsTable.read(file), BaseCost.ZERO, Budget.NONE.withMaxParams(500_000), 1),
                ExactSelector.topK(read.table(), BaseCost.ZERO, Budget.NONE.withMaxParams(500_000), 1));
    }

    @Test
    void badFilesAreRefusedAsWhenReadWhole() throws IOException {
        String header = "block,candidate,loss,params,flops,latency_ms\n";
        for (String body : new String[] {"0,a,1,2,3,\n0,b,1,2,3,\n0,a,1,2,3,\n", "0,a,1,2,3,\n2,b,1,2,3,\n",
                "0,a,1,x,3,\n",
                "0,a,1," + Long.MAX_VALUE + ",3,\n1,b,1," + Long.MAX_VALUE + ",3,\n"}) {
            Path file = dir.resolve("bad.csv");
            Files.writeString(file, header + body);
            assertEquals(assertThrows(RatingsFormatException.class, () -> RatingsTable.read(file)).getMessage(),
                    assertThrows(RatingsFormatException.class, () -> SelectableRatings.read(file, Budget.NONE, 1, 1))
                            .getMessage(),
                    body);
        }
    }

    @Test
    void aLatencyBudgetNeedsEveryLatency() throws IOException {
        Path file = dir.resolve("r.csv");
        Files.writeString(file,
                "block,candidate,loss,params,flops,latency_ms\n0,a,1,2,3,0.5\n0,b,1,2,3,\n1,c,1,2,3,\n");
        var e = assertThrows(IllegalArgumentException.class,
                () -> SelectableRatings.read(file, Budget.NONE.withMaxLatencyMs(5), 1));
        assertEquals("The budget limits latency, but block 0 candidate \"b\" has no measured latency.", e.getMessage());
        assertEquals(2, SelectableRatings.read(file, Budget.NONE.withMaxParams(10), 2).table().block(0).size(),
                "without a latency limit, a row without one is an option like any other");
    }
}
