package dev.blocknas.nas.select;

/**
 * Lower bounds on the best rating that the blocks still unchosen (levels {@code l} and deeper of the
 * search) can add within the cost left, and proofs that they cannot fit at all.
 *
 * <p>Each bound is a chain of Pareto fronts over the remaining levels, merged once before the search:
 * <ul>
 *   <li>per limited cost, the least rating within that cost (exact for a single limit);
 *   <li>with several limits, the least rating within a weighted sum of them (weights normalised by
 *       each limit's room), which sees budgets that only jointly exclude good networks;
 *   <li>per pair of limited costs, the least total of the second within the first, which decides
 *       whether two limits can be met together.
 * </ul>
 * Costs enter the fronts as their excess over each block's cheapest option. Where a front would grow
 * beyond {@link #LIMIT} points (ratings that fall smoothly with cost put every combination on it), the
 * costs from that level up are counted in coarser units, rounded down, which caps the front's size;
 * rounding down weakens a bound a little but never invalidates it. Bounds must be tight where many
 * networks rate almost alike, so fronts stay exact as long as they are affordable.
 */
final class SuffixBounds {
    /** Most points a front keeps exactly; beyond, its costs are counted in coarser units. */
    static final int LIMIT = 1 << 16;

    private final int levels;
    private final int limit;
    private final int dims;
    private final long[] caps;
    private final long[][] suffixMin;
    private final double[] suffixMinRating;
    private final double[] weight;
    /** Least rating per limited cost, then (with several limits) per weighted sum. */
    private final Chain[] rating;
    private final int[][] pairs;
    private final Chain[] pair;

    /** Fronts over levels l.. for each l >= 1, with costs in units of {@code quantum[l]}. */
    private record Chain(long[][] cost, double[][] value, long[] quantum) {
        /** The least value within {@code room} (in real units) at level {@code l}, or infinity. */
        double least(int l, long room) {
            long[] c = cost[l];
            long budget = room / quantum[l];
            int lo = 0;
            int hi = c.length - 1;
            int found = -1;
            while (lo <= hi) {
                int mid = (lo + hi) >>> 1;
                if (c[mid] <= budget) {
                    found = mid;
                    lo = mid + 1;
                } else {
                    hi = mid - 1;
                }
            }
            return found < 0 ? Double.POSITIVE_INFINITY : value[l][found];
        }
    }

    /** @param limit most points a front keeps exactly ({@link #LIMIT}; tests use small values) */
    SuffixBounds(BlockArrays[] level, long[] caps, int limit) {
        this.levels = level.length;
        this.limit = limit;
        this.dims = caps.length;
        this.caps = caps;
        suffixMin = new long[dims][levels + 1];
        suffixMinRating = new double[levels + 1];
        long[][][] excess = new long[dims][levels][];
        for (int l = levels - 1; l >= 0; l--) {
            suffixMinRating[l] = suffixMinRating[l + 1] + level[l].rating[0]; // entries are in rating order
            for (int d = 0; d < dims; d++) {
                long min = level[l].minCost(d);
                suffixMin[d][l] = suffixMin[d][l + 1] + min;
                excess[d][l] = new long[level[l].size()];
                for (int i = 0; i < level[l].size(); i++) {
                    excess[d][l][i] = level[l].cost[d][i] - min;
                }
            }
        }
        long[] room = new long[dims];
        for (int d = 0; d < dims; d++) {
            room[d] = caps[d] - suffixMin[d][0];
        }
        double[][] ratings = new double[levels][];
        for (int l = 0; l < levels; l++) {
            ratings[l] = level[l].rating;
        }

        weight = new double[dims >= 2 ? dims : 0];
        rating = new Chain[dims + (weight.length > 0 ? 1 : 0)];
        for (int d = 0; d < dims; d++) {
            rating[d] = chain(excess[d], ratings, room[d]);
        }
        if (weight.length > 0) {
            double total = 0;
            for (int d = 0; d < dims; d++) {
                weight[d] = (double) limit / Math.max(1, room[d]);
                total += weight[d] * room[d];
            }
            long[][] weighted = new long[levels][];
            for (int l = 0; l < levels; l++) {
                weighted[l] = new long[level[l].size()];
                for (int d = 0; d < dims; d++) {
                    for (int i = 0; i < weighted[l].length; i++) {
                        // Rounded down: a network's weighted sum must never exceed its real weighted excess.
                        weighted[l][i] += (long) Math.floor(excess[d][l][i] * weight[d] * (1 - 1e-12));
                    }
                }
            }
            rating[dims] = chain(weighted, ratings, (long) Math.floor(total * (1 + 1e-12)) + 1);
        }

        pairs = new int[dims * (dims - 1) / 2][];
        pair = new Chain[pairs.length];
        int p = 0;
        for (int a = 0; a < dims; a++) {
            for (int b = a + 1; b < dims; b++, p++) {
                pairs[p] = new int[] {a, b};
                double[][] values = new double[levels][];
                for (int l = 0; l < levels; l++) {
                    values[l] = new double[level[l].size()];
                    for (int i = 0; i < values[l].length; i++) {
                        values[l][i] = excess[b][l][i];
                    }
                }
                pair[p] = chain(excess[a], values, room[a]);
            }
        }
    }

