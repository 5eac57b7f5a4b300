package dev.blocknas.nas.run;

import dev.blocknas.nas.select.Budget;
import dev.blocknas.tensor.Device;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A resumed run refuses ratings rows that are not its space's candidates at their exact costs. */
class EditedRatingsTest {
    @Test
    void aRowAddedByHandIsRefusedOnResume(@TempDir Path dir) throws Exception {
        Path space = dir.resolve("tiny.json");
        Files.writeString(space, TinySpace.JSON);
        SearchConfig cfg = new SearchConfig(space.toString(), "mnist", "dbnas", Device.CPU, 3, 1, 32, 0.05, null, 1,
                0.1, 64, false,
                Budget.NONE, 1, 0, 320, FamilyOptions.DEFAULT);
        Path out = dir.resolve("run");
        SearchResult first = new SearchRun(cfg, out, RunConsole.silent()).run(false);
        Path ratings = out.resolve("ratings.csv");
        String original = Files.readString(ratings);
        Files.writeString(ratings, original + "1,ir_k7_e6_c16_s2,0.0001,10,10,\n");
        var e = assertThrows(IllegalArgumentException.class,
                () -> new SearchRun(cfg, out, RunConsole.silent()).run(true));
        assertEquals(
                "ratings.csv has a row for ir_k7_e6_c16_s2 in block 1 that is not a candidate of the tiny space: the file was edited; "
                        + "remove the row, or start again with --overwrite.",
                e.getMessage());
        String cheaper = original.replaceFirst("(?m)^(0,[^,]+,[^,]+,)\\d+", "$11");
        assertTrue(!cheaper.equals(original));
        Files.writeString(ratings, cheaper);
        var c = assertThrows(IllegalArgumentException.class,
                () -> new SearchRun(cfg, out, RunConsole.silent()).run(true));
        assertTrue(c.getMessage().contains("does not carry the candidate's exact costs"), c.getMessage());
        Files.writeString(ratings, original);
        assertEquals(first.architecture(), new SearchRun(cfg, out, RunConsole.silent()).run(true).architecture(),
                "the untouched file resumes");
    }
}
