package dev.blocknas.nas.rate;

import dev.blocknas.layers.data.Batch;
import dev.blocknas.layers.data.BatchTensors;
import dev.blocknas.nas.cost.CostModel;
import dev.blocknas.supernet.net.Supernet;
import dev.blocknas.supernet.net.SupernetBlock;
import dev.blocknas.supernet.space.BlockPath;
import dev.blocknas.supernet.train.Task;
import dev.blocknas.supernet.train.Teacher;
import dev.blocknas.tensor.Autograd;
import dev.blocknas.tensor.Scope;
import dev.blocknas.tensor.Tensor;
import dev.blocknas.tensor.ops.Losses;

import java.util.ArrayList;
import java.util.List;

/**
 * DNA's rating of a candidate of block b: its output's normalised distance to the teacher's features on
 * held-out images, mean|S - T| / std(T) per batch (std over the whole teacher tensor), averaged over
 * batches, after batch-norm recalibration. The normalisation makes blocks of different scales add up.
 */
public final class DnaRater extends CandidateRater {
    private final Supernet supernet;
    private final Teacher teacher;
    private final List<Tensor[]> pairs = new ArrayList<>();
    private final String loss;
    private final boolean recalibrate;
    private Tensor calibration;

    /** DNA's rating: normalised L1 after batch-norm recalibration. */
    public DnaRater(Supernet supernet, Teacher teacher, Task task, RatingSettings settings, CostModel costs) {
        this(supernet, teacher, task, settings, costs, "l1", true);
    }

    /**
     * @param loss        {@code l1}: the normalised L1; {@code mse}: mean (S - T)^2 / var(T); {@code task}: the
     *                    cross-entropy of the teacher's remaining blocks and head run on the candidate's output,
     *                    which asks how useful the features are for the task rather than how close they are
     * @param recalibrate whether batch norm is recalibrated for each candidate (else the supernet's running
     *                    statistics, averaged over every path trained, are used)
     */
    public DnaRater(Supernet supernet, Teacher teacher, Task task, RatingSettings settings, CostModel costs,
                    String loss,
                    boolean recalibrate) {
        super(supernet.space(), task, settings, costs);
        this.supernet = supernet;
        this.teacher = teacher;
        this.loss = loss;
        this.recalibrate = recalibrate;
    }

    @Override
    protected void beginBlock(int b, List<BlockPath> bestBefore) {
        // The teacher's features of the held-out set are computed once per block and kept (inputs and targets).
        try (Autograd.Mode ng = Autograd.noGrad()) {
            for (Batch batch : heldOutBatches()) {
                try (Scope s = Scope.open()) {
                    Tensor x = BatchTensors.images(batch, settings.device());
                    List<Tensor> f = teacher.features(x);
                    Tensor in = b == 0 ? x : f.get(b - 1);
                    pairs.add(new Tensor[] {in.keep().persist(), f.get(b).keep().persist(),
                            BatchTensors.labels(batch, settings.device()).keep().persist()});
                }
            }
            try (Scope s = Scope.open()) {
                Tensor x = calibrationImages();
                calibration = (b == 0 ? x : teacher.features(x).get(b - 1)).keep().persist();
            }
        }
    }

    @Override
    protected double rate(int b, BlockPath path) {
        SupernetBlock block = supernet.block(b);
        block.activate(path);
        if (recalibrate) Recalibration.run(calibration, block::forward, block);
        block.train(false);
        double sum = 0;
        try (Autograd.Mode ng = Autograd.noGrad()) {
            for (Tensor[] p : pairs) {
                try (Scope s = Scope.open()) {
                    Tensor out = block.forward(p[0]);
                    sum += switch (loss) {
                        case "mse" -> normalisedMse(out, p[1]);
                        case "task" -> Losses.crossEntropy(teacher.logitsFrom(b, out), p[2]).item();
                        default -> normalisedL1(out, p[1]);
                    };
                }
            }
        }
        return sum / pairs.size();
    }

    /** mean|S - T| / std(T), the std taken over the whole teacher tensor. */
    public static double normalisedL1(Tensor student, Tensor teacher) {
        Tensor std = teacher.sub(teacher.mean()).square().mean().sqrt();
        return student.sub(teacher).abs().mean().item() / Math.max(1e-12, std.item());
    }

    /** mean (S - T)^2 / var(T), the variance taken over the whole teacher tensor. */
    public static double normalisedMse(Tensor student, Tensor teacher) {
        Tensor var = teacher.sub(teacher.mean()).square().mean();
        return student.sub(teacher).square().mean().item() / Math.max(1e-12, var.item());
    }

    @Override
    protected void endBlock(int b) {
        for (Tensor[] p : pairs) {
            for (Tensor t : p) t.close();
        }
        pairs.clear();
        calibration.close();
    }
}
