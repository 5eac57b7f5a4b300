package dev.blocknas.nas.run;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.blocknas.layers.arch.Architecture;
import dev.blocknas.layers.arch.ParameterCount;
import dev.blocknas.nas.select.Budget;
import dev.blocknas.nas.select.RatingsTable;
import dev.blocknas.supernet.space.SearchSpaceJson;
import dev.blocknas.supernet.space.SearchSpaces;
import dev.blocknas.tensor.Device;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A whole search on a tiny space leaves a complete run folder whose files agree with each other. */
class SearchRunTest {
    private static final String TINY = TinySpace.JSON;

    @ParameterizedTest
    @ValueSource(strings = {"dna", "dbnas"})
    void aTinySearchWritesTheWholeRunFolder(String method, @TempDir Path dir) throws Exception {
        Path space = dir.resolve("tiny.json");
        Files.writeString(space, TINY);
        SearchConfig cfg = new SearchConfig(space.toString(), "mnist", method, Device.CPU, 3, 1, 32,
                method.equals("dna") ? 0.005 : 0.05,
                null, 1, 0.1, 64, false, Budget.NONE, 3, 1, 320, FamilyOptions.DEFAULT);
        Path out = dir.resolve("run");
        SearchResult r = new SearchRun(cfg, out, RunConsole.silent()).run(false);
        for (String f : List.of("config.json", "space.json", "log.txt", "losses.csv", "ratings.csv",
                "architectures.json",
                "architecture.txt", "result.json", "report.html", "weights.safetensors")) {
            assertTrue(Files.size(out.resolve(f)) > 0, f);
        }
        RatingsTable ratings = RatingsTable.read(out.resolve("ratings.csv"));
        assertEquals(2 + 4, ratings.block(0).size());
        assertEquals(3, ratings.block(1).size());
        JsonNode result = new ObjectMapper().readTree(out.resolve("result.json").toFile());
        String arch = result.get("architecture").asText();
        assertEquals(arch, Files.readString(out.resolve("architecture.txt")).strip());
        assertEquals(ParameterCount.of(Architecture.parse(arch), 1, 10), result.get("params").asLong());
        assertTrue(result.get("test_accuracy").asDouble() > 0);
        assertEquals(r.params(), result.get("params").asLong());
        assertTrue(Files.readString(out.resolve("report.html")).contains("data:image/png;base64,"));
        assertEquals("tiny", SearchSpaceJson.read(out.resolve("space.json")).name());
        assertTrue(SearchSpaces.PRESETS.contains("mnist"));
    }

    @Test
    void aTinySearchOnFashionMnistRunsEndToEnd(@TempDir Path dir) throws Exception {
        Path space = dir.resolve("tiny.json");
        Files.writeString(space, TINY);
        SearchConfig cfg = new SearchConfig(space.toString(), "fashion", "dna", Device.CPU, 3, 1, 32, 0.005,
                null, 1, 0.1, 64, false, Budget.NONE, 1, 1, 640, FamilyOptions.DEFAULT);
        Path out = dir.resolve("run");
        SearchResult r = new SearchRun(cfg, out, RunConsole.silent()).run(false);
        String log = Files.readString(out.resolve("log.txt"));
        assertTrue(log.contains("data fashion") && log.contains("10000 test images"), log);
        assertTrue(r.testAccuracy() > 0.11,
                "above the 10% of chance (0.100 +- 0.003 on 10,000 test images) after 10 steps: " + r.testAccuracy());
        assertEquals("fashion", new ObjectMapper().readTree(out.resolve("config.json").toFile()).get("data").asText());
    }

    @Test
    void fashionIsSplitAndNormalisedAsDocumented() {
        var t = DataSources.task("fashion", SearchSpaces.mnist(), 0.1, 42);
        assertEquals(12000, t.train().size() + t.heldOut().size());
        assertEquals(1200, t.heldOut().size(), 1.0);
        assertEquals(10000, t.test().size());
        assertEquals(0.2860f, t.stats().mean()[0]);
        assertEquals(0.3530f, t.stats().std()[0]);
    }
}
