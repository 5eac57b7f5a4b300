package dev.blocknas.nas.rank;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

class RankCorrelationTest {

    @Test
    void lowerLossesWithHigherAccuracyCorrelatePositively() {
        RankCorrelation perfect = RankCorrelation.of(new double[] {0.1, 0.2, 0.3, 0.4},
                new double[] {0.99, 0.98, 0.97, 0.9});
        assertEquals(1.0, perfect.kendallTau(), 1e-12);
        assertEquals(1.0, perfect.spearmanRho(), 1e-12);
        RankCorrelation reversed = RankCorrelation.of(new double[] {0.1, 0.2, 0.3}, new double[] {0.1, 0.2, 0.3});
        assertEquals(-1.0, reversed.kendallTau(), 1e-12);
    }

    @Test
    void kendallTauBHandlesTies() {
        // scores -r = {-1, -2, -2, -3}, accuracies {4, 3, 2, 1}: C = 5, D = 0, one tie in the first list:
        // tau-b = 5 / sqrt((6 - 1) * (6 - 0))
        RankCorrelation rc = RankCorrelation.of(new double[] {1, 2, 2, 3}, new double[] {4, 3, 2, 1});
        assertEquals(5 / Math.sqrt(5 * 6), rc.kendallTau(), 1e-12);
    }
}
