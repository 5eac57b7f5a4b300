package dev.blocknas.supernet.train;

/** Small metrics over host arrays. */
public final class Metrics {
    private Metrics() {}

    /** How many rows of logits [n, classes] have their largest value at the label. */
    public static int correct(float[] logits, int[] labels, int classes) {
        int c = 0;
        for (int i = 0; i < labels.length; i++) {
            int best = 0;
            for (int k = 1; k < classes; k++) if (logits[i * classes + k] > logits[i * classes + best]) best = k;
            if (best == labels[i]) c++;
        }
        return c;
    }
}
