package dev.blocknas.layers.schedule;

/** A constant rate, after an optional warm-up. */
public record Constant(double base, LrSchedule.Warmup warmup) implements LrSchedule {
    public Constant {
        LrSchedule.checkRate("base rate", base);
        if (warmup == null) warmup = Warmup.NONE;
    }

    @Override
    public double lr(long step, int stepsPerEpoch) {
        double t = LrSchedule.epochs(step, stepsPerEpoch);
        return warmup.covers(t) ? warmup.at(t, base) : base;
    }
}
