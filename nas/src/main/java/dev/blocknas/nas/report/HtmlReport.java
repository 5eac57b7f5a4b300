package dev.blocknas.nas.report;

import dev.blocknas.nas.run.Phase;
import dev.blocknas.nas.run.SearchResult;
import dev.blocknas.nas.select.BaseCost;
import dev.blocknas.nas.select.CostKind;
import dev.blocknas.nas.select.Option;
import dev.blocknas.nas.select.RatingsTable;
import dev.blocknas.nas.select.Selection;
import dev.blocknas.supernet.train.LossLog;
import org.knowm.xchart.XYChart;

import java.awt.Color;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * The run's self-contained HTML report: the result, the phases' wall times, the block loss curves, and
 * rating against parameters and FLOPs for a sample of the space's networks with the exact Pareto front and
 * the chosen network marked.
 */
public final class HtmlReport {
    private static final Color[] PALETTE = {new Color(31, 119, 180), new Color(255, 127, 14), new Color(44, 160, 44),
            new Color(148, 103, 189), new Color(140, 86, 75), new Color(227, 119, 194), new Color(127, 127, 127)};

    private HtmlReport() {}

    /** Writes the report to {@code file} (atomically). */
    public static void write(Path file, SearchResult r, LossLog losses, RatingsTable table, BaseCost base, Selection chosen,
                             List<Selection> paramsFront, List<Selection> flopsFront) {
        StringBuilder h = new StringBuilder();
        h.append("<!DOCTYPE html><html><head><meta charset=\"utf-8\"><title>blocknas search report</title><style>")
                .append("body{font-family:sans-serif;max-width:900px;margin:2em auto;color:#222}")
                .append("table{border-collapse:collapse}td,th{border:1px solid #ccc;padding:3px 8px;text-align:left}")
                .append("code{background:#f4f4f4;padding:2px 4px;word-break:break-all}img{max-width:100%}</style></head><body>");
        h.append("<h1>blocknas search report</h1>");
        h.append("<h2>Chosen network</h2><p><code>").append(Html.escape(r.architecture())).append("</code></p><table>");
        row(h, "method", r.method());
        row(h, "search space", r.space() + " (" + r.networksInSpace() + " networks, " + r.candidatesRated() + " block candidates rated)");
        row(h, "data", r.data());
        row(h, "device", r.device());
        row(h, "summed rating", String.format("%.5f", r.rating()));
        row(h, "parameters", String.format("%,d", r.params()));
        row(h, "multiply-adds", String.format("%,d", r.flops()));
        if (r.latencyMs() != null) row(h, "latency", String.format("%.3f ms", r.latencyMs()));
        if (r.testAccuracy() != null) row(h, "test accuracy (retrained)", String.format("%.2f%%", 100 * r.testAccuracy()));
        h.append("</table><h2>Phases</h2><table><tr><th>phase</th><th>wall time</th></tr>");
        for (Phase p : r.phases()) h.append("<tr><td>").append(p.name()).append("</td><td>").append(String.format("%.1f s", p.seconds())).append("</td></tr>");
        h.append("</table>");
        h.append("<h2>Block training loss</h2>").append(Charts.img(lossChart(losses, table.blockCount())));
        h.append("<h2>Rating against cost</h2><p>Each grey point is a network drawn uniformly from the space; the line is the exact Pareto front; the diamond is the chosen network.</p>");
        List<Selection> sample = sample(table, base, 3000);
        h.append(Charts.img(costChart(CostKind.PARAMS, "parameters", sample, paramsFront, chosen)));
        h.append(Charts.img(costChart(CostKind.FLOPS, "multiply-adds", sample, flopsFront, chosen)));
        h.append("<h2>Candidates of each block</h2>").append(Charts.img(blockChart(table)));
        h.append("</body></html>\n");
        try {
            Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
            Files.writeString(tmp, h);
            Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException("Could not write " + file + ": " + e.getMessage(), e);
        }
    }

    private static void row(StringBuilder h, String k, String v) {
        h.append("<tr><th>").append(Html.escape(k)).append("</th><td>").append(Html.escape(v)).append("</td></tr>");
    }

    private static XYChart lossChart(LossLog log, int blocks) {
        XYChart c = Charts.lines("Training loss of each block", "epoch", "loss");
        for (int b = 0; b < blocks; b++) {
            List<LossLog.Point> pts = log.points(b);
            if (pts.isEmpty()) continue;
            int perEpoch = (int) pts.stream().filter(p -> p.epoch() == pts.get(0).epoch()).count();
            int maxStep = pts.stream().mapToInt(LossLog.Point::step).max().orElse(1) + 1;
            double[] x = new double[pts.size()];
            double[] y = new double[pts.size()];
            for (int i = 0; i < pts.size(); i++) {
                x[i] = pts.get(i).epoch() + pts.get(i).step() / (double) Math.max(maxStep, perEpoch);
                y[i] = pts.get(i).loss();
            }
            Charts.line(c, "block " + b, x, y, PALETTE[b % PALETTE.length]);
        }
        return c;
    }

    private static XYChart costChart(CostKind kind, String label, List<Selection> sample, List<Selection> front, Selection chosen) {
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
            for (int b = 0; b < table.blockCount(); b++) pick.add(table.block(b).option(r.nextInt(table.block(b).size())));
            out.add(Selection.of(pick, base));
        }
        return out;
    }
}
