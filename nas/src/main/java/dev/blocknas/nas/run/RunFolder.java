package dev.blocknas.nas.run;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Comparator;
import java.util.Iterator;
import java.util.Map;
import java.util.stream.Stream;

/**
 * Ownership of a run folder while a search runs in it: a lock file naming the process (a stale one, whose
 * process is gone, is taken over), a refusal to write a fresh search over a folder that holds one, and a
 * refusal to resume a run with settings other than its own.
 */
public final class RunFolder implements AutoCloseable {
    /** The lock file's name. */
    public static final String LOCK = ".lock";
    private static final ObjectMapper JSON = new ObjectMapper();
    private final Path lock;

    private RunFolder(Path lock) {
        this.lock = lock;
    }

    /**
     * Claims {@code dir} for a search with {@code config} (as config.json holds it).
     *
     * @param resume    continue the run in {@code dir}: its config.json must equal {@code config} (the device aside)
     * @param overwrite delete what {@code dir} holds and start again
     * @throws IllegalArgumentException with one sentence when the folder is taken or its run does not match
     */
    public static RunFolder claim(Path dir, boolean resume, boolean overwrite, Map<String, Object> config) {
        try {
            Files.createDirectories(dir);
            Path lock = dir.resolve(LOCK);
            take(lock, dir);
            try {
                boolean holdsRun = holdsRun(dir);
                if (holdsRun && !resume && !overwrite) {
                    throw new IllegalArgumentException(
                            "The folder " + dir + " already holds a run: add --resume to continue it, "
                                    + "--overwrite to replace it, or choose another --out.");
                }
                if (overwrite && !resume) clear(dir);
                if (resume && Files.exists(dir.resolve("config.json"))) {
                    JsonNode stored = JSON.readTree(dir.resolve("config.json").toFile());
                    JsonNode given = JSON.valueToTree(config);
                    String diff = firstDifference(stored, given, "");
                    if (diff != null) {
                        throw new IllegalArgumentException(
                                "The run in " + dir + " was made with other settings (" + diff
                                        + "): resume it with its own settings, or start a new run in another folder.");
                    }
                }
                return new RunFolder(lock);
            } catch (RuntimeException | IOException e) {
                Files.deleteIfExists(lock);
                throw e;
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Could not use the run folder " + dir + ": " + e.getMessage(), e);
        }
    }

    private static void take(Path lock, Path dir) throws IOException {
        String me = ProcessHandle.current().pid() + " " + host();
        for (int attempt = 0; attempt < 2; attempt++) {
            try {
                Files.writeString(lock, me, StandardCharsets.UTF_8, StandardOpenOption.CREATE_NEW,
                        StandardOpenOption.WRITE);
                return;
            } catch (FileAlreadyExistsException e) {
                String[] owner = Files.readString(lock, StandardCharsets.UTF_8).trim().split(" ", 2);
                boolean sameHost = owner.length == 2 && owner[1].equals(host());
                long pid = parse(owner[0]);
                boolean alive = pid > 0 && ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false);
                if (!sameHost || alive) {
                    throw new IllegalArgumentException("Another blocknas (pid " + owner[0]
                            + (sameHost ? "" : " on " + (owner.length == 2 ? owner[1] : "?"))
                            + ") is running in " + dir + ": wait for it, or remove " + lock + " if it is gone.");
                }
                Files.deleteIfExists(lock); // stale: its process has ended
            }
        }
        throw new IllegalArgumentException("Could not take the lock " + lock + ": another process keeps taking it.");
    }

    private static long parse(String s) {
        try {
            return Long.parseLong(s);
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    private static String host() {
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (IOException e) {
            return "localhost";
        }
    }

    private static boolean holdsRun(Path dir) throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            return s.anyMatch(p -> !p.getFileName().toString().equals(LOCK));
        }
    }

    private static void clear(Path dir) throws IOException {
        try (Stream<Path> s = Files.walk(dir)) {
            for (Path p : s.sorted(Comparator.reverseOrder()).toList()) {
                if (!p.equals(dir) && !p.getFileName().toString().equals(LOCK)) Files.delete(p);
            }
        }
    }

    /** The first setting whose value differs, as "seed was 7, now 9", or null; the device may differ. */
    static String firstDifference(JsonNode stored, JsonNode given, String prefix) {
        Iterator<String> names = given.fieldNames();
        while (names.hasNext()) {
            String n = names.next();
            if (prefix.isEmpty() && n.equals("device")) continue;
            JsonNode a = stored.get(n);
            JsonNode b = given.get(n);
            if (a != null && a.isObject() && b.isObject()) {
                String d = firstDifference(a, b, prefix + n + ".");
                if (d != null) return d;
            } else if (a == null || !equalValues(a, b)) {
                return prefix + n + " was " + (a == null ? "not set" : a.toString()) + ", now " + b;
            }
        }
        return null;
    }

    private static boolean equalValues(JsonNode a, JsonNode b) {
        if (a.isNumber() && b.isNumber()) return a.decimalValue().compareTo(b.decimalValue()) == 0;
        return a.equals(b);
    }

    /** Releases the lock. */
    @Override
    public void close() {
        try {
            Files.deleteIfExists(lock);
        } catch (IOException e) {
            // the run itself is complete; a lock left behind is detected as stale by the next claim
        }
    }
}
