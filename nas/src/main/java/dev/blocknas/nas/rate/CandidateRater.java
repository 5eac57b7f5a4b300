package dev.blocknas.nas.rate;

import dev.blocknas.layers.data.Batch;
import dev.blocknas.layers.data.BatchTensors;
import dev.blocknas.layers.data.DataLoader;
import dev.blocknas.layers.data.Subset;
import dev.blocknas.nas.cost.CandidateCost;
import dev.blocknas.nas.cost.CostModel;
import dev.blocknas.nas.select.Option;
import dev.blocknas.nas.select.RatingsWriter;
import dev.blocknas.supernet.space.BlockPath;
import dev.blocknas.supernet.space.SearchSpace;
import dev.blocknas.supernet.train.Task;
import dev.blocknas.tensor.Tensor;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Rates every candidate path of every block on held-out data and appends one row per candidate to a
 * ratings table. Rows already in the table are kept (an interrupted rating continues where it stopped).
 * Paths of different cells that describe the same architecture (cells of equal depth, as in DNA's space)
 * share one row, with the better rating.
 */
public abstract class CandidateRater {
    protected final SearchSpace space;
    protected final Task task;
    protected final RatingSettings settings;
    private final CostModel costs;

    protected CandidateRater(SearchSpace space, Task task, RatingSettings settings, CostModel costs) {
        this.space = space;
        this.task = task;
        this.settings = settings;
        this.costs = costs;
    }

    /** Rates every candidate of every block into {@code out}; returns the best path found for each block. */
    public List<BlockPath> rateAll(RatingsWriter out, RateListener listener) {
        List<BlockPath> best = new ArrayList<>();
        for (int b = 0; b < space.blockCount(); b++) {
            Map<String, List<BlockPath>> groups = new LinkedHashMap<>();
            for (BlockPath p : space.paths(b)) groups.computeIfAbsent(space.label(b, p), k -> new ArrayList<>()).add(p);
            beginBlock(b, best);
            BlockPath bestPath = null;
            double bestRating = Double.POSITIVE_INFINITY;
            int done = 0;
            for (Map.Entry<String, List<BlockPath>> g : groups.entrySet()) {
                Optional<Option> existing = out.existing(b, g.getKey());
                double rating = Double.POSITIVE_INFINITY;
                BlockPath chosen = g.getValue().get(0);
                if (existing.isPresent()) {
                    rating = existing.get().rating();
                } else {
                    for (BlockPath p : g.getValue()) {
                        double r = rate(b, p);
                        if (r < rating || Double.isNaN(rating)) {
                            rating = r;
                            chosen = p;
                        }
                    }
                    CandidateCost c = costs.candidate(b, chosen);
                    out.append(b, new Option(g.getKey(), rating, c.params(), c.flops(), c.latencyMs()));
                }
                if (rating < bestRating) {
                    bestRating = rating;
                    bestPath = chosen;
                }
                listener.onCandidate(b, ++done, groups.size(), g.getKey(), rating);
            }
            endBlock(b);
            best.add(bestPath);
        }
        return best;
    }

    /** Prepares the inputs of block {@code b}; {@code bestBefore} holds the best path of every earlier block. */
    protected abstract void beginBlock(int b, List<BlockPath> bestBefore);

    /** The rating of one path (lower is better). */
    protected abstract double rate(int b, BlockPath path);

    /** Frees what {@link #beginBlock} kept. */
    protected abstract void endBlock(int b);

    /** The fixed training batch every candidate recalibrates batch norm on. */
    protected Tensor calibrationImages() {
        try (DataLoader l = task.trainLoader(settings.calibrationBatch(), settings.seed())) {
            return BatchTensors.images(l.batch(0, 0), settings.device());
        }
    }

    /** The held-out images rated on, in order. */
    protected List<Batch> heldOutBatches() {
        int n = Math.min(settings.heldOutImages(), task.heldOut().size());
        List<Batch> out = new ArrayList<>();
        try (DataLoader l = task.evalLoader(Subset.range(task.heldOut(), 0, n), settings.batchSize())) {
            for (Batch b : l.epoch(0)) out.add(b);
        }
        return out;
    }
}
