package dev.blocknas.nas.select;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/** Small random tables with many ties: ratings and costs drawn from few values. */
final class RandomTables {
    private RandomTables() {}

    static RatingsTable table(SplittableRandom rnd, int blocks, int maxOptions) {
        // A few tables use continuous ratings, most use coarse ones so that exact ties are common.
        boolean coarse = rnd.nextInt(4) != 0;
        int costLevels = 1 + rnd.nextInt(6);
        var list = new ArrayList<BlockOptions>();
        for (int b = 0; b < blocks; b++) {
            int n = 1 + rnd.nextInt(maxOptions);
            var opts = new ArrayList<Option>();
            for (int i = 0; i < n; i++) {
                double rating = coarse ? rnd.nextInt(5) * 0.1 : rnd.nextDouble(-1, 1);
                long params = rnd.nextInt(costLevels) * 10L;
                long flops = rnd.nextInt(costLevels) * 7L + rnd.nextInt(2);
                double latency = rnd.nextInt(costLevels) * 0.1;
                opts.add(new Option("b" + b + "o" + rnd.nextInt(1000) + "_" + i, rating, params, flops, latency));
            }
            list.add(new BlockOptions(opts));
        }
        return new RatingsTable(list);
    }

    /** A budget over a random subset of costs, around the table's range (sometimes too tight). */
    static Budget budget(SplittableRandom rnd, List<Selection> all) {
        var b = Budget.NONE;
        if (rnd.nextBoolean()) {
            b = b.withMaxParams(pick(rnd, all.stream().mapToDouble(Selection::params).toArray()).longValue());
        }
        if (rnd.nextBoolean()) {
            b = b.withMaxFlops(pick(rnd, all.stream().mapToDouble(Selection::flops).toArray()).longValue());
        }
        if (rnd.nextInt(3) == 0) {
            b = b.withMaxLatencyMs(pick(rnd, all.stream().mapToDouble(Selection::latencyMs).toArray()));
        }
        return b;
    }

    /** Mostly a cost some network has exactly (to hit inclusiveness), sometimes just below the minimum. */
    private static Double pick(SplittableRandom rnd, double[] costs) {
        if (rnd.nextInt(10) == 0) {
            double min = java.util.Arrays.stream(costs).min().orElse(0);
            return Math.max(0, min - 1);
        }
        return costs[rnd.nextInt(costs.length)];
    }
}
