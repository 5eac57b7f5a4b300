package dev.blocknas.tensor.cpu;

/** In-place optimizer updates over contiguous parameter arrays (formulas as in Backend's Javadoc). */
final class CpuOptimizers {
    private static final int GRAIN = 1 << 15;

    private CpuOptimizers() {}

    static void sgd(int n, float[] p, int po, float[] g, int go, float[] v, int vo, float lr, float momentum,
                    float wd, boolean nesterov) {
        Parallel.range(n, GRAIN, (from, to) -> {
            for (int i = from; i < to; i++) {
                float gi = g[go + i] + wd * p[po + i];
                if (v != null) {
                    float vi = momentum * v[vo + i] + gi;
                    v[vo + i] = vi;
                    gi = nesterov ? gi + momentum * vi : vi;
                }
                p[po + i] -= lr * gi;
            }
        });
    }

    static void rmsprop(int n, float[] p, int po, float[] g, int go, float[] sq, int so, float[] buf, int bo, float lr,
                        float alpha, float eps, float momentum, float wd) {
        Parallel.range(n, GRAIN, (from, to) -> {
            for (int i = from; i < to; i++) {
                float gi = g[go + i] + wd * p[po + i];
                float s = alpha * sq[so + i] + (1f - alpha) * gi * gi;
                sq[so + i] = s;
                float step = gi / ((float) Math.sqrt(s) + eps);
                if (buf != null) {
                    step = momentum * buf[bo + i] + step;
                    buf[bo + i] = step;
                }
                p[po + i] -= lr * step;
            }
        });
    }

    static void adam(int n, float[] p, int po, float[] g, int go, float[] m, int mo, float[] v, int vo, float lr,
                     float b1, float b2, float eps, float wd, boolean decoupled, int step) {
        float c1 = 1f - (float) Math.pow(b1, step);
        float c2 = 1f - (float) Math.pow(b2, step);
        Parallel.range(n, GRAIN, (from, to) -> {
            for (int i = from; i < to; i++) {
                float pi = p[po + i];
                float gi = g[go + i];
                if (decoupled) pi -= lr * wd * pi;
                else gi += wd * pi;
                float mi = b1 * m[mo + i] + (1f - b1) * gi;
                float vi = b2 * v[vo + i] + (1f - b2) * gi * gi;
                m[mo + i] = mi;
                v[vo + i] = vi;
                p[po + i] = pi - lr * (mi / c1) / ((float) Math.sqrt(vi / c2) + eps);
            }
        });
    }
}
