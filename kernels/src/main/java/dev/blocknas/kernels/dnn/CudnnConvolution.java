package dev.blocknas.kernels.dnn;

import dev.blocknas.kernels.driver.Workspace;
import dev.blocknas.tensor.Conv2dSpec;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static java.lang.foreign.ValueLayout.JAVA_FLOAT;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

/**
 * General 2-D convolutions (groups through cudnnSetConvolutionGroupCount) with the algorithm of each
 * direction chosen once per shape by cudnnFind*AlgorithmEx (which times the candidates on the real buffers)
 * and cached with its descriptors. Workspaces come from the caching allocator and go back to it as soon as
 * the call is queued (safe on one stream; see CachingAllocator).
 */
public final class CudnnConvolution implements AutoCloseable {
    /** Which of the three convolution computations. */
    public enum Direction {
        FORWARD,
        BACKWARD_DATA,
        BACKWARD_FILTER
    }

    /** Everything that determines a plan. */
    public record Key(Direction direction, int n, int cin, int h, int w, int cout, int ho, int wo, Conv2dSpec spec) {}

    /** Descriptors plus the chosen algorithm and its workspace size. */
    static final class Plan implements AutoCloseable {
        final TensorDescriptor x;
        final TensorDescriptor y;
        final FilterDescriptor w;
        final ConvolutionDescriptor conv;
        int algo;
        long workspace;

        /** Creates the four descriptors; when one fails, those already made are destroyed again. */
        Plan(Cudnn dnn, Key k, boolean tf32) {
            List<AutoCloseable> made = new ArrayList<>();
            try {
                x = made(made, new TensorDescriptor(dnn, k.n(), k.cin(), k.h(), k.w()));
                y = made(made, new TensorDescriptor(dnn, k.n(), k.cout(), k.ho(), k.wo()));
                w = made(made, new FilterDescriptor(dnn, k.cout(), k.cin() / k.spec().groups(), k.spec().kernel(),
                        k.spec().kernel()));
                conv = made(made, new ConvolutionDescriptor(dnn, k.spec(), tf32));
            } catch (RuntimeException | Error e) {
                for (AutoCloseable d : made.reversed()) {
                    try {
                        d.close();
                    } catch (Exception suppressed) {
                        e.addSuppressed(suppressed);
                    }
                }
                throw e;
            }
        }

        private static <D extends AutoCloseable> D made(List<AutoCloseable> made, D d) {
            made.add(d);
            return d;
        }

        @Override
        public void close() {
            conv.close();
            w.close();
            y.close();
            x.close();
        }
    }

    /** Bytes of cudnnConvolution*AlgoPerf_t: algo, status (int), time (float), pad, memory (size_t), determinism, mathType, reserved[3], pad. */
    static final long PERF_BYTES = 48;
    static final long PERF_STATUS = 4;
    static final long PERF_MEMORY = 16;
    private static final int REQUESTED = 8;
    private static final long SEARCH_WORKSPACE_CAP = 256L << 20;

    private final Cudnn dnn;
    private final Workspace workspace;
    private final boolean tf32;
    private final Map<Key, Plan> plans = new HashMap<>();
    private final Arena arena = Arena.ofShared();
    private final MemorySegment one;
    private final MemorySegment zero;
    private boolean closed;

    public CudnnConvolution(Cudnn dnn, Workspace workspace, boolean tf32) {
        this.dnn = dnn;
        this.workspace = workspace;
        this.tf32 = tf32;
        one = arena.allocate(JAVA_FLOAT);
        one.set(JAVA_FLOAT, 0, 1f);
        zero = arena.allocate(JAVA_FLOAT);
        zero.set(JAVA_FLOAT, 0, 0f);
    }

    /** y = conv(x, w); addresses of packed NCHW float buffers. */
    public synchronized void forward(Key k, long x, long w, long y) {
        Plan p = plan(k, x, w, y);
        Workspace.Lease ws = p.workspace > 0 ? workspace.lease(p.workspace) : null;
        // A local, not a conditional expression: invokeExact would type that Object and fail.
        MemorySegment wsp = ws == null ? MemorySegment.NULL : seg(ws.address());
        try {
            dnn.check("cudnnConvolutionForward", (int) dnn.convForward.invokeExact(dnn.handle(), one, p.x.segment(),
                    seg(x), p.w.segment(), seg(w), p.conv.segment(), p.algo, wsp,
                    p.workspace, zero, p.y.segment(), seg(y)));
        } catch (Throwable t) {
            throw Cudnn.wrap("cudnnConvolutionForward", t);
        } finally {
            if (ws != null) ws.close();
        }
    }

    /** gx = d(loss)/dx given gy and w. */
    public synchronized void backwardData(Key k, long gy, long w, long gx) {
        Plan p = plan(k, gx, w, gy);
        Workspace.Lease ws = p.workspace > 0 ? workspace.lease(p.workspace) : null;
        // A local, not a conditional expression: invokeExact would type that Object and fail.
        MemorySegment wsp = ws == null ? MemorySegment.NULL : seg(ws.address());
        try {
            dnn.check("cudnnConvolutionBackwardData", (int) dnn.convBackwardData.invokeExact(dnn.handle(), one,
                    p.w.segment(), seg(w), p.y.segment(), seg(gy), p.conv.segment(), p.algo,
                    wsp, p.workspace, zero, p.x.segment(), seg(gx)));
        } catch (Throwable t) {
            throw Cudnn.wrap("cudnnConvolutionBackwardData", t);
        } finally {
            if (ws != null) ws.close();
        }
    }

