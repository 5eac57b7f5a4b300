package dev.blocknas.nas.run;

import dev.blocknas.nas.cost.CandidateCost;
import dev.blocknas.nas.cost.CostModel;
import dev.blocknas.nas.select.Option;
import dev.blocknas.nas.select.RatingsTable;
import dev.blocknas.supernet.space.BlockPath;
import dev.blocknas.supernet.space.SearchSpace;

import java.util.HashMap;
import java.util.Map;

/**
 * A run's ratings table must hold only the space's own candidates, at their exact costs: a resumed run reuses
 * the rows it finds, so a row added or edited by hand would otherwise be selected as if it had been rated.
 */
final class RatingsCheck {
    private RatingsCheck() {}

    /** @throws IllegalArgumentException with one sentence naming the first row that is not the space's */
    static void against(SearchSpace space, CostModel costs, RatingsTable table, String file) {
        if (table.blockCount() != space.blockCount()) {
            throw new IllegalArgumentException(
                    file + " rates " + table.blockCount() + " blocks but the " + space.name() + " space has "
                            + space.blockCount() + ": it belongs to another run; start again with --overwrite.");
        }
        for (int b = 0; b < space.blockCount(); b++) {
            Map<String, CandidateCost> known = new HashMap<>();
            for (BlockPath p : space.paths(b)) known.putIfAbsent(space.label(b, p), costs.candidate(b, p));
            for (Option o : table.block(b).options()) {
                CandidateCost c = known.get(o.label());
                if (c == null || c.params() != o.params() || c.flops() != o.flops()) {
                    throw new IllegalArgumentException(
                            file + " has a row for " + o.label() + " in block " + b + " that "
                                    + (c == null
                                            ? "is not a candidate of the " + space.name() + " space"
                                            : "does not carry the candidate's exact costs")
                                    + ": the file was edited; remove the row, or start again with --overwrite.");
                }
            }
        }
    }
}
