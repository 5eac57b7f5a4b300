package dev.blocknas.kernels.depthwise;

import dev.blocknas.kernels.launch.FastDiv;

import java.util.ArrayList;
import java.util.List;

/**
 * Launch geometry of the tiled depthwise kernels (depthwise_forward.cu, depthwise_backward_data.cu,
 * depthwise_backward_filter.cu) for one shape: how many planes and rows a tile covers, the shared-memory
 * tile, and the grid. {@link #args()} is the kernels' {@code DwArgs} struct, field for field.
 *
 * <p>A tile holds about {@value #TARGET_OUTPUTS} outputs (8 per thread of a 256-thread block; half to twice
 * that), enough to amortise the halo rows and the barriers; planes smaller than that are packed several to a
 * tile. Among those sizes the planner takes the one that keeps the most thread slots busy, or nearly as many
 * with less shared memory ({@link Tile}). The
 * staged tile must fit the default 48 KB of shared memory less the filter kernel's 1.6 KB of static
 * reduction buffer (a launch may not exceed 48 KB in all without opting in); shapes whose rows are too wide
 * for that get no plan and run on the simple kernels.
 */
public record DepthwiseLaunch(Kind kind, int k, int stride, int r, int[] args, int grid, int sharedBytes) {
    /** Which computation. */
    public enum Kind {
        FORWARD,
        BACKWARD_DATA,
        BACKWARD_FILTER
    }

    static final int TARGET_OUTPUTS = 2048;
    /** Threads per block of every tiled launch (DepthwiseKernels launches with KernelLauncher.THREADS). */
    static final int THREADS = 256;
    static final int MAX_SHARED = 46 * 1024;
    /** Number of ints in DwArgs. */
    static final int ARGS = 31;
    static final int SPLITS = 18;

    /** True for the kernel sizes and strides that have tiled instantiations. */
    public static boolean supported(int k, int stride) {
        return (k == 3 || k == 5 || k == 7) && (stride == 1 || stride == 2);
    }

    /**
     * The plan for x [n, c, h, w] and y [n, c, ho, wo], or null when the tiled kernels do not apply.
     *
     * @param aligned16     the staged tensor's address is a multiple of 16 bytes
     * @param multiprocessors the GPU's SM count (sizes the filter gradient's split)
     */
    public static DepthwiseLaunch of(Kind kind, int n, int c, int h, int w, int k, int stride, int pad, int ho, int wo,
                                     boolean aligned16, int multiprocessors) {
        if (!supported(k, stride)) return null;
        boolean data = kind == Kind.BACKWARD_DATA;
        int s = stride;
        int r = data && s == 2 ? 2 : 4;
        int j = (k + s - 1) / s;
        int srcH = data ? ho : h;
        int srcW = data ? wo : w;
        int dstH = data ? h : ho;
        int dstW = data ? w : wo;
        int qLoH = data ? pad / s : 0;
        int qLoW = data ? pad / s : 0;
        int workRows = data ? (h - 1 + pad) / s - qLoH + 1 : ho;
        int workCols = data ? (w - 1 + pad) / s - qLoW + 1 : wo;
        if (workRows <= 0 || workCols <= 0) return null;
        int ws = data ? workCols + j - 1 : (wo - 1) * s + k;
        int cellOutputs = data ? s * s : 1;
        int planes = kind == Kind.BACKWARD_FILTER ? n : n * c;

        int planeRows = roundUp(workRows, r);
        long cellsPerPlane = (long) planeRows * workCols;
        int targetCells = Math.max(1, TARGET_OUTPUTS / cellOutputs);
        List<Tile> tiles = new ArrayList<>();
        if (cellsPerPlane >= targetCells) {
            for (int rows = r; rows <= planeRows; rows += r) {
                tiles.add(Tile.of(kind, 1, rows, k, s, j, r, ws, planes, workRows, workCols, targetCells));
            }
        } else {
            for (int p = 1; p <= planes && p * cellsPerPlane <= 2L * targetCells; p++) {
                tiles.add(Tile.of(kind, p, planeRows, k, s, j, r, ws, planes, workRows, workCols, targetCells));
            }
        }
        Tile best = Tile.best(tiles);
        if (best == null) return null;
        int p = best.planes();
        int tileRows = best.rows();
        int rowsS = rows(kind, tileRows, k, s, j);
        int tilesH = (workRows + tileRows - 1) / tileRows;
        boolean vec = srcW % 4 == 0 && aligned16;
        int splits = 1;
        int grid;
        if (kind == Kind.BACKWARD_FILTER) {
            int tilesPerChannel = ((n + p - 1) / p) * tilesH;
            int target = Math.max(1, multiprocessors) * 8;
            splits = Math.max(1, Math.min(tilesPerChannel, (target + c - 1) / c));
            grid = c * splits;
        } else {
            grid = ((planes + p - 1) / p) * tilesH;
        }

        int[] a = new int[ARGS];
        a[0] = c;
        a[1] = srcH;
        a[2] = srcW;
        a[3] = dstH;
        a[4] = dstW;
        a[5] = pad;
        a[6] = planes;
        a[7] = p;
        a[8] = kind == Kind.BACKWARD_FILTER ? c : 1;
        a[9] = tileRows;
        a[10] = tilesH;
        a[11] = rowsS;
        a[12] = ws;
        a[13] = workCols;
        a[14] = workRows;
        a[15] = qLoH;
        a[16] = qLoW;
        a[17] = vec ? 1 : 0;
        a[SPLITS] = splits;
        FastDiv.of(vec ? srcW / 4 : ws).writeTo(a, 19);
        FastDiv.of(rowsS).writeTo(a, 22);
        FastDiv.of(workCols).writeTo(a, 25);
        FastDiv.of(tileRows / r).writeTo(a, 28);
        return new DepthwiseLaunch(kind, k, s, r, a, grid, shared(p, rowsS, ws));
    }

