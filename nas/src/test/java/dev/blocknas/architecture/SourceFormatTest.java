package dev.blocknas.architecture;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The project's own formatting rules, checked on every Java source of every module so they cannot drift again:
 * 4-space indentation (a type's first member is indented 4 spaces), no tabs, no trailing whitespace, and a final
 * newline.
 */
class SourceFormatTest {
    private static final List<String> MODULES = List.of("tensor", "kernels", "layers", "supernet", "nas", "bench");
    private static final Pattern TYPE = Pattern.compile("^(?:public |final |abstract |sealed |non-sealed )*(?:class|record|enum|interface|@interface) ",
            Pattern.MULTILINE);

    @Test
    void everySourceFollowsTheRules() {
        List<String> problems = new ArrayList<>();
        for (Path f : sources()) {
            String text = read(f);
            String name = f.toString();
            if (text.indexOf('\t') >= 0) problems.add(name + ": a tab");
            if (!text.endsWith("\n")) problems.add(name + ": no final newline");
            String[] lines = text.split("\n", -1);
            for (int i = 0; i < lines.length; i++) {
                if (!lines[i].isEmpty() && Character.isWhitespace(lines[i].charAt(lines[i].length() - 1))) {
                    problems.add(name + ":" + (i + 1) + ": trailing whitespace");
                }
            }
            Matcher m = TYPE.matcher(text);
            if (m.find()) {
                // the body starts after the line that opens it (a record's components may take several lines)
                int open = text.indexOf("{\n", m.end());
                String rest = open < 0 ? "" : text.substring(open + 2);
                for (String line : rest.split("\n")) {
                    if (line.isBlank()) continue;
                    int indent = line.length() - line.stripLeading().length();
                    if (indent != 4 && !line.strip().startsWith("}")) problems.add(name + ": first member indented " + indent + ", not 4");
                    break;
                }
            }
        }
        assertEquals(List.of(), problems);
    }

    private static List<Path> sources() {
        Path root = Path.of("").toAbsolutePath().getParent();
        List<Path> out = new ArrayList<>();
        for (String m : MODULES) {
            for (String set : List.of("src/main/java", "src/test/java")) {
                Path dir = root.resolve(m).resolve(set);
                if (!Files.isDirectory(dir)) continue;
                try (Stream<Path> s = Files.walk(dir)) {
                    s.filter(p -> p.toString().endsWith(".java")).forEach(out::add);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }
        }
        if (out.size() < 400) throw new IllegalStateException("only " + out.size() + " sources found under " + root);
        return out;
    }

    private static String read(Path f) {
        try {
            return Files.readString(f);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
