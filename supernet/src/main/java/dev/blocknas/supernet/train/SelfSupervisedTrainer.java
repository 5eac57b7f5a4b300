package dev.blocknas.supernet.train;

import dev.blocknas.layers.data.Batch;
import dev.blocknas.layers.data.DataLoader;
import dev.blocknas.layers.nn.Module;
import dev.blocknas.layers.nn.Parameter;
import dev.blocknas.layers.nn.Sequential;
import dev.blocknas.layers.optim.Optimizer;
import dev.blocknas.supernet.net.Supernet;
import dev.blocknas.supernet.net.SupernetBlock;
import dev.blocknas.supernet.space.BlockPath;
import dev.blocknas.supernet.space.BlockSpec;
import dev.blocknas.supernet.space.SearchSpace;
import dev.blocknas.tensor.Autograd;
import dev.blocknas.tensor.Rng;
import dev.blocknas.tensor.Scope;
import dev.blocknas.tensor.Tensor;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * DNA++'s supernet training, self-supervised as in BossNAS: no teacher and no labels. Block b, with a
 * projector and a predictor, learns to predict from one augmented view of an image where a momentum (EMA)
 * copy of the block and projector map the other view ({@link SelfSupervisedLoss}); each step trains several
 * paths that share no operation ({@link PathCover}) towards the mean of their target projections. Blocks
 * train progressively, one after another: the earlier ones are frozen and run the paths the caller chose
 * for them (the best-rated ones), so block b learns on the inputs it will get in the chosen network.
 * A checkpoint after every epoch makes an interrupted run resume bit-identically.
 */
public final class SelfSupervisedTrainer implements AutoCloseable {
    /** Most paths per step: BossNAS runs one per operation; three keep a CPU run affordable. */
    public static final int MAX_PATHS = 3;

    private final Supernet online;
    private final Supernet target;
    private final Sequential projectors = new Sequential();
    private final Sequential predictors = new Sequential();
    private final Sequential targetProjectors = new Sequential();
    private final List<MomentumTarget> momentum = new ArrayList<>();
    private final Map<String, Optimizer> opts = new LinkedHashMap<>();
    private final AugmentedViews views;
    private final TrainConfig cfg;
    private final double baseMomentum;
    private final Path checkpointDir;
    private final LossLog log = new LossLog();
    private List<BlockPath> frozenPaths = List.of();
    private int phase;
    private int epochsDone;

    /**
     * @param baseMomentum  the target's momentum at the start of each block's training (rises to 1)
     * @param checkpointDir where a checkpoint is written after every epoch (null for none)
     */
    public SelfSupervisedTrainer(SearchSpace space, AugmentedViews views, TrainConfig cfg, double baseMomentum,
                                 Path checkpointDir) {
        if (!(baseMomentum >= 0 && baseMomentum < 1))
            throw new IllegalArgumentException("the momentum must be in [0, 1), got " + baseMomentum + ".");
        this.views = views;
        this.cfg = cfg;
        this.baseMomentum = baseMomentum;
        this.checkpointDir = checkpointDir;
        // Distillation widths equal to the space's own: a standalone supernet without the head it does not need.
        int[] widths = space.blocks().stream().mapToInt(BlockSpec::outChannels).toArray();
        online = Supernet.distilled(space, widths, new Rng(cfg.seed()), cfg.device());
        target = Supernet.distilled(space, widths, new Rng(cfg.seed()), cfg.device());
        Rng rng = new Rng(cfg.seed() ^ 0x5E1F);
        int hidden = hiddenWidth(space);
        int out = projectionWidth(space);
        for (int b = 0; b < space.blockCount(); b++) {
            int c = space.block(b).outChannels();
            projectors.add(new ProjectionHead(c, hidden, out, rng, cfg.device()));
            predictors.add(new ProjectionHead(out, hidden, out, rng, cfg.device()));
            targetProjectors.add(new ProjectionHead(c, hidden, out, rng, cfg.device()));
        }
        target.requiresGrad(false);
        targetProjectors.requiresGrad(false);
        for (int b = 0; b < space.blockCount(); b++) {
            MomentumTarget m = new MomentumTarget(List.of(online.block(b), projector(b)),
                    List.of(target.block(b), targetProjector(b)));
            m.copy();
            momentum.add(m);
            opts.put("block" + b, optimizer(b));
        }
    }

