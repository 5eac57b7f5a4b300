package dev.blocknas.kernels.depthwise;

import dev.blocknas.kernels.launch.FastDiv;

/**
 * Launch geometry of the tiled depthwise kernels (depthwise_forward.cu, depthwise_backward_data.cu,
 * depthwise_backward_filter.cu) for one shape: how many planes and rows a tile covers, the shared-memory
 * tile, and the grid. {@link #args()} is the kernels' {@code DwArgs} struct, field for field.
 *
 * <p>A tile aims at about {@value #TARGET_OUTPUTS} outputs (8 per thread of a 256-thread block), enough to
 * amortise the halo rows and the barriers; planes smaller than that are packed several to a tile. The
 * staged tile must fit the default 48 KB of shared memory less the filter kernel's 1.6 KB of static
 * reduction buffer (a launch may not exceed 48 KB in all without opting in); shapes whose rows are too wide
 * for that get no plan and run on the simple kernels.
 */
public record DepthwiseLaunch(Kind kind, int k, int stride, int r, int[] args, int grid, int sharedBytes) {
    /** Which computation. */
    public enum Kind { FORWARD, BACKWARD_DATA, BACKWARD_FILTER }

    static final int TARGET_OUTPUTS = 2048;
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
        int p;
        int tileRows;
        if (cellsPerPlane >= targetCells) {
            p = 1;
            tileRows = Math.min(planeRows, Math.max(r, roundUp((targetCells + workCols - 1) / workCols, r)));
        } else {
            p = (int) Math.max(1, Math.min(planes, targetCells / cellsPerPlane));
            tileRows = planeRows;
        }
        while (shared(p, rows(kind, tileRows, k, s, j), ws) > MAX_SHARED) {
            if (p > 1) p = Math.max(1, p / 2);
            else if (tileRows > r) tileRows -= r;
            else return null;
        }
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
