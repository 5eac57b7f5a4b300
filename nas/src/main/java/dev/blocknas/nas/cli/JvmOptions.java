package dev.blocknas.nas.cli;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * The program's JVM options, from the resource {@code jvm.options} next to this class: the one list the
 * {@code ./blocknas} launcher also reads (from the source tree), so the two cannot drift apart.
 */
final class JvmOptions {
    static final String RESOURCE = "jvm.options";

    private JvmOptions() {}

    /**
     * The options to start the program's JVM with, before {@code given} (which come after and win): every
     * line of the file but comments and blank lines, and but the GC lines when {@code given} names a GC.
     */
    static List<String> before(List<String> given) {
        boolean ownCollector = given.stream().anyMatch(a -> a.contains("GC"));
        List<String> out = new ArrayList<>();
        for (String line : lines()) {
            if (ownCollector && line.contains("GC")) continue;
            out.add(line);
        }
        return out;
    }

    /** The file's options, without comments and blank lines. */
    static List<String> lines() {
        try (InputStream in = JvmOptions.class.getResourceAsStream(RESOURCE)) {
            if (in == null) throw new IllegalStateException("the resource " + RESOURCE + " is missing from the jar");
            List<String> out = new ArrayList<>();
            BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
            for (String line = r.readLine(); line != null; line = r.readLine()) {
                String s = line.strip();
                if (!s.isEmpty() && !s.startsWith("#")) out.add(s);
            }
            return out;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