    /**
     * A candidate tile of {@code planes} planes x {@code rows} work rows, scored by the thread slots the
     * launch occupies per useful work item: every tile's block runs ceil(items / 256) rounds of 256 threads,
     * a plane's last tile included even where it overhangs the plane. For 56-row planes at 4 rows an item,
     * tiles of 40 rows (2 per plane, 3 rounds each) keep 51% of the slots busy, tiles of 28 (2 rounds each)
     * 77%.
     */
    record Tile(int planes, int rows, double busy, int sharedBytes, double stagedPerItem) {
        /** How much less busy than the best a tile may be and still win on shared memory. */
        static final double BUSY_MARGIN = 0.02;

        /** The candidate, or null where it is too small, too large or over the shared-memory limit. */
        static Tile of(Kind kind, int p, int rows, int k, int s, int j, int r, int ws, int allPlanes, int workRows,
                       int workCols, int targetCells) {
            int rowsS = DepthwiseLaunch.rows(kind, rows, k, s, j);
            long cells = (long) p * rows * workCols;
            long planeCells = (long) roundUp(workRows, r) * workCols;
            // Tiles near the target size: smaller ones pay the halo and the barriers, larger ones leave few
            // blocks and a long staging phase per block.
            if (cells < Math.min(targetCells / 2, allPlanes * planeCells)) return null;
            if (cells > Math.max(2L * targetCells, (long) r * workCols)) return null;
            int shared = shared(p, rowsS, ws);
            if (shared > MAX_SHARED) return null;
            long tiles = (long) ((allPlanes + p - 1) / p) * ((workRows + rows - 1) / rows);
            long items = (long) p * (rows / r) * workCols;
            long slots = tiles * ((items + THREADS - 1) / THREADS) * THREADS;
            long useful = (long) allPlanes * ((workRows + r - 1) / r) * workCols;
            return new Tile(p, rows, (double) useful / slots, shared, (double) tiles * p * rowsS * ws / useful);
        }

        /**
         * The busiest tile, except that one within {@link #BUSY_MARGIN} of it with less shared memory wins
         * (more blocks resident per SM to hide memory latency), then the one staging fewer halo cells.
         */
        static Tile best(List<Tile> candidates) {
            double top = 0;
            for (Tile t : candidates) if (t != null) top = Math.max(top, t.busy);
            Tile best = null;
            for (Tile t : candidates) {
                if (t == null || t.busy < top - BUSY_MARGIN) continue;
                if (best == null || t.sharedBytes < best.sharedBytes
                        || (t.sharedBytes == best.sharedBytes && t.stagedPerItem < best.stagedPerItem)) {
                    best = t;
                }
            }
            return best;
        }
    }

    /** Staged rows for a tile of {@code tileRows} work rows. */
    static int rows(Kind kind, int tileRows, int k, int s, int j) {
        return kind == Kind.BACKWARD_DATA ? tileRows + j - 1 : (tileRows - 1) * s + k;
    }

    /** Dynamic shared memory of a tile, rounded up to whole float4s (the kernels zero it as float4). */
    static int shared(int p, int rowsS, int ws) {
        long floats = (long) p * rowsS * ws;
        long bytes = (floats + 3) / 4 * 16;
        return bytes > Integer.MAX_VALUE ? Integer.MAX_VALUE : (int) bytes;
    }

    private static int roundUp(int v, int m) {
        return (v + m - 1) / m * m;
    }

    /** Planes per tile. */
    public int planesPerTile() { return args[7]; }
    /** Work-grid rows per tile. */
    public int tileRows() { return args[9]; }
    /** Blocks per channel of the filter gradient (1 otherwise). */
    public int splits() { return args[SPLITS]; }
    /** The share of the launch's thread slots that compute a useful work item (see {@link Tile}). */
    public double threadSlotsBusy() {
        long tiles = (long) ((args[6] + args[7] - 1) / args[7]) * args[10];
        long items = (long) args[7] * (args[9] / r) * args[13];
        long useful = (long) args[6] * ((args[14] + r - 1) / r) * args[13];
        return (double) useful / (tiles * ((items + THREADS - 1) / THREADS) * THREADS);
    }

    /** Whether staging uses 16-byte loads. */
    public boolean vectorized() { return args[17] == 1; }

    /** The kernel's name in its PTX module. */
    public String kernel() {
        String base = switch (kind) {
            case FORWARD -> "depthwise_forward";
            case BACKWARD_DATA -> "depthwise_backward_data";
            case BACKWARD_FILTER -> "depthwise_backward_filter";
        };
        return base + "_k" + k + "_s" + stride;
    }

    /** The PTX module holding {@link #kernel()}. */
    public String module() {
        return kernel().substring(0, kernel().indexOf("_k"));
    }
}
