package dev.blocknas.layers.schedule;

/**
 * Cosine annealing after an optional warm-up: with T = totalEpochs - warm-up and u = (t - warm-up) / T,
 * lr = minLr + (base - minLr) * (1 + cos(pi * u)) / 2, and minLr once u >= 1. {@code totalEpochs} includes
 * the warm-up.
 */
public record Cosine(double base, double minLr, double totalEpochs, LrSchedule.Warmup warmup) implements LrSchedule {
    public Cosine {
        LrSchedule.checkRate("base rate", base);
        LrSchedule.checkRate("minimum rate", minLr);
        if (warmup == null) warmup = Warmup.NONE;
        if (!(totalEpochs > warmup.epochs())) {
            throw new IllegalArgumentException(
                    "cosine schedule needs more epochs (" + totalEpochs + ") than its warm-up ("
                            + warmup.epochs() + ")");
        }
    }

    @Override
    public double lr(long step, int stepsPerEpoch) {
        double t = LrSchedule.epochs(step, stepsPerEpoch);
        if (warmup.covers(t)) return warmup.at(t, base);
        double u = (t - warmup.epochs()) / (totalEpochs - warmup.epochs());
        if (u >= 1) return minLr;
        return minLr + (base - minLr) * 0.5 * (1 + Math.cos(Math.PI * u));
    }
}
