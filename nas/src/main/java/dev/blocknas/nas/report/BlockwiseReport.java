package dev.blocknas.nas.report;

import dev.blocknas.nas.select.BaseCost;
import dev.blocknas.nas.select.CostKind;
import dev.blocknas.nas.select.Option;
import dev.blocknas.nas.select.ParetoFront;
import dev.blocknas.nas.select.RatingsTable;
import dev.blocknas.nas.select.Selection;
import dev.blocknas.supernet.train.LossLog;
import org.knowm.xchart.XYChart;

import java.awt.Color;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * The report sections of a block-wise search: block loss curves, and summed rating against parameters and
 * FLOPs for a sample of the space's networks with the exact Pareto front and the chosen network marked.
 */
public final class BlockwiseReport {
    static final Color[] PALETTE = {new Color(31, 119, 180), new Color(255, 127, 14), new Color(44, 160, 44),
            new Color(148, 103, 189), new Color(140, 86, 75), new Color(227, 119, 194), new Color(127, 127, 127)};

    private BlockwiseReport() {}

    public static List<String> sections(LossLog losses, RatingsTable table, BaseCost base, Selection chosen) {
        List<String> s = new ArrayList<>();
        s.add("<h2>Block training loss</h2>" + Charts.img(lossChart(losses, table.blockCount())));
        List<Selection> sample = sample(table, base, 3000);
        s.add("<h2>Rating against cost</h2><p>Each grey point is a network drawn uniformly from the space; the line is "
                + "the exact Pareto front; the diamond is the chosen network.</p>"
                + Charts.img(costChart(CostKind.PARAMS, "parameters", sample,
                        ParetoFront.of(table, base, CostKind.PARAMS), chosen))
                + Charts.img(costChart(CostKind.FLOPS, "multiply-adds", sample,
                        ParetoFront.of(table, base, CostKind.FLOPS), chosen)));
        s.add("<h2>Candidates of each block</h2>" + Charts.img(blockChart(table)));
        return s;
    }

    /** The loss curve of each block (x: epochs, fractional within an epoch). */
    public static XYChart lossChart(LossLog log, int blocks) {
        XYChart c = Charts.lines("Training loss of each block", "epoch", "loss");
        for (int b = 0; b < blocks; b++) {
            List<LossLog.Point> pts = log.points(b);
            if (pts.isEmpty()) continue;
            int maxStep = pts.stream().mapToInt(LossLog.Point::step).max().orElse(1) + 1;
            double[] x = new double[pts.size()];
            double[] y = new double[pts.size()];
            for (int i = 0; i < pts.size(); i++) {
                x[i] = pts.get(i).epoch() + pts.get(i).step() / (double) maxStep;
                y[i] = pts.get(i).loss();
            }
            Charts.line(c, "block " + b, x, y, PALETTE[b % PALETTE.length]);
        }
        return c;
    }

    private static XYChart costChart(CostKind kind, String label, List<Selection> sample, List<Selection> front,
                                     Selection chosen) {
        XYChart c = Charts.scatter("Summed rating against " + label, label, "summed rating (lower is better)");
        double[] sx = sample.stream().mapToDouble(s -> s.cost(kind)).toArray();
        double[] sy = sample.stream().mapToDouble(Selection::rating).toArray();
        if (sx.length > 0) c.addSeries("sampled networks", sx, sy).setMarkerColor(new Color(180, 180, 180));
        Charts.line(c, "Pareto front", front.stream().mapToDouble(s -> s.cost(kind)).toArray(),
                front.stream().mapToDouble(Selection::rating).toArray(), PALETTE[0]);
        Charts.mark(c, "chosen", chosen.cost(kind), chosen.rating());
        return c;
    }

    private static XYChart blockChart(RatingsTable table) {
        XYChart c = Charts.scatter("Rating of every candidate of every block", "parameters of the candidate", "rating");
        for (int b = 0; b < table.blockCount(); b++) {
            List<Option> opts = table.block(b).options();
            c.addSeries("block " + b, opts.stream().mapToDouble(Option::params).toArray(),
                    opts.stream().mapToDouble(Option::rating).toArray()).setMarkerColor(PALETTE[b % PALETTE.length]);
        }
        return c;
    }

    /** Networks drawn uniformly (one option per block) to show the shape of the space. */
    private static List<Selection> sample(RatingsTable table, BaseCost base, int n) {
        SplittableRandom r = new SplittableRandom(1);
        List<Selection> out = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            List<Option> pick = new ArrayList<>();
            for (int b = 0; b < table.blockCount(); b++)
                pick.add(table.block(b).option(r.nextInt(table.block(b).size())));
            out.add(Selection.of(pick, base));
        }
        return out;
    }
}
