package dev.blocknas.nas.select;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.List;
import org.junit.jupiter.api.Test;

class SelectionJsonTest {
    @Test
    void rendersBestFirstWithNullLatency() throws Exception {
        var measured = Selection.of(List.of(new Option("a", 0.5, 10, 20, 0.25), new Option("b", 0.25, 1, 2, 0.5)),
                new BaseCost(100, 1000, 1.0));
        var unmeasured = Selection.of(List.of(new Option("c", 1, 1, 1), new Option("d", 1, 1, 1)), BaseCost.ZERO);
        String json = SelectionJson.render(List.of(measured, unmeasured), "-");
        var tree = new ObjectMapper().readTree(json);
        assertEquals(2, tree.size());
        var first = tree.get(0);
        assertEquals("a-b", first.get("architecture").asText());
        assertEquals(List.of("a", "b"),
                List.of(first.get("blocks").get(0).asText(), first.get("blocks").get(1).asText()));
        assertEquals(0.75, first.get("rating").asDouble());
        assertEquals(111, first.get("params").asLong());
        assertEquals(1022, first.get("flops").asLong());
        assertEquals(1.75, first.get("latency_ms").asDouble());
        assertTrue(tree.get(1).get("latency_ms").isNull());
        assertEquals("c | d", new ObjectMapper().readTree(SelectionJson.render(List.of(unmeasured), " | "))
                .get(0).get("architecture").asText());
    }
}
