package dev.blocknas.kernels.emu;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * What the checked-in PTX declares: each module's entry points ({@code .visible .entry} lines) and the
 * static shared memory of each entry (its {@code .shared} arrays). The PTX is what the GPU runs, so it is the
 * list of kernels the emulation must cover.
 */
final class PtxIndex {
    static final Path PTX = Path.of("src/main/resources/dev/blocknas/kernels/ptx");
    private static final Pattern ENTRY = Pattern.compile("^\\.visible \\.entry (\\w+)\\(", Pattern.MULTILINE);
    private static final Pattern SHARED = Pattern.compile("^\\s+\\.shared \\.align \\d+ \\.b8 \\S+\\[(\\d+)];",
            Pattern.MULTILINE);

    /** One entry point. */
    record Entry(String module, String name, int staticSharedBytes) {}

    private static Map<String, Entry> entries;

    private PtxIndex() {}

    /** Every entry point by name, in module order. */
    static synchronized Map<String, Entry> entries() {
        if (entries == null) entries = read();
        return entries;
    }

    /** The entry points of one module, e.g. "reduce". */
    static List<String> entriesOf(String module) {
        return entries().values().stream().filter(e -> e.module().equals(module)).map(Entry::name).toList();
    }

    /** The modules (PTX file names without ".ptx"). */
    static List<String> modules() {
        return entries().values().stream().map(Entry::module).distinct().toList();
    }

    private static Map<String, Entry> read() {
        Map<String, Entry> out = new LinkedHashMap<>();
        try (Stream<Path> files = Files.list(PTX)) {
            for (Path p : files.filter(f -> f.toString().endsWith(".ptx")).sorted().toList()) {
                String module = p.getFileName().toString().replace(".ptx", "");
                String text = Files.readString(p);
                Matcher m = ENTRY.matcher(text);
                int start = -1;
                String name = null;
                while (true) {
                    boolean more = m.find();
                    if (name != null) {
                        String body = text.substring(start, more ? m.start() : text.length());
                        out.put(name, new Entry(module, name, sharedBytes(body)));
                    }
                    if (!more) break;
                    name = m.group(1);
                    start = m.end();
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out;
    }

    private static int sharedBytes(String body) {
        int sum = 0;
        Matcher m = SHARED.matcher(body);
        while (m.find()) sum += Integer.parseInt(m.group(1));
        return sum;
    }
}
