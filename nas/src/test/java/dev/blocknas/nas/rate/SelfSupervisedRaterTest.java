package dev.blocknas.nas.rate;

import dev.blocknas.supernet.train.OptimizerSpec;
import dev.blocknas.nas.cost.CostModel;
import dev.blocknas.nas.select.Option;
import dev.blocknas.nas.select.RatingsTable;
import dev.blocknas.nas.select.RatingsWriter;
import dev.blocknas.supernet.space.BlockPath;
import dev.blocknas.supernet.space.SearchSpace;
import dev.blocknas.supernet.space.SearchSpaceJson;
import dev.blocknas.supernet.train.SelfSupervisedTrainer;
import dev.blocknas.supernet.train.Task;
import dev.blocknas.supernet.train.Tasks;
import dev.blocknas.supernet.train.TrainConfig;
import dev.blocknas.supernet.train.TrainListener;
import dev.blocknas.supernet.train.AugmentedViews;
import dev.blocknas.tensor.Backends;
import dev.blocknas.tensor.Device;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** DNA++'s rating: the self-supervised loss on held-out views, progressive over the blocks. */
class SelfSupervisedRaterTest {
    private static final SearchSpace SPACE = SearchSpaceJson.parse("""
            {"name": "tiny", "inChannels": 1, "resolution": 28, "numClasses": 10, "activation": "swish", "seRatio": 0,
             "stem": {"channels": 8, "stride": 2},
             "blocks": [{"channels": 12, "stride": 2, "depths": [1, 2], "ops": ["k3_e3", "k5_e3"]},
                        {"channels": 16, "stride": 2, "depths": [1], "ops": ["k3_e3", "k3_e6", "k5_e3"]}],
             "head": {"channels": 32}}
            """, "test");
    private static final Task TASK = Tasks.limit(Tasks.mnist(0.1, 7), 384, 64, 64);

    private record Rated(RatingsTable table, List<List<BlockPath>> prepared) {}

    private static Rated rate(boolean train, Path file) {
        TrainConfig cfg = new TrainConfig(2, 32, OptimizerSpec.sgd(1e-5, 0.9), 0.05, null, 11, Device.CPU);
        AugmentedViews views = AugmentedViews.forTask(TASK);
        List<List<BlockPath>> prepared = new ArrayList<>();
        try (SelfSupervisedTrainer t = new SelfSupervisedTrainer(SPACE, views, cfg, 0.99, null);
                RatingsWriter w = RatingsWriter.open(file)) {
            SelfSupervisedRater rater = new SelfSupervisedRater(t, views, TASK,
                    new RatingSettings(32, 64, 64, 3, Device.CPU),
                    new CostModel(SPACE, null), (b, best) -> {
                        prepared.add(List.copyOf(best));
                        if (train) t.trainBlock(TASK, b, best, -1, TrainListener.NONE);
                    });
            rater.rateAll(w, RateListener.NONE);
        }
        return new Rated(RatingsTable.read(file), prepared);
    }

    @Test
    void ratingsAreFiniteAndATrainedBlockRatesBetterThanAnUntrainedOne(@TempDir Path dir) {
        long before = Backends.get(Device.CPU).memoryStats().bytesInUse();
        Rated trained = rate(true, dir.resolve("trained.csv"));
        Rated untrained = rate(false, dir.resolve("untrained.csv"));
        assertEquals(before, Backends.get(Device.CPU).memoryStats().bytesInUse(),
                "training and rating free every tensor they make");
        for (int b = 0; b < SPACE.blockCount(); b++) {
            double t = mean(trained.table(), b);
            double u = mean(untrained.table(), b);
            for (Option o : trained.table().block(b).options()) {
                assertTrue(Double.isFinite(o.rating()) && o.rating() >= 0 && o.rating() <= 4,
                        o.label() + " " + o.rating());
            }
            assertTrue(t < u, "block " + b + ": trained " + t + ", untrained " + u);
        }
        // Progressive: block 1 is prepared after block 0 is rated, with block 0's best-rated path.
        assertEquals(List.of(), trained.prepared().get(0));
        BlockPath given = trained.prepared().get(1).get(0);
        Option best = trained.table().block(0).options().stream().min(Comparator.comparingDouble(Option::rating))
                .orElseThrow();
        assertEquals(best.label(), SPACE.label(0, given));
    }

    private static double mean(RatingsTable table, int b) {
        return table.block(b).options().stream().mapToDouble(Option::rating).average().orElseThrow();
    }
}
