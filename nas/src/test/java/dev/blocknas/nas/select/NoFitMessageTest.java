package dev.blocknas.nas.select;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

class NoFitMessageTest {
    private static final RatingsTable TABLE = new RatingsTable(List.of(
            new BlockOptions(List.of(new Option("small", 0.9, 1_000_000, 500, 2.5),
                    new Option("fast", 0.9, 2_000_000, 100, 1.5))),
            new BlockOptions(List.of(new Option("x", 0.1, 234_567, 1, 0.25)))));

    @Test
    void namesTheLimitThatCannotBeMet() {
        assertEquals("No network fits the budget: max params 1000000, but the smallest network has 1234567 parameters.",
                NoFitMessage.of(TABLE, BaseCost.ZERO, Budget.NONE.withMaxParams(1_000_000)));
        assertEquals("No network fits the budget: max params 1000000, but the smallest network has 1234567 parameters,"
                + " and max latency 1.5 ms, but the fastest network takes 1.75 ms.",
                NoFitMessage.of(TABLE, BaseCost.ZERO, Budget.NONE.withMaxParams(1_000_000).withMaxLatencyMs(1.5)));
    }

    @Test
    void explainsLimitsThatOnlyClashTogether() {
        var budget = Budget.NONE.withMaxParams(1_234_567).withMaxFlops(101);
        assertEquals(List.of(), ExactSelector.topK(TABLE, BaseCost.ZERO, budget, 1));
        assertEquals(
                "No network fits the budget: max params 1234567 and max FLOPs 101 can each be met alone (the smallest"
                        + " network has 1234567 parameters, the network with the fewest FLOPs has 101 FLOPs), but not together.",
                NoFitMessage.of(TABLE, BaseCost.ZERO, budget));
    }
}
