package dev.blocknas.nas.rate;

import dev.blocknas.layers.data.Batch;
import dev.blocknas.layers.data.BatchTensors;
import dev.blocknas.nas.cost.CostModel;
import dev.blocknas.supernet.net.Supernet;
import dev.blocknas.supernet.net.SupernetBlock;
import dev.blocknas.supernet.space.BlockPath;
import dev.blocknas.supernet.train.DeepSupervision;
import dev.blocknas.supernet.train.Task;
import dev.blocknas.tensor.Autograd;
import dev.blocknas.tensor.Scope;
import dev.blocknas.tensor.Tensor;
import dev.blocknas.tensor.ops.Losses;

import java.util.ArrayList;
import java.util.List;
import java.util.function.IntFunction;

/**
 * The rating of a candidate of block b under deep supervision: the cross-entropy of block b's supervision
 * module on held-out images, with the earlier blocks fixed to their best-rated paths (rated progressively,
 * block by block, as they were trained) and batch norm recalibrated for the candidate.
 */
public final class DbnasRater extends CandidateRater {
    private final Supernet supernet;
    private final IntFunction<DeepSupervision> heads;
    private final List<Tensor> inputs = new ArrayList<>();
    private final List<Tensor> labels = new ArrayList<>();
    private Tensor calibration;

    public DbnasRater(Supernet supernet, IntFunction<DeepSupervision> heads, Task task, RatingSettings settings,
                      CostModel costs) {
        super(supernet.space(), task, settings, costs);
        this.supernet = supernet;
        this.heads = heads;
    }

    @Override
    protected void beginBlock(int b, List<BlockPath> bestBefore) {
        Tensor calib;
        try (Scope s = Scope.open()) {
            calib = calibrationImages().keep().persist();
        }
        // Fix the earlier blocks to their best paths, recalibrated on the same batch, then compute inputs once.
        for (int j = 0; j < b; j++) {
            SupernetBlock block = supernet.block(j);
            block.activate(bestBefore.get(j));
            int upTo = j;
            Recalibration.run(calib, x -> supernet.features(x, upTo + 1), block);
        }
        supernet.train(false);
        try (Autograd.Mode ng = Autograd.noGrad()) {
            for (Batch batch : heldOutBatches()) {
                try (Scope s = Scope.open()) {
                    inputs.add(supernet.features(BatchTensors.images(batch, settings.device()), b).keep().persist());
                    labels.add(BatchTensors.labels(batch, settings.device()).keep().persist());
                }
            }
            try (Scope s = Scope.open()) {
                calibration = supernet.features(calib, b).keep().persist();
            }
        }
        if (calibration != calib) calib.close(); // for block 0 the features before it are the images themselves
    }

    @Override
    protected double rate(int b, BlockPath path) {
        SupernetBlock block = supernet.block(b);
        DeepSupervision head = heads.apply(b);
        block.activate(path);
        Recalibration.run(calibration, x -> head.forward(block.forward(x)), block, head);
        double sum = 0;
        int n = 0;
        try (Autograd.Mode ng = Autograd.noGrad()) {
            for (int i = 0; i < inputs.size(); i++) {
                try (Scope s = Scope.open()) {
                    Tensor logits = head.forward(block.forward(inputs.get(i)));
                    int rows = logits.dim(0);
                    sum += Losses.crossEntropy(logits, labels.get(i)).item() * rows;
                    n += rows;
                }
            }
        }
        return sum / n;
    }

    @Override
    protected void endBlock(int b) {
        inputs.forEach(Tensor::close);
        labels.forEach(Tensor::close);
        inputs.clear();
        labels.clear();
        calibration.close();
    }
}
