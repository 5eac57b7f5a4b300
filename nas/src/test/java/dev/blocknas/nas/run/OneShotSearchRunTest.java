package dev.blocknas.nas.run;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.blocknas.layers.arch.Architecture;
import dev.blocknas.layers.arch.CellSpec;
import dev.blocknas.layers.arch.ParameterCount;
import dev.blocknas.nas.select.Budget;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The one-shot searches (evolve, bsnas) leave a complete run folder on a tiny space, all within the budget. */
class OneShotSearchRunTest {
    private static final String TINY = TinySpace.JSON;
    /** Between the tiny space's smallest (3,318 parameters) and largest (7,110; 11,346 broadened) networks: it binds. */
    private static final long MAX_PARAMS = 5_000;

    @ParameterizedTest
    @ValueSource(strings = {"evolve", "bsnas"})
    void aTinySearchWritesTheWholeRunFolderWithinTheBudget(String method, @TempDir Path dir) throws Exception {
        Path space = dir.resolve("tiny.json");
        Files.writeString(space, TINY);
        FamilyOptions family = new FamilyOptions(2, 1.25, 4, 4, 0.3, 2, 1, 0.25, 0.99);
        SearchConfig cfg = new SearchConfig(space.toString(), "mnist", method, dev.blocknas.tensor.Device.CPU, 3, 1, 32,
                0.05,
                null, 1, 0.1, 64, false, Budget.NONE.withMaxParams(MAX_PARAMS), 3, 1, 320, family);
        Path out = dir.resolve("run");
        SearchResult r = new SearchRun(cfg, out, RunConsole.silent()).run(false);
        List<String> files = new ArrayList<>(
                List.of("config.json", "space.json", "log.txt", "losses.csv", "population.csv",
                        "architectures.json", "architecture.txt", "result.json", "report.html", "weights.safetensors"));
        if (method.equals("bsnas")) files.add("shrinking.csv");
        for (String f : files) assertTrue(Files.size(out.resolve(f)) > 0, f);

        JsonNode result = new ObjectMapper().readTree(out.resolve("result.json").toFile());
        String arch = result.get("architecture").asText();
        assertEquals(method, result.get("method").asText());
        assertEquals(arch, Files.readString(out.resolve("architecture.txt")).strip());
        assertEquals(ParameterCount.of(Architecture.parse(arch), 1, 10), result.get("params").asLong());
        assertTrue(result.get("params").asLong() <= MAX_PARAMS);
        assertTrue(result.get("test_accuracy").asDouble() > 0);
        assertEquals(r.rating(), result.get("rating").asDouble());

        JsonNode top = new ObjectMapper().readTree(out.resolve("architectures.json").toFile());
        assertEquals(arch, top.get(0).get("architecture").asText(), "the chosen network heads architectures.json");
        assertEquals(r.rating(), top.get(0).get("rating").asDouble());
        for (String field : List.of("architecture", "blocks", "rating", "params", "flops", "latency_ms"))
            assertTrue(top.get(0).has(field), field);

        List<String[]> rows = Files.readAllLines(out.resolve("population.csv")).stream().skip(1).map(l -> l.split(","))
                .toList();
        Set<String> generations = new HashSet<>();
        for (String[] row : rows) {
            generations.add(row[0]);
            assertTrue(Long.parseLong(row[3]) <= MAX_PARAMS, "over budget in population.csv: " + String.join(",", row));
            assertEquals(ParameterCount.of(Architecture.parse(row[1]), 1, 10), Long.parseLong(row[3]),
                    "params of " + row[1]);
            double fitness = Double.parseDouble(row[2]);
            assertTrue(fitness >= 0 && fitness <= 1);
        }
        assertEquals(Set.of("0", "1"), generations);
        assertTrue(rows.stream().anyMatch(row -> row[0].equals("1") && row[1].equals(arch) && row[5].equals("1")),
                "the chosen network survived the last generation");
        String report = Files.readString(out.resolve("report.html"));
        assertTrue(report.contains("Fitness per generation") && report.contains("data:image/png;base64,"));

        if (method.equals("bsnas")) {
            List<String> removed = Files.readAllLines(out.resolve("shrinking.csv"));
            assertEquals("epoch,block,cell,layer,op,op_index,score", removed.get(0));
            assertTrue(removed.size() > 1, "one shrinking step after the only epoch");
            assertTrue(report.contains("Shrinking"));
            // no network evaluated after shrinking uses an operation that went: (block, cell depth, layer, op name)
            Set<String> gone = new HashSet<>();
            for (String line : removed.subList(1, removed.size())) {
                String[] f = line.split(",");
                int depth = f[1].equals("0") ? new int[] {1, 2}[Integer.parseInt(f[2])] : 1;
                gone.add(f[1] + "/" + depth + "/" + f[3] + "/" + f[4]);
            }
            for (String[] row : rows) {
                List<List<CellSpec>> stages = Architecture.parse(row[1]).stages();
                for (int b = 0; b < stages.size(); b++) {
                    List<CellSpec> cells = stages.get(b);
                    for (int l = 0; l < cells.size(); l++) {
                        String op = "k" + cells.get(l).kernel() + "_e" + cells.get(l).expansion();
                        assertFalse(gone.contains(b + "/" + cells.size() + "/" + l + "/" + op),
                                "switched-off " + op + " in " + row[1]);
                    }
                }
            }
        }
    }
}
