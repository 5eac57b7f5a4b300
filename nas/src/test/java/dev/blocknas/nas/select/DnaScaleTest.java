package dev.blocknas.nas.select;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigInteger;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The DNA-sized space (about 3e16 networks): completes fast, and the answer is feasible and consistent. */
class DnaScaleTest {

    @Test
    void syntheticTableHasTheDnaShape() {
        var t = SyntheticRatings.dnaLike(1);
        assertEquals(SyntheticRatings.DNA_BLOCK_SIZES, t.blocks().stream().map(BlockOptions::size).toList());
        assertEquals(new BigInteger("32649749814509568"), t.networkCount());
        assertEquals(t, SyntheticRatings.dnaLike(1));
    }

    @Test
    void topKOnDnaSizedTables() {
        var base = new BaseCost(400_000, 40_000_000, 0.5);
        for (var table : List.of(SyntheticRatings.dnaLike(1), SyntheticRatings.uncorrelated(2))) {
            var unlimited = ExactSelector.topK(table, base, Budget.NONE, 10);
            var cheapest = ExactSelector.topK(table, base, Budget.NONE.withMaxFlops(0).withMaxParams(0), 1);
            assertTrue(cheapest.isEmpty());
            var front = ParetoFront.of(table, base, CostKind.FLOPS);
            for (double fraction : new double[] {0.1, 0.5}) {
                Budget budget = SelectorTimings.budget(table, base, "PF", fraction);
                long t0 = System.nanoTime();
                var top = ExactSelector.topK(table, base, budget, 10);
                long ms = (System.nanoTime() - t0) / 1_000_000;
                System.out.printf("DNA-sized top 10 within %s: %d ms%n", budget.describe(), ms);
                assertEquals(10, top.size());
                for (int i = 0; i < top.size(); i++) {
                    assertTrue(budget.admits(top.get(i)));
                    if (i > 0) {
                        assertTrue(Selection.ORDER.compare(top.get(i - 1), top.get(i)) < 0);
                    }
                }
                // A budget can only make things worse than no budget at all.
                assertTrue(top.getFirst().rating() >= unlimited.getFirst().rating());
                // The best network within budget is also the best on the front within budget.
                var bestOnFlopsFront = ExactSelector.best(table, base,
                        Budget.NONE.withMaxFlops(budget.maxFlops().getAsLong()));
                assertEquals(
                        front.stream().filter(s -> s.flops() <= budget.maxFlops().getAsLong()).toList().getLast()
                                .rating(),
                        bestOnFlopsFront.rating());
            }
            // Unlimited: the best network takes each block's best option.
            double sum = 0;
            for (var b : table.blocks()) {
                sum += b.options().stream().mapToDouble(Option::rating).min().orElseThrow();
            }
            assertEquals(sum, unlimited.getFirst().rating(), 1e-12);
        }
    }
}
