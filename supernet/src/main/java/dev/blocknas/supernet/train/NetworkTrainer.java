package dev.blocknas.supernet.train;

import dev.blocknas.layers.data.Batch;
import dev.blocknas.layers.data.BatchTensors;
import dev.blocknas.layers.data.DataLoader;
import dev.blocknas.layers.data.Dataset;
import dev.blocknas.layers.nn.Module;
import dev.blocknas.layers.optim.Sgd;
import dev.blocknas.tensor.Autograd;
import dev.blocknas.tensor.Device;
import dev.blocknas.tensor.Rng;
import dev.blocknas.tensor.Scope;
import dev.blocknas.tensor.Tensor;
import dev.blocknas.tensor.ops.Losses;

/**
 * Trains a whole network on labels: SGD with Nesterov momentum, linear warm-up then cosine decay, label
 * smoothing. Used for the teacher of distillation and to retrain the networks a search finds.
 */
public final class NetworkTrainer {

    /**
     * @param epochs         passes over the training images
     * @param batchSize      images per step
     * @param lr             peak learning rate
     * @param weightDecay    weight decay (not on batch-norm parameters or biases)
     * @param labelSmoothing label smoothing of the cross-entropy
     * @param warmupEpochs   epochs of linear warm-up (fractional allowed)
     * @param seed           data order and dropout
     * @param device         where to train
     */
    public record Settings(int epochs, int batchSize, double lr, double weightDecay, float labelSmoothing,
                           double warmupEpochs, long seed, Device device) {

        /**
         * The recipe for training a found network (and a teacher) from scratch: weight decay 5e-4, label
         * smoothing 0.1, a third of an epoch of warm-up.
         */
        public static Settings standard(int epochs, int batchSize, double lr, long seed, Device device) {
            return new Settings(epochs, batchSize, lr, 5e-4, 0.1f, 0.3, seed, device);
        }
    }

    /** Mean training loss of every epoch and the wall time. */
    public record History(double[] epochLoss, double seconds) {}

    private NetworkTrainer() {}

    /** Trains {@code net} in place; returns its loss history. */
    public static History train(Module net, Task task, Settings s, String what, TrainListener listener) {
        long start = System.nanoTime();
        double[] epochLoss = new double[s.epochs()];
        net.train(true);
        try (DataLoader loader = task.trainLoader(s.batchSize(), s.seed());
                Sgd opt = new Sgd(net.namedParameters(), s.lr(), 0.9, true, s.weightDecay())) {
            int steps = loader.batchesPerEpoch();
            if (steps == 0) {
                throw new IllegalArgumentException(
                        "There are " + task.train().size() + " training images, fewer than one batch of "
                                + s.batchSize() + ": use a smaller batch or more images.");
            }
            long total = (long) steps * s.epochs();
            long step = 0;
            for (int e = 0; e < s.epochs(); e++) {
                double sum = 0;
                int i = 0;
                for (Batch b : loader.epoch(e)) {
                    opt.setLr(lr(s, step, total, steps));
                    net.reseed(new Rng(StepSeeds.seed(s.seed(), 0, e, i, 0)));
                    double loss;
                    try (Scope scope = Scope.open()) {
                        Tensor l = Losses.crossEntropy(net.forward(BatchTensors.images(b, s.device())),
                                BatchTensors.labels(b, s.device()), s.labelSmoothing());
                        l.backward();
                        opt.step();
                        opt.zeroGrad();
                        loss = l.item();
                    }
                    sum += loss;
                    listener.onStep(what, e, i, steps, loss);
                    i++;
                    step++;
                }
                epochLoss[e] = sum / Math.max(1, i);
            }
        }
        net.train(false);
        return new History(epochLoss, (System.nanoTime() - start) / 1e9);
    }

    private static double lr(Settings s, long step, long total, int stepsPerEpoch) {
        double warm = s.warmupEpochs() * stepsPerEpoch;
        if (step < warm) return s.lr() * (step + 1) / warm;
        double t = (step - warm) / Math.max(1.0, total - warm);
        return s.lr() * 0.5 * (1 + Math.cos(Math.PI * t));
    }

    /** Accuracy and mean loss of {@code net} (in eval mode) on {@code data}. */
    public static Evaluation evaluate(Module net, Task task, Dataset data, int batchSize, Device device) {
        boolean was = net.isTraining();
        net.train(false);
        int correct = 0;
        double lossSum = 0;
        try (DataLoader loader = task.evalLoader(data, batchSize); Autograd.Mode ng = Autograd.noGrad()) {
            for (Batch b : loader.epoch(0)) {
                try (Scope scope = Scope.open()) {
                    Tensor logits = net.forward(BatchTensors.images(b, device));
                    lossSum += Losses.crossEntropy(logits, BatchTensors.labels(b, device)).item() * b.n();
                    correct += Metrics.correct(logits.toArray(), b.labels(), logits.dim(1));
                }
            }
        } finally {
            net.train(was);
        }
        return new Evaluation(correct / (double) data.size(), lossSum / data.size(), data.size());
    }
}
