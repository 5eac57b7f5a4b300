package dev.blocknas.nas.select;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RatingsTableTest {
    @TempDir
    Path dir;

    private static RatingsTable sample() {
        return new RatingsTable(List.of(
                new BlockOptions(List.of(new Option("ir_k3_e6_c24_s2-ir_k5_e3_c24_s1", 0.25, 1200, 34000, 0.125),
                        new Option("odd, \"quoted\" label", -1.5e-7, 0, 0, Double.NaN),
                        new Option("multi\nline", 3.0, 5, 6, 0.0))),
                new BlockOptions(List.of(new Option("x", 0.1, Long.MAX_VALUE / 8, 1, 1e-3)))));
    }

    private Path file(String name, String content) throws IOException {
        Path p = dir.resolve(name);
        Files.writeString(p, content);
        return p;
    }

    private String readError(String content) throws IOException {
        Path p = file("ratings.csv", content);
        return assertThrows(RatingsFormatException.class, () -> RatingsTable.read(p)).getMessage()
                .replace(p.toString(), "ratings.csv");
    }

    @Test
    void roundTripKeepsEveryValue() {
        Path p = dir.resolve("ratings.csv");
        sample().write(p);
        assertEquals(sample(), RatingsTable.read(p));
        // No temporary file is left behind.
        assertEquals(1, dir.toFile().list().length);
    }

    @Test
    void labelsWithCommasAndQuotesAreQuoted() throws IOException {
        Path p = dir.resolve("ratings.csv");
        sample().write(p);
        String text = Files.readString(p);
        assertTrue(text.startsWith("block,candidate,loss,params,flops,latency_ms\n"), text);
        assertTrue(text.contains("0,\"odd, \"\"quoted\"\" label\",-1.5E-7,0,0,\n"), text);
    }

    @Test
    void readsColumnsInAnyOrderAndIgnoresExtraOnes() throws IOException {
        Path p = file("ratings.csv", """
                flops,note,latency_ms,candidate,params,loss,block\r
                34000,first,0.125,"a,b",1200,0.25,0\r
                10,,,"c",20,0.5,0\r
                1,x,2,d,3,4,1\r
                """);
        var t = RatingsTable.read(p);
        assertEquals(2, t.blockCount());
        assertEquals(new Option("a,b", 0.25, 1200, 34000, 0.125), t.block(0).option(0));
        assertEquals(new Option("c", 0.5, 20, 10), t.block(0).option(1));
        assertEquals(new Option("d", 4, 3, 1, 2), t.block(1).option(0));
    }

    @Test
    void emptyLatencyIsNotMeasured() throws IOException {
        var t = RatingsTable
                .read(file("r.csv", "block,candidate,loss,params,flops,latency_ms\n0,a,1,2,3,\n0,b,1,2,3,0.5\n"));
        assertFalse(t.block(0).option(0).hasLatency());
        assertTrue(t.block(0).option(1).hasLatency());
        assertFalse(t.hasAllLatencies());
    }

    @Test
    void lastLineWithoutNewlineIsRead() throws IOException {
        var t = RatingsTable.read(file("r.csv", "block,candidate,loss,params,flops,latency_ms\n0,a,1,2,3,4"));
        assertEquals(new Option("a", 1, 2, 3, 4), t.block(0).option(0));
    }

    @Test
    void missingColumnIsNamedWithTheHeader() throws IOException {
        assertEquals("ratings.csv has no column \"loss\" (header: block,candidate,params,flops,latency_ms).",
                readError("block,candidate,params,flops,latency_ms\n0,a,1,2,3\n"));
    }

    @Test
    void badNumbersNameLineAndColumn() throws IOException {
        String header = "block,candidate,loss,params,flops,latency_ms\n";
        assertEquals("ratings.csv line 3: column \"flops\" is \"abc\", not a whole number.",
                readError(header + "0,a,1,2,3,\n0,b,1,2,abc,\n"));
        assertEquals("ratings.csv line 2: column \"params\" is \"-5\", but it cannot be negative.",
                readError(header + "0,a,1,-5,3,\n"));
        assertEquals("ratings.csv line 2: column \"loss\" is \"NaN\", not a finite number.",
                readError(header + "0,a,NaN,5,3,\n"));
        assertEquals("ratings.csv line 2: column \"params\" is \"1.5\", not a whole number.",
                readError(header + "0,a,1,1.5,3,\n"));
        assertEquals("ratings.csv line 2: column \"latency_ms\" is \"-0.1\", but a latency cannot be negative.",
                readError(header + "0,a,1,1,3,-0.1\n"));
        assertEquals("ratings.csv line 2: column \"loss\" is empty.", readError(header + "0,a,,1,3,\n"));
        assertEquals("ratings.csv line 2 has 5 fields, but the header has 6.", readError(header + "0,a,1,1,3\n"));
    }

    @Test
    void quotedLineBreaksCountForLineNumbers() throws IOException {
        assertEquals("ratings.csv line 4: column \"flops\" is \"x\", not a whole number.",
                readError("block,candidate,loss,params,flops,latency_ms\n0,\"a\nb\",1,2,3,\n0,c,1,2,x,\n"));
    }

    @Test
    void duplicateRowsAndGapsAreRejected() throws IOException {
        String header = "block,candidate,loss,params,flops,latency_ms\n";
        assertEquals("ratings.csv line 4 repeats block 0 candidate \"a\" of line 2.",
                readError(header + "0,a,1,2,3,\n0,b,1,2,3,\n0,a,1,2,3,\n"));
        assertEquals(
                "ratings.csv has rows for block 2 but none for block 1; blocks must be numbered from 0 without gaps.",
                readError(header + "0,a,1,2,3,\n2,b,1,2,3,\n"));
        assertEquals(
                "ratings.csv has rows for block 1 but none for block 0; blocks must be numbered from 0 without gaps.",
                readError(header + "1,a,1,2,3,\n"));
    }

    @Test
    void truncatedOrEmptyFilesAreRejected() throws IOException {
        assertEquals("ratings.csv line 2 ends inside a quoted field (is the file cut off?).",
                readError("block,candidate,loss,params,flops,latency_ms\n0,\"a,1,2,3,\n"));
        assertEquals("ratings.csv has a header but no rows.",
                readError("block,candidate,loss,params,flops,latency_ms\n"));
        assertEquals("ratings.csv is empty; it needs the header block,candidate,loss,params,flops,latency_ms.",
                readError(""));
    }
}
