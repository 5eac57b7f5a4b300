package dev.blocknas.nas.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The program refuses to write a fresh search over a finished one, and refuses mismatched resumes, in one sentence. */
class RunFolderCliTest {
    @Test
    void aFinishedFolderIsNotOverwrittenAndAChangedSeedIsNotResumed(@TempDir Path dir) throws Exception {
        Files.writeString(dir.resolve("config.json"), "{\"seed\": 7}");
        Files.writeString(dir.resolve("log.txt"), "the first run's log\n");
        CliTest.Run fresh = CliTest.run("search", "--device", "cpu", "--out", dir.toString(), "--seed", "8");
        assertEquals(2, fresh.code(), fresh.err());
        assertTrue(fresh.err().strip().startsWith("blocknas: The folder " + dir + " already holds a run: add --resume"),
                fresh.err());
        CliTest.Run both = CliTest.run("search", "--device", "cpu", "--out", dir.toString(), "--resume", "--overwrite");
        assertEquals(2, both.code());
        assertTrue(both.err().contains("--resume and --overwrite exclude each other"), both.err());
        CliTest.Run resumed = CliTest.run("search", "--device", "cpu", "--out", dir.toString(), "--resume", "--seed",
                "9");
        assertEquals(2, resumed.code(), resumed.err());
        assertTrue(resumed.err().contains("was made with other settings (") && !resumed.err().strip().contains("\n"),
                resumed.err());
        assertEquals("{\"seed\": 7}", Files.readString(dir.resolve("config.json")), "the stored run is untouched");
        assertEquals("the first run's log\n", Files.readString(dir.resolve("log.txt")),
                "a refused run writes nothing into another's log");
    }
}
