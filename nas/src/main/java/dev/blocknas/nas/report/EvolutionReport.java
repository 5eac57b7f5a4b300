package dev.blocknas.nas.report;

import dev.blocknas.nas.evolve.Generation;
import dev.blocknas.nas.evolve.Individual;
import dev.blocknas.supernet.train.LossLog;
import org.knowm.xchart.XYChart;

import java.util.ArrayList;
import java.util.List;

/**
 * The report sections of a one-shot evolutionary search: the supernet's training loss, the best and mean
 * fitness of every generation, and held-out accuracy against parameters of every evaluation with the chosen
 * network marked.
 */
public final class EvolutionReport {
    private EvolutionReport() {}

    /**
     * @param scheme a sentence on how the population was generated and evaluated
     */
    public static List<String> sections(LossLog losses, List<Generation> history, Individual chosen, String scheme) {
        List<String> s = new ArrayList<>();
        s.add("<h2>Supernet training loss</h2>" + Charts.img(lossChart(losses)));
        s.add("<h2>Fitness per generation</h2><p>" + Html.escape(scheme) + "</p>" + Charts.img(fitnessChart(history)));
        s.add("<h2>Accuracy against parameters</h2><p>Every evaluation of every generation (the same network may appear in "
                + "several generations, measured under each generation's weights); the diamond is the chosen network.</p>"
                + Charts.img(scatter(history, chosen)));
        return s;
    }

    static XYChart lossChart(LossLog log) {
        XYChart c = Charts.lines("Single-path supernet training", "epoch", "cross-entropy");
        List<LossLog.Point> pts = log.points(0);
        if (pts.isEmpty()) return c;
        int maxStep = pts.stream().mapToInt(LossLog.Point::step).max().orElse(1) + 1;
        double[] x = new double[pts.size()];
        double[] y = new double[pts.size()];
        for (int i = 0; i < pts.size(); i++) {
            x[i] = pts.get(i).epoch() + pts.get(i).step() / (double) maxStep;
            y[i] = pts.get(i).loss();
        }
        Charts.line(c, "supernet", x, y, BlockwiseReport.PALETTE[0]);
        return c;
    }

    private static XYChart fitnessChart(List<Generation> history) {
        XYChart c = Charts.lines("Held-out accuracy of the population", "generation", "supernet accuracy");
        double[] g = history.stream().mapToDouble(Generation::index).toArray();
        Charts.line(c, "best", g, history.stream().mapToDouble(Generation::best).toArray(), BlockwiseReport.PALETTE[0]);
        Charts.line(c, "mean", g, history.stream().mapToDouble(Generation::mean).toArray(), BlockwiseReport.PALETTE[1]);
        return c;
    }

    private static XYChart scatter(List<Generation> history, Individual chosen) {
        XYChart c = Charts.scatter("Supernet accuracy against parameters", "parameters",
                "held-out accuracy (supernet)");
        for (Generation g : history) {
            c.addSeries("generation " + g.index(), g.evaluated().stream().mapToDouble(i -> i.cost().params()).toArray(),
                    g.evaluated().stream().mapToDouble(Individual::fitness).toArray())
                    .setMarkerColor(BlockwiseReport.PALETTE[g.index() % BlockwiseReport.PALETTE.length]);
        }
        Charts.mark(c, "chosen", chosen.cost().params(), chosen.fitness());
        return c;
    }
}
