package dev.blocknas.kernels.emu;

import dev.blocknas.kernels.ops.ElementwiseKernels;
import dev.blocknas.kernels.ops.OpCodes;
import dev.blocknas.kernels.ops.StridedLayout;
import dev.blocknas.tensor.Backend;
import dev.blocknas.tensor.Backends;
import dev.blocknas.tensor.BinaryOp;
import dev.blocknas.tensor.Device;
import dev.blocknas.tensor.Scope;
import dev.blocknas.tensor.Shape;
import dev.blocknas.tensor.Tensor;
import dev.blocknas.tensor.UnaryOp;
import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.EnumSet;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * elementwise.cu on the emulator against the CPU backend: every unary op forward and backward (libm's
 * transcendentals against Java's: within 1e-5; the rest bit for bit), every binary op over contiguous,
 * scalar-broadcast and strided operands (one IEEE operation: bit for bit), strided copies that must leave
 * the gaps of the destination untouched.
 */
@SuppressWarnings("try")
class ElementwiseEmulationTest extends EmulatedKernelTest {
    private static final Set<UnaryOp> EXACT = EnumSet.of(UnaryOp.NEG, UnaryOp.ABS, UnaryOp.SQUARE, UnaryOp.ADD_SCALAR,
            UnaryOp.MUL_SCALAR, UnaryOp.RELU, UnaryOp.RELU6);
    private final Backend cpu = Backends.cpu();
    private final ElementwiseKernels kernels = new ElementwiseKernels(gpu);

    @Test
    @Covers({"unary_forward", "unary_backward"})
    void unaryOpsMatchTheCpuBackend() {
        for (UnaryOp op : UnaryOp.values()) {
            gpu.multiprocessors(random.nextBoolean() ? 1 : H100_SMS); // 1 SM: the grid-stride loops go round
            int n = size(1, 20000);
            boolean positive = op == UnaryOp.LOG || op == UnaryOp.SQRT || op == UnaryOp.POW;
            float[] x = positive ? uniform(n, 0.05, 4) : uniform(n, -8, 8);
            float[] gy = uniform(n, -1, 1);
            float alpha = op == UnaryOp.POW
                    ? (float) (0.5 + 2 * random.nextDouble())
                    : (float) (random.nextDouble() * 4 - 2);
            float[] y;
            float[] gx;
            try (Scope ignored = Scope.open()) {
                Tensor tx = Tensor.of(Device.CPU, x, n);
                Tensor ty = Tensor.empty(Device.CPU, n);
                Tensor tgx = Tensor.empty(Device.CPU, n);
                cpu.unary(op, alpha, tx, ty);
                cpu.unaryBackward(op, alpha, tx, ty, Tensor.of(Device.CPU, gy, n), tgx);
                y = ty.toArray();
                gx = tgx.toArray();
            }
            long xa = gpu.upload(x);
            long ya = gpu.allocate(4L * n);
            kernels.unary(OpCodes.unary(op), alpha, xa, ya, n);
            String what = seeded(op + " alpha " + alpha + " n " + n);
            if (EXACT.contains(op)) Compare.identical(y, gpu.read(ya, n), what + " forward");
            else Compare.close(y, gpu.read(ya, n), 1e-5, what + " forward");
            gpu.write(ya, y); // the backward gets the reference's y, as the CPU's did
            long gya = gpu.upload(gy);
            long gxa = gpu.allocate(4L * n);
            kernels.unaryBackward(OpCodes.unary(op), alpha, xa, ya, gya, gxa, n);
            Compare.close(gx, gpu.read(gxa, n), 1e-5, what + " backward");
            for (long a : new long[] {xa, ya, gya, gxa}) gpu.free(a);
        }
    }

    @Test
    @Covers({"binary_contiguous", "binary_scalar_b", "binary_strided"})
    void binaryOpsMatchTheCpuBackendOnEveryLayout() {
        for (BinaryOp op : BinaryOp.values()) {
            int r = size(1, 23), c = size(1, 31), d = size(1, 5);
            int[] shape = {r, c, d};
            int n = r * c * d;
            // a: contiguous; b: each layout in turn; out: contiguous, or a transposed view of a larger buffer.
            check(op, shape, new int[] {c * d, d, 1}, new int[] {c * d, d, 1}, new int[] {c * d, d, 1}, n);
            check(op, shape, new int[] {c * d, d, 1}, new int[] {0, 0, 0}, new int[] {c * d, d, 1}, 1);
            check(op, shape, new int[] {c * d, d, 1}, new int[] {1, 0, r}, new int[] {c * d, d, 1}, r * d);
            check(op, shape, new int[] {1, r, r * c}, new int[] {0, d, 1}, new int[] {d, r * d, 1}, c * d);
        }
    }

    /** out = a op b over views with the given strides of fresh buffers holding {@code bElems} for b. */
    private void check(BinaryOp op, int[] shape, int[] sa, int[] sb, int[] so, int bElems) {
        int n = Shape.of(shape).numel();
        float[] a = uniform(n, -3, 3);
        float[] b = op == BinaryOp.DIV ? uniform(bElems, 0.25, 3) : uniform(bElems, -3, 3);
        if (op == BinaryOp.EQ) for (int i = 0; i < Math.min(n, bElems); i += 3) a[i] = b[i]; // some equal pairs
        int outElems = extent(shape, so);
        float[] before = new float[outElems];
        Arrays.fill(before, Float.NaN);
        float[] expected;
        try (Scope ignored = Scope.open()) {
            Tensor ta = Tensor.of(Device.CPU, a, n).view(0, Shape.of(shape), sa);
            Tensor tb = Tensor.of(Device.CPU, b, bElems).view(0, Shape.of(shape), sb);
            Tensor out = Tensor.of(Device.CPU, before, outElems);
            cpu.binary(op, ta, tb, out.view(0, Shape.of(shape), so));
            expected = out.toArray();
        }
        StridedLayout layout = StridedLayout.of(shape, sa, sb, so);
        long aa = gpu.upload(a);
        long ba = gpu.upload(b);
        long oa = gpu.upload(before);
        kernels.binary(OpCodes.binary(op), aa, ba, oa, layout, n);
        Compare.identical(expected, gpu.read(oa, outElems), seeded(op + " " + Arrays.toString(shape) + " strides a "
                + Arrays.toString(sa) + " b " + Arrays.toString(sb) + " out " + Arrays.toString(so)));
        for (long x : new long[] {aa, ba, oa}) gpu.free(x);
    }

    @Test
    @Covers("copy_strided")
    void stridedCopiesWriteExactlyTheirView() {
        for (int t = 0; t < 6; t++) {
            gpu.multiprocessors(t % 2 == 0 ? 1 : H100_SMS);
            int r = size(2, 40), c = size(2, 70), d = size(1, 6);
            int[] shape = {r, c, d};
            int n = r * c * d;
            // A transposed source into every other element of a wider destination.
            int[] ss = {1, r * d, r};
            int[] sd = {2 * c * d, 2 * d, 2};
            int dstElems = 2 * n;
            float[] src = uniform(n, -5, 5);
            float[] before = new float[dstElems];
            Arrays.fill(before, Float.NaN);
            float[] expected;
            try (Scope ignored = Scope.open()) {
                Tensor dst = Tensor.of(Device.CPU, before, dstElems);
                cpu.copy(Tensor.of(Device.CPU, src, n).view(0, Shape.of(shape), ss), dst.view(0, Shape.of(shape), sd));
                expected = dst.toArray();
            }
            StridedLayout layout = StridedLayout.of(shape, ss, sd);
            assertFalse(layout.contiguous(), "the copy must take the strided kernel");
            long sa = gpu.upload(src);
            long da = gpu.upload(before);
            kernels.copyStrided(sa, da, layout, n);
            float[] got = gpu.read(da, dstElems);
            Compare.identical(expected, got, seeded("copy " + Arrays.toString(shape)));
            assertTrue(Float.isNaN(got[1]), "the gaps of the destination stay as they were");
            gpu.free(sa);
            gpu.free(da);
        }
    }

    /** Elements a view with {@code strides} spans (from offset 0). */
    private static int extent(int[] shape, int[] strides) {
        int last = 0;
        for (int i = 0; i < shape.length; i++) last += (shape[i] - 1) * strides[i];
        return last + 1;
    }
}
