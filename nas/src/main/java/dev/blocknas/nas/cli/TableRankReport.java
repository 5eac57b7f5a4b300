package dev.blocknas.nas.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.blocknas.layers.arch.ParameterCount;
import dev.blocknas.layers.io.AtomicFiles;
import dev.blocknas.nas.table.Table;
import dev.blocknas.nas.table.TableCsv;
import dev.blocknas.nas.table.TableRanking;
import dev.blocknas.nas.table.TableRatings;
import dev.blocknas.supernet.space.SearchSpace;
import dev.blocknas.supernet.space.SearchSpaceJson;
import dev.blocknas.tensor.Device;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * {@code blocknas rank --table T --run R...}: each run's ranking quality against a ground-truth table, its
 * details per run (also as rank-table.json in the run folder) and one Markdown table of all runs, ready for docs.
 */
final class TableRankReport {
    private static final ObjectMapper JSON = new ObjectMapper();

    private TableRankReport() {}

    static int print(Path tableFile, List<Path> runs, Device device, PrintStream out) throws IOException {
        Table t = TableCsv.read(tableFile);
        TableRanking.NoiseFloor noise = TableRanking.noiseFloor(t);
        StringBuilder md = new StringBuilder();
        md.append(
                "| run | method | networks | Kendall tau | Spearman rho | params tau | chosen: accuracy | rank within budget | regret | median of similar size |\n");
        md.append("| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |\n");
        for (Path run : runs) {
            FinishedRun.require(run, "space.json", "config.json", "architecture.txt");
            Path archFile = run.resolve("architecture.txt");
            SearchSpace space = SearchSpaceJson.read(run.resolve("space.json"));
            JsonNode config = JSON.readTree(run.resolve("config.json").toFile());
            var rating = TableRatings.of(run, space, config,
                    t.networks().stream().map(Table.Network::architecture).toList(), device);
            String chosen = Files.readString(archFile).trim();
            JsonNode result = Files.exists(run.resolve("result.json"))
                    ? JSON.readTree(run.resolve("result.json").toFile())
                    : null;
            double retrained = result != null && result.hasNonNull("test_accuracy")
                    ? result.get("test_accuracy").asDouble()
                    : Double.NaN;
            long budget = config.hasNonNull("maxParams") ? config.get("maxParams").asLong() : 0;
            long chosenParams = ParameterCount.of(chosen, space.inChannels(), space.numClasses());
            TableRanking tr = TableRanking.of(t, rating, chosen, retrained, chosenParams, budget);
            TableRanking.Chosen c = tr.chosen();
            String method = config.path("method").asText("?");
            out.printf(Locale.ROOT, "%s (%s) against %s (%d networks):%n", run, method, tableFile,
                    tr.ratings().networks());
            out.printf(Locale.ROOT, "  ratings:         Kendall tau %+.3f, Spearman rho %+.3f%n",
                    tr.ratings().kendallTau(), tr.ratings().spearmanRho());
            out.printf(Locale.ROOT, "  params baseline: Kendall tau %+.3f, Spearman rho %+.3f%n",
                    tr.params().kendallTau(), tr.params().spearmanRho());
            out.printf(Locale.ROOT, "  chosen:          %s%n", chosen);
            if (c == null) {
                out.println("                   not in the table and not retrained: its standing is unknown");
            } else {
                out.printf(Locale.ROOT,
                        "                   %s, rank %d of %d table networks within %,d parameters, regret %s;"
                                + " median of %d similar-sized networks %s%n",
                        pct(c.accuracy()) + (c.inTable() ? " (table)" : " (the search's retraining)"),
                        c.rank(), c.withinBudget(), c.budget(), points(c.regret()), c.similar(),
                        pct(c.similarMedian()));
            }
            Map<String, Object> json = new LinkedHashMap<>();
            json.put("table", tableFile.toString());
            json.put("method", method);
            json.put("networks", tr.ratings().networks());
            json.put("kendall_tau", tr.ratings().kendallTau());
            json.put("spearman_rho", tr.ratings().spearmanRho());
            json.put("params_kendall_tau", tr.params().kendallTau());
            json.put("params_spearman_rho", tr.params().spearmanRho());
            if (noise != null) json.put("noise_floor_kendall_tau", noise.kendallTau());
            json.put("chosen", c);
            AtomicFiles.write(run.resolve("rank-table.json"),
                    new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValueAsBytes(json));
            md.append(String.format(Locale.ROOT, "| %s | %s | %d | %+.3f | %+.3f | %+.3f | %s | %s | %s | %s |%n",
                    run.getFileName(), method, tr.ratings().networks(), tr.ratings().kendallTau(),
                    tr.ratings().spearmanRho(),
                    tr.params().kendallTau(), c == null ? "-" : pct(c.accuracy()) + (c.inTable() ? "" : " (retrained)"),
                    c == null ? "-" : c.rank() + " of " + c.withinBudget(), c == null ? "-" : points(c.regret()),
                    c == null ? "-" : pct(c.similarMedian())));
        }
        if (noise != null) {
            out.printf(Locale.ROOT,
                    "noise floor: Kendall tau %+.3f (Spearman %+.3f) between two seeds of %d networks, mean |difference| %s%n",
                    noise.kendallTau(), noise.spearmanRho(), noise.networks(), points(noise.meanAbsDifference()));
        }
        out.println();
        out.print(md);
        return 0;
    }

    private static String pct(double v) {
        return Double.isNaN(v) ? "-" : String.format(Locale.ROOT, "%.2f%%", 100 * v);
    }

    private static String points(double v) {
        return String.format(Locale.ROOT, "%.2f points", 100 * v);
    }
}
