package dev.blocknas.kernels.emu;

import dev.blocknas.kernels.ops.OpCodes;
import dev.blocknas.kernels.ops.ReduceKernels;
import dev.blocknas.tensor.Backend;
import dev.blocknas.tensor.Backends;
import dev.blocknas.tensor.Device;
import dev.blocknas.tensor.ReduceOp;
import dev.blocknas.tensor.Scope;
import dev.blocknas.tensor.Tensor;
import org.junit.jupiter.api.Test;

/**
 * reduce.cu on the emulator against the CPU backend, SUM, MEAN and MAX over [outer, n, inner], on shapes
 * that take each path: rows and columns, with and without splitting n (few long rows, a reduction over the
 * batch) and so with and without reduce_finish. Sums are in double on both sides, in different orders:
 * within 1e-6; maxima bit for bit.
 */
@SuppressWarnings("try")
class ReduceEmulationTest extends EmulatedKernelTest {
    private final Backend cpu = Backends.cpu();

    @Test
    @Covers({"reduce_rows", "reduce_cols", "reduce_finish"})
    void reductionsMatchTheCpuBackend() {
        int[][] shapes = {
                {size(1, 3), size(5000, 30000), 1}, // few long rows: split, then finished
                {size(40, 90), size(1, 300), 1}, // many rows
                {size(1, 3), size(40, 900), size(2, 9)}, // columns, split
                {size(2, 30), size(1, 20), size(200, 700)},
                {1, 1, 1},
        };
        ReduceKernels kernels = new ReduceKernels(gpu, gpu);
        for (int[] s : shapes) {
            for (ReduceOp op : ReduceOp.values()) {
                gpu.multiprocessors(random.nextBoolean() ? 1 : H100_SMS);
                int outer = s[0], n = s[1], inner = s[2];
                float[] x = uniform(outer * n * inner, -2, 2);
                float[] expected;
                try (Scope ignored = Scope.open()) {
                    Tensor out = Tensor.empty(Device.CPU, outer, inner);
                    cpu.reduce(op, Tensor.of(Device.CPU, x, outer, n, inner), outer, n, inner, out);
                    expected = out.toArray();
                }
                long xa = gpu.upload(x);
                long oa = gpu.allocate(4L * outer * inner);
                kernels.reduce(OpCodes.reduce(op), xa, outer, n, inner, oa);
                String what = seeded(
                        op + " over [" + outer + ", " + n + ", " + inner + "] on " + gpu.multiprocessors() + " SMs");
                float[] got = gpu.read(oa, outer * inner);
                if (op == ReduceOp.MAX) Compare.identical(expected, got, what);
                else Compare.close(expected, got, 1e-6, what);
                gpu.free(xa);
                gpu.free(oa);
            }
        }
    }
}
