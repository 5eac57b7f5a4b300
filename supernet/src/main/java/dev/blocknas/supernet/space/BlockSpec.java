package dev.blocknas.supernet.space;

import java.util.List;

/**
 * One block of a search space: consecutive layers trained as one unit. A block offers several cells (depth
 * options), each a chain of searchable layers with its own weights; every layer chooses one operation.
 * The first layer of a cell carries the block's stride; with {@code allowSkip}, later layers may also be
 * skipped.
 *
 * @param outChannels output width of every layer of the block
 * @param stride      stride of the block's first layer
 * @param depths      number of layers of each cell (cells of equal depth are trained separately, as in DNA)
 * @param ops         the candidate operations of each layer
 * @param allowSkip   whether layers after the first may also be the identity
 */
public record BlockSpec(int outChannels, int stride, List<Integer> depths, List<OpSpec> ops, boolean allowSkip) {

    public BlockSpec {
        if (outChannels < 1)
            throw new SearchSpaceFormatException("a block needs at least 1 output channel, got " + outChannels + ".");
        if (stride != 1 && stride != 2)
            throw new SearchSpaceFormatException("a block's stride must be 1 or 2, got " + stride + ".");
        if (depths == null || depths.isEmpty())
            throw new SearchSpaceFormatException("a block needs at least one cell (a list of depths).");
        for (int d : depths) {
            if (d < 1) throw new SearchSpaceFormatException("a cell needs at least one layer, got depth " + d + ".");
        }
        if (ops == null || ops.isEmpty())
            throw new SearchSpaceFormatException("a block needs at least one candidate operation.");
        for (OpSpec op : ops) {
            if (op.isSkip())
                throw new SearchSpaceFormatException("list the operations without skip and set allowSkip instead.");
        }
        depths = List.copyOf(depths);
        ops = List.copyOf(ops);
    }

    /** Number of cells. */
    public int cells() {
        return depths.size();
    }

    /** The choices of layer {@code layer} of a cell: the operations, plus skip after the first layer when allowed. */
    public List<OpSpec> choices(int layer) {
        if (layer == 0 || !allowSkip) return ops;
        return java.util.stream.Stream.concat(ops.stream(), java.util.stream.Stream.of(OpSpec.SKIP)).toList();
    }

    /** Number of candidate paths through cell {@code cell}. */
    public long paths(int cell) {
        long n = 1;
        for (int l = 0; l < depths.get(cell); l++) n = Math.multiplyExact(n, choices(l).size());
        return n;
    }

    /** Number of candidate paths through the block: the sum over its cells. */
    public long candidates() {
        long n = 0;
        for (int c = 0; c < cells(); c++) n = Math.addExact(n, paths(c));
        return n;
    }
}
