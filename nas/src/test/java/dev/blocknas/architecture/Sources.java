package dev.blocknas.architecture;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/** The Java sources of every module, for the tests that check the whole code base. */
final class Sources {
    private static final List<String> MODULES = List.of("tensor", "kernels", "layers", "supernet", "nas", "bench");

    private Sources() {}

    /** Every {@code .java} file under {@code set} (such as {@code src/main/java}) of every module. */
    static List<Path> of(String... sets) {
        Path root = Path.of("").toAbsolutePath().getParent();
        List<Path> out = new ArrayList<>();
        for (String m : MODULES) {
            for (String set : sets) {
                Path dir = root.resolve(m).resolve(set);
                if (!Files.isDirectory(dir)) continue;
                try (Stream<Path> s = Files.walk(dir)) {
                    s.filter(p -> p.toString().endsWith(".java")).forEach(out::add);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }
        }
        return out;
    }

    static String read(Path f) {
        try {
            return Files.readString(f);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
