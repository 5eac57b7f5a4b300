package dev.blocknas.nas.report;

import dev.blocknas.supernet.net.OpMask;
import dev.blocknas.supernet.space.SearchSpace;
import org.knowm.xchart.XYChart;

import java.util.ArrayList;
import java.util.List;
import java.util.StringJoiner;
import java.util.TreeSet;

/** The report section of BS-NAS's shrinking: the operations each layer keeps after every shrinking step. */
public final class ShrinkingReport {
    private ShrinkingReport() {}

    /** A chart of the operations still on, and a table of each layer's remaining operations after each step. */
    public static String section(OpMask mask) {
        SearchSpace space = mask.space();
        List<OpMask.Removal> removals = mask.removals();
        TreeSet<Integer> steps = new TreeSet<>();
        removals.forEach(r -> steps.add(r.epoch()));
        StringBuilder h = new StringBuilder("<h2>Shrinking</h2>");
        if (steps.isEmpty()) return h.append("<p>No operation was switched off.</p>").toString();
        h.append("<p>After each shrinking step (by epochs trained), the operations each layer still offers; the ")
                .append("evolutionary search ran over the last column.</p>");
        List<Integer> epochs = new ArrayList<>(steps);
        h.append(Charts.img(chart(mask, epochs)));
        h.append("<table><tr><th>block</th><th>cell</th><th>layer</th><th>at start</th>");
        for (int e : epochs) h.append("<th>after epoch ").append(e).append("</th>");
        h.append("</tr>");
        for (OpMask.Layer l : mask.layers()) {
            int all = space.block(l.block()).choices(l.layer()).size();
            h.append("<tr><td>").append(l.block()).append("</td><td>").append(l.cell()).append("</td><td>")
                    .append(l.layer())
                    .append("</td><td>").append(all).append(" ops</td>");
            for (int e : epochs) h.append("<td>").append(Html.escape(remaining(mask, l, e))).append("</td>");
            h.append("</tr>");
        }
        return h.append("</table>").toString();
    }

    /** The operations of layer {@code l} still on after the step at {@code epoch}, by name. */
    private static String remaining(OpMask mask, OpMask.Layer l, int epoch) {
        int all = mask.space().block(l.block()).choices(l.layer()).size();
        StringJoiner j = new StringJoiner(" ");
        for (int o = 0; o < all; o++) {
            int op = o;
            boolean gone = mask.removals().stream().anyMatch(r -> r.epoch() <= epoch && r.block() == l.block()
                    && r.cell() == l.cell() && r.layer() == l.layer() && r.op() == op);
            if (!gone) j.add(mask.space().block(l.block()).choices(l.layer()).get(o).toString());
        }
        return j.toString();
    }

    private static XYChart chart(OpMask mask, List<Integer> epochs) {
        XYChart c = Charts.lines("Operations still on, over all layers", "epochs trained", "operations");
        int total = mask.total() + mask.removals().size();
        double[] x = new double[epochs.size() + 1];
        double[] y = new double[epochs.size() + 1];
        y[0] = total;
        for (int i = 0; i < epochs.size(); i++) {
            int e = epochs.get(i);
            x[i + 1] = e;
            y[i + 1] = total - mask.removals().stream().filter(r -> r.epoch() <= e).count();
        }
        Charts.line(c, "operations on", x, y, BlockwiseReport.PALETTE[0]);
        return c;
    }
}
