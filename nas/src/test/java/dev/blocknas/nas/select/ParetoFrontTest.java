package dev.blocknas.nas.select;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class ParetoFrontTest {

    @Test
    void matchesBruteForceOnRandomTables() {
        var rnd = new SplittableRandom(11);
        int longFronts = 0;
        for (int trial = 0; trial < 700; trial++) {
            var table = RandomTables.table(rnd, 1 + rnd.nextInt(4), 10);
            var base = new BaseCost(rnd.nextInt(5), rnd.nextInt(5), rnd.nextInt(3) * 0.1);
            var kind = CostKind.values()[rnd.nextInt(3)];
            var expected = BruteForce.front(table, base, kind);
            var actual = ParetoFront.of(table, base, kind);
            assertEquals(expected, actual, "trial " + trial + " " + kind + " " + table);
            if (actual.size() >= 4) {
                longFronts++;
            }
        }
        assertTrue(longFronts > 90, "fronts with 4+ points: " + longFronts);
    }

    @Test
    void frontIsSortedAndTradesCostForRating() {
        var front = ParetoFront.of(SyntheticRatings.dnaLike(3), BaseCost.ZERO, CostKind.FLOPS);
        assertTrue(front.size() > 10, "size " + front.size());
        for (int i = 1; i < front.size(); i++) {
            assertTrue(front.get(i).flops() > front.get(i - 1).flops());
            assertTrue(front.get(i).rating() < front.get(i - 1).rating());
        }
        // Its ends are the cheapest network and the best-rated one.
        var best = ExactSelector.best(SyntheticRatings.dnaLike(3), BaseCost.ZERO, Budget.NONE);
        assertEquals(best.rating(), front.getLast().rating());
    }

    @Test
    void equalRatingAndCostKeepsTheFirstInTieOrder() {
        var table = new RatingsTable(List.of(
                new BlockOptions(
                        List.of(new Option("b", 0.1, 5, 10), new Option("a", 0.1, 5, 10), new Option("c", 0.2, 1, 10))),
                new BlockOptions(List.of(new Option("x", 0.3, 1, 1)))));
        var front = ParetoFront.of(table, BaseCost.ZERO, CostKind.FLOPS);
        assertEquals(List.of(List.of("a", "x")), front.stream().map(Selection::labels).toList());
    }
}
