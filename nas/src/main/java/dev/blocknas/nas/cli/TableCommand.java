package dev.blocknas.nas.cli;

import dev.blocknas.layers.arch.Architecture;
import dev.blocknas.layers.arch.Flops;
import dev.blocknas.layers.arch.Network;
import dev.blocknas.layers.arch.NetworkBuilder;
import dev.blocknas.layers.arch.ParameterCount;
import dev.blocknas.nas.run.DataSources;
import dev.blocknas.nas.run.RunConsole;
import dev.blocknas.nas.table.StratifiedSample;
import dev.blocknas.nas.table.Table;
import dev.blocknas.nas.table.TableCsv;
import dev.blocknas.nas.table.TableRow;
import dev.blocknas.supernet.space.SearchSpace;
import dev.blocknas.supernet.space.SearchSpaces;
import dev.blocknas.supernet.train.Evaluation;
import dev.blocknas.supernet.train.NetworkTrainer;
import dev.blocknas.supernet.train.Task;
import dev.blocknas.tensor.Device;
import dev.blocknas.tensor.Rng;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;

/** {@code blocknas table}: a ground-truth table of stand-alone accuracies, row by row and resumable. */
@Command(name = "table", mixinStandardHelpOptions = true, sortOptions = false,
        description = {
                "Train a sample of a space's networks stand-alone (spread over parameter count) with a fixed recipe",
                "and write a CSV of architecture, params, multiply-adds, seed, test accuracy and loss. Each row is written",
                "as soon as it is trained; run again with the same settings to continue an interrupted table."})
final class TableCommand implements Callable<Integer> {
    @Option(names = "--space", defaultValue = "mnist",
            description = SearchSpaces.FORMS + " (default: ${DEFAULT-VALUE})")
    String space;

    @Option(names = "--data", defaultValue = "fashion",
            description = "data set: " + DataSources.FORMS + " (default: ${DEFAULT-VALUE})")
    String data;

    @Option(names = "--networks", defaultValue = "40", description = "networks to sample (default: ${DEFAULT-VALUE})")
    int networks;

    @Option(names = "--seeds", defaultValue = "2",
            description = "seeds of the repeated networks (default: ${DEFAULT-VALUE})")
    int seeds;

    @Option(names = "--repeat", defaultValue = "15",
            description = "how many networks (every k-th, spread over size) get every seed (default: ${DEFAULT-VALUE})")
    int repeat;

    @Option(names = "--epochs", defaultValue = "5", description = "epochs per network (default: ${DEFAULT-VALUE})")
    int epochs;

    @Option(names = "--sample-seed", defaultValue = "2026",
            description = "which networks are sampled (default: ${DEFAULT-VALUE})")
    long sampleSeed;

    @Option(names = "--split-seed", defaultValue = "42",
            description = "which training images are held out, as search --seed does (default: ${DEFAULT-VALUE})")
    long splitSeed;

    @Option(names = "--shard", defaultValue = "0/1",
            description = "K/N: train only every N-th network from the K-th on, so N processes "
                    + "can share a table, each with its own --out; their rows concatenate into one table (default: ${DEFAULT-VALUE})")
    String shard;

    @Option(names = "--merge", arity = "1..*",
            description = "add the rows of these tables (other shards of the same settings) to --out and stop")
    List<Path> merge;

    @Option(names = "--out", required = true, description = "the table CSV (continued when it exists)")
    Path out;

    @Mixin
    DeviceOption device;

    @Override
    public Integer call() {
        if (networks < 3 || seeds < 1 || repeat < 0 || repeat > networks || epochs < 1) {
            throw new IllegalArgumentException(
                    "--networks must be at least 3, --seeds and --epochs at least 1, and --repeat between 0 and --networks.");
        }
        String[] kn = shard.split("/");
        int shardK;
        int shardN;
        try {
            shardK = Integer.parseInt(kn[0]);
            shardN = kn.length == 2 ? Integer.parseInt(kn[1]) : -1;
        } catch (NumberFormatException e) {
            shardN = -1;
            shardK = -1;
        }
        if (kn.length != 2 || shardN < 1 || shardK < 0 || shardK >= shardN)
            throw new IllegalArgumentException("--shard must be K/N with 0 <= K < N, got \"" + shard + "\".");
        SearchSpace sp = SearchSpaces.get(space);
        String recipe = String.format(Locale.ROOT,
                "recipe: space=%s data=%s networks=%d seeds=%d repeat=%d epochs=%d sample-seed=%d split-seed=%d batch=64 lr=0.1 "
                        + "(NetworkTrainer.Settings.standard: SGD Nesterov 0.9, cosine, warm-up 0.3 epochs, weight decay 5e-4, label smoothing 0.1; "
                        + "trained on the training split of search --held-out 0.1, tested on the whole test set)",
                space, data, networks, seeds, repeat, epochs, sampleSeed, splitSeed);
        Table table;
        if (Files.exists(out)) {
            table = TableCsv.read(out);
            if (!table.comments().contains(recipe)) {
                throw new IllegalArgumentException(out
                        + " was made with other settings (its recipe line differs): choose another --out or the same settings.");
            }
        } else {
            table = new Table(List.of(recipe), List.of());
        }
        if (merge != null) {
            for (Path other : merge) {
                Table t = TableCsv.read(other);
                if (!t.comments().contains(recipe))
                    throw new IllegalArgumentException(
                            other + " was made with other settings than these: it cannot be merged.");
                for (TableRow r : t.rows()) if (!table.has(r.architecture(), r.seed())) table = table.with(r);
            }
            TableCsv.write(out, table);
            System.out.println(out + ": " + table.rows().size() + " rows");
            return 0;
        }
        List<String> sample = StratifiedSample.of(sp, networks, sampleSeed);
        Device d = device.open();
        Task task = DataSources.task(data, sp, 0.1, splitSeed);
        int total = networks + repeat * (seeds - 1);
        int done = 0;
        try (RunConsole console = new RunConsole(System.out, false)) {
            int[] order = StratifiedSample.spreadOrder(networks);
            for (int pos = 0; pos < order.length; pos++) {
                int i = order[pos];
                if (pos % shardN != shardK) continue;
                // every k-th network gets every seed, so the repeated ones span the size range
                boolean repeated = repeat > 0 && (long) i * repeat / networks != (long) (i + 1) * repeat / networks;
                for (long seed = 1; seed <= (repeated ? seeds : 1); seed++) {
                    done++;
                    String arch = sample.get(i);
                    if (table.has(arch, seed)) continue;
                    Architecture a = Architecture.parse(arch);
                    try (Network net = NetworkBuilder.build(a, sp.inChannels(), sp.numClasses(), new Rng(seed), d)) {
                        NetworkTrainer.History h = NetworkTrainer.train(net, task,
                                NetworkTrainer.Settings.standard(epochs, 64, 0.1, seed, d),
                                "table", (w, e, s, n, l) -> {});
                        Evaluation ev = NetworkTrainer.evaluate(net, task, task.test(), 250, d);
                        table = table.with(new TableRow(arch, ParameterCount.of(a, sp.inChannels(), sp.numClasses()),
                                Flops.of(a, sp.inChannels(), sp.numClasses(), sp.resolution()), seed, epochs,
                                ev.accuracy(), ev.loss(),
                                h.seconds()));
                        TableCsv.write(out, table);
                        console.line(String.format(Locale.ROOT, "%d/%d seed %d: %.2f%% (%.0f s) %s", done, total, seed,
                                100 * ev.accuracy(), h.seconds(), arch));
                    }
                }
            }
        }
        return 0;
    }
}
