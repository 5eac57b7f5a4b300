package dev.blocknas.layers.schedule;

/**
 * Exponential decay per whole epoch after an optional warm-up: lr = base * gamma^floor(t - warm-up)
 * (DNA: base 0.002-0.005, gamma 0.9).
 */
public record Exponential(double base, double gamma, LrSchedule.Warmup warmup) implements LrSchedule {
    public Exponential {
        LrSchedule.checkRate("base rate", base);
        if (!(gamma > 0 && gamma <= 1))
            throw new IllegalArgumentException("decay factor must be in (0, 1], got " + gamma);
        if (warmup == null) warmup = Warmup.NONE;
    }

    @Override
    public double lr(long step, int stepsPerEpoch) {
        double t = LrSchedule.epochs(step, stepsPerEpoch);
        if (warmup.covers(t)) return warmup.at(t, base);
        return base * Math.pow(gamma, Math.floor(t - warmup.epochs()));
    }
}
