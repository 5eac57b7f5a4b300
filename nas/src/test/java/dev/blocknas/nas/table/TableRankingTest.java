package dev.blocknas.nas.table;

import dev.blocknas.nas.select.RatingsTable;
import dev.blocknas.supernet.space.SearchSpaces;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Rank-against-table on a small checked-in table whose every number was worked out by hand. */
class TableRankingTest {
    // block ratings: a1 0.5, a2 0.3, b1 0.4, b2 0.2; a3 and b3 unrated, so s/a3/b3/h is left out
    private static final Map<String, Double> RATINGS = Map.of("s/a1/b1/h", 0.9, "s/a1/b2/h", 0.7, "s/a2/b1/h", 0.7,
            "s/a2/b2/h", 0.5);

    static Table small() throws URISyntaxException {
        return TableCsv.read(Path.of(TableRankingTest.class.getResource("small-table.csv").toURI()));
    }

    @Test
    void tauAgainstTheTableAndTheParameterBaseline() throws Exception {
        TableRanking r = TableRanking.of(small(), a -> RATINGS.getOrDefault(a, Double.NaN), null, Double.NaN, 0, 0);
        assertEquals(4, r.ratings().networks());
        // negated ratings -0.9, -0.7, -0.7, -0.5 against mean accuracies .81, .84, .85, .89: C = 5, D = 0, one tie
        assertEquals(5 / Math.sqrt(30), r.ratings().kendallTau(), 1e-9);
        assertEquals(1.0, r.params().kendallTau(), 1e-9);
    }

    @Test
    void theChosenNetworkInTheTable() throws Exception {
        TableRanking.Chosen c = TableRanking
                .of(small(), a -> RATINGS.getOrDefault(a, Double.NaN), "s/a2/b1/h", Double.NaN, 300, 0).chosen();
        // within 300 parameters: .81, .84, .85 (chosen), .87 — one better
        assertTrue(c.inTable());
        assertEquals(0.85, c.accuracy(), 1e-12);
        assertEquals(300, c.budget());
        assertEquals(4, c.withinBudget());
        assertEquals(2, c.rank());
        assertEquals(0.02, c.regret(), 1e-12);
        assertEquals(1, c.similar());
        assertEquals(0.87, c.similarMedian(), 1e-12);
        assertFalse(c.topQuartile());
        // a larger budget lets the 400-parameter network in
        TableRanking.Chosen wide = TableRanking
                .of(small(), a -> RATINGS.getOrDefault(a, Double.NaN), "s/a2/b1/h", Double.NaN, 300, 1000).chosen();
        assertEquals(5, wide.withinBudget());
        assertEquals(3, wide.rank());
        assertEquals(0.04, wide.regret(), 1e-12);
    }

    @Test
    void aChosenNetworkOutsideTheTableUsesTheGivenAccuracy() throws Exception {
        TableRanking.Chosen c = TableRanking
                .of(small(), a -> RATINGS.getOrDefault(a, Double.NaN), "s/a9/b9/h", 0.88, 260, 0).chosen();
        assertFalse(c.inTable());
        assertEquals(4, c.withinBudget());
        assertEquals(1, c.rank());
        assertEquals(0, c.regret(), 1e-12);
        assertTrue(c.topQuartile());
        assertEquals(3, c.similar());
        assertEquals(0.85, c.similarMedian(), 1e-12);
        assertEquals(null,
                TableRanking.of(small(), a -> RATINGS.getOrDefault(a, Double.NaN), "s/a9/b9/h", Double.NaN, 260, 0)
                        .chosen(),
                "neither in the table nor retrained: unknown");
    }

    @Test
    void theSeedToSeedNoiseFloor() throws Exception {
        TableRanking.NoiseFloor n = TableRanking.noiseFloor(small());
        // seed 1: .80 .85 .84 .90, seed 2: .82 .83 .86 .88: five pairs agree, one disagrees
        assertEquals(4, n.networks());
        assertEquals(4 / 6.0, n.kendallTau(), 1e-9);
        assertEquals(0.02, n.meanAbsDifference(), 1e-9);
    }

    @Test
    void tooFewRateableNetworksIsOneSentence() throws Exception {
        var e = assertThrows(IllegalArgumentException.class,
                () -> TableRanking.of(small(), a -> Double.NaN, null, Double.NaN, 0, 0));
        assertEquals(
                "Only 0 of the table's 5 networks can be rated by this run: is the table of the run's search space?",
                e.getMessage());
    }

    @Test
    void summedBlockRatingsOfARun(@TempDir Path dir) throws Exception {
        var space = SearchSpaces.mnist();
        Path f = dir.resolve("ratings.csv");
        Files.writeString(f, """
                block,candidate,loss,params,flops,latency_ms
                0,ir_k3_e3_c24_s1,0.5,1,1,
                1,ir_k3_e3_c40_s2,0.25,1,1,
                1,ir_k5_e3_c40_s2,0.75,1,1,
                2,ir_k3_e3_c64_s2,0.125,1,1,
                """);
        var summed = RunRatings.summed(RatingsTable.read(f), space);
        assertEquals(0.875,
                summed.applyAsDouble("stem_c16_s2/ir_k3_e3_c24_s1/ir_k3_e3_c40_s2/ir_k3_e3_c64_s2/head_c256"), 1e-12);
        assertEquals(1.375,
                summed.applyAsDouble("stem_c16_s2/ir_k3_e3_c24_s1/ir_k5_e3_c40_s2/ir_k3_e3_c64_s2/head_c256"), 1e-12);
        assertTrue(Double
                .isNaN(summed.applyAsDouble("stem_c16_s2/ir_k7_e3_c24_s1/ir_k3_e3_c40_s2/ir_k3_e3_c64_s2/head_c256")));
        assertTrue(Double.isNaN(summed.applyAsDouble("stem_c16_s2/head_c256")));
    }

    @Test
    void theStratifiedSampleSpansTheSizesAndPrefixesOfItsOrderAreSpread() {
        var space = SearchSpaces.mnist();
        var sample = StratifiedSample.of(space, 8, 3);
        assertEquals(8, sample.stream().distinct().count());
        long[] params = sample.stream().mapToLong(a -> dev.blocknas.layers.arch.ParameterCount.of(a, 1, 10)).toArray();
        for (int i = 1; i < params.length; i++) assertTrue(params[i] >= params[i - 1], "quantiles in order of size");
        assertEquals(sample, StratifiedSample.of(space, 8, 3), "deterministic");
        assertEquals(java.util.List.of(0, 4, 2, 6, 1, 5, 3, 7),
                java.util.Arrays.stream(StratifiedSample.spreadOrder(8)).boxed().toList());
        assertEquals(java.util.List.of(0, 4, 2, 1, 5, 3),
                java.util.Arrays.stream(StratifiedSample.spreadOrder(6)).boxed().toList());
    }
}
