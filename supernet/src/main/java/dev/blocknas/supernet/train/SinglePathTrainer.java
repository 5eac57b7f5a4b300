package dev.blocknas.supernet.train;

import dev.blocknas.layers.data.Batch;
import dev.blocknas.layers.data.BatchTensors;
import dev.blocknas.layers.data.DataLoader;
import dev.blocknas.layers.nn.Module;
import dev.blocknas.layers.optim.Optimizer;
import dev.blocknas.supernet.net.OpMask;
import dev.blocknas.supernet.net.Supernet;
import dev.blocknas.supernet.space.BlockPath;
import dev.blocknas.tensor.Device;
import dev.blocknas.tensor.Scope;
import dev.blocknas.tensor.Tensor;
import dev.blocknas.tensor.ops.Losses;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * Single-path supernet training with labels, as the one-shot methods train (evolve, BS-NAS): the standalone
 * supernet runs end to end under cross-entropy, each step on one path per block drawn uniformly among the
 * operations the {@link OpMask} still allows, or, when restricted, on one of a given set of whole networks.
 * One optimizer for the whole supernet, the learning rate decayed per epoch; a checkpoint after every epoch
 * holds the weights, the optimizer, the mask and the loss curve, and paths are drawn from (seed, epoch, step),
 * so a resumed run is bit-identical to an uninterrupted one.
 */
public final class SinglePathTrainer {
    /** The name of a checkpoint this trainer writes. */
    public static final String METHOD = "singlepath";

    /** Runs after every epoch, before its checkpoint: BS-NAS switches operations off here. */
    @FunctionalInterface
    public interface EpochHook {
        EpochHook NONE = epochsDone -> {};

        void afterEpoch(int epochsDone);
    }

    private final Supernet supernet;
    private final TrainConfig cfg;
    private final OpMask mask;
    private final Path checkpointDir;
    private List<List<BlockPath>> networks;

    /**
     * @param mask          the operations still allowed (shared: a hook may switch some off between epochs)
     * @param checkpointDir where a checkpoint is written after every epoch (null for none)
     */
    public SinglePathTrainer(Supernet supernet, TrainConfig cfg, OpMask mask, Path checkpointDir) {
        if (supernet.head() == null)
            throw new IllegalArgumentException("single-path training needs a standalone supernet");
        if (!mask.space().equals(supernet.space()))
            throw new IllegalArgumentException("the mask is of another space than the supernet");
        this.supernet = supernet;
        this.cfg = cfg;
        this.mask = mask;
        this.checkpointDir = checkpointDir;
    }

    /** Restricts every step to one of {@code networks} (one path per block each, all allowed by the mask); returns this. */
    public SinglePathTrainer restrictTo(List<List<BlockPath>> networks) {
        if (networks.isEmpty()) throw new IllegalArgumentException("training restricted to no network at all");
        for (List<BlockPath> n : networks) {
            if (n.size() != supernet.blockCount()) {
                throw new IllegalArgumentException(
                        "a network of " + n.size() + " paths for a supernet of " + supernet.blockCount() + " blocks");
            }
            for (int b = 0; b < n.size(); b++) {
                if (!mask.allows(b, n.get(b)))
                    throw new IllegalArgumentException("path " + n.get(b) + " of block " + b + " is switched off");
            }
        }
        this.networks = List.copyOf(networks);
        return this;
    }

    /** The network of one step: one of the restricted networks, or a path per block the mask allows. */
    public List<BlockPath> sample(SplittableRandom random) {
        if (networks != null) return networks.get(random.nextInt(networks.size()));
        List<BlockPath> paths = new ArrayList<>(supernet.blockCount());
        for (int b = 0; b < supernet.blockCount(); b++) paths.add(mask.sample(b, random));
        return paths;
    }

    public LossLog train(Task task, boolean resume, int stopAfterEpochs, TrainListener listener) {
        return train(task, resume, stopAfterEpochs, listener, EpochHook.NONE);
    }

    /**
     * Trains for {@code cfg.epochs()} epochs; with {@code resume}, continues from the checkpoint. {@code
     * stopAfterEpochs} (or -1) stops after that many epochs in total, as an interruption would.
     */
    public LossLog train(Task task, boolean resume, int stopAfterEpochs, TrainListener listener, EpochHook hook) {
        LossLog log = new LossLog();
        int start = 0;
        try (MaskState maskState = new MaskState(mask); Optimizer opt = BlockOptimizers.create(supernet, cfg, 0)) {
            Map<String, Module> modules = new LinkedHashMap<>();
            modules.put("supernet", supernet);
            modules.put("mask", maskState);
            Map<String, Optimizer> opts = Map.of("supernet", opt);
            if (resume && checkpointDir != null) {
                var state = Checkpoint.load(checkpointDir, modules, opts);
                if (state.isPresent()) {
                    maskState.apply();
                    start = state.get().epochsDone();
                    state.get().restore(log);
                }
            }
            supernet.train(true);
            try (DataLoader loader = task.trainLoader(cfg.batchSize(), cfg.seed())) {
                int steps = loader.batchesPerEpoch();
                int logEvery = Math.max(1, steps / 20);
                for (int e = start; e < cfg.epochs(); e++) {
                    if (stopAfterEpochs >= 0 && e >= stopAfterEpochs) break;
                    opt.setLr(cfg.lr(0, e));
                    double sum = 0;
                    int step = 0;
                    for (Batch batch : loader.epoch(e)) {
                        List<BlockPath> network = sample(StepSeeds.random(cfg.seed(), 0, e, step, 0));
                        double loss = step(supernet, network, batch, opt, cfg.device());
                        sum += loss;
                        if (step % logEvery == 0) log.add(new LossLog.Point(0, e, step, loss));
                        listener.onStep("supernet", e, step, steps, loss);
                        step++;
                    }
                    log.add(new LossLog.EpochMean(0, e, sum / Math.max(1, step)));
                    hook.afterEpoch(e + 1);
                    supernet.train(true);
                    if (checkpointDir != null) {
                        maskState.capture();
                        Checkpoint.save(checkpointDir,
                                new Checkpoint.State(METHOD, 0, e + 1, log.points(), log.epochMeans()), modules, opts);
                    }
                }
            }
        }
        return log;
    }

    /**
     * One step on one whole network: activate it, cross-entropy of its logits, backward, optimizer step. Only
     * the operations of {@code network} (and the stem and head) get gradients, so only they move.
     */
    public static double step(Supernet supernet, List<BlockPath> network, Batch batch, Optimizer opt, Device device) {
        try (Scope s = Scope.open()) {
            supernet.activate(network);
            Tensor loss = Losses.crossEntropy(supernet.forward(BatchTensors.images(batch, device)),
                    BatchTensors.labels(batch, device));
            loss.backward();
            opt.step();
            opt.zeroGrad();
            return loss.item();
        }
    }
}
