package dev.blocknas.nas.evolve;

import dev.blocknas.supernet.space.SearchSpace;

import java.util.List;
import java.util.Locale;

/**
 * population.csv: one row per evaluation, generation by generation, best first: {@code generation,
 * architecture, fitness, params, flops, survived} (fitness is the held-out accuracy under that generation's
 * weights; survived is 1 for the members handed on).
 */
public final class PopulationCsv {
    public static final String HEADER = "generation,architecture,fitness,params,flops,survived";

    private PopulationCsv() {}

    public static String render(SearchSpace space, List<Generation> history) {
        StringBuilder sb = new StringBuilder(HEADER).append('\n');
        for (Generation g : history) {
            for (Individual i : g.evaluated()) {
                sb.append(g.index()).append(',').append(quote(space.architecture(i.network()).toString())).append(',')
                        .append(String.format(Locale.ROOT, "%.6f", i.fitness())).append(',').append(i.cost().params())
                        .append(',')
                        .append(i.cost().flops()).append(',').append(g.survived(i) ? 1 : 0).append('\n');
            }
        }
        return sb.toString();
    }

    private static String quote(String s) {
        return s.contains(",") || s.contains("\"") ? "\"" + s.replace("\"", "\"\"") + "\"" : s;
    }
}
