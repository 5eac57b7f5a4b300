package dev.blocknas.supernet.train;

import dev.blocknas.layers.data.Batch;
import dev.blocknas.layers.data.BatchTensors;
import dev.blocknas.layers.data.DataLoader;
import dev.blocknas.layers.nn.Module;
import dev.blocknas.layers.nn.Parameter;
import dev.blocknas.layers.nn.Sequential;
import dev.blocknas.layers.optim.Optimizer;
import dev.blocknas.supernet.net.Supernet;
import dev.blocknas.supernet.net.SupernetBlock;
import dev.blocknas.tensor.Autograd;
import dev.blocknas.tensor.Rng;
import dev.blocknas.tensor.Scope;
import dev.blocknas.tensor.Tensor;
import dev.blocknas.tensor.ops.Losses;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Block-wise deep supervision as in DBNAS, with no teacher: blocks train progressively, one after another;
 * block b learns from the labels through its {@link DeepSupervision} module, on the output of blocks
 * 0..b-1, which stay frozen and run a uniformly sampled path each step (so block b sees the inputs any
 * candidate of them would give it).
 */
public final class DbnasTrainer implements AutoCloseable {
    private final Supernet supernet;
    private final TrainConfig cfg;
    private final Path checkpointDir;
    private final Sequential heads = new Sequential();

    public DbnasTrainer(Supernet supernet, TrainConfig cfg, Path checkpointDir) {
        if (supernet.head() == null) throw new IllegalArgumentException("deep supervision needs a standalone supernet");
        this.supernet = supernet;
        this.cfg = cfg;
        this.checkpointDir = checkpointDir;
        Rng rng = new Rng(cfg.seed() ^ 0x5EED);
        for (int b = 0; b < supernet.blockCount(); b++) {
            heads.add(new DeepSupervision(supernet.space(), b, rng, cfg.device()));
        }
    }

    /** The supervision module of every block ({@code heads.b}), needed again to rate candidates. */
    public Sequential heads() {
        return heads;
    }

    /** The supervision module after block {@code b}. */
    public DeepSupervision head(int b) {
        return (DeepSupervision) heads.get(b);
    }

    /**
     * Trains blocks 0..B-1 in turn, each for {@code cfg.epochs()} epochs; with {@code resume}, continues from the
     * checkpoint. {@code stopAfterEpochs} (or -1) stops after that many epochs in total, as an interruption would.
     */
    public LossLog train(Task task, boolean resume, int stopAfterEpochs, TrainListener listener) {
        int blocks = supernet.blockCount();
        Map<String, Optimizer> opts = new LinkedHashMap<>();
        for (int b = 0; b < blocks; b++) opts.put("block" + b, optimizer(b));
        Map<String, Module> modules = Map.of("supernet", supernet, "heads", heads);
        LossLog log = new LossLog();
        int startPhase = 0;
        int startEpoch = 0;
        if (resume && checkpointDir != null) {
            var state = Checkpoint.load(checkpointDir, modules, opts);
            if (state.isPresent()) {
                startPhase = state.get().phase();
                startEpoch = state.get().epochsDone();
                state.get().restore(log);
            }
        }
        int done = startPhase * cfg.epochs() + startEpoch;
        try (DataLoader loader = task.trainLoader(cfg.batchSize(), cfg.seed())) {
            int steps = loader.batchesPerEpoch();
            int logEvery = Math.max(1, steps / 20);
            for (int b = startPhase; b < blocks; b++) {
                Optimizer opt = opts.get("block" + b);
                for (int e = b == startPhase ? startEpoch : 0; e < cfg.epochs(); e++) {
                    if (stopAfterEpochs >= 0 && done >= stopAfterEpochs) return log;
                    opt.setLr(cfg.lr(b, e));
                    double sum = 0;
                    int step = 0;
                    for (Batch batch : loader.epoch(b * cfg.epochs() + e)) {
                        double loss = step(batch, b, e, step, opt);
                        sum += loss;
                        if (step % logEvery == 0) log.add(new LossLog.Point(b, e, step, loss));
                        listener.onStep("block " + b, e, step, steps, loss);
                        step++;
                    }
                    log.add(new LossLog.EpochMean(b, e, sum / Math.max(1, step)));
                    done++;
                    if (checkpointDir != null) {
                        boolean last = e + 1 == cfg.epochs();
                        Checkpoint.save(checkpointDir, new Checkpoint.State("dbnas", last ? b + 1 : b, last ? 0 : e + 1,
                                log.points(), log.epochMeans()), modules, opts);
                    }
                }
            }
        } finally {
            opts.values().forEach(Optimizer::close);
        }
        return log;
    }

    private Optimizer optimizer(int b) {
        Map<String, Parameter> params = new LinkedHashMap<>();
        supernet.block(b).namedParameters().forEach((n, p) -> params.put("block." + n, p));
        head(b).namedParameters().forEach((n, p) -> params.put("head." + n, p));
        double lr = cfg.lr(b, 0);
        return cfg.optimizer().create(params, lr);
    }

    private double step(Batch batch, int b, int epoch, int step, Optimizer opt) {
        try (Scope s = Scope.open()) {
            Tensor h = BatchTensors.images(batch, cfg.device());
            supernet.train(true);
            try (Autograd.Mode ng = Autograd.noGrad()) {
                for (int j = 0; j < b; j++) {
                    SupernetBlock frozen = supernet.block(j);
                    frozen.activate(supernet.space().sample(j, StepSeeds.random(cfg.seed(), b, epoch, step, j)));
                    h = frozen.forward(h);
                }
            }
            SupernetBlock block = supernet.block(b);
            block.activate(supernet.space().sample(b, StepSeeds.random(cfg.seed(), b, epoch, step, b)));
            Tensor loss = Losses.crossEntropy(head(b).forward(block.forward(h)),
                    BatchTensors.labels(batch, cfg.device()));
            loss.backward();
            opt.step();
            opt.zeroGrad();
            return loss.item();
        }
    }

    @Override
    public void close() {
        heads.close();
    }
}
