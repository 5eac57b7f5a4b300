package dev.blocknas.nas.cli;

import dev.blocknas.layers.io.AtomicFiles;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.blocknas.layers.arch.Architecture;
import dev.blocknas.layers.arch.Network;
import dev.blocknas.layers.arch.NetworkBuilder;
import dev.blocknas.nas.rank.RankCorrelation;
import dev.blocknas.nas.run.Architectures;
import dev.blocknas.nas.run.DataSources;
import dev.blocknas.nas.run.RunConsole;
import dev.blocknas.nas.select.BaseCost;
import dev.blocknas.nas.select.Option;
import dev.blocknas.nas.select.RatingsTable;
import dev.blocknas.nas.select.Selection;
import dev.blocknas.supernet.space.SearchSpace;
import dev.blocknas.supernet.space.SearchSpaceJson;
import dev.blocknas.supernet.train.Evaluation;
import dev.blocknas.supernet.train.NetworkTrainer;
import dev.blocknas.supernet.train.Task;
import dev.blocknas.tensor.Device;
import dev.blocknas.tensor.Rng;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.Callable;

/** {@code blocknas rank}: ranking quality of a search's ratings against stand-alone training. */
@Command(name = "rank", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Train a sample of a search's networks stand-alone and report Kendall's tau and Spearman's rho",
                "between their summed supernet ratings and their test accuracies; writes rank.json into the run folder.",
                "With --table, rate the networks of a ground-truth table instead (seconds, no training) and also report",
                "the parameter-count baseline and the chosen network's rank and regret under its budget (rank-table.json)."})
final class RankCommand implements Callable<Integer> {
    @picocli.CommandLine.Option(names = "--run", required = true, arity = "1..*",
            description = "the folder of a finished search (with --table: one or more)")
    List<Path> runs;

    @picocli.CommandLine.Option(names = "--table",
            description = "a ground-truth table CSV (blocknas table) to rank against instead of training")
    Path table;

    @picocli.CommandLine.Option(names = "--sample", defaultValue = "8",
            description = "networks to train (default: ${DEFAULT-VALUE})")
    int sample;

    @picocli.CommandLine.Option(names = "--epochs", defaultValue = "2",
            description = "epochs per network (default: ${DEFAULT-VALUE})")
    int epochs;

    @picocli.CommandLine.Option(names = "--seed", defaultValue = "7",
            description = "which networks are sampled (default: ${DEFAULT-VALUE})")
    long seed;

    @Mixin
    DeviceOption device;

    @Override
    public Integer call() throws Exception {
        if (table != null) return TableRankReport.print(table, runs, device.open(), System.out);
        if (runs.size() != 1)
            throw new IllegalArgumentException("Without --table, rank one run at a time (it trains networks).");
        Path run = runs.get(0);
        if (sample < 3) throw new IllegalArgumentException("--sample must be at least 3, got " + sample + ".");
        if (epochs < 1) throw new IllegalArgumentException("--epochs must be at least 1, got " + epochs + ".");
        FinishedRun.require(run, "ratings.csv", "space.json", "config.json");
        RatingsTable table = RatingsTable.read(run.resolve("ratings.csv"));
        SearchSpace space = SearchSpaceJson.read(run.resolve("space.json"));
        JsonNode config = new ObjectMapper().readTree(run.resolve("config.json").toFile());
        Device d = device.open();
        Task task = DataSources.task(config.get("data").asText(), space, config.get("heldOut").asDouble(),
                config.get("seed").asLong());
        SplittableRandom r = new SplittableRandom(seed);
        List<Selection> picks = new ArrayList<>();
        for (int i = 0; i < sample; i++) {
            List<Option> options = new ArrayList<>();
            for (int b = 0; b < table.blockCount(); b++)
                options.add(table.block(b).option(r.nextInt(table.block(b).size())));
            picks.add(Selection.of(options, BaseCost.ZERO));
        }
        double[] ratings = new double[sample];
        double[] accuracies = new double[sample];
        List<Map<String, Object>> rows = new ArrayList<>();
        try (RunConsole console = new RunConsole(System.out, false)) {
            for (int i = 0; i < sample; i++) {
                String arch = Architectures.whole(space, picks.get(i).labels());
                try (Network net = NetworkBuilder.build(Architecture.parse(arch), space.inChannels(),
                        space.numClasses(), new Rng(seed + i), d)) {
                    NetworkTrainer.train(net, task, NetworkTrainer.Settings.standard(epochs, 64, 0.1, seed + i, d),
                            "rank", (w, e, s, n, l) -> {});
                    Evaluation ev = NetworkTrainer.evaluate(net, task, task.test(), 250, d);
                    ratings[i] = picks.get(i).rating();
                    accuracies[i] = ev.accuracy();
                    console.line(String.format("%d/%d rating %.4f accuracy %.2f%% %s", i + 1, sample, ratings[i],
                            100 * ev.accuracy(), arch));
                    Map<String, Object> row = new LinkedHashMap<>();
                    row.put("architecture", arch);
                    row.put("rating", ratings[i]);
                    row.put("test_accuracy", ev.accuracy());
                    rows.add(row);
                }
            }
            RankCorrelation rc = RankCorrelation.of(ratings, accuracies);
            console.line(String.format("Kendall tau %.3f, Spearman rho %.3f, Pearson r %.3f over %d networks",
                    rc.kendallTau(), rc.spearmanRho(), rc.pearsonR(), rc.networks()));
            Map<String, Object> out = new LinkedHashMap<>();
            out.put("kendall_tau", rc.kendallTau());
            out.put("spearman_rho", rc.spearmanRho());
            out.put("pearson_r", rc.pearsonR());
            out.put("epochs", epochs);
            out.put("networks", rows);
            AtomicFiles.write(run.resolve("rank.json"),
                    new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValueAsBytes(out));
        }
        return 0;
    }
}
