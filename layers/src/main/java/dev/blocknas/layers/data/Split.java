package dev.blocknas.layers.data;

import java.util.SplittableRandom;

/**
 * A data set divided into a training part and a disjoint held-out part, for rating candidate
 * architectures on samples the supernet never trained on.
 *
 * @param train   samples to train on
 * @param heldOut samples to evaluate on
 */
public record Split(Subset train, Subset heldOut) {

    /**
     * Holds out {@code fraction} of every class (rounded per class), chosen at random from
     * {@code seed}. Stratifying keeps the held-out class balance equal to the whole set's, which
     * matters when the held-out part is small. Both parts keep the source order. The result is a
     * pure function of the data set's labels, {@code fraction} and {@code seed}.
     */
    public static Split holdOut(Dataset dataset, double fraction, long seed) {
        if (!(fraction > 0 && fraction < 1)) {
            throw new IllegalArgumentException("held-out fraction must be strictly between 0 and 1, got " + fraction);
        }
        int n = dataset.size();
        int classes = dataset.numClasses();
        int[][] byClass = new int[classes][];
        int[] counts = Datasets.labelCounts(dataset);
        for (int c = 0; c < classes; c++) {
            byClass[c] = new int[counts[c]];
        }
        int[] fill = new int[classes];
        for (int i = 0; i < n; i++) {
            int c = dataset.label(i);
            byClass[c][fill[c]++] = i;
        }
        boolean[] held = new boolean[n];
        int heldCount = 0;
        for (int c = 0; c < classes; c++) {
            // One stream per class, so adding samples of one class does not reshuffle the others.
            SplittableRandom rng = new SplittableRandom(Seeds.mix(seed, c));
            int[] members = byClass[c];
            int take = (int) Math.round(fraction * members.length);
            for (int k = 0; k < take; k++) { // partial Fisher-Yates: the first `take` are a uniform sample
                int j = k + rng.nextInt(members.length - k);
                int t = members[k];
                members[k] = members[j];
                members[j] = t;
                held[members[k]] = true;
            }
            heldCount += take;
        }
        int[] trainIdx = new int[n - heldCount];
        int[] heldIdx = new int[heldCount];
        int a = 0;
        int b = 0;
        for (int i = 0; i < n; i++) {
            if (held[i]) {
                heldIdx[b++] = i;
            } else {
                trainIdx[a++] = i;
            }
        }
        return new Split(Subset.of(dataset, trainIdx, dataset.name() + "-train"),
                Subset.of(dataset, heldIdx, dataset.name() + "-heldout"));
    }

    @Override
    public String toString() {
        return "Split[train=" + train.size() + ", heldOut=" + heldOut.size() + "]";
    }
}
