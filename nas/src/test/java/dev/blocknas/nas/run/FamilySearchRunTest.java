package dev.blocknas.nas.run;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.blocknas.layers.arch.Architecture;
import dev.blocknas.layers.arch.ParameterCount;
import dev.blocknas.layers.io.Safetensors;
import dev.blocknas.nas.select.Budget;
import dev.blocknas.nas.select.RatingsTable;
import dev.blocknas.tensor.Device;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** DNA+ and DNA++ end to end on a tiny space and a few hundred MNIST digits, on the CPU. */
class FamilySearchRunTest {
    private static final String TINY = TinySpace.JSON;
    private static final ObjectMapper JSON = new ObjectMapper();

    private static SearchResult run(String method, double lr, Path dir, Path out) throws Exception {
        return run(method, lr, dir, out, false);
    }

    private static SearchResult run(String method, double lr, Path dir, Path out, boolean resume) throws Exception {
        Path space = dir.resolve("tiny.json");
        Files.writeString(space, TINY);
        FamilyOptions family = new FamilyOptions(2, 1.5, 16, 50, 0.2, 3, 1, 0.25, 0.99);
        SearchConfig cfg = new SearchConfig(space.toString(), "mnist", method, Device.CPU, 3, 1, 32, lr, null, 1, 0.1,
                64, false,
                Budget.NONE, 3, 1, 320, family);
        return new SearchRun(cfg, out, RunConsole.silent()).run(resume);
    }

    /** The files every search leaves, and a result.json that agrees with them. */
    private static JsonNode checkRunFolder(Path out, String method) throws Exception {
        for (String f : List.of("config.json", "space.json", "log.txt", "losses.csv", "ratings.csv",
                "architectures.json",
                "architecture.txt", "result.json", "report.html", "weights.safetensors")) {
            assertTrue(Files.size(out.resolve(f)) > 0, f);
        }
        RatingsTable ratings = RatingsTable.read(out.resolve("ratings.csv"));
        assertEquals(2 + 4, ratings.block(0).size());
        assertEquals(3, ratings.block(1).size());
        JsonNode result = JSON.readTree(out.resolve("result.json").toFile());
        assertEquals(method, result.get("method").asText());
        String arch = result.get("architecture").asText();
        assertEquals(arch, Files.readString(out.resolve("architecture.txt")).strip());
        assertEquals(ParameterCount.of(Architecture.parse(arch), 1, 10), result.get("params").asLong());
        assertTrue(Double.isFinite(result.get("rating").asDouble()));
        assertTrue(result.get("test_accuracy").asDouble() > 0);
        assertTrue(Files.readString(out.resolve("report.html")).contains("data:image/png;base64,"));
        return result;
    }

    @Test
    void dnaPlusStopsWhenAGenerationRepeatsTheLastChoice(@TempDir Path dir) throws Exception {
        // one candidate per block: every generation must choose the same network
        Path space = dir.resolve("one.json");
        Files.writeString(space,
                """
                        {"name": "one", "inChannels": 1, "resolution": 28, "numClasses": 10, "activation": "swish", "seRatio": 0,
                         "stem": {"channels": 8, "stride": 2},
                         "blocks": [{"channels": 12, "stride": 2, "depths": [1], "ops": ["k3_e3"]}],
                         "head": {"channels": 16}}
                        """);
        FamilyOptions family = new FamilyOptions(4, 1.5, 16, 50, 0.2, 3, 1, 0.25, 0.99);
        SearchConfig cfg = new SearchConfig(space.toString(), "synthetic", "dna+", Device.CPU, 3, 1, 16, 0.005, null, 1,
                0.1, 32,
                false, Budget.NONE, 1, 0, 160, family);
        Path out = dir.resolve("run");
        new SearchRun(cfg, out, RunConsole.silent()).run(false);
        assertEquals(2, JSON.readTree(out.resolve("generations.json").toFile()).size(),
                "generation 2 repeats 1, so 3 and 4 would repeat 2");
        assertTrue(Files.readString(out.resolve("log.txt"))
                .contains("generation 2 chose what generation 1 chose: converged"));
        assertTrue(Files.notExists(out.resolve("gen3")));
        assertEquals(RatingsTable.read(out.resolve("gen2/ratings.csv")), RatingsTable.read(out.resolve("ratings.csv")));
    }

    @Test
    void dnaPlusChainsItsGenerations(@TempDir Path dir) throws Exception {
        Path out = dir.resolve("run");
        SearchResult r = run("dna+", 0.005, dir, out);
        JsonNode result = checkRunFolder(out, "dna+");
        for (String g : List.of("gen1", "gen2")) {
            for (String f : List.of("teacher.safetensors", "losses.csv", "ratings.csv", "architectures.json",
                    "architecture.txt",
                    "checkpoint/state.json")) {
                assertTrue(Files.size(out.resolve(g).resolve(f)) > 0, g + "/" + f);
            }
        }
        String chosen1 = Files.readString(out.resolve("gen1/architecture.txt")).strip();
        String chosen2 = Files.readString(out.resolve("gen2/architecture.txt")).strip();
        String teacher2 = Safetensors.readHeader(out.resolve("gen2/teacher.safetensors")).metadata()
                .get("architecture");
        assertEquals(WidthScaling.scale(Architecture.parse(chosen1), 1.5).toString(), teacher2,
                "generation 2's teacher is generation 1's network, widened");
        assertEquals(chosen2, result.get("architecture").asText(), "the result is generation 2's network");
        assertEquals(chosen2, r.architecture());
        JsonNode generations = JSON.readTree(out.resolve("generations.json").toFile());
        assertEquals(2, generations.size());
        assertEquals(teacher2, generations.get(1).get("teacher").asText());
        assertEquals(chosen1, generations.get(0).get("architecture").asText());
        assertEquals(RatingsTable.read(out.resolve("gen2/ratings.csv")), RatingsTable.read(out.resolve("ratings.csv")));
        String report = Files.readString(out.resolve("report.html"));
        assertTrue(report.contains("<h2>Generations</h2>") && report.contains(teacher2));
        assertTrue(result.get("phases").toString().contains("gen2/teacher"));

        // Resuming the finished run reuses every generation's teacher, supernet and ratings: the same network.
        byte[] teacher = Files.readAllBytes(out.resolve("gen2/teacher.safetensors"));
        SearchResult again = run("dna+", 0.005, dir, out, true);
        assertEquals(chosen2, again.architecture());
        assertEquals(r.rating(), again.rating());
        assertTrue(java.util.Arrays.equals(teacher, Files.readAllBytes(out.resolve("gen2/teacher.safetensors"))));
        assertTrue(Files.readString(out.resolve("log.txt")).contains("teacher: reusing teacher.safetensors"));
    }

    @Test
    void dnaPlusPlusSearchesWithoutTeacherOrLabels(@TempDir Path dir) throws Exception {
        Path out = dir.resolve("run");
        run("dna++", 0.05, dir, out);
        JsonNode result = checkRunFolder(out, "dna++");
        assertTrue(Files.exists(out.resolve("checkpoint/state.json")));
        assertTrue(Files.notExists(out.resolve("teacher.safetensors")), "no teacher");
        // two self-supervised losses in [0, 4] summed
        double rating = result.get("rating").asDouble();
        assertTrue(rating > 0 && rating < 8, "rating " + rating);
        String phases = result.get("phases").toString();
        assertTrue(phases.contains("block 0 supernet") && phases.contains("block 1 rating"), phases);
    }
}
