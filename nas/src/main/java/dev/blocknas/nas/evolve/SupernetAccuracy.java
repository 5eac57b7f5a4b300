package dev.blocknas.nas.evolve;

import dev.blocknas.layers.data.Batch;
import dev.blocknas.layers.data.BatchTensors;
import dev.blocknas.layers.data.DataLoader;
import dev.blocknas.layers.data.Subset;
import dev.blocknas.nas.rate.RatingSettings;
import dev.blocknas.nas.rate.Recalibration;
import dev.blocknas.supernet.net.Supernet;
import dev.blocknas.supernet.space.BlockPath;
import dev.blocknas.supernet.train.Evaluation;
import dev.blocknas.supernet.train.Metrics;
import dev.blocknas.supernet.train.Task;
import dev.blocknas.tensor.Autograd;
import dev.blocknas.tensor.Scope;
import dev.blocknas.tensor.Tensor;
import dev.blocknas.tensor.ops.Losses;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A whole network's accuracy and loss as the supernet computes them, on held-out images never trained on: the
 * network's path is activated, its batch norms are recalibrated on one fixed training batch (the supernet's
 * running statistics average over every path trained), then the held-out images run in eval mode. As a
 * {@link Fitness} it is the accuracy, remembered per network until {@link #forget} (the weights changed).
 */
public final class SupernetAccuracy implements Fitness, AutoCloseable {
    private final Supernet supernet;
    private final Tensor calibration;
    private final List<Tensor> images = new ArrayList<>();
    private final List<Tensor> labelTensors = new ArrayList<>();
    private final List<int[]> labels = new ArrayList<>();
    private final int count;
    private final Map<List<BlockPath>, Double> memo = new HashMap<>();
    private long evaluations;

    public SupernetAccuracy(Supernet supernet, Task task, RatingSettings settings) {
        if (supernet.head() == null) throw new IllegalArgumentException("a supernet without a head has no accuracy");
        this.supernet = supernet;
        try (DataLoader l = task.trainLoader(settings.calibrationBatch(), settings.seed()); Scope s = Scope.open()) {
            calibration = BatchTensors.images(l.batch(0, 0), settings.device()).persist();
        }
        int n = Math.min(settings.heldOutImages(), task.heldOut().size());
        if (n < 1)
            throw new IllegalArgumentException(
                    "There are no held-out images to measure accuracy on: raise --held-out.");
        try (DataLoader l = task.evalLoader(Subset.range(task.heldOut(), 0, n), settings.batchSize());
                Scope s = Scope.open()) {
            for (Batch b : l.epoch(0)) {
                images.add(BatchTensors.images(b, settings.device()).persist());
                labelTensors.add(BatchTensors.labels(b, settings.device()).persist());
                labels.add(b.labels().clone());
            }
        }
        count = n;
    }

    @Override
    public double of(List<BlockPath> network) {
        Double known = memo.get(network);
        if (known != null) return known;
        double a = measure(network).accuracy();
        memo.put(List.copyOf(network), a);
        return a;
    }

    @Override
    public long evaluations() {
        return evaluations;
    }

    /** Forgets remembered accuracies: the weights have changed. */
    public void forget() {
        memo.clear();
    }

    /** Held-out accuracy and mean cross-entropy of one network, its batch norms recalibrated first. */
    public Evaluation measure(List<BlockPath> network) {
        supernet.activate(network);
        Recalibration.run(calibration, supernet::forward, supernet);
        supernet.train(false);
        int correct = 0;
        double lossSum = 0;
        try (Autograd.Mode ng = Autograd.noGrad()) {
            for (int i = 0; i < images.size(); i++) {
                try (Scope s = Scope.open()) {
                    Tensor logits = supernet.forward(images.get(i));
                    lossSum += Losses.crossEntropy(logits, labelTensors.get(i)).item() * labels.get(i).length;
                    correct += Metrics.correct(logits.toArray(), labels.get(i), logits.dim(1));
                }
            }
        }
        evaluations++;
        return new Evaluation(correct / (double) count, lossSum / count, count);
    }

    @Override
    public void close() {
        calibration.close();
        images.forEach(Tensor::close);
        labelTensors.forEach(Tensor::close);
    }
}