    /** gw = d(loss)/dw given x and gy (overwritten). */
    public synchronized void backwardFilter(Key k, long x, long gy, long gw) {
        Plan p = plan(k, x, gw, gy);
        Workspace.Lease ws = p.workspace > 0 ? workspace.lease(p.workspace) : null;
        // A local, not a conditional expression: invokeExact would type that Object and fail.
        MemorySegment wsp = ws == null ? MemorySegment.NULL : seg(ws.address());
        try {
            dnn.check("cudnnConvolutionBackwardFilter", (int) dnn.convBackwardFilter.invokeExact(dnn.handle(), one,
                    p.x.segment(), seg(x), p.y.segment(), seg(gy), p.conv.segment(), p.algo,
                    wsp, p.workspace, zero, p.w.segment(), seg(gw)));
        } catch (Throwable t) {
            throw Cudnn.wrap("cudnnConvolutionBackwardFilter", t);
        } finally {
            if (ws != null) ws.close();
        }
    }

    /** The algorithm chosen for {@code k} (for the benchmark's report), or -1 when none was chosen yet. */
    public synchronized int algorithm(Key k) {
        Plan p = plans.get(k);
        return p == null ? -1 : p.algo;
    }

    private static MemorySegment seg(long address) {
        return MemorySegment.ofAddress(address);
    }

    /** The cached plan of {@code k}, searching for the fastest algorithm on these buffers the first time. */
    private Plan plan(Key k, long x, long w, long y) {
        if (closed) throw new IllegalStateException("cuDNN convolutions were used after the CUDA backend was closed");
        Plan p = plans.get(k);
        if (p != null) return p;
        p = new Plan(dnn, k, tf32);
        try {
            choose(p, k.direction(), x, w, y);
        } catch (RuntimeException e) {
            p.close();
            throw e;
        }
        plans.put(k, p);
        return p;
    }

    private void choose(Plan p, Direction d, long x, long w, long y) {
        long cap = SEARCH_WORKSPACE_CAP;
        Workspace.Lease ws = workspace.lease(cap);
        try (Arena a = Arena.ofConfined()) {
            MemorySegment count = a.allocate(JAVA_INT);
            MemorySegment perf = a.allocate(PERF_BYTES * REQUESTED, 8);
            MemorySegment h = dnn.handle();
            MemorySegment wsp = seg(ws.address());
            String call;
            int status;
            switch (d) {
                case FORWARD -> {
                    call = "cudnnFindConvolutionForwardAlgorithmEx";
                    status = (int) dnn.findForwardEx.invokeExact(h, p.x.segment(), seg(x), p.w.segment(), seg(w),
                            p.conv.segment(), p.y.segment(), seg(y), REQUESTED, count, perf, wsp, cap);
                }
                case BACKWARD_DATA -> {
                    call = "cudnnFindConvolutionBackwardDataAlgorithmEx";
                    status = (int) dnn.findBackwardDataEx.invokeExact(h, p.w.segment(), seg(w), p.y.segment(), seg(y),
                            p.conv.segment(), p.x.segment(), seg(x), REQUESTED, count, perf, wsp, cap);
                }
                default -> {
                    call = "cudnnFindConvolutionBackwardFilterAlgorithmEx";
                    status = (int) dnn.findBackwardFilterEx.invokeExact(h, p.x.segment(), seg(x), p.y.segment(), seg(y),
                            p.conv.segment(), p.w.segment(), seg(w), REQUESTED, count, perf, wsp, cap);
                }
            }
            dnn.check(call, status);
            int n = count.get(JAVA_INT, 0);
            // Results come sorted fastest first; failed candidates carry a non-zero status.
            for (int i = 0; i < n; i++) {
                long base = i * PERF_BYTES;
                if (perf.get(JAVA_INT, base + PERF_STATUS) != 0) continue;
                long mem = perf.get(JAVA_LONG, base + PERF_MEMORY);
                if (mem > cap) continue;
                p.algo = perf.get(JAVA_INT, base);
                p.workspace = workspaceSize(p, d);
                return;
            }
            throw new IllegalStateException(call + " found no usable algorithm for this convolution.");
        } catch (Throwable t) {
            throw Cudnn.wrap("choosing a cuDNN convolution algorithm", t);
        } finally {
            ws.close();
        }
    }

    private long workspaceSize(Plan p, Direction d) throws Throwable {
        try (Arena a = Arena.ofConfined()) {
            MemorySegment size = a.allocate(JAVA_LONG);
            MemorySegment h = dnn.handle();
            switch (d) {
                case FORWARD -> dnn.check("cudnnGetConvolutionForwardWorkspaceSize",
                        (int) dnn.forwardWorkspace.invokeExact(
                                h, p.x.segment(), p.w.segment(), p.conv.segment(), p.y.segment(), p.algo, size));
                case BACKWARD_DATA -> dnn.check("cudnnGetConvolutionBackwardDataWorkspaceSize",
                        (int) dnn.backwardDataWorkspace.invokeExact(h, p.w.segment(), p.y.segment(), p.conv.segment(),
                                p.x.segment(), p.algo, size));
                default -> dnn.check("cudnnGetConvolutionBackwardFilterWorkspaceSize",
                        (int) dnn.backwardFilterWorkspace.invokeExact(h, p.x.segment(), p.y.segment(), p.conv.segment(),
                                p.w.segment(), p.algo, size));
            }
            return size.get(JAVA_LONG, 0);
        }
    }

    @Override
    public synchronized void close() {
        if (closed) return;
        closed = true;
        for (Plan p : plans.values()) p.close();
        plans.clear();
        arena.close();
    }
}
