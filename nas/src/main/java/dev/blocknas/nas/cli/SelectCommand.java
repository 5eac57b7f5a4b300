package dev.blocknas.nas.cli;

import dev.blocknas.nas.cost.CandidateCost;
import dev.blocknas.nas.cost.CostModel;
import dev.blocknas.nas.run.Architectures;
import dev.blocknas.nas.select.BaseCost;
import dev.blocknas.nas.select.Budget;
import dev.blocknas.nas.select.ExactSelector;
import dev.blocknas.nas.select.NoFitMessage;
import dev.blocknas.nas.select.RatingsTable;
import dev.blocknas.nas.select.SelectableRatings;
import dev.blocknas.nas.select.Selection;
import dev.blocknas.nas.select.SelectionJson;
import dev.blocknas.supernet.space.SearchSpace;
import dev.blocknas.supernet.space.SearchSpaces;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.function.Function;

/** {@code blocknas select}: the exact best networks of a ratings table under a budget. */
@Command(name = "select", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Choose one candidate per block to minimise the summed rating under the budget, exactly,",
                "from a ratings CSV (block,candidate,loss,params,flops,latency_ms); prints the best networks."})
final class SelectCommand implements Callable<Integer> {
    @Option(names = "--ratings", required = true, description = "the ratings CSV")
    Path ratings;

    @Mixin
    BudgetOptions budget;

    @Option(names = "--space",
            description = "the search space the ratings come from: adds its stem and head to costs and strings")
    String space;

    @Option(names = "--json", description = "print a JSON array, best first")
    boolean json;

    @Override
    public Integer call() {
        Budget b = budget.budget();
        // Streamed: a ratings file of hundreds of megabytes needs only its blocks' fronts in memory.
        SelectableRatings read = SelectableRatings.read(ratings, b, budget.top);
        RatingsTable table = read.table();
        BaseCost base = BaseCost.ZERO;
        Function<List<String>, String> arch = labels -> String.join("/", labels);
        if (space != null) {
            SearchSpace s = SearchSpaces.get(space);
            if (s.blockCount() != table.blockCount()) {
                throw new IllegalArgumentException(
                        ratings.getFileName() + " has " + table.blockCount() + " blocks but the "
                                + s.name() + " space has " + s.blockCount() + ".");
            }
            CandidateCost c = new CostModel(s, null).base();
            base = new BaseCost(c.params(), c.flops(), 0);
            arch = labels -> Architectures.whole(s, labels);
        }
        long t = System.nanoTime();
        List<Selection> top = ExactSelector.topK(table, base, b, budget.top);
        double ms = (System.nanoTime() - t) / 1e6;
        if (top.isEmpty()) throw new IllegalArgumentException(NoFitMessage.of(table, base, b));
        if (json) {
            System.out.println(SelectionJson.render(top, arch));
            return 0;
        }
        System.out.printf("best %d of %s networks (%s), exact, in %.1f ms:%n", top.size(), read.networkCount(),
                b.describe(), ms);
        int rank = 1;
        for (Selection s : top) {
            System.out.printf("%2d. rating %.5f  params %,d  flops %,d%s%n    %s%n", rank++, s.rating(), s.params(),
                    s.flops(),
                    Double.isNaN(s.latencyMs()) ? "" : String.format("  latency %.3f ms", s.latencyMs()),
                    arch.apply(s.labels()));
        }
        return 0;
    }
}
