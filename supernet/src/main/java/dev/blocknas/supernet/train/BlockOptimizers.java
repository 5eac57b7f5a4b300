package dev.blocknas.supernet.train;

import dev.blocknas.layers.nn.Module;
import dev.blocknas.layers.optim.Optimizer;

/** The optimizer of one block (plus whatever trains with it) from the training settings. */
final class BlockOptimizers {
    private BlockOptimizers() {}

    static Optimizer create(Module trained, TrainConfig cfg, int block) {
        double lr = cfg.lr(block, 0);
        return cfg.optimizer().create(trained.namedParameters(), lr);
    }
}
