package dev.blocknas.supernet.train;

import dev.blocknas.tensor.Device;

/**
 * Settings of block-wise supernet training.
 *
 * @param epochs      epochs per block (DNA trains all blocks together for this many epochs; DBNAS trains each
 *                    block in turn for this many)
 * @param batchSize   images per step
 * @param optimizer   the optimizer, its weight decay and its learning-rate decay per epoch
 * @param lr          base learning rate of every block
 * @param blockLr     per-block learning rates overriding {@code lr}, or null
 * @param seed        seed of initialisation, data order and path sampling
 * @param device      where to train
 */
public record TrainConfig(int epochs, int batchSize, OptimizerSpec optimizer, double lr, double[] blockLr, long seed,
                          Device device) {

    public TrainConfig {
        if (epochs < 1) throw new IllegalArgumentException("epochs must be at least 1, got " + epochs);
        if (batchSize < 2)
            throw new IllegalArgumentException("batch size must be at least 2 (batch norm), got " + batchSize);
        if (optimizer == null) throw new IllegalArgumentException("an optimizer is needed");
        if (lr <= 0) throw new IllegalArgumentException("learning rate must be positive, got " + lr);
    }

    /** Learning rate of block {@code b} in epoch {@code epoch}. */
    public double lr(int b, int epoch) {
        double base = blockLr != null && b < blockLr.length ? blockLr[b] : lr;
        return base * Math.pow(optimizer.lrDecay(), epoch);
    }

    /** The weight decay of the optimizer. */
    public double weightDecay() {
        return optimizer.weightDecay();
    }
}
