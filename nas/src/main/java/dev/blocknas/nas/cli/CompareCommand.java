package dev.blocknas.nas.cli;

import dev.blocknas.layers.io.AtomicFiles;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.blocknas.nas.report.Html;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;

/** {@code blocknas compare}: runs of different methods side by side. */
@Command(name = "compare", mixinStandardHelpOptions = true,
        description = "Print a table of finished runs (method, chosen network, params, FLOPs, rating, retrained accuracy, search time) and write it as an HTML page.")
final class CompareCommand implements Callable<Integer> {
    @Parameters(arity = "1..*", paramLabel = "RUN", description = "run folders (each with result.json)")
    List<Path> runs;

    @Option(names = "--html", defaultValue = "compare.html",
            description = "the HTML page to write (default: ${DEFAULT-VALUE})")
    Path html;

    /** One run's row. */
    record Row(String run, String method, String space, String architecture, long params, long flops, String ratingName,
               double rating, Double accuracy, double searchSeconds) {}

    @Override
    public Integer call() throws IOException {
        List<Row> rows = new ArrayList<>();
        ObjectMapper json = new ObjectMapper();
        for (Path run : runs) {
            Path f = run.resolve("result.json");
            if (!Files.exists(f))
                throw new IllegalArgumentException(run + " is not a finished run: it has no result.json.");
            JsonNode r;
            try {
                r = json.readTree(f.toFile());
            } catch (IOException e) {
                throw new IllegalArgumentException(f + " is not valid JSON.");
            }
            for (String field : List.of("method", "architecture", "params", "flops", "rating", "phases")) {
                if (!r.has(field)) throw new IllegalArgumentException(f + " has no \"" + field + "\".");
            }
            double search = 0;
            for (JsonNode p : r.get("phases"))
                if (!p.get("name").asText().equals("retrain")) search += p.get("seconds").asDouble();
            JsonNode acc = r.get("test_accuracy");
            rows.add(new Row(run.getFileName().toString(), r.get("method").asText(), r.path("space").asText(),
                    r.get("architecture").asText(), r.get("params").asLong(), r.get("flops").asLong(),
                    r.path("rating_name").asText("rating"), r.get("rating").asDouble(),
                    acc == null || acc.isNull() ? null : acc.asDouble(), search));
        }
        System.out.printf("%-20s %-7s %10s %13s %10s %9s %9s  %s%n", "run", "method", "params", "FLOPs", "rating",
                "accuracy", "search", "architecture");
        for (Row r : rows) {
            System.out.printf("%-20s %-7s %,10d %,13d %10.4f %9s %8.0fs  %s%n", r.run(), r.method(), r.params(),
                    r.flops(), r.rating(),
                    r.accuracy() == null ? "-" : String.format("%.2f%%", 100 * r.accuracy()), r.searchSeconds(),
                    r.architecture());
        }
        writeHtml(rows);
        System.out.println("table written to " + html);
        return 0;
    }

    private void writeHtml(List<Row> rows) throws IOException {
        StringBuilder h = new StringBuilder(
                "<!DOCTYPE html><html><head><meta charset=\"utf-8\"><title>blocknas runs compared</title>"
                        + "<style>body{font-family:sans-serif;margin:2em}table{border-collapse:collapse}td,th{border:1px solid #ccc;"
                        + "padding:3px 8px;text-align:left}code{word-break:break-all}</style></head><body><h1>blocknas runs compared</h1>"
                        + "<table><tr><th>run</th><th>method</th><th>space</th><th>parameters</th><th>multiply-adds</th><th>rating</th>"
                        + "<th>retrained accuracy</th><th>search wall time</th><th>chosen network</th></tr>");
        for (Row r : rows) {
            h.append("<tr><td>").append(Html.escape(r.run())).append("</td><td>").append(Html.escape(r.method()))
                    .append("</td><td>").append(Html.escape(r.space()))
                    .append("</td><td>").append(String.format("%,d", r.params())).append("</td><td>")
                    .append(String.format("%,d", r.flops()))
                    .append("</td><td>").append(String.format("%.4f (%s)", r.rating(), Html.escape(r.ratingName())))
                    .append("</td><td>")
                    .append(r.accuracy() == null ? "-" : String.format("%.2f%%", 100 * r.accuracy()))
                    .append("</td><td>").append(String.format("%.0f s", r.searchSeconds()))
                    .append("</td><td><code>").append(Html.escape(r.architecture())).append("</code></td></tr>");
        }
        h.append("</table></body></html>\n");
        AtomicFiles.writeString(html, h.toString());
    }
}
