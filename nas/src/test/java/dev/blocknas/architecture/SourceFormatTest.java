package dev.blocknas.architecture;

import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The project's own formatting rules, checked on every Java source of every module so they cannot drift again:
 * 4-space indentation (a type's first member is indented 4 spaces), no tabs, no trailing whitespace, and a final
 * newline.
 */
class SourceFormatTest {
    private static final Pattern TYPE = Pattern.compile("^(?:public |final |abstract |sealed |non-sealed )*(?:class|record|enum|interface|@interface) ",
            Pattern.MULTILINE);

    @Test
    void everySourceFollowsTheRules() {
        List<String> problems = new ArrayList<>();
        List<Path> sources = Sources.of("src/main/java", "src/test/java");
        if (sources.size() < 400) throw new IllegalStateException("only " + sources.size() + " sources found");
        for (Path f : sources) {
            String text = Sources.read(f);
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
}
