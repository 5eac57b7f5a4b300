package dev.blocknas.nas.table;

import dev.blocknas.nas.rank.RankCorrelation;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.ToDoubleFunction;

/**
 * How well a search's ratings rank the networks of a ground-truth table, against the parameter-count baseline,
 * and how good the network it chose is among the table's networks under the same budget.
 *
 * @param ratings  ratings (negated, lower is better) against mean table accuracy
 * @param params   parameter count alone against the same accuracies: the baseline a rating must beat
 * @param chosen   the chosen network's standing, or null when none was given or its accuracy is unknown (not in
 *                 the table and not retrained)
 */
public record TableRanking(RankCorrelation ratings, RankCorrelation params, Chosen chosen) {

    /**
     * The chosen network among the table's networks that fit its budget.
     *
     * @param architecture    the chosen network
     * @param accuracy        its accuracy (the table's when it is there, else the one given)
     * @param inTable         whether the accuracy is the table's
     * @param budget          the parameter budget: the search's --max-params, else the chosen network's own count
     * @param rank            1 + the table networks within the budget that are more accurate
     * @param withinBudget    table networks within the budget (the chosen one counted when it is in the table)
     * @param regret          best accuracy within the budget minus the chosen network's (0 when it is the best)
     * @param similarMedian   median accuracy of the table networks within 25% of its parameter count
     * @param similar         how many those are
     */
    public record Chosen(String architecture, double accuracy, boolean inTable, long budget, int rank, int withinBudget,
                         double regret, double similarMedian, int similar) {
        /** Whether the chosen network is in the best quarter of the table's networks under its budget. */
        public boolean topQuartile() {
            return rank <= Math.max(1, Math.ceil(withinBudget / 4.0));
        }
    }

    /**
     * @param rating         a network's rating from its architecture string (lower is better), NaN when the run cannot
     *                       rate it; those networks are left out
     * @param chosen         the architecture the search chose, or null
     * @param chosenAccuracy its accuracy when the table lacks it (e.g. the search's own retraining), or NaN
     * @param chosenParams   its parameter count
     * @param budget         the search's parameter budget, or 0 for the chosen network's own count
     */
    public static TableRanking of(Table table, ToDoubleFunction<String> rating, String chosen, double chosenAccuracy,
                                  long chosenParams, long budget) {
        List<Table.Network> nets = table.networks();
        List<Table.Network> rated = new ArrayList<>();
        List<Double> r = new ArrayList<>();
        for (Table.Network n : nets) {
            double v = rating.applyAsDouble(n.architecture());
            if (!Double.isNaN(v)) {
                rated.add(n);
                r.add(v);
            }
        }
        if (rated.size() < 3) {
            throw new IllegalArgumentException("Only " + rated.size() + " of the table's " + nets.size()
                    + " networks can be rated by this run: is the table of the run's search space?");
        }
        double[] ratings = r.stream().mapToDouble(Double::doubleValue).toArray();
        double[] acc = rated.stream().mapToDouble(Table.Network::accuracy).toArray();
        double[] negParams = rated.stream().mapToDouble(n -> -n.params()).toArray();
        return new TableRanking(RankCorrelation.of(ratings, acc), RankCorrelation.of(negParams, acc),
                chosen == null ? null : chosen(nets, chosen, chosenAccuracy, chosenParams, budget));
    }

    private static Chosen chosen(List<Table.Network> nets, String arch, double given, long givenParams, long budget) {
        Table.Network self = nets.stream().filter(n -> n.architecture().equals(arch)).findFirst().orElse(null);
        double acc = self != null ? self.accuracy() : given;
        if (Double.isNaN(acc)) return null; // neither in the table nor retrained: its standing is unknown
        long params = self != null ? self.params() : givenParams;
        long cap = budget > 0 ? budget : params;
        int better = 0;
        int within = self == null ? 1 : 0;
        double best = acc;
        List<Double> similar = new ArrayList<>();
        for (Table.Network n : nets) {
            if (n.params() <= cap) {
                within++;
                if (n.accuracy() > acc) better++;
                best = Math.max(best, n.accuracy());
            }
            if (n != self && Math.abs(n.params() - params) <= 0.25 * params) similar.add(n.accuracy());
        }
        double median = new org.apache.commons.math3.stat.descriptive.rank.Median()
                .evaluate(similar.stream().mapToDouble(Double::doubleValue).toArray()); // NaN when empty
        return new Chosen(arch, acc, self != null, cap, better + 1, within, best - acc, median, similar.size());
    }

    /**
     * The seed-to-seed noise floor: Kendall's tau between the first two seeds' accuracies over the networks
     * trained with both, and the mean absolute accuracy difference between them.
     */
    public record NoiseFloor(double kendallTau, double spearmanRho, double meanAbsDifference, int networks) {}

    /** The noise floor of a table, or null when fewer than 3 networks have two seeds. */
    public static NoiseFloor noiseFloor(Table table) {
        List<double[]> pairs = new ArrayList<>();
        for (Table.Network n : table.networks()) if (n.bySeed().length >= 2) pairs.add(Arrays.copyOf(n.bySeed(), 2));
        if (pairs.size() < 3) return null;
        double[] a = pairs.stream().mapToDouble(p -> -p[0]).toArray();
        double[] b = pairs.stream().mapToDouble(p -> p[1]).toArray();
        RankCorrelation rc = RankCorrelation.of(a, b);
        double diff = pairs.stream().mapToDouble(p -> Math.abs(p[0] - p[1])).average().orElseThrow();
        return new NoiseFloor(rc.kendallTau(), rc.spearmanRho(), diff, pairs.size());
    }
}
