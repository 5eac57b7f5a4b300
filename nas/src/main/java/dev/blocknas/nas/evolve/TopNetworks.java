package dev.blocknas.nas.evolve;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.blocknas.supernet.space.SearchSpace;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;

/**
 * architectures.json of a one-shot search: the best networks of the final generation, best first, with the
 * fields of a block-wise run's file ({@code architecture, blocks, rating, params, flops, latency_ms}); the
 * rating is the supernet's error, 1 - accuracy, so that lower is better there too.
 */
public final class TopNetworks {
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private TopNetworks() {}

    /** The best {@code k} of {@code ranked} (already best first) as JSON. */
    public static String render(SearchSpace space, List<Individual> ranked, int k) {
        ArrayNode array = JSON.createArrayNode();
        for (Individual i : ranked.subList(0, Math.min(k, ranked.size()))) {
            ObjectNode o = array.addObject();
            o.put("architecture", space.architecture(i.network()).toString());
            ArrayNode blocks = o.putArray("blocks");
            for (int b = 0; b < i.network().size(); b++) blocks.add(space.label(b, i.network().get(b)));
            o.put("rating", 1 - i.fitness());
            o.put("params", i.cost().params());
            o.put("flops", i.cost().flops());
            if (Double.isNaN(i.cost().latencyMs())) o.putNull("latency_ms");
            else o.put("latency_ms", i.cost().latencyMs());
        }
        try {
            return JSON.writeValueAsString(array) + "\n";
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
