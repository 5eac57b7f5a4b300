package dev.blocknas.tensor.cpu;

import dev.blocknas.tensor.Conv2dSpec;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The forward and data gradient of the im2col convolution give the same bits however many images share a GEMM (as
 * long as it runs on the blocked kernels), which lets them pick a chunk that splits evenly over the cores; the chunk
 * they pick does.
 */
class ConvChunkingTest {

    @ParameterizedTest(name = "N{0} C{1} H{2} Cout{3} k{4} s{5} p{6} g{7}")
    @CsvSource({"64,24,4,40,1,1,0,1", "13,6,7,10,3,1,1,1", "9,8,9,12,3,2,1,2", "30,16,2,20,1,1,0,1"})
    void sameBitsForEveryChunkSize(int n, int c, int h, int cout, int k, int s, int p, int groups) {
        Conv2dSpec spec = new Conv2dSpec(k, s, p, 1, groups);
        int ho = (h + 2 * p - k) / s + 1;
        var g = new CpuConv.Geometry(n, c, h, h, cout, ho, ho, spec);
        SplittableRandom r = new SplittableRandom(n * 31L + c * 7L + k);
        float[] x = SgemmTest.random(r, n * c * h * h);
        float[] w = SgemmTest.random(r, cout * (c / groups) * k * k);
        float[] gy = SgemmTest.random(r, n * cout * ho * ho);
        float[] y1 = new float[gy.length];
        float[] gx1 = new float[x.length];
        CpuConv.forward(g, g.chunk(), x, 0, w, 0, y1, 0);
        CpuConv.backwardData(g, g.chunk(), gy, 0, w, 0, gx1, 0);
        int checked = 0;
        for (int nb : new int[] {1, 2, 5, 16, 24, n, g.balancedChunk()}) {
            // A product small enough for the plain loop has other bits: chunks only vary among blocked GEMMs.
            if (!Sgemm.blocked(g.coutG(), Math.min(nb, n) * g.outPlane(), g.colRows())) continue;
            checked++;
            float[] y = new float[gy.length];
            float[] gx = new float[x.length];
            CpuConv.forward(g, Math.min(nb, n), x, 0, w, 0, y, 0);
            CpuConv.backwardData(g, Math.min(nb, n), gy, 0, w, 0, gx, 0);
            assertArrayEquals(y1, y, "forward, " + nb + " images a GEMM");
            assertArrayEquals(gx1, gx, "data gradient, " + nb + " images a GEMM");
        }
        assertTrue(checked >= 4, checked + " chunk sizes checked");
        int chunks = (n + g.balancedChunk() - 1) / g.balancedChunk();
        int threads = Parallel.threads();
        assertTrue(chunks == 1 || chunks % threads == 0 || chunks >= 4 * threads, chunks + " chunks on " + threads);
    }
}
