package dev.blocknas.nas.run;

import dev.blocknas.nas.cost.CandidateCost;
import dev.blocknas.nas.cost.CostModel;
import dev.blocknas.nas.select.Budget;
import dev.blocknas.supernet.space.BlockPath;
import dev.blocknas.supernet.space.SearchSpace;

/**
 * The checks a search makes before its first training step, so that a setting that cannot work fails in
 * seconds rather than after the teacher and the supernet: how much there is to rate, and whether the smallest
 * network of the space fits the parameter and FLOPs budget.
 */
public final class RunPlan {
    /** Most candidates one block may have, and all blocks together: rating enumerates every one of them. */
    public static final long MAX_CANDIDATES_PER_BLOCK = 200_000;

    private RunPlan() {}

    /**
     * Enough images for the steps every method takes: a training batch, the batch of {@code calibration} images
     * that recalibrates batch norm before each candidate is rated, and some held-out images.
     */
    public static void checkData(dev.blocknas.supernet.train.Task task, int batchSize, int calibration) {
        int need = Math.max(batchSize, calibration);
        if (task.train().size() < need) {
            throw new IllegalArgumentException("There are " + task.train().size() + " training images, fewer than the " + need
                    + " of one batch and of batch-norm recalibration: raise --limit-train (or lower --batch).");
        }
        if (task.heldOut().size() < 1) throw new IllegalArgumentException("There are no held-out images to rate candidates on: raise --held-out.");
    }

    /** @throws IllegalArgumentException with one sentence naming the setting to change */
    public static void check(SearchSpace space, Budget budget) {
        long total = 0;
        for (int b = 0; b < space.blockCount(); b++) {
            long n;
            try {
                n = space.block(b).candidates();
            } catch (ArithmeticException e) {
                n = Long.MAX_VALUE;
            }
            if (n > MAX_CANDIDATES_PER_BLOCK || n < 0) {
                throw new IllegalArgumentException("Block " + b + " of the " + space.name() + " space has "
                        + (n == Long.MAX_VALUE ? "more than 9.2e18" : String.format("%,d", n)) + " candidates, more than the "
                        + String.format("%,d", MAX_CANDIDATES_PER_BLOCK) + " that can be rated one by one: use fewer depths or operations in that block.");
            }
            total += n;
        }
        if (total > MAX_CANDIDATES_PER_BLOCK) {
            throw new IllegalArgumentException(String.format("The %s space has %,d block candidates in all, more than the %,d that can be rated "
                    + "one by one: use fewer blocks, depths or operations.", space.name(), total, MAX_CANDIDATES_PER_BLOCK));
        }
        if (budget.maxParams().isEmpty() && budget.maxFlops().isEmpty()) return;
        CostModel costs = new CostModel(space, null);
        long params = costs.base().params();
        long flops = costs.base().flops();
        for (int b = 0; b < space.blockCount(); b++) {
            long p = Long.MAX_VALUE;
            long f = Long.MAX_VALUE;
            for (BlockPath path : space.paths(b)) {
                CandidateCost c = costs.candidate(b, path);
                p = Math.min(p, c.params());
                f = Math.min(f, c.flops());
            }
            params += p;
            flops += f;
        }
        if (budget.maxParams().isPresent() && params > budget.maxParams().getAsLong()) {
            throw new IllegalArgumentException(String.format("No network fits the budget: the smallest network of the %s space has %,d parameters, "
                    + "more than --max-params %,d.", space.name(), params, budget.maxParams().getAsLong()));
        }
        if (budget.maxFlops().isPresent() && flops > budget.maxFlops().getAsLong()) {
            throw new IllegalArgumentException(String.format("No network fits the budget: the smallest network of the %s space has %,d multiply-adds, "
                    + "more than --max-flops %,d.", space.name(), flops, budget.maxFlops().getAsLong()));
        }
    }
}
