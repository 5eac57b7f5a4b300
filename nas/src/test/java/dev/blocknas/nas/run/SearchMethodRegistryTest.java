package dev.blocknas.nas.run;

import dev.blocknas.nas.cli.Main;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A method registered from outside the main sources is found, documented and run like the built-in ones. */
class SearchMethodRegistryTest {
    @Test
    void theBuiltInMethodsComeFirstThenRegisteredOnes() {
        assertEquals(java.util.List.of("dna", "dbnas", "dna+", "dna++", "bsnas", "evolve", "first-path"),
                SearchMethods.names());
        assertEquals(0.005, SearchMethods.get("dna").defaultLearningRate());
        assertEquals(0.05, SearchMethods.get("dbnas").defaultLearningRate());
        assertEquals(0.05, SearchMethods.get("first-path").defaultLearningRate());
        assertEquals(3, SearchMethods.get("dna").defaultEpochs());
        assertEquals(3, SearchMethods.get("dna+").defaultEpochs());
        assertEquals(2, SearchMethods.get("dbnas").defaultEpochs());
    }

    @Test
    void aTestMethodRunsEndToEndAndIsInTheHelp(@TempDir Path dir) throws Exception {
        PrintStream out = System.out;
        ByteArrayOutputStream help = new ByteArrayOutputStream();
        System.setOut(new PrintStream(help, true));
        try {
            assertEquals(0, Main.run("search", "--help"));
        } finally {
            System.setOut(out);
        }
        assertTrue(help.toString().contains("first-path"), help.toString());
        assertTrue(help.toString().contains("every block's first path, untrained"), help.toString());

        Path run = dir.resolve("run");
        assertEquals(0,
                Main.run("search", "--method", "first-path", "--data", "synthetic", "--retrain-epochs", "0", "-q",
                        "--out", run.toString()));
        String result = Files.readString(run.resolve("result.json"));
        assertTrue(result.contains("\"method\" : \"first-path\""), result);
        assertTrue(result.contains("stem_c16_s2/ir_k3_e3_c24_s1/ir_k3_e3_c40_s2/ir_k3_e3_c64_s2/head_c256"), result);
        assertTrue(Files.readString(run.resolve("config.json")).contains("\"lr\" : 0.05"));
    }
}
