package dev.blocknas.example;

import dev.blocknas.nas.api.BlocknasException;
import dev.blocknas.nas.api.BlocknasNetwork;
import dev.blocknas.nas.api.Search;
import dev.blocknas.nas.api.SearchOutcome;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A search through the public API alone (nothing imported from blocknas but {@code dev.blocknas.nas.api}). */
class SearchTest {
    /** A two-block space (6 + 3 candidates) whose whole search takes seconds, written where a user would keep it. */
    static Path tinySpace(Path dir) throws Exception {
        Path file = dir.resolve("tiny-space.json");
        try (var in = SearchTest.class.getResourceAsStream("tiny-space.json")) {
            Files.copy(in, file);
        }
        return file;
    }

    @Test
    void aTinySearchReturnsWhatItsRunFolderRecords(@TempDir Path dir) throws Exception {
        List<String> lines = Collections.synchronizedList(new ArrayList<>());
        Path run = dir.resolve("run");
        SearchOutcome found = Search.builder().space(tinySpace(dir)).device("cpu").epochs(1).batch(32).teacherEpochs(1)
                .retrainEpochs(1).limitTrain(320).seed(3).out(run).listener(lines::add).run();

        assertEquals(run, found.folder());
        assertEquals(run.resolve("result.json"), found.result());
        String json = Files.readString(found.result());
        assertEquals(text(json, "architecture"), found.architecture());
        assertEquals(Double.parseDouble(number(json, "rating")), found.rating());
        assertEquals(Long.parseLong(number(json, "params")), found.params());
        assertEquals(Long.parseLong(number(json, "flops")), found.flops());
        assertEquals(Double.parseDouble(number(json, "test_accuracy")), found.testAccuracy().orElseThrow());
        assertEquals(Files.readString(run.resolve("architecture.txt")).strip(), found.architecture());

        // the listener heard every line of the log, without its time stamps
        assertTrue(lines.getFirst().startsWith("blocknas search: method dna, space tiny"), lines.getFirst());
        for (String logged : Files.readAllLines(run.resolve("log.txt"))) {
            assertTrue(lines.contains(logged.substring("[HH:mm:ss] ".length())), logged);
        }

        try (BlocknasNetwork net = BlocknasNetwork.load(found.weights())) {
            assertEquals(found.architecture(), net.architecture());
            assertEquals(found.params(), net.parameterCount());
            float[] p = net.predict(new float[1][28][28]);
            assertEquals(10, p.length);
            assertTrue(net.top(p) >= 0 && net.top(p) < 10);
        }
    }

    @Test
    void badSettingsFailInOneSentenceBeforeAnyFolderExists(@TempDir Path dir) throws Exception {
        Path space = tinySpace(dir);
        Path run = dir.resolve("run");
        Supplier<Search> tiny = () -> Search.builder().space(space).device("cpu").out(run);
        assertMessage("No network fits the budget: the smallest network of the tiny space has ",
                tiny.get().maxParams(1));
        assertMessage("Unknown device \"tpu\"", tiny.get().device("tpu"));
        assertMessage("Unknown data set \"nope\"", tiny.get().data("nope"));
        assertMessage("epochs and teacherEpochs must be at least 1", tiny.get().epochs(0));
        assertMessage("Unknown search space \"nowhere\"", Search.builder().space("nowhere").out(run));
        assertFalse(Files.exists(run), "a refused search leaves no run folder");
    }

    private static void assertMessage(String start, Search search) {
        BlocknasException e = assertThrows(BlocknasException.class, search::run);
        String m = e.getMessage();
        assertTrue(m.startsWith(start), m);
        assertFalse(m.contains("\n"), m);
        assertTrue(m.endsWith("."), m);
        assertFalse(m.contains("Exception"), m);
    }

    private static String text(String json, String key) {
        return field(json, key, "\"([^\"]*)\"");
    }

    private static String number(String json, String key) {
        return field(json, key, "(-?[0-9.eE+-]+)");
    }

    private static String field(String json, String key, String value) {
        Matcher m = Pattern.compile("\"" + key + "\"\\s*:\\s*" + value).matcher(json);
        assertTrue(m.find(), key + " in " + json);
        assertNotNull(m.group(1));
        return m.group(1);
    }
}
