package dev.blocknas.nas.select;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RatingsWriterTest {
    @TempDir
    Path dir;

    @Test
    void createsAppendsAndResumes() {
        Path p = dir.resolve("ratings.csv");
        try (var w = RatingsWriter.open(p)) {
            assertEquals(0, w.rowCount());
            w.append(0, new Option("a", 0.5, 10, 20, 0.1));
            w.append(1, new Option("b,\"c\"", 0.25, 1, 2));
        }
        try (var w = RatingsWriter.open(p)) {
            assertEquals(Set.of(new CandidateKey(0, "a"), new CandidateKey(1, "b,\"c\"")), w.present());
            assertTrue(w.contains(1, "b,\"c\""));
            assertNull(w.droppedTail());
            assertThrows(IllegalStateException.class, () -> w.append(0, new Option("a", 1, 1, 1)));
            w.append(0, new Option("d", 0.75, 3, 4, 0.2));
        }
        var t = RatingsTable.read(p);
        assertEquals(List.of(new Option("a", 0.5, 10, 20, 0.1), new Option("d", 0.75, 3, 4, 0.2)),
                t.block(0).options());
        assertEquals(List.of(new Option("b,\"c\"", 0.25, 1, 2)), t.block(1).options());
    }

    @Test
    void dropsALineCutOffByACrash() throws IOException {
        Path p = dir.resolve("ratings.csv");
        try (var w = RatingsWriter.open(p)) {
            w.append(0, new Option("a", 0.5, 10, 20, 0.1));
            w.append(0, new Option("b", 0.5, 10, 20, 0.1));
        }
        byte[] whole = Files.readAllBytes(p);
        // Every cut inside the last row: it must be dropped, and the rows before it kept.
        String lastRow = "0,b,0.5,10,20,0.1\n";
        int rowStart = whole.length - lastRow.length();
        for (int cut = rowStart + 1; cut < whole.length; cut++) {
            Files.write(p, Arrays.copyOf(whole, cut));
            try (var w = RatingsWriter.open(p)) {
                assertEquals(Set.of(new CandidateKey(0, "a")), w.present(), "cut at " + cut);
                assertEquals(new String(whole, rowStart, cut - rowStart, StandardCharsets.UTF_8), w.droppedTail());
                w.append(0, new Option("b", 0.5, 10, 20, 0.1));
            }
            assertEquals(new String(whole, StandardCharsets.UTF_8), Files.readString(p));
        }
    }

    @Test
    void dropsACutQuotedLabelAndACutMultiByteCharacter() throws IOException {
        Path p = dir.resolve("ratings.csv");
        try (var w = RatingsWriter.open(p)) {
            w.append(0, new Option("a", 0.5, 10, 20, 0.1));
        }
        Files.write(p, "0,\"x,y\nz".getBytes(StandardCharsets.UTF_8), StandardOpenOption.APPEND);
        try (var w = RatingsWriter.open(p)) {
            assertEquals(1, w.rowCount());
            assertEquals("0,\"x,y\nz", w.droppedTail());
        }
        byte[] euro = "0,€".getBytes(StandardCharsets.UTF_8);
        Files.write(p, Arrays.copyOf(euro, euro.length - 1), StandardOpenOption.APPEND);
        try (var w = RatingsWriter.open(p)) {
            assertEquals(1, w.rowCount());
            w.append(0, new Option("€", 1, 1, 1));
        }
        assertEquals("€", RatingsTable.read(p).block(0).option(1).label());
    }

    @Test
    void invalidBytesBeforeTheEndAreAnError() throws IOException {
        Path p = dir.resolve("ratings.csv");
        byte[] header = "block,candidate,loss,params,flops,latency_ms\n0,".getBytes(StandardCharsets.UTF_8);
        byte[] rest = ",1,1,1,\n".getBytes(StandardCharsets.UTF_8);
        byte[] bytes = Arrays.copyOf(header, header.length + 1 + rest.length);
        bytes[header.length] = (byte) 0xFF;
        System.arraycopy(rest, 0, bytes, header.length + 1, rest.length);
        Files.write(p, bytes);
        var e = assertThrows(RatingsFormatException.class, () -> RatingsWriter.open(p));
        assertEquals(p + " is not valid UTF-8 text.", e.getMessage());
        e = assertThrows(RatingsFormatException.class, () -> RatingsTable.read(p));
        assertEquals(p + " is not valid UTF-8 text.", e.getMessage());
    }

    @Test
    void keepsTheExistingColumnOrder() throws IOException {
        Path p = dir.resolve("ratings.csv");
        Files.writeString(p, "candidate,loss,extra,block,params,flops,latency_ms\na,1.0,zz,0,1,2,\n");
        try (var w = RatingsWriter.open(p)) {
            w.append(0, new Option("b", 2.0, 3, 4, 0.5));
        }
        assertEquals("candidate,loss,extra,block,params,flops,latency_ms\na,1.0,zz,0,1,2,\nb,2.0,,0,3,4,0.5\n",
                Files.readString(p));
    }

    @Test
    void completesAHeaderWithoutLineBreak() throws IOException {
        Path p = dir.resolve("ratings.csv");
        Files.writeString(p, "block,candidate,loss,params,flops,latency_ms");
        try (var w = RatingsWriter.open(p)) {
            w.append(0, new Option("a", 1, 1, 1));
        }
        assertEquals(new Option("a", 1, 1, 1), RatingsTable.read(p).block(0).option(0));
    }

    @Test
    void rejectsDuplicatesAndBadRowsInTheExistingFile() throws IOException {
        Path p = dir.resolve("ratings.csv");
        Files.writeString(p, "block,candidate,loss,params,flops,latency_ms\n0,a,1,1,1,\n0,a,1,1,1,\n");
        var e = assertThrows(RatingsFormatException.class, () -> RatingsWriter.open(p));
        assertEquals(p + " line 3 repeats block 0 candidate \"a\" of line 2.", e.getMessage());
        Files.writeString(p, "block,candidate,loss,params,flops,latency_ms\n0,a,x,1,1,\n");
        e = assertThrows(RatingsFormatException.class, () -> RatingsWriter.open(p));
        assertEquals(p + " line 2: column \"loss\" is \"x\", not a finite number.", e.getMessage());
    }
}
