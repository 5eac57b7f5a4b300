package dev.blocknas.nas.run;

import dev.blocknas.nas.select.Budget;
import dev.blocknas.supernet.space.SearchSpaces;
import dev.blocknas.supernet.train.Tasks;
import dev.blocknas.tensor.Device;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A resumed run's phase times include what its interrupted attempts spent, so compare sees the whole search. */
class PhaseTimesTest {
    private static RunContext context(Path dir, boolean resume) {
        SearchConfig cfg = new SearchConfig("mnist", "mnist", "dna", Device.CPU, 1, 1, 32, 0.005, null, 1, 0.1, 64,
                false,
                Budget.NONE, 1, 0, 0, FamilyOptions.DEFAULT);
        return new RunContext(cfg, SearchSpaces.mnist(), Tasks.limit(Tasks.mnist(0.1, 1), 64, 8, 8), dir,
                RunConsole.silent(), resume);
    }

    @Test
    void phasesOfEarlierAttemptsAddUp(@TempDir Path dir) throws Exception {
        Files.writeString(dir.resolve(RunContext.PHASES),
                "[{\"name\": \"teacher\", \"seconds\": 30.0}, {\"name\": \"supernet\", \"seconds\": 12.5}]");
        RunContext resumed = context(dir, true);
        resumed.phase("teacher");
        resumed.phase("supernet");
        resumed.phase("rating");
        var p = resumed.phases();
        assertEquals(3, p.size());
        assertTrue(p.get(0).seconds() >= 30.0 && p.get(0).seconds() < 40, "" + p.get(0));
        assertTrue(p.get(1).seconds() >= 12.5 && p.get(1).seconds() < 22.5, "" + p.get(1));
        assertTrue(p.get(2).seconds() < 10, "a phase new to this attempt counts once: " + p.get(2));
        assertTrue(Files.readString(dir.resolve(RunContext.PHASES)).contains("\"rating\""),
                "kept for the next attempt");
        RunContext fresh = context(dir, false);
        fresh.phase("teacher");
        assertTrue(fresh.phases().get(0).seconds() < 10, "a fresh run does not inherit times");
    }
}
