package dev.blocknas.layers.data;

/** Byte-to-float pixel conversion shared by the byte-backed data sets. */
final class Pixels {

    // A table rather than v / 255f per pixel: exactly the same values, without a division.
    private static final float[] UNIT = new float[256];

    static {
        for (int v = 0; v < 256; v++) {
            UNIT[v] = v / 255f;
        }
    }

    private Pixels() {}

    /** Converts {@code n} unsigned bytes to floats in {@code [0, 1]}. */
    static void toUnit(byte[] src, int srcOffset, float[] dst, int dstOffset, int n) {
        for (int k = 0; k < n; k++) {
            dst[dstOffset + k] = UNIT[src[srcOffset + k] & 0xFF];
        }
    }
}
