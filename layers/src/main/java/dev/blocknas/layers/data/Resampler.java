package dev.blocknas.layers.data;

/**
 * Resizes byte image planes so that the shorter side becomes {@code resize}, then centre-crops to
 * {@code crop x crop}, in one step: only the cropped outputs are computed.
 *
 * <p>The filter is bilinear (a triangle) with pixel centres at half-integers. When shrinking, the
 * triangle is widened by the scale factor, as Pillow does, so downscaled photos are averaged
 * rather than aliased.
 */
final class Resampler {

    private Resampler() {}

    /**
     * @param planes {@code channels} planes of {@code height x width} bytes, concatenated
     * @return {@code channels} planes of {@code crop x crop} bytes, concatenated
     */
    static byte[] resizeAndCrop(byte[] planes, int channels, int height, int width, int resize, int crop) {
        int outH;
        int outW;
        if (height <= width) {
            outH = resize;
            outW = Math.max(resize, (int) Math.round((double) width * resize / height));
        } else {
            outW = resize;
            outH = Math.max(resize, (int) Math.round((double) height * resize / width));
        }
        Axis rows = new Axis(height, outH, (outH - crop) / 2, crop);
        Axis cols = new Axis(width, outW, (outW - crop) / 2, crop);

        byte[] out = new byte[channels * crop * crop];
        // Horizontal pass over just the source rows the vertical pass will touch.
        int rowLo = rows.start[0];
        int rowHi = rows.start[crop - 1] + rows.count[crop - 1];
        float[] tmp = new float[(rowHi - rowLo) * crop];
        for (int c = 0; c < channels; c++) {
            int plane = c * height * width;
            for (int y = rowLo; y < rowHi; y++) {
                int src = plane + y * width;
                int dst = (y - rowLo) * crop;
                for (int x = 0; x < crop; x++) {
                    float s = 0;
                    int w0 = x * cols.taps;
                    for (int k = 0; k < cols.count[x]; k++) {
                        s += cols.weight[w0 + k] * (planes[src + cols.start[x] + k] & 0xFF);
                    }
                    tmp[dst + x] = s;
                }
            }
            int outPlane = c * crop * crop;
            for (int y = 0; y < crop; y++) {
                int w0 = y * rows.taps;
                for (int x = 0; x < crop; x++) {
                    float s = 0;
                    for (int k = 0; k < rows.count[y]; k++) {
                        s += rows.weight[w0 + k] * tmp[(rows.start[y] + k - rowLo) * crop + x];
                    }
                    out[outPlane + y * crop + x] = (byte) Math.clamp(Math.round(s), 0, 255);
                }
            }
        }
        return out;
    }

    /** Filter taps along one axis for outputs {@code first .. first+n-1} of a resize {@code in -> out}. */
    private static final class Axis {
        final int taps;
        final int[] start;
        final int[] count;
        final float[] weight;

        Axis(int in, int out, int first, int n) {
            double scale = (double) in / out;
            double widen = Math.max(scale, 1.0);
            double support = widen; // the triangle reaches one (widened) pixel either side
            taps = (int) Math.ceil(support) * 2 + 1;
            start = new int[n];
            count = new int[n];
            weight = new float[n * taps];
            for (int i = 0; i < n; i++) {
                double centre = (first + i + 0.5) * scale;
                int lo = Math.max(0, (int) Math.floor(centre - support + 0.5));
                int hi = Math.min(in, (int) Math.floor(centre + support + 0.5));
                double[] w = new double[hi - lo];
                double sum = 0;
                for (int j = lo; j < hi; j++) {
                    w[j - lo] = Math.max(0.0, 1.0 - Math.abs((j + 0.5 - centre) / widen));
                    sum += w[j - lo];
                }
                start[i] = lo;
                count[i] = hi - lo;
                for (int j = 0; j < w.length; j++) {
                    // Renormalising also handles the image border, where part of the triangle falls outside.
                    weight[i * taps + j] = (float) (sum > 0 ? w[j] / sum : 1.0 / w.length);
                }
            }
        }
    }
}
