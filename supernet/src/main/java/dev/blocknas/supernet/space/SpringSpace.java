package dev.blocknas.supernet.space;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * BS-NAS's broadened space: every kernel size a block offers, at every whole expansion between the smallest and
 * the largest expansion of the whole space (expansions {3, 6} become {3, 4, 5, 6}). Built on a
 * spring supernet ({@code Supernet.spring}), the expansions of one kernel share weights,
 * so the extra choices cost no extra parameters; architecture strings and costs come out exact because every
 * choice is an ordinary MBConv of that kernel and expansion.
 */
public final class SpringSpace {
    private SpringSpace() {}

    /** The broadened space of {@code space}, named {@code <name>-spring}. */
    public static SearchSpace of(SearchSpace space) {
        int min = Integer.MAX_VALUE;
        int max = 0;
        for (BlockSpec b : space.blocks()) {
            for (OpSpec op : b.ops()) {
                min = Math.min(min, op.expansion());
                max = Math.max(max, op.expansion());
            }
        }
        List<BlockSpec> blocks = new ArrayList<>();
        for (BlockSpec b : space.blocks()) {
            Set<Integer> kernels = new LinkedHashSet<>();
            for (OpSpec op : b.ops()) kernels.add(op.kernel());
            List<OpSpec> ops = new ArrayList<>();
            for (int k : kernels) for (int e = min; e <= max; e++) ops.add(new OpSpec(k, e));
            blocks.add(new BlockSpec(b.outChannels(), b.stride(), b.depths(), ops, b.allowSkip()));
        }
        return new SearchSpace(space.name() + "-spring", space.inChannels(), space.resolution(), space.numClasses(),
                space.stem(),
                space.fixedCells(), blocks, space.head(), space.activation(), space.seRatio());
    }
}
