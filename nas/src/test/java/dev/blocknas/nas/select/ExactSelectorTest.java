package dev.blocknas.nas.select;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class ExactSelectorTest {

    @Test
    void matchesBruteForceOnRandomTables() {
        var rnd = new SplittableRandom(7);
        int nonEmpty = 0;
        for (int trial = 0; trial < 1500; trial++) {
            int blocks = 2 + rnd.nextInt(4);
            // At most about 15000 networks, for the brute force.
            var table = RandomTables.table(rnd, blocks, blocks == 5 ? 6 : blocks == 4 ? 11 : 12);
            var base = rnd.nextBoolean()
                    ? BaseCost.ZERO
                    : new BaseCost(rnd.nextInt(20), rnd.nextInt(20), rnd.nextInt(3) * 0.1);
            var budget = RandomTables.budget(rnd, BruteForce.all(table, base));
            int k = 1 + rnd.nextInt(5);
            var expected = BruteForce.topK(table, base, budget, k);
            // Tiny front limits exercise the coarse bounds that only large tables need otherwise.
            int frontLimit = trial % 3 == 0 ? 1 + rnd.nextInt(6) : SuffixBounds.LIMIT;
            var actual = ExactSelector.topK(table, base, budget, k, frontLimit);
            String context = "trial " + trial + ", budget " + budget.describe() + ", k " + k + ", front limit "
                    + frontLimit + ", " + table;
            assertEquals(expected.stream().map(Selection::rating).toList(),
                    actual.stream().map(Selection::rating).toList(), context);
            assertEquals(expected, actual, context);
            if (!actual.isEmpty()) {
                nonEmpty++;
            }
        }
        // The comparison means little if the budgets excluded everything.
        assertTrue(nonEmpty > 1000, "non-empty results: " + nonEmpty);
    }

    @Test
    void budgetsAreInclusive() {
        var table = new RatingsTable(List.of(
                new BlockOptions(
                        List.of(new Option("big", 0.1, 700, 70, 0.1), new Option("small", 0.9, 100, 10, 0.05))),
                new BlockOptions(
                        List.of(new Option("big", 0.2, 300, 30, 0.2), new Option("small", 0.8, 100, 10, 0.05)))));
        var base = new BaseCost(0, 0, 0.0);
        // Exactly the best network's costs: it fits. 0.1 + 0.2 ms is 0.30000000000000004 in doubles.
        var exact = ExactSelector.best(table, base,
                Budget.NONE.withMaxParams(1000).withMaxFlops(100).withMaxLatencyMs(0.3));
        assertEquals(List.of("big", "big"), exact.labels());
        assertEquals(0.3, exact.latencyMs());
        var below = ExactSelector.best(table, base, Budget.NONE.withMaxParams(999));
        assertEquals(List.of("big", "small"), below.labels());
    }

    @Test
    void tiesAreBrokenByParamsThenLabels() {
        var table = new RatingsTable(List.of(
                new BlockOptions(
                        List.of(new Option("b", 0.3, 10, 0), new Option("a", 0.1, 10, 0), new Option("c", 0.1, 5, 0))),
                new BlockOptions(List.of(new Option("x", 0.1, 0, 0), new Option("y", 0.3, 0, 0)))));
        var top = ExactSelector.topK(table, BaseCost.ZERO, Budget.NONE, 6);
        // 0.1 + 0.3 and 0.3 + 0.1 are the same exact sum, unlike 0.1 + 0.1 + ... rounding in some orders.
        assertEquals(List.of(List.of("c", "x"), List.of("a", "x"), List.of("c", "y"), List.of("a", "y"),
                List.of("b", "x"), List.of("b", "y")), top.stream().map(Selection::labels).toList());
    }

    @Test
    void noNetworkFitsGivesEmptyList() {
        var table = new RatingsTable(List.of(new BlockOptions(List.of(new Option("a", 1, 10, 10)))));
        assertTrue(ExactSelector.topK(table, BaseCost.ZERO, Budget.NONE.withMaxParams(9), 3).isEmpty());
        assertTrue(ExactSelector.topK(table, new BaseCost(5, 0, 0), Budget.NONE.withMaxParams(14), 3).isEmpty());
        assertEquals(1, ExactSelector.topK(table, new BaseCost(5, 0, 0), Budget.NONE.withMaxParams(15), 3).size());
    }

    @Test
    void latencyBudgetNeedsLatencies() {
        var table = new RatingsTable(
                List.of(new BlockOptions(List.of(new Option("a", 1, 10, 10, 1.0), new Option("b", 1, 10, 10)))));
        var e = assertThrows(IllegalArgumentException.class,
                () -> ExactSelector.topK(table, BaseCost.ZERO, Budget.NONE.withMaxLatencyMs(5), 1));
        assertEquals("The budget limits latency, but block 0 candidate \"b\" has no measured latency.", e.getMessage());
        assertEquals(2, ExactSelector.topK(table, BaseCost.ZERO, Budget.NONE.withMaxParams(10), 5).size());
    }
}
