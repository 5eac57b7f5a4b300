package dev.blocknas.nas.run;

import dev.blocknas.supernet.train.TrainListener;

import java.util.function.Function;

/**
 * Progress bars and phase times of a search that trains and rates block by block: a training bar, then a
 * rating bar, for each block in turn, so that two bars never draw at once.
 */
final class BlockBars implements AutoCloseable {
    private final RunContext ctx;
    private RunConsole.Progress rating;
    private int ratingBlock = -1;

    BlockBars(RunContext ctx) {
        this.ctx = ctx;
    }

    /** Runs the training of block {@code b} under its own bar and records its phase. */
    <T> T train(int b, long steps, Function<TrainListener, T> work) {
        endRating();
        T result = ctx.withProgress("block " + b, steps, work);
        ctx.phase("block " + b + " supernet");
        return result;
    }

    /** A {@link dev.blocknas.nas.rate.RateListener}: moves the rating bar of the block. */
    void rated(int block, int done, int total, String label, double value) {
        if (block != ratingBlock || rating == null) {
            endRating();
            ratingBlock = block;
            rating = ctx.console().progress("rating block " + block, total, "candidates");
        }
        rating.stepTo(done, String.format("loss %.4f", value));
    }

    private void endRating() {
        if (rating == null) return;
        rating.close();
        rating = null;
        ctx.phase("block " + ratingBlock + " rating");
    }

    @Override
    public void close() {
        endRating();
    }
}
