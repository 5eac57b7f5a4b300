package dev.blocknas.layers.data;

import java.util.Objects;
import java.util.SplittableRandom;

/**
 * Seeded random images of any shape whose class is learnable: each class owns a coarse 4x4
 * pattern of bright and dark cells per channel, and every image is its class pattern at low
 * contrast plus uniform noise. Coarse cells survive random crops and flips only partly, so
 * augmentation makes the task harder without making it impossible.
 *
 * <p>Nothing is stored per image: {@link #image} is a pure function of (seed, index), so the set
 * can be arbitrarily large. Labels cycle through the classes ({@code i % numClasses}), making
 * every class equally frequent.
 */
public final class Synthetic implements Dataset {

    private static final int GRID = 4;

    private final int size;
    private final int channels;
    private final int height;
    private final int width;
    private final int numClasses;
    private final long seed;
    private final float contrast;
    private final float noise;
    /** Per class, channel and grid cell: +1 or -1. */
    private final float[] patterns;

    private Synthetic(int size, int channels, int height, int width, int numClasses, long seed,
                      float contrast, float noise) {
        if (size < 0 || channels < 1 || height < 1 || width < 1 || numClasses < 1) {
            throw new IllegalArgumentException("invalid synthetic shape: " + size + " images of "
                    + channels + "x" + height + "x" + width + ", " + numClasses + " classes");
        }
        this.size = size;
        this.channels = channels;
        this.height = height;
        this.width = width;
        this.numClasses = numClasses;
        this.seed = seed;
        this.contrast = contrast;
        this.noise = noise;
        this.patterns = new float[numClasses * channels * GRID * GRID];
        SplittableRandom rng = new SplittableRandom(Seeds.mix(seed, -1));
        for (int k = 0; k < patterns.length; k++) {
            patterns[k] = rng.nextBoolean() ? 1f : -1f;
        }
    }

    /** A synthetic set with contrast 0.25 and noise amplitude 0.25 (clearly learnable, not trivial). */
    public static Synthetic of(int size, int channels, int height, int width, int numClasses, long seed) {
        return new Synthetic(size, channels, height, width, numClasses, seed, 0.25f, 0.25f);
    }

    /**
     * A synthetic set with pixel value {@code clamp(0.5 + contrast * pattern + noise * u, 0, 1)},
     * {@code pattern} in {-1, +1} and {@code u} uniform in [-1, 1).
     */
    public static Synthetic of(int size, int channels, int height, int width, int numClasses, long seed,
                               float contrast, float noise) {
        return new Synthetic(size, channels, height, width, numClasses, seed, contrast, noise);
    }

    @Override
    public int size() { return size; }
    @Override
    public int channels() { return channels; }
    @Override
    public int height() { return height; }
    @Override
    public int width() { return width; }
    @Override
    public int numClasses() { return numClasses; }
    @Override
    public String name() { return "synthetic-" + channels + "x" + height + "x" + width + "-" + numClasses; }

    @Override
    public int label(int i) {
        return Objects.checkIndex(i, size) % numClasses;
    }

    @Override
    public void image(int i, float[] dst, int offset) {
        int label = label(i);
        SplittableRandom rng = new SplittableRandom(Seeds.mix(seed, i));
        int k = offset;
        for (int c = 0; c < channels; c++) {
            int base = (label * channels + c) * GRID * GRID;
            for (int y = 0; y < height; y++) {
                int row = base + y * GRID / height * GRID;
                for (int x = 0; x < width; x++) {
                    float u = (float) rng.nextDouble(-1.0, 1.0);
                    float v = 0.5f + contrast * patterns[row + x * GRID / width] + noise * u;
                    dst[k++] = Math.clamp(v, 0f, 1f);
                }
            }
        }
    }

    @Override
    public String toString() {
        return name() + " (" + size + " images, seed " + seed + ")";
    }
}
