package dev.blocknas.nas.rate;

import dev.blocknas.layers.data.Batch;
import dev.blocknas.layers.data.DataLoader;
import dev.blocknas.layers.data.Subset;
import dev.blocknas.nas.cost.CostModel;
import dev.blocknas.supernet.net.Supernet;
import dev.blocknas.supernet.net.SupernetBlock;
import dev.blocknas.supernet.space.BlockPath;
import dev.blocknas.supernet.train.PathCover;
import dev.blocknas.supernet.train.ProjectionHead;
import dev.blocknas.supernet.train.SelfSupervisedLoss;
import dev.blocknas.supernet.train.SelfSupervisedTrainer;
import dev.blocknas.supernet.train.Task;
import dev.blocknas.supernet.train.AugmentedViews;
import dev.blocknas.tensor.Autograd;
import dev.blocknas.tensor.Rng;
import dev.blocknas.tensor.Scope;
import dev.blocknas.tensor.Tensor;

import java.util.ArrayList;
import java.util.List;

/**
 * DNA++'s rating of a candidate of block b: the self-supervised loss it was trained with, on two fixed
 * augmented views of held-out images, after batch-norm recalibration (lower is better). As in BossNAS's
 * evaluation, the target is the same for every candidate of the block: the mean of the normalised target
 * projections of a fixed set of paths that covers every operation of every layer ({@link PathCover#all}),
 * each recalibrated; BossNAS averages over all candidates, a cover costs a handful of passes instead.
 * Blocks are rated progressively: block b is prepared (trained) by {@link BeforeBlock} right before it is
 * rated, on inputs from the earlier blocks' best paths.
 */
public final class SelfSupervisedRater extends CandidateRater {
    /** What happens before block b is rated, given the best paths of the earlier blocks: its training. */
    @FunctionalInterface
    public interface BeforeBlock {
        void prepare(int b, List<BlockPath> bestBefore);
    }

    private final SelfSupervisedTrainer model;
    private final AugmentedViews views;
    private final BeforeBlock before;
    private final List<Tensor[]> inputs = new ArrayList<>();
    private final List<Tensor[]> targets = new ArrayList<>();
    private Tensor calibration;

    public SelfSupervisedRater(SelfSupervisedTrainer model, AugmentedViews views, Task task, RatingSettings settings,
                               CostModel costs,
                               BeforeBlock before) {
        super(model.space(), task, settings, costs);
        this.model = model;
        this.views = views;
        this.before = before;
    }

    @Override
    protected void beginBlock(int b, List<BlockPath> bestBefore) {
        before.prepare(b, bestBefore);
        Supernet online = model.online();
        Tensor calib;
        try (Scope s = Scope.open()) {
            calib = calibrationView().keep().persist();
        }
        for (int j = 0; j < b; j++) {
            SupernetBlock block = online.block(j);
            block.activate(bestBefore.get(j));
            int upTo = j;
            Recalibration.run(calib, x -> online.features(x, upTo + 1), block);
        }
        online.train(false);
        try (Autograd.Mode ng = Autograd.noGrad()) {
            for (Batch batch : heldOutRaw()) {
                try (Scope s = Scope.open()) {
                    long seed = Rng.mix(settings.seed() + batch.index());
                    Tensor[] pair = new Tensor[2];
                    for (int v = 0; v < 2; v++) {
                        pair[v] = online.features(views.view(batch, v, seed, settings.device()), b).keep().persist();
                    }
                    inputs.add(pair);
                }
            }
            try (Scope s = Scope.open()) {
                calibration = online.features(calib, b).keep().persist();
            }
        }
        if (calibration != calib) calib.close(); // for block 0 the features before it are the images themselves
        ensembleTargets(b);
    }

    /** The target of every held-out view: the mean normalised target projection over a cover of the block's paths. */
    private void ensembleTargets(int b) {
        SupernetBlock tb = model.target().block(b);
        ProjectionHead tp = model.targetProjector(b);
        List<BlockPath> cover = PathCover.all(space, b);
        for (int i = 0; i < inputs.size(); i++) targets.add(new Tensor[2]);
        for (BlockPath p : cover) {
            tb.activate(p);
            Recalibration.run(calibration, x -> tp.forward(tb.forward(x)), tb, tp);
            try (Autograd.Mode ng = Autograd.noGrad()) {
                for (int i = 0; i < inputs.size(); i++) {
                    for (int v = 0; v < 2; v++) {
                        try (Scope s = Scope.open()) {
                            Tensor z = SelfSupervisedLoss.normalize(tp.forward(tb.forward(inputs.get(i)[v])))
                                    .div(cover.size());
                            Tensor old = targets.get(i)[v];
                            targets.get(i)[v] = (old == null ? z : old.add(z)).keep().persist();
                            if (old != null) old.close();
                        }
                    }
                }
            }
        }
    }

    @Override
    protected double rate(int b, BlockPath path) {
        SupernetBlock block = model.online().block(b);
        ProjectionHead proj = model.projector(b);
        ProjectionHead pred = model.predictor(b);
        block.activate(path);
        Recalibration.run(calibration, x -> pred.forward(proj.forward(block.forward(x))), block, proj, pred);
        double sum = 0;
        int n = 0;
        try (Autograd.Mode ng = Autograd.noGrad()) {
            for (int i = 0; i < inputs.size(); i++) {
                try (Scope s = Scope.open()) {
                    Tensor[] in = inputs.get(i);
                    Tensor[] goal = targets.get(i);
                    double l = SelfSupervisedLoss.loss(pred.forward(proj.forward(block.forward(in[0]))), goal[1]).item()
                            + SelfSupervisedLoss.loss(pred.forward(proj.forward(block.forward(in[1]))), goal[0]).item();
                    int rows = in[0].dim(0);
                    sum += l / 2 * rows;
                    n += rows;
                }
            }
        }
        return sum / n;
    }

    @Override
    protected void endBlock(int b) {
        for (List<Tensor[]> list : List.of(inputs, targets)) {
            for (Tensor[] pair : list) {
                for (Tensor t : pair) if (t != null) t.close();
            }
            list.clear();
        }
        calibration.close();
    }

    /** One view of the fixed training batch that every candidate recalibrates batch norm on. */
    private Tensor calibrationView() {
        try (DataLoader l = DataLoader.builder(task.train()).batchSize(settings.calibrationBatch()).shuffle(true)
                .seed(settings.seed()).dropLast(true).workers(0).build()) {
            if (l.batchesPerEpoch() == 0) {
                throw new IllegalArgumentException(
                        "The " + task.train().size() + " training images do not fill one calibration batch of "
                                + settings.calibrationBatch() + ".");
            }
            return views.view(l.batch(0, 0), 0, settings.seed(), settings.device());
        }
    }

    /** The held-out images rated on, in order and unnormalised (the views normalise them). */
    private List<Batch> heldOutRaw() {
        int n = Math.min(settings.heldOutImages(), task.heldOut().size());
        List<Batch> out = new ArrayList<>();
        try (DataLoader l = DataLoader.builder(Subset.range(task.heldOut(), 0, n)).batchSize(settings.batchSize())
                .workers(0).build()) {
            for (Batch b : l.epoch(0)) out.add(b);
        }
        return out;
    }
}
