package dev.blocknas.nas.run;

import dev.blocknas.layers.io.AtomicFiles;
import dev.blocknas.nas.report.Html;

import java.nio.file.Path;
import java.util.List;

/**
 * A run's self-contained HTML report: the chosen network and its costs, the phases' wall times, then the
 * method's own sections (charts inlined as PNG data, so the file stands alone).
 */
public final class RunReport {
    private RunReport() {}

    /** Writes the report to {@code file} (atomically). */
    public static void write(Path file, SearchResult r, List<String> sections) {
        StringBuilder h = new StringBuilder();
        h.append("<!DOCTYPE html><html><head><meta charset=\"utf-8\"><title>blocknas search report</title><style>")
                .append("body{font-family:sans-serif;max-width:900px;margin:2em auto;color:#222}")
                .append("table{border-collapse:collapse}td,th{border:1px solid #ccc;padding:3px 8px;text-align:left}")
                .append("code{background:#f4f4f4;padding:2px 4px;word-break:break-all}img{max-width:100%}</style></head><body>");
        h.append("<h1>blocknas search report</h1>");
        h.append("<h2>Chosen network</h2><p><code>").append(Html.escape(r.architecture())).append("</code></p><table>");
        row(h, "method", r.method());
        row(h, "search space", r.space() + " (" + r.networksInSpace() + " networks, " + r.candidatesRated()
                + " candidates evaluated)");
        row(h, "data", r.data());
        row(h, "device", r.device());
        row(h, r.ratingName(), String.format("%.5f", r.rating()));
        row(h, "parameters", String.format("%,d", r.params()));
        row(h, "multiply-adds", String.format("%,d", r.flops()));
        if (r.latencyMs() != null) row(h, "latency", String.format("%.3f ms", r.latencyMs()));
        if (r.testAccuracy() != null)
            row(h, "test accuracy (retrained)", String.format("%.2f%%", 100 * r.testAccuracy()));
        h.append("</table><h2>Phases</h2><table><tr><th>phase</th><th>wall time</th></tr>");
        double total = 0;
        for (Phase p : r.phases()) {
            h.append("<tr><td>").append(Html.escape(p.name())).append("</td><td>")
                    .append(String.format("%.1f s", p.seconds())).append("</td></tr>");
            total += p.seconds();
        }
        h.append("<tr><th>total</th><th>").append(String.format("%.1f s", total)).append("</th></tr></table>");
        for (String s : sections) h.append(s);
        h.append("</body></html>\n");
        AtomicFiles.writeString(file, h.toString());
    }

    private static void row(StringBuilder h, String k, String v) {
        h.append("<tr><th>").append(Html.escape(k)).append("</th><td>").append(Html.escape(v)).append("</td></tr>");
    }
}
