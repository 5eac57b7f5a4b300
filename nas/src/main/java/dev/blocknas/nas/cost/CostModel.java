package dev.blocknas.nas.cost;

import dev.blocknas.layers.arch.CellSpec;
import dev.blocknas.layers.arch.Flops;
import dev.blocknas.layers.arch.ParameterCount;
import dev.blocknas.supernet.space.BlockPath;
import dev.blocknas.supernet.space.SearchSpace;

/**
 * Exact costs of the networks of a space, computed from the architecture alone: parameters and
 * multiply-adds ("FLOPs" as the NAS literature counts them) of every candidate of every block at the
 * space's resolution, plus the fixed stem, fixed cells and head; and, when a {@link LatencyTable} is given,
 * latency as the sum of the measured latencies of a candidate's layers.
 */
public final class CostModel {
    private final SearchSpace space;
    private final LatencyTable latency;

    /** @param latency measured layer latencies, or null */
    public CostModel(SearchSpace space, LatencyTable latency) {
        this.space = space;
        this.latency = latency;
    }

    public SearchSpace space() {
        return space;
    }

    /** True when latencies are known. */
    public boolean hasLatency() {
        return latency != null;
    }

    /** The cost of candidate {@code path} of block {@code b}. */
    public CandidateCost candidate(int b, BlockPath path) {
        int in = space.blockInChannels(b);
        int res = space.blockInResolution(b);
        long params = 0;
        long flops = 0;
        double ms = latency == null ? Double.NaN : 0;
        int l = 0;
        for (CellSpec c : space.cells(b, path)) {
            params += ParameterCount.cell(in, c);
            flops += Flops.cell(in, c, res, res);
            if (latency != null) ms += latency.layer(b, l, path.op(l));
            if (!c.isSkip()) {
                res = (res - 1) / c.stride() + 1;
                in = c.outChannels();
            }
            l++;
        }
        return new CandidateCost(params, flops, ms);
    }

    /** The cost of everything that is not searched: stem, fixed cells and head with its classifier. */
    public CandidateCost base() {
        int in = space.inChannels();
        int res = space.resolution();
        long params = ParameterCount.stem(in, space.stem());
        long flops = Flops.stem(in, space.stem(), res, res);
        res = (res - 1) / space.stem().stride() + 1;
        in = space.stem().outChannels();
        for (CellSpec c : space.fixedCells()) {
            params += ParameterCount.cell(in, c);
            flops += Flops.cell(in, c, res, res);
            if (!c.isSkip()) {
                res = (res - 1) / c.stride() + 1;
                in = c.outChannels();
            }
        }
        int last = space.block(space.blockCount() - 1).outChannels();
        int headRes = space.blockInResolution(space.blockCount() - 1);
        headRes = (headRes - 1) / space.block(space.blockCount() - 1).stride() + 1;
        params += ParameterCount.head(last, space.head(), space.numClasses());
        flops += Flops.head(last, space.head(), space.numClasses(), headRes, headRes);
        return new CandidateCost(params, flops, latency == null ? Double.NaN : latency.base());
    }
}
