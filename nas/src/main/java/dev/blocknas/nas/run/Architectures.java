package dev.blocknas.nas.run;

import dev.blocknas.layers.arch.CellSpec;
import dev.blocknas.supernet.space.SearchSpace;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.StringJoiner;

/** Whole-network architecture strings from block candidates, and from the command line. */
public final class Architectures {
    private Architectures() {}

    /** The network of a space whose blocks are the given candidate strings: stem, fixed cells, blocks, head. */
    public static String whole(SearchSpace space, List<String> blockLabels) {
        StringJoiner j = new StringJoiner("/");
        j.add(space.stem().toString());
        if (!space.fixedCells().isEmpty()) {
            StringJoiner cells = new StringJoiner("-");
            for (CellSpec c : space.fixedCells()) cells.add(c.toString());
            j.add(cells.toString());
        }
        blockLabels.forEach(j::add);
        j.add(space.head().toString());
        return j.toString();
    }

    /**
     * An architecture given on the command line: the string itself, or a file holding it (architecture.txt),
     * or a run's architectures.json (its best network).
     */
    public static String fromArgument(String arg) {
        Path p = Path.of(arg);
        if (!arg.contains("_") || Files.isRegularFile(p)) {
            if (!Files.isRegularFile(p)) {
                throw new IllegalArgumentException("\"" + arg + "\" is neither an architecture string (such as "
                        + "stem_c16_s2/ir_k3_e6_c24_s1/head_c256) nor an existing file holding one.");
            }
            try {
                String text = Files.readString(p).trim();
                if (text.startsWith("[")) {
                    var node = new com.fasterxml.jackson.databind.ObjectMapper().readTree(text);
                    if (node.isEmpty() || !node.get(0).has("architecture")) {
                        throw new IllegalArgumentException(p.getFileName() + " holds no architecture.");
                    }
                    return node.get(0).get("architecture").asText();
                }
                return text;
            } catch (java.nio.charset.MalformedInputException e) {
                throw new IllegalArgumentException(arg + " is not a text file holding an architecture string.");
            } catch (java.io.IOException e) {
                throw new IllegalArgumentException("Could not read " + arg + ": " + e.getMessage() + ".");
            }
        }
        return arg;
    }
}
