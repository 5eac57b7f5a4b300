package dev.blocknas.nas.run;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A run folder has one owner at a time and one identity: its settings. */
class RunFolderTest {
    private static Map<String, Object> config(long seed) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("method", "dna");
        m.put("device", "cpu");
        m.put("seed", seed);
        m.put("family", Map.of("generations", 3));
        return m;
    }

    private static void finish(Path dir, long seed) throws Exception {
        Files.writeString(dir.resolve("config.json"),
                new com.fasterxml.jackson.databind.ObjectMapper().writeValueAsString(config(seed)));
        Files.writeString(dir.resolve("ratings.csv"), "block,candidate,loss,params,flops,latency_ms\n");
    }

    @Test
    void aSecondSearchIntoARunningFolderIsRefused(@TempDir Path dir) {
        Path run = dir.resolve("run");
        try (RunFolder held = RunFolder.claim(run, false, false, config(7))) {
            assertTrue(Files.exists(run.resolve(RunFolder.LOCK)));
            var e = assertThrows(IllegalArgumentException.class, () -> RunFolder.claim(run, true, false, config(7)));
            assertTrue(
                    e.getMessage()
                            .startsWith("Another blocknas (pid " + ProcessHandle.current().pid() + ") is running in "),
                    e.getMessage());
        }
        assertFalse(Files.exists(run.resolve(RunFolder.LOCK)), "released on close");
    }

    @Test
    void aStaleLockIsTakenOver(@TempDir Path dir) throws Exception {
        Process p = new ProcessBuilder("true").start();
        p.waitFor();
        Files.writeString(dir.resolve(RunFolder.LOCK), p.pid() + " " + InetAddress.getLocalHost().getHostName());
        try (RunFolder f = RunFolder.claim(dir, false, false, config(7))) {
            assertEquals(ProcessHandle.current().pid() + " " + InetAddress.getLocalHost().getHostName(),
                    Files.readString(dir.resolve(RunFolder.LOCK)));
        }
    }

    @Test
    void aFreshSearchIntoAFinishedFolderIsRefusedUnlessOverwritten(@TempDir Path dir) throws Exception {
        finish(dir, 7);
        var e = assertThrows(IllegalArgumentException.class, () -> RunFolder.claim(dir, false, false, config(8)));
        assertEquals("The folder " + dir
                + " already holds a run: add --resume to continue it, --overwrite to replace it, or choose another --out.",
                e.getMessage());
        assertTrue(Files.exists(dir.resolve("ratings.csv")), "nothing was touched");
        assertFalse(Files.exists(dir.resolve(RunFolder.LOCK)));
        try (RunFolder f = RunFolder.claim(dir, false, true, config(8))) {
            assertFalse(Files.exists(dir.resolve("ratings.csv")), "--overwrite starts clean");
        }
    }

    @Test
    void resumingWithAnotherSeedIsRefusedNamingTheSetting(@TempDir Path dir) throws Exception {
        finish(dir, 7);
        var e = assertThrows(IllegalArgumentException.class, () -> RunFolder.claim(dir, true, false, config(9)));
        assertEquals("The run in " + dir
                + " was made with other settings (seed was 7, now 9): resume it with its own settings, "
                + "or start a new run in another folder.", e.getMessage());
        Map<String, Object> otherDevice = config(7);
        otherDevice.put("device", "cuda:0");
        try (RunFolder f = RunFolder.claim(dir, true, false, otherDevice)) {
            assertTrue(Files.exists(dir.resolve("ratings.csv")), "the same settings on another device resume");
        }
    }
}