    /** Hidden width of the projector and predictor: the space's head width (BossNAS: 4096 for ImageNet), at least 64. */
    public static int hiddenWidth(SearchSpace space) {
        return Math.max(64, space.head().outChannels());
    }

    /** Output width of the projector and predictor: a quarter of the head width (BossNAS: 256), at least 16. */
    public static int projectionWidth(SearchSpace space) {
        return Math.max(16, space.head().outChannels() / 4);
    }

    public SearchSpace space() {
        return online.space();
    }

    /** The supernet that learns, whose candidates are rated. */
    public Supernet online() {
        return online;
    }

    /** The momentum copy of {@link #online()}. */
    public Supernet target() {
        return target;
    }

    public ProjectionHead projector(int b) {
        return (ProjectionHead) projectors.get(b);
    }

    public ProjectionHead predictor(int b) {
        return (ProjectionHead) predictors.get(b);
    }

    public ProjectionHead targetProjector(int b) {
        return (ProjectionHead) targetProjectors.get(b);
    }

    /** The momentum pairing of block b (and its projector) with its target. */
    public MomentumTarget momentum(int b) {
        return momentum.get(b);
    }

    /** The loss curves so far (restored ones included). */
    public LossLog losses() {
        return log;
    }

    /** Blocks whose training is complete. */
    public int blocksDone() {
        return phase;
    }

    /**
     * Continues from the checkpoint, when there is one: weights, optimizer states, position, loss curves and
     * the paths the earlier blocks ran.
     */
    public void restore() {
        if (checkpointDir == null) return;
        Checkpoint.load(checkpointDir, modules(), opts).ifPresent(s -> {
            phase = s.phase();
            epochsDone = s.epochsDone();
            s.restore(log);
            frozenPaths = FrozenPaths.read(FrozenPaths.file(checkpointDir));
        });
    }

    /**
     * Trains block {@code b} for the rest of its {@code cfg.epochs()} epochs (nothing when it is done already).
     *
     * @param frozen    the path each earlier block runs (at least {@code b} of them); the paths this trainer has
     *                  trained on already, restored ones included, take precedence
     * @param maxEpochs stop after this many epochs, as an interruption would (-1: until the block is done)
     * @return whether block b is done
     */
    public boolean trainBlock(Task task, int b, List<BlockPath> frozen, int maxEpochs, TrainListener listener) {
        if (b < phase) return true;
        if (b > phase) throw new IllegalStateException("block " + b + " cannot train before block " + phase);
        if (frozen.size() < b)
            throw new IllegalArgumentException("block " + b + " needs the paths of the " + b + " blocks before it");
        // Paths already trained on win over the ones given: where candidates tie (cells of equal depth share a
        // label), a resumed rating may name another cell, and the resumed run must see the inputs the first one saw.
        List<BlockPath> paths = new ArrayList<>(frozenPaths);
        for (int j = paths.size(); j < b; j++) paths.add(frozen.get(j));
        frozenPaths = List.copyOf(paths);
        Optimizer opt = opts.get("block" + b);
        int from = epochsDone;
        int ran = 0;
        try (DataLoader loader = DataLoader.builder(task.train()).batchSize(cfg.batchSize()).shuffle(true)
                .seed(cfg.seed())
                .dropLast(true).build()) {
            int steps = loader.batchesPerEpoch();
            if (steps == 0) {
                throw new IllegalArgumentException("The " + task.train().size()
                        + " training images do not fill one batch of " + cfg.batchSize() + ".");
            }
            long total = (long) steps * cfg.epochs();
            int logEvery = Math.max(1, steps / 20);
            for (int e = from; e < cfg.epochs(); e++) {
                if (maxEpochs >= 0 && ran >= maxEpochs) return false;
                opt.setLr(cfg.lr(b, e));
                double sum = 0;
                int step = 0;
                for (Batch batch : loader.epoch(b * cfg.epochs() + e)) {
                    double m = MomentumTarget.momentum(baseMomentum, (long) e * steps + step, total);
                    double loss = step(batch, b, e, step, frozenPaths, opt, m);
                    sum += loss;
                    if (step % logEvery == 0) log.add(new LossLog.Point(b, e, step, loss));
                    listener.onStep("block " + b, e, step, steps, loss);
                    step++;
                }
                log.add(new LossLog.EpochMean(b, e, sum / Math.max(1, step)));
                ran++;
                boolean last = e + 1 == cfg.epochs();
                phase = last ? b + 1 : b;
                epochsDone = last ? 0 : e + 1;
                if (checkpointDir != null) {
                    FrozenPaths.write(FrozenPaths.file(checkpointDir), frozenPaths);
                    Checkpoint.save(checkpointDir,
                            new Checkpoint.State("dna++", phase, epochsDone, log.points(), log.epochMeans()), modules(),
                            opts);
                }
            }
        }
        return true;
    }

