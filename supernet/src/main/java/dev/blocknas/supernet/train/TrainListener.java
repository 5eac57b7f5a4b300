package dev.blocknas.supernet.train;

/** Progress of a training run, for progress bars and logs. */
@FunctionalInterface
public interface TrainListener {
    /** Nothing. */
    TrainListener NONE = (what, epoch, step, steps, loss) -> {};

    /**
     * After each step.
     *
     * @param what  what is training ("block 2", "teacher", ...)
     * @param epoch epoch from 0
     * @param step  step within the epoch, from 0
     * @param steps steps per epoch
     * @param loss  the step's loss
     */
    void onStep(String what, int epoch, int step, int steps, double loss);
}
