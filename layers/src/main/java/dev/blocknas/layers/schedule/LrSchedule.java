package dev.blocknas.layers.schedule;

/**
 * A learning rate as a pure function of the global step (counted from 0) and the number of steps per epoch,
 * so a resumed run gets exactly the rates it would have had.
 *
 * <p>Every schedule may start with a linear warm-up over {@code warmupEpochs} (fractional epochs allowed):
 * from {@code warmupStartLr} at step 0 towards the base rate, reached at the end of the warm-up; the main
 * schedule then starts, its own clock counted from the end of the warm-up. Time is measured in epochs,
 * t = step / stepsPerEpoch; cosine and warm-up change every step, step decay and exponential decay per
 * whole epoch (or per {@code decayEpochs}).
 */
public sealed interface LrSchedule permits Constant, Cosine, StepDecay, Exponential {

    /** The learning rate for global step {@code step} (>= 0). */
    double lr(long step, int stepsPerEpoch);

    /** A linear warm-up: {@code epochs} long (0 for none), starting at {@code startLr}. */
    record Warmup(double epochs, double startLr) {
        public static final Warmup NONE = new Warmup(0, 0);

        public Warmup {
            if (!(epochs >= 0) || Double.isInfinite(epochs))
                throw new IllegalArgumentException("warm-up length must be >= 0 epochs, got " + epochs);
            if (!(startLr >= 0)) throw new IllegalArgumentException("warm-up start rate must be >= 0, got " + startLr);
        }

        /** The warm-up rate at time t (epochs) when t < epochs, towards {@code target}. */
        double at(double t, double target) {
            return startLr + (target - startLr) * (t / epochs);
        }

        boolean covers(double t) {
            return t < epochs;
        }
    }

    /** Time in epochs of global step {@code step}. */
    static double epochs(long step, int stepsPerEpoch) {
        if (step < 0) throw new IllegalArgumentException("step must be >= 0, got " + step);
        if (stepsPerEpoch < 1) throw new IllegalArgumentException("steps per epoch must be >= 1, got " + stepsPerEpoch);
        return (double) step / stepsPerEpoch;
    }

    static void checkRate(String what, double lr) {
        if (!(lr >= 0) || Double.isInfinite(lr))
            throw new IllegalArgumentException(what + " must be finite and >= 0, got " + lr);
    }

    /** A constant rate. */
    static LrSchedule constant(double lr) {
        return new Constant(lr, Warmup.NONE);
    }

    /** Cosine from {@code base} to {@code minLr} over {@code totalEpochs}, no warm-up. */
    static LrSchedule cosine(double base, double minLr, double totalEpochs) {
        return new Cosine(base, minLr, totalEpochs, Warmup.NONE);
    }

    /** Cosine with a linear warm-up from 0 over {@code warmupEpochs}; {@code totalEpochs} includes the warm-up. */
    static LrSchedule cosine(double base, double minLr, double totalEpochs, double warmupEpochs) {
        return new Cosine(base, minLr, totalEpochs, new Warmup(warmupEpochs, 0));
    }

    /** x {@code gamma} every {@code decayEpochs} (EfficientNet: 0.97 every 2.4 epochs), no warm-up. */
    static LrSchedule stepDecay(double base, double decayEpochs, double gamma) {
        return new StepDecay(base, decayEpochs, gamma, Warmup.NONE);
    }

    /** x {@code gammaPerEpoch} at each epoch boundary (DNA: 0.9), no warm-up. */
    static LrSchedule exponential(double base, double gammaPerEpoch) {
        return new Exponential(base, gammaPerEpoch, Warmup.NONE);
    }
}
