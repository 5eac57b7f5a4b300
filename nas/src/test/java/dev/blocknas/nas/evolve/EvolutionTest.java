package dev.blocknas.nas.evolve;

import dev.blocknas.nas.cost.CostModel;
import dev.blocknas.nas.select.Budget;
import dev.blocknas.supernet.net.OpMask;
import dev.blocknas.supernet.space.BlockPath;
import dev.blocknas.supernet.space.SearchSpace;
import dev.blocknas.supernet.space.SearchSpaces;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The genetic algorithm on a synthetic fitness, where improvement is certain, and under a budget. */
class EvolutionTest {
    private static final SearchSpace SPACE = SearchSpaces.mnist();

    /** Fitness: the share of layers running operation 0 (k3_e3), deeper cells counting more layers. */
    private static final class Synthetic implements Fitness {
        final List<List<List<BlockPath>>> pools = new ArrayList<>();
        final List<List<BlockPath>> evaluated = new ArrayList<>();

        @Override
        public void beforeEvaluation(int generation, List<List<BlockPath>> pool) {
            pools.add(pool);
        }

        @Override
        public double of(List<BlockPath> network) {
            evaluated.add(network);
            int hits = 0;
            for (BlockPath p : network) for (int l = 0; l < p.depth(); l++) if (p.op(l) == 0) hits++;
            return hits / 6.0;
        }

        @Override
        public long evaluations() {
            return evaluated.size();
        }
    }

    @Test
    void thePopulationImprovesAndNeverGetsWorse() {
        GenomeLayout layout = new GenomeLayout(OpMask.all(SPACE));
        Feasibility unlimited = new Feasibility(layout, new CostModel(SPACE, null), Budget.NONE);
        Synthetic fitness = new Synthetic();
        List<Generation> history = new Evolution(layout, unlimited, new Evolution.Settings(8, 12, 3, 0.15, 7))
                .run(fitness, Evolution.Listener.NONE);
        assertEquals(12, history.size());
        for (int g = 1; g < history.size(); g++) {
            assertTrue(history.get(g).best() >= history.get(g - 1).best(), "best fell in generation " + g);
            assertTrue(history.get(g).mean() >= history.get(g - 1).mean() - 1e-12, "mean fell in generation " + g);
        }
        Generation first = history.get(0);
        Generation last = history.get(history.size() - 1);
        assertTrue(last.best() > first.best(), "best from " + first.best() + " to " + last.best());
        assertTrue(last.mean() > first.mean() + 0.2, "mean from " + first.mean() + " to " + last.mean());
    }

    @Test
    void everyGenerationEvaluatesItsWholePoolUnderOneStateSurvivorsIncluded() {
        GenomeLayout layout = new GenomeLayout(OpMask.all(SPACE));
        Synthetic fitness = new Synthetic();
        List<Generation> history = new Evolution(layout,
                new Feasibility(layout, new CostModel(SPACE, null), Budget.NONE),
                new Evolution.Settings(6, 4, 2, 0.2, 3)).run(fitness, Evolution.Listener.NONE);
        int at = history.get(0).evaluated().size();
        for (int g = 1; g < history.size(); g++) {
            Set<List<BlockPath>> pool = new HashSet<>(fitness.pools.get(g - 1));
            assertEquals(pool.size(), fitness.pools.get(g - 1).size(), "the pool holds distinct networks");
            Set<List<BlockPath>> evaluatedNow = new HashSet<>(fitness.evaluated.subList(at, at + pool.size()));
            at += pool.size();
            assertEquals(pool, evaluatedNow, "generation " + g + " evaluates exactly the pool it fine-tuned on");
            for (Individual s : history.get(g - 1).survivors()) {
                assertTrue(pool.contains(s.network()), "a survivor of generation " + (g - 1) + " is evaluated again");
            }
            assertEquals(12, pool.size(), "six survivors and six offspring");
        }
        assertEquals(at, fitness.evaluated.size());
    }

    @Test
    void nothingOverBudgetIsEverEvaluated() {
        GenomeLayout layout = new GenomeLayout(OpMask.all(SPACE));
        CostModel costs = new CostModel(SPACE, null);
        Feasibility unlimited = new Feasibility(layout, costs, Budget.NONE);
        // a limit under the median network: most random draws need repair
        List<Long> params = new ArrayList<>();
        SplittableRandom r = new SplittableRandom(1);
        for (int i = 0; i < 200; i++) params.add(unlimited.cost(layout.decode(layout.random(r))).params());
        params.sort(null);
        long limit = params.get(60);
        Feasibility budget = new Feasibility(layout, costs, Budget.NONE.withMaxParams(limit));
        Synthetic fitness = new Synthetic();
        List<Generation> history = new Evolution(layout, budget, new Evolution.Settings(8, 5, 3, 0.3, 11)).run(fitness,
                Evolution.Listener.NONE);
        for (List<BlockPath> n : fitness.evaluated)
            assertTrue(unlimited.cost(n).params() <= limit, "evaluated over budget: " + n);
        for (Generation g : history) for (Individual i : g.evaluated()) assertTrue(i.cost().params() <= limit);
        assertEquals(8, history.get(0).evaluated().size(), "repair finds a full population");

        long least = costs.base().params();
        for (int b = 0; b < SPACE.blockCount(); b++) {
            long min = Long.MAX_VALUE;
            for (BlockPath p : SPACE.paths(b)) min = Math.min(min, costs.candidate(b, p).params());
            least += min;
        }
        new Feasibility(layout, costs, Budget.NONE.withMaxParams(least)).requireSomeFit();
        Feasibility impossible = new Feasibility(layout, costs, Budget.NONE.withMaxParams(least - 1));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, impossible::requireSomeFit);
        assertEquals("No network fits the budget: max params " + (least - 1) + ", but the smallest network has " + least
                + " parameters.", e.getMessage());
    }
}
