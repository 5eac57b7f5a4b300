package dev.blocknas.layers.schedule;

/**
 * Step decay after an optional warm-up: lr = base * gamma^floor((t - warm-up) / decayEpochs)
 * (EfficientNet: x0.97 every 2.4 epochs).
 */
public record StepDecay(double base, double decayEpochs, double gamma, LrSchedule.Warmup warmup) implements LrSchedule {
    public StepDecay {
        LrSchedule.checkRate("base rate", base);
        if (!(decayEpochs > 0) || Double.isInfinite(decayEpochs))
            throw new IllegalArgumentException("decay interval must be > 0 epochs, got " + decayEpochs);
        if (!(gamma > 0 && gamma <= 1))
            throw new IllegalArgumentException("decay factor must be in (0, 1], got " + gamma);
        if (warmup == null) warmup = Warmup.NONE;
    }

    @Override
    public double lr(long step, int stepsPerEpoch) {
        double t = LrSchedule.epochs(step, stepsPerEpoch);
        if (warmup.covers(t)) return warmup.at(t, base);
        double k = Math.floor((t - warmup.epochs()) / decayEpochs);
        return base * Math.pow(gamma, k);
    }
}
