package dev.blocknas.supernet.train;

import dev.blocknas.layers.data.Batch;
import dev.blocknas.layers.data.BatchTensors;
import dev.blocknas.layers.data.DataLoader;
import dev.blocknas.layers.nn.Module;
import dev.blocknas.layers.optim.Optimizer;
import dev.blocknas.supernet.net.Supernet;
import dev.blocknas.supernet.net.SupernetBlock;
import dev.blocknas.supernet.space.BlockPath;
import dev.blocknas.tensor.Scope;
import dev.blocknas.tensor.Tensor;
import dev.blocknas.tensor.ops.Losses;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Block-wise distillation as in DNA: student block b takes the teacher's features after block b-1 (block 0
 * takes the image) and learns, for one path each step (drawn by a {@link PathSampling}), to reproduce the
 * teacher's features after block b under mean squared error. Blocks are independent, so every step trains all of
 * them on one teacher pass; each has its own optimizer and learning rate.
 */
public final class DnaTrainer {
    private final Supernet supernet;
    private final Teacher teacher;
    private final TrainConfig cfg;
    private final Path checkpointDir;
    private final PathSampling sampling;

    /**
     * A trainer drawing paths uniformly, as DNA's reference code does.
     *
     * @param checkpointDir where a checkpoint is written after every epoch (null for none)
     */
    public DnaTrainer(Supernet supernet, Teacher teacher, TrainConfig cfg, Path checkpointDir) {
        this(supernet, teacher, cfg, checkpointDir, PathSampling.UNIFORM);
    }

    /**
     * @param checkpointDir where a checkpoint is written after every epoch (null for none)
     * @param sampling      how each block's path is drawn at each step
     */
    public DnaTrainer(Supernet supernet, Teacher teacher, TrainConfig cfg, Path checkpointDir, PathSampling sampling) {
        this.supernet = supernet;
        this.teacher = teacher;
        this.cfg = cfg;
        this.checkpointDir = checkpointDir;
        this.sampling = sampling;
    }

    /**
     * Trains every block for {@code cfg.epochs()} epochs; with {@code resume}, continues from the checkpoint
     * (bit-identical to an uninterrupted run). {@code stopAfterEpochs} (or -1) stops early after that many
     * epochs in total, as an interruption would.
     */
    public LossLog train(Task task, boolean resume, int stopAfterEpochs, TrainListener listener) {
        int blocks = supernet.blockCount();
        Map<String, Optimizer> opts = new LinkedHashMap<>();
        for (int b = 0; b < blocks; b++) opts.put("block" + b, BlockOptimizers.create(supernet.block(b), cfg, b));
        LossLog log = new LossLog();
        int startEpoch = 0;
        Map<String, Module> modules = Map.of("supernet", supernet);
        if (resume && checkpointDir != null) {
            var state = Checkpoint.load(checkpointDir, modules, opts);
            if (state.isPresent()) {
                startEpoch = state.get().epochsDone();
                state.get().restore(log);
            }
        }
        supernet.train(true);
        TeacherFeatureCache cache = TeacherFeatureCache.of(teacher, task, cfg.device());
        try (DataLoader loader = task.trainLoader(cfg.batchSize(), cfg.seed())) {
            int steps = loader.batchesPerEpoch();
            int logEvery = Math.max(1, steps / 20);
            for (int e = startEpoch; e < cfg.epochs(); e++) {
                if (stopAfterEpochs >= 0 && e >= stopAfterEpochs) break;
                for (int b = 0; b < blocks; b++) opts.get("block" + b).setLr(cfg.lr(b, e));
                double[] sums = new double[blocks];
                int step = 0;
                for (Batch batch : loader.epoch(e)) {
                    int[] samples = cache == null ? null : loader.samples(e, batch.index());
                    double[] losses = step(batch, samples, cache, e, step, opts);
                    for (int b = 0; b < blocks; b++) {
                        sums[b] += losses[b];
                        if (step % logEvery == 0) log.add(new LossLog.Point(b, e, step, losses[b]));
                    }
                    listener.onStep("blocks 0-" + (blocks - 1), e, step, steps, mean(losses));
                    step++;
                }
                for (int b = 0; b < blocks; b++) log.add(new LossLog.EpochMean(b, e, sums[b] / Math.max(1, step)));
                if (checkpointDir != null) {
                    Checkpoint.save(checkpointDir,
                            new Checkpoint.State("dna", 0, e + 1, log.points(), log.epochMeans()), modules, opts);
                }
            }
        } finally {
            opts.values().forEach(Optimizer::close);
        }
        return log;
    }

    /**
     * One step on {@code batch}, whose images are the data set's {@code samples}; both {@code cache} and
     * {@code samples} are null where no cache is kept.
     */
    private double[] step(Batch batch, int[] samples, TeacherFeatureCache cache, int epoch, int step,
                          Map<String, Optimizer> opts) {
        int blocks = supernet.blockCount();
        double[] losses = new double[blocks];
        try (Scope s = Scope.open()) {
            Tensor x = BatchTensors.images(batch, cfg.device());
            List<Tensor> targets = cache == null ? teacher.features(x) : cache.features(x, samples);
            for (int b = 0; b < blocks; b++) {
                SupernetBlock block = supernet.block(b);
                BlockPath path = sampling.draw(supernet.space(), b, cfg.seed(), epoch, step);
                block.activate(path);
                try (Scope inner = Scope.open()) {
                    Tensor in = b == 0 ? x : targets.get(b - 1);
                    Tensor loss = Losses.mse(block.forward(in), targets.get(b));
                    loss.backward();
                    Optimizer opt = opts.get("block" + b);
                    opt.step();
                    opt.zeroGrad();
                    losses[b] = loss.item();
                }
            }
        }
        return losses;
    }

    private static double mean(double[] v) {
        double s = 0;
        for (double d : v) s += d;
        return s / v.length;
    }
}
