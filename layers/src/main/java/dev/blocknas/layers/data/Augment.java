package dev.blocknas.layers.data;

import java.util.Arrays;
import java.util.Objects;
import java.util.SplittableRandom;

/**
 * An in-place transformation of one CHW float image, such as a random crop or a flip.
 *
 * <p>All randomness must come from the {@code rng} argument, never from a shared or global
 * source: the {@link DataLoader} hands every sample its own generator derived from (seed, epoch,
 * position), which is what makes augmented batches reproducible across runs and worker counts.
 * Implementations must be stateless or thread-safe.
 */
@FunctionalInterface
public interface Augment {

    /** Transforms the {@code c x h x w} image at {@code data[offset ..]} in place. */
    void apply(float[] data, int offset, int c, int h, int w, SplittableRandom rng);

    /** This augmentation followed by {@code next}. */
    default Augment then(Augment next) {
        Objects.requireNonNull(next);
        return (data, offset, c, h, w, rng) -> {
            apply(data, offset, c, h, w, rng);
            next.apply(data, offset, c, h, w, rng);
        };
    }

    /** Does nothing; always the same instance, which {@link #isIdentity} recognises. */
    static Augment identity() {
        return Identity.INSTANCE;
    }

    /**
     * Whether this is {@link #identity()}: every epoch then sees the same images, which lets a trainer keep what it
     * computes of them.
     */
    default boolean isIdentity() {
        return this == Identity.INSTANCE;
    }

    /** The augmentation that does nothing. */
    enum Identity implements Augment {
        INSTANCE;

        @Override
        public void apply(float[] data, int offset, int c, int h, int w, SplittableRandom rng) {}
    }

    /** The given augmentations applied in order. */
    static Augment compose(Augment... steps) {
        Augment all = identity();
        for (Augment a : steps) {
            all = all.then(a);
        }
        return all;
    }

    /**
     * Pads the image with {@code pad} zeros on every side and crops an {@code h x w} window at a
     * uniformly random position, i.e. shifts it by up to {@code pad} pixels each way with zeros
     * shifted in. Draws two ints (row offset, then column offset).
     */
    static Augment randomCrop(int pad) {
        if (pad < 0) {
            throw new IllegalArgumentException("padding must be >= 0, got " + pad);
        }
        return (data, offset, c, h, w, rng) -> {
            int dy = rng.nextInt(2 * pad + 1) - pad;
            int dx = rng.nextInt(2 * pad + 1) - pad;
            shift(data, offset, c, h, w, dy, dx);
        };
    }

    /** Mirrors the image left to right with probability 1/2. Draws one boolean. */
    static Augment horizontalFlip() {
        return (data, offset, c, h, w, rng) -> {
            if (rng.nextBoolean()) {
                flip(data, offset, c, h, w);
            }
        };
    }

    /** Maps channel {@code k} to {@code (x - mean[k]) / std[k]}. Draws nothing. */
    static Augment normalize(float[] mean, float[] std) {
        float[] m = mean.clone();
        float[] s = std.clone();
        if (m.length != s.length) {
            throw new IllegalArgumentException("mean has " + m.length + " channels but std has " + s.length);
        }
        for (float v : s) {
            if (!(v > 0)) {
                throw new IllegalArgumentException("std must be positive, got " + Arrays.toString(s));
            }
        }
        return (data, offset, c, h, w, rng) -> {
            if (c != m.length) {
                throw new IllegalArgumentException("normalisation has " + m.length + " channels, image has " + c);
            }
            int plane = h * w;
            for (int k = 0; k < c; k++) {
                float mk = m[k];
                float sk = s[k];
                int from = offset + k * plane;
                for (int p = from; p < from + plane; p++) {
                    data[p] = (data[p] - mk) / sk;
                }
            }
        };
    }

    /** {@link #normalize(float[], float[])} with the given statistics. */
    static Augment normalize(ChannelStats stats) {
        return normalize(stats.mean(), stats.std());
    }

    /**
     * Sets {@code out(y, x) = in(y + dy, x + dx)}, zero outside the image, in place. Rows are
     * visited in the direction that reads each source row before it is overwritten, and
     * {@code System.arraycopy} handles the overlap within a row.
     */
    private static void shift(float[] data, int offset, int c, int h, int w, int dy, int dx) {
        if (dy == 0 && dx == 0) {
            return;
        }
        int x0 = Math.max(0, -dx); // first output column with a source pixel
        int x1 = Math.min(w, w - dx); // one past the last such column
        for (int k = 0; k < c; k++) {
            int plane = offset + k * h * w;
            for (int i = 0; i < h; i++) {
                int y = dy > 0 ? i : h - 1 - i;
                int row = plane + y * w;
                int sy = y + dy;
                if (sy < 0 || sy >= h || x0 >= x1) {
                    Arrays.fill(data, row, row + w, 0f);
                    continue;
                }
                System.arraycopy(data, plane + sy * w + x0 + dx, data, row + x0, x1 - x0);
                Arrays.fill(data, row, row + x0, 0f);
                Arrays.fill(data, row + x1, row + w, 0f);
            }
        }
    }

    private static void flip(float[] data, int offset, int c, int h, int w) {
        for (int row = offset, end = offset + c * h * w; row < end; row += w) {
            for (int a = row, b = row + w - 1; a < b; a++, b--) {
                float t = data[a];
                data[a] = data[b];
                data[b] = t;
            }
        }
    }
}