    private double step(Batch batch, int b, int epoch, int step, List<BlockPath> frozen, Optimizer opt, double m) {
        SearchSpace space = online.space();
        for (Module mod : List.of(online, target, projectors, predictors, targetProjectors)) mod.train(true);
        long viewSeed = StepSeeds.seed(cfg.seed(), b, epoch, step, 0);
        List<BlockPath> paths = PathCover.sample(space, b, Math.min(MAX_PATHS, space.block(b).ops().size()),
                StepSeeds.random(cfg.seed(), b, epoch, step, 1));
        double total = 0;
        try (Scope s = Scope.open()) {
            Tensor[] in = new Tensor[2];
            Tensor[] goal = new Tensor[2];
            SupernetBlock tb = target.block(b);
            ProjectionHead tp = targetProjector(b);
            try (Autograd.Mode ng = Autograd.noGrad()) {
                for (int v = 0; v < 2; v++) {
                    Tensor h = views.view(batch, v, viewSeed, cfg.device());
                    for (int j = 0; j < b; j++) {
                        online.block(j).activate(frozen.get(j));
                        h = online.block(j).forward(h);
                    }
                    in[v] = h;
                    List<Tensor> z = new ArrayList<>();
                    for (BlockPath p : paths) {
                        tb.activate(p);
                        z.add(tp.forward(tb.forward(h)));
                    }
                    goal[v] = SelfSupervisedLoss.ensemble(z);
                }
            }
            SupernetBlock ob = online.block(b);
            ProjectionHead proj = projector(b);
            ProjectionHead pred = predictor(b);
            for (BlockPath p : paths) {
                // One backward per path: gradients add up on the leaves while each path's graph is freed at once.
                try (Scope inner = Scope.open()) {
                    ob.activate(p);
                    Tensor l = SelfSupervisedLoss.loss(pred.forward(proj.forward(ob.forward(in[0]))), goal[1])
                            .add(SelfSupervisedLoss.loss(pred.forward(proj.forward(ob.forward(in[1]))), goal[0]))
                            .div(2f * paths.size());
                    l.backward();
                    total += l.item();
                }
            }
            opt.step();
            opt.zeroGrad();
            momentum.get(b).update(m);
        }
        return total;
    }

    private Optimizer optimizer(int b) {
        Map<String, Parameter> params = new LinkedHashMap<>();
        online.block(b).namedParameters().forEach((n, p) -> params.put("block." + n, p));
        projector(b).namedParameters().forEach((n, p) -> params.put("projector." + n, p));
        predictor(b).namedParameters().forEach((n, p) -> params.put("predictor." + n, p));
        double lr = cfg.lr(b, 0);
        return cfg.optimizer().create(params, lr);
    }

    private Map<String, Module> modules() {
        Map<String, Module> m = new LinkedHashMap<>();
        m.put("online", online);
        m.put("target", target);
        m.put("projectors", projectors);
        m.put("predictors", predictors);
        m.put("target-projectors", targetProjectors);
        return m;
    }

    @Override
    public void close() {
        opts.values().forEach(Optimizer::close);
        for (Module m : modules().values()) m.close();
    }
}
