package dev.blocknas.tensor.cpu;

/** Plain-Java {@link StridedRows}. */
final class ScalarStridedRows implements StridedRows {
    @Override
    public void gather(float[] src, int s, int stride, float[] dst, int d, int n) {
        if (stride == 1) {
            System.arraycopy(src, s, dst, d, n);
        } else {
            for (int i = 0; i < n; i++) dst[d + i] = src[s + i * stride];
        }
    }

    @Override
    public void scatterAdd(float[] src, int s, float[] dst, int d, int stride, int n) {
        for (int i = 0; i < n; i++) dst[d + i * stride] += src[s + i];
    }
}
