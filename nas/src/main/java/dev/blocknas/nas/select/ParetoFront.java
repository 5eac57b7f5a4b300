package dev.blocknas.nas.select;

import java.util.ArrayList;
import java.util.List;

/**
 * The networks on the exact Pareto front of summed rating against one total cost.
 *
 * <p>Every network on the front is a combination of points on its blocks' own fronts, so the blocks'
 * fronts are merged one at a time (see {@link FrontMerge}), keeping only the front after each merge.
 */
public final class ParetoFront {
    private ParetoFront() {}

    /**
     * The networks no other network beats in both summed rating and {@code kind} (a strictly lower one
     * and a lower-or-equal other), sorted by cost ascending, hence rating descending. Of networks with
     * the same rating and cost, only the first in {@link Selection#ORDER} is listed.
     *
     * @throws IllegalArgumentException for {@link CostKind#LATENCY} when some latency is missing
     */
    public static List<Selection> of(RatingsTable table, BaseCost base, CostKind kind) {
        Front front = merged(table, base, kind);
        var result = new ArrayList<Selection>(front.size());
        int[] positions = new int[table.blockCount()];
        for (int p = 0; p < front.size(); p++) {
            front.choices(p, positions);
            var chosen = new ArrayList<Option>(positions.length);
            for (int b = 0; b < positions.length; b++) {
                chosen.add(table.block(b).option(positions[b]));
            }
            result.add(Selection.of(chosen, base));
        }
        return result;
    }

    /** The merged front of all blocks in block order (so labels tie-break block by block). */
    static Front merged(RatingsTable table, BaseCost base, CostKind kind) {
        if (kind == CostKind.LATENCY) {
            ExactSelector.requireLatencies(table, base, "A latency front needs latencies");
        }
        Front front = null;
        for (int b = 0; b < table.blockCount(); b++) {
            var own = Front.ofBlock(BlockArrays.of(table, b, List.of(kind)), 0);
            front = front == null ? own : FrontMerge.merge(front, own);
        }
        return front;
    }
}
