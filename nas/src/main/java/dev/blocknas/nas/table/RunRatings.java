package dev.blocknas.nas.table;

import dev.blocknas.nas.select.BlockOptions;
import dev.blocknas.nas.select.Option;
import dev.blocknas.nas.select.RatingsTable;
import dev.blocknas.supernet.space.SearchSpace;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.ToDoubleFunction;

/** A whole network's rating from a block-wise run's ratings table: the sum of its blocks' ratings. */
public final class RunRatings {
    private RunRatings() {}

    /** The summed block rating of an architecture string of {@code space}, NaN when a block's candidate is not rated. */
    public static ToDoubleFunction<String> summed(RatingsTable ratings, SearchSpace space) {
        List<Map<String, Double>> byLabel = new ArrayList<>();
        for (BlockOptions b : ratings.blocks()) {
            Map<String, Double> m = new HashMap<>();
            for (Option o : b.options()) m.put(o.label(), o.rating());
            byLabel.add(m);
        }
        return arch -> {
            List<String> labels = blockLabels(arch, space);
            if (labels == null || labels.size() != byLabel.size()) return Double.NaN;
            double sum = 0;
            for (int b = 0; b < labels.size(); b++) {
                Double r = byLabel.get(b).get(labels.get(b));
                if (r == null) return Double.NaN;
                sum += r;
            }
            return sum;
        };
    }

    /** The block candidates of an architecture string of {@code space} (its stages between the fixed part and the head), or null. */
    public static List<String> blockLabels(String arch, SearchSpace space) {
        String[] stages = arch.split("/");
        int first = space.fixedCells().isEmpty() ? 1 : 2;
        if (stages.length != first + space.blockCount() + 1) return null;
        List<String> out = new ArrayList<>();
        for (int i = first; i < first + space.blockCount(); i++) out.add(stages[i]);
        return out;
    }
}
