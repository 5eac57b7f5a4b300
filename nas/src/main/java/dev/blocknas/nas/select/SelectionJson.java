package dev.blocknas.nas.select;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.function.Function;

/**
 * Selections as JSON: an array, best first, of objects with {@code architecture} (the labels joined),
 * {@code blocks} (the labels), {@code rating}, {@code params}, {@code flops} and {@code latency_ms}
 * (null when unknown).
 */
public final class SelectionJson {
    private static final ObjectMapper MAPPER = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private SelectionJson() {}

    /** The JSON text, with the block labels joined by {@code joiner} into {@code architecture}. */
    public static String render(List<Selection> selections, String joiner) {
        return render(selections, labels -> String.join(joiner, labels));
    }

    /** The JSON text, with {@code architecture} made from the block labels by {@code architecture}. */
    public static String render(List<Selection> selections, Function<List<String>, String> architecture) {
        try {
            return MAPPER.writeValueAsString(tree(selections, architecture)) + "\n";
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Writes {@link #render} to {@code file} atomically. */
    public static void write(Path file, List<Selection> selections, String joiner) {
        RatingsTable.writeAtomically(file, render(selections, joiner).getBytes(StandardCharsets.UTF_8));
    }

    static ArrayNode tree(List<Selection> selections, Function<List<String>, String> architecture) {
        ArrayNode array = MAPPER.createArrayNode();
        for (Selection s : selections) {
            var o = array.addObject();
            o.put("architecture", architecture.apply(s.labels()));
            var blocks = o.putArray("blocks");
            s.labels().forEach(blocks::add);
            o.put("rating", s.rating());
            o.put("params", s.params());
            o.put("flops", s.flops());
            if (Double.isNaN(s.latencyMs())) {
                o.putNull("latency_ms");
            } else {
                o.put("latency_ms", s.latencyMs());
            }
        }
        return array;
    }
}
