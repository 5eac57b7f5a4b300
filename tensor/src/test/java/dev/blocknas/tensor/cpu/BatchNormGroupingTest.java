package dev.blocknas.tensor.cpu;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import dev.blocknas.tensor.UnaryOp;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * Training-mode batch norm gives each channel the bits it gets alone, however the channels are split into
 * parallel chunks and cache-sized groups: 216 channels of 14x14 at N64 go in groups of 10 within chunks of 27.
 */
class BatchNormGroupingTest {

    @Test
    void everyChannelHasTheBitsOfItsOwnCall() {
        int n = 64;
        int c = 216;
        int plane = 14 * 14;
        SplittableRandom r = new SplittableRandom(3);
        float[] x = new float[n * c * plane];
        for (int i = 0; i < x.length; i++) x[i] = (float) (r.nextGaussian() * 2 + 0.5);
        float[] gamma = new float[c];
        float[] beta = new float[c];
        float[] rm = new float[c];
        float[] rv = new float[c];
        for (int i = 0; i < c; i++) {
            gamma[i] = (float) r.nextGaussian();
            beta[i] = (float) r.nextGaussian();
            rv[i] = 1f;
        }
        float[] y = new float[x.length];
        float[] mean = new float[c];
        float[] inv = new float[c];
        float[] rm0 = rm.clone();
        float[] rv0 = rv.clone();
        CpuBatchNorm.training(UnaryOp.SILU, n, c, plane, x, 0, gamma, 0, beta, 0, rm, 0, rv, 0, 0.1f, 1e-5f, y, 0,
                mean, 0, inv, 0);
        for (int ch = 0; ch < c; ch++) {
            float[] xc = new float[n * plane];
            for (int img = 0; img < n; img++) System.arraycopy(x, (img * c + ch) * plane, xc, img * plane, plane);
            float[] yc = new float[xc.length];
            float[] one = new float[4];
            float[] rmc = {rm0[ch]};
            float[] rvc = {rv0[ch]};
            CpuBatchNorm.training(UnaryOp.SILU, n, 1, plane, xc, 0, gamma, ch, beta, ch, rmc, 0, rvc, 0, 0.1f, 1e-5f,
                    yc, 0, one, 0, one, 1);
            float[] yOfChannel = new float[xc.length];
            for (int img = 0; img < n; img++) {
                System.arraycopy(y, (img * c + ch) * plane, yOfChannel, img * plane, plane);
            }
            assertArrayEquals(yc, yOfChannel, "y of channel " + ch);
            assertArrayEquals(new float[] {one[0], one[1], rmc[0], rvc[0]},
                    new float[] {mean[ch], inv[ch], rm[ch], rv[ch]}, "statistics of channel " + ch);
        }
    }
}
