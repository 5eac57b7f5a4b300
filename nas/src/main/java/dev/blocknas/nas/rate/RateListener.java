package dev.blocknas.nas.rate;

/** Progress of rating, for progress bars and logs. */
@FunctionalInterface
public interface RateListener {
    RateListener NONE = (block, done, total, label, rating) -> {};

    /** After each candidate of a block ({@code done} of {@code total}). */
    void onCandidate(int block, int done, int total, String label, double rating);
}
