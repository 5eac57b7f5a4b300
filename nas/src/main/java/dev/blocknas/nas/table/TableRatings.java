package dev.blocknas.nas.table;

import com.fasterxml.jackson.databind.JsonNode;
import dev.blocknas.nas.evolve.SupernetAccuracy;
import dev.blocknas.nas.rate.RatingSettings;
import dev.blocknas.nas.run.DataSources;
import dev.blocknas.nas.select.RatingsTable;
import dev.blocknas.supernet.net.Supernet;
import dev.blocknas.supernet.space.BlockPath;
import dev.blocknas.supernet.space.SearchSpace;
import dev.blocknas.supernet.space.SpringSpace;
import dev.blocknas.supernet.train.Checkpoint;
import dev.blocknas.supernet.train.Task;
import dev.blocknas.tensor.Device;
import dev.blocknas.tensor.Rng;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.ToDoubleFunction;

/**
 * How a finished run rates any network of its space: the block-wise methods by the sum of their block ratings
 * (ratings.csv, or the last generation's for dna+), the one-shot methods (evolve, bsnas) by the error of the
 * network in their trained supernet on the held-out images, batch norms recalibrated, as their genetic
 * algorithm scores it.
 */
public final class TableRatings {
    private TableRatings() {}

    /** Every network's rating is computed now, so the returned function is cheap. */
    public static ToDoubleFunction<String> of(Path run, SearchSpace space, JsonNode config, List<String> architectures,
                                              Device device) {
        Path ratings = ratingsFile(run);
        if (ratings != null) return RunRatings.summed(RatingsTable.read(ratings), space);
        String method = config.path("method").asText();
        if (!method.equals("evolve") && !method.equals("bsnas")) {
            throw new IllegalArgumentException(run + " has no ratings.csv: is the search finished?");
        }
        Path checkpoint = run.resolve("checkpoint");
        if (!Checkpoint.exists(checkpoint))
            throw new IllegalArgumentException(run + " has no supernet checkpoint to rate networks with.");
        SearchSpace net = method.equals("bsnas") ? SpringSpace.of(space) : space;
        Task task = DataSources.task(config.get("data").asText(), space, config.get("heldOut").asDouble(),
                config.get("seed").asLong());
        RatingSettings settings = new RatingSettings(250, Math.max(config.path("batchSize").asInt(64), 128),
                config.path("ratingImages").asInt(500), config.get("seed").asLong(), device);
        Map<String, Double> rated = new HashMap<>();
        try (Supernet supernet = method.equals("bsnas")
                ? Supernet.spring(net, new Rng(0), device)
                : Supernet.standalone(net, new Rng(0), device)) {
            Checkpoint.load(checkpoint, Map.of("supernet", supernet), Map.of());
            try (SupernetAccuracy accuracy = new SupernetAccuracy(supernet, task, settings)) {
                List<Map<String, BlockPath>> byLabel = pathsByLabel(net);
                for (String arch : architectures) {
                    List<String> labels = RunRatings.blockLabels(arch, space);
                    if (labels == null) continue;
                    List<BlockPath> paths = new ArrayList<>();
                    for (int b = 0; b < labels.size(); b++) paths.add(byLabel.get(b).get(labels.get(b)));
                    if (paths.contains(null)) continue;
                    rated.put(arch, 1 - accuracy.of(paths));
                }
            }
        }
        return arch -> rated.getOrDefault(arch, Double.NaN);
    }

    private static Path ratingsFile(Path run) {
        if (Files.exists(run.resolve("ratings.csv"))) return run.resolve("ratings.csv");
        for (int g = 99; g >= 1; g--) {
            Path p = run.resolve("gen" + g).resolve("ratings.csv");
            if (Files.exists(p)) return p;
        }
        return null;
    }

    private static List<Map<String, BlockPath>> pathsByLabel(SearchSpace space) {
        List<Map<String, BlockPath>> out = new ArrayList<>();
        for (int b = 0; b < space.blockCount(); b++) {
            Map<String, BlockPath> m = new HashMap<>();
            for (BlockPath p : space.paths(b)) m.putIfAbsent(space.label(b, p), p);
            out.add(m);
        }
        return out;
    }
}
