package dev.blocknas.nas.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Bad input exits non-zero with one clear sentence and no stack trace; good input works. */
class CliTest {
    private static final String RATINGS = """
            block,candidate,loss,params,flops,latency_ms
            0,a,0.5,100,1000,
            0,b,0.4,200,2000,
            1,c,0.3,100,1000,
            1,d,0.1,300,3000,
            """;

    /** Exit code, standard output and standard error of one run. */
    record Run(int code, String out, String err) {}

    static Run run(String... args) {
        PrintStream oldOut = System.out;
        PrintStream oldErr = System.err;
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        try {
            System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
            System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
            int code = Main.run(args);
            return new Run(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
        } finally {
            System.setOut(oldOut);
            System.setErr(oldErr);
        }
    }

    /** Exit 2 and one line on stderr: a sentence holding {@code start}, no stack trace. */
    static void assertOneSentence(Run r, String start) {
        assertEquals(2, r.code(), r.err());
        String e = r.err().strip();
        assertFalse(e.contains("\n"), "one line expected: " + e);
        assertFalse(e.contains("Exception") || e.contains("\tat "), "no stack trace: " + e);
        assertTrue(e.startsWith("blocknas: ") && e.contains(start), e);
        assertTrue(e.endsWith(".") || e.endsWith("--help)"), e);
    }

    @Test
    void selectFindsTheBestNetworkAndPrintsJson(@TempDir Path dir) throws Exception {
        Path f = dir.resolve("ratings.csv");
        Files.writeString(f, RATINGS);
        Run r = run("select", "--ratings", f.toString(), "--max-params", "400", "--top", "2", "--json");
        assertEquals(0, r.code(), r.err());
        JsonNode a = new ObjectMapper().readTree(r.out());
        assertEquals(2, a.size());
        assertEquals("a/d", a.get(0).get("architecture").asText());
        assertEquals(0.6, a.get(0).get("rating").asDouble(), 1e-9);
        assertEquals(400, a.get(0).get("params").asLong());
        assertEquals("a", a.get(0).get("blocks").get(0).asText());
        assertTrue(a.get(0).get("latency_ms").isNull());
    }

    @Test
    void aRatingsFileWithAMissingColumnIsRejected(@TempDir Path dir) throws Exception {
        Path f = dir.resolve("ratings.csv");
        Files.writeString(f, "block,candidate,params,flops,latency_ms\n0,a,1,1,\n");
        assertOneSentence(run("select", "--ratings", f.toString()), "ratings.csv has no column \"loss\"");
    }

    @Test
    void anImpossibleBudgetIsExplained(@TempDir Path dir) throws Exception {
        Path f = dir.resolve("ratings.csv");
        Files.writeString(f, RATINGS);
        assertOneSentence(run("select", "--ratings", f.toString(), "--max-params", "100"),
                "No network fits the budget");
    }

    @Test
    void unknownSpacesMalformedArchitecturesAndMissingGpusAreExplained() {
        assertOneSentence(run("search", "--space", "imagenet", "--device", "cpu"), "Unknown search space \"imagenet\"");
        assertOneSentence(run("train", "--arch", "stem_c16_s2/ir_k4_e6_c24_s2/head_c256", "--device", "cpu"),
                "Bad architecture token \"ir_k4_e6_c24_s2\"");
        assertOneSentence(run("search", "--device", "cuda"), "cuda:0 was requested but CUDA is not available");
        assertOneSentence(run("search", "--data", "imagenet", "--device", "cpu"), "Unknown data set \"imagenet\"");
        assertOneSentence(run("search", "--space", "cifar", "--data", "mnist", "--device", "cpu"),
                "The mnist images are 1x28x28");
        assertOneSentence(run("eval", "--weights", "no-such.safetensors", "--device", "cpu"), "No such weights file");
    }

    @Test
    void compareTabulatesRuns(@TempDir Path dir) throws Exception {
        for (String m : new String[] {"dna", "dbnas"}) {
            Path run = Files.createDirectories(dir.resolve("run-" + m));
            Files.writeString(run.resolve("result.json"), "{\"method\": \"" + m
                    + "\", \"space\": \"mnist\", \"architecture\": \"stem_c16_s2/ir_k3_e3_c24_s1/head_c256\","
                    + " \"params\": 1234, \"flops\": 56789, \"rating\": 1.5, \"rating_name\": \"summed block rating\", \"test_accuracy\": 0.985,"
                    + " \"phases\": [{\"name\": \"supernet\", \"seconds\": 10.0}, {\"name\": \"retrain\", \"seconds\": 99.0}]}");
        }
        Path html = dir.resolve("compare.html");
        Run r = run("compare", dir.resolve("run-dna").toString(), dir.resolve("run-dbnas").toString(), "--html",
                html.toString());
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().contains("run-dbnas") && r.out().contains("98.50%") && r.out().contains("1,234"), r.out());
        assertTrue(r.out().contains("10s"), "search time excludes retraining: " + r.out());
        assertTrue(Files.readString(html).contains("<td>dbnas</td>"));
        assertOneSentence(run("compare", dir.toString()), "is not a finished run: it has no result.json");
    }

    @Test
    void infoAndHelpWork() {
        Run info = run("info");
        assertEquals(0, info.code());
        assertTrue(info.out().contains("cuda:   not available: "), info.out());
        for (String cmd : new String[] {"search", "select", "train", "eval", "rank", "compare", "info"}) {
            Run help = run(cmd, "--help");
            assertEquals(0, help.code(), cmd);
            assertTrue(help.out().startsWith("Usage: blocknas " + cmd), help.out());
        }
    }
}
