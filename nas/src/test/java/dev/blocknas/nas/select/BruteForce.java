package dev.blocknas.nas.select;

import java.util.ArrayList;
import java.util.List;

/** Reference answers by rating every network of a (small) table. */
final class BruteForce {
    private BruteForce() {}

    static List<Selection> all(RatingsTable table, BaseCost base) {
        var out = new ArrayList<Selection>();
        int blocks = table.blockCount();
        int[] idx = new int[blocks];
        while (true) {
            var chosen = new ArrayList<Option>(blocks);
            for (int b = 0; b < blocks; b++) {
                chosen.add(table.block(b).option(idx[b]));
            }
            out.add(Selection.of(chosen, base));
            int b = blocks - 1;
            while (b >= 0 && ++idx[b] == table.block(b).size()) {
                idx[b] = 0;
                b--;
            }
            if (b < 0) {
                return out;
            }
        }
    }

    static List<Selection> topK(RatingsTable table, BaseCost base, Budget budget, int k) {
        return all(table, base).stream().filter(budget::admits).sorted(Selection.ORDER).limit(k).toList();
    }

    /** Networks no other network beats in (rating, cost); per (rating, cost) only the first in ORDER. */
    static List<Selection> front(RatingsTable table, BaseCost base, CostKind kind) {
        var all = all(table, base);
        var sorted = new ArrayList<>(all);
        // Cost ascending, then exact rating and tie-break: the first of each strictly better rating is on the front.
        sorted.sort((a, b) -> {
            int c = Long.compare(cost(a, kind), cost(b, kind));
            return c != 0 ? c : Selection.ORDER.compare(a, b);
        });
        var front = new ArrayList<Selection>();
        Selection best = null;
        for (Selection s : sorted) {
            if (best == null || ratingCompare(s, best) < 0) {
                front.add(s);
                best = s;
            }
        }
        return front;
    }

    static long cost(Selection s, CostKind kind) {
        return switch (kind) {
            case PARAMS -> s.params();
            case FLOPS -> s.flops();
            case LATENCY -> LatencyNanos.of(s.latencyMs());
        };
    }

    /** Exact comparison of summed ratings only. */
    static int ratingCompare(Selection a, Selection b) {
        var ra = new ExactSum();
        a.options().forEach(o -> ra.add(o.rating()));
        var rb = new ExactSum();
        b.options().forEach(o -> rb.add(o.rating()));
        return ra.compareTo(rb);
    }
}