    /**
     * Fronts of (summed cost, least summed value) over levels l.. for each l >= 1, from the deepest
     * level up, leaving out costs above {@code room} (never queried) and switching to coarser cost
     * units once a front exceeds the limit.
     */
    private Chain chain(long[][] cost, double[][] value, long room) {
        long[][] frontCost = new long[levels + 1][];
        double[][] frontValue = new double[levels + 1][];
        long[] quantum = new long[levels + 1];
        long q = 1;
        Front front = null;
        for (int l = levels - 1; l >= 1; l--) {
            long[] c = cost[l].clone();
            for (int i = 0; i < c.length; i++) {
                c[i] /= q;
            }
            var own = Front.ofPoints(c, value[l]);
            front = front == null ? own : FrontMerge.merge(own, front, room / q);
            if (front.size() > limit && q == 1) {
                // floor(sum / q) is at most the sum of the parts, divided by q: still a valid bound.
                q = Math.max(1, (room + limit - 1) / limit);
                long[] coarse = front.cost.clone();
                for (int i = 0; i < coarse.length; i++) {
                    coarse[i] /= q;
                }
                front = Front.ofPoints(coarse, front.values());
            }
            frontCost[l] = front.cost;
            frontValue[l] = front.values();
            quantum[l] = q;
        }
        return new Chain(frontCost, frontValue, quantum);
    }

    /**
     * A lower bound on the rating of every network that extends a partial one of levels before
     * {@code l}, rated {@code rating} and costing {@code spent}; infinity when none of them fits.
     */
    double lowerBound(int l, double rating, long[] spent) {
        for (int d = 0; d < dims; d++) {
            if (spent[d] + suffixMin[d][l] > caps[d]) {
                return Double.POSITIVE_INFINITY;
            }
        }
        double bound = rating + suffixMinRating[l];
        if (l == levels || l == 0) {
            return bound; // no front over all levels: the root is bounded by its children
        }
        for (int d = 0; d < dims; d++) {
            bound = Math.max(bound, rating + this.rating[d].least(l, room(d, l, spent)));
        }
        if (weight.length > 0) {
            double room = 0;
            for (int d = 0; d < dims; d++) {
                room += weight[d] * room(d, l, spent);
            }
            long weighted = (long) Math.floor(room * (1 + 1e-12)) + 1;
            bound = Math.max(bound, rating + this.rating[dims].least(l, weighted));
        }
        for (int p = 0; p < pairs.length; p++) {
            double needed = pair[p].least(l, room(pairs[p][0], l, spent));
            long roomB = room(pairs[p][1], l, spent);
            // The values are sums of costs rounded to doubles: allow for that before declaring a misfit.
            if (needed > roomB * (1 + 1e-12) + 1) {
                return Double.POSITIVE_INFINITY;
            }
        }
        return bound;
    }

    /** The sum of the best ratings of levels {@code l} and deeper, ignoring costs. */
    double minRating(int l) {
        return suffixMinRating[l];
    }

    /** Cost the remaining levels may add in dimension {@code d} beyond their cheapest options. */
    private long room(int d, int l, long[] spent) {
        return caps[d] - spent[d] - suffixMin[d][l];
    }
}
