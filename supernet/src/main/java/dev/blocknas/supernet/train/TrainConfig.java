package dev.blocknas.supernet.train;

import dev.blocknas.tensor.Device;

/**
 * Settings of block-wise supernet training.
 *
 * @param epochs      epochs per block (DNA trains all blocks together for this many epochs; DBNAS trains each
 *                    block in turn for this many)
 * @param batchSize   images per step
 * @param optimizer   "adam" (Adam with L2 weight decay, as DNA) or "sgd" (momentum 0.9, Nesterov)
 * @param lr          base learning rate of every block
 * @param blockLr     per-block learning rates overriding {@code lr}, or null
 * @param weightDecay weight decay (not on batch-norm parameters or biases)
 * @param lrDecay     learning-rate factor per epoch (DNA: 0.9)
 * @param seed        seed of initialisation, data order and path sampling
 * @param device      where to train
 */
public record TrainConfig(int epochs, int batchSize, String optimizer, double lr, double[] blockLr, double weightDecay,
                          double lrDecay, long seed, Device device) {

    public TrainConfig {
        if (epochs < 1) throw new IllegalArgumentException("epochs must be at least 1, got " + epochs);
        if (batchSize < 2) throw new IllegalArgumentException("batch size must be at least 2 (batch norm), got " + batchSize);
        if (!optimizer.equals("adam") && !optimizer.equals("sgd")) {
            throw new IllegalArgumentException("optimizer must be adam or sgd, got " + optimizer);
        }
        if (lr <= 0) throw new IllegalArgumentException("learning rate must be positive, got " + lr);
    }

    /** Learning rate of block {@code b} in epoch {@code epoch}. */
    public double lr(int b, int epoch) {
        double base = blockLr != null && b < blockLr.length ? blockLr[b] : lr;
        return base * Math.pow(lrDecay, epoch);
    }
}
