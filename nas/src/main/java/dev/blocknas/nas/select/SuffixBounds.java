package dev.blocknas.nas.select;

/**
 * Lower bounds on the best rating that the blocks still unchosen (levels {@code l} and deeper of the
 * search) can add within the cost left, and proofs that they cannot fit at all.
 *
 * <p>Each bound is a Pareto front over the remaining levels, merged once before the search:
 * <ul>
 *   <li>per limited cost, the least rating within that cost (exact for a single limit, up to the
 *       coarse cost scale below);
 *   <li>with several limits, the least rating within a weighted sum of them (weights normalised by
 *       each limit's room), which sees budgets that only jointly exclude good networks;
 *   <li>per pair of limited costs, the least total of the second within the first, which decides
 *       exactly (up to the scale) whether two limits can be met together.
 * </ul>
 * Costs enter the fronts as their excess over each block's cheapest option, divided by a quantum and
 * rounded down, so that a front has at most {@link #RESOLUTION} + 1 points whatever the data; rounding
 * down only weakens a bound, never invalidates it.
 */
final class SuffixBounds {
  /** Distinct coarse cost values a front may hold per limit. */
  static final int RESOLUTION = 1 << 12;

  private final int levels;
  private final int dims;
  private final long[] caps;
  private final long[][] suffixMin;
  private final double[] suffixMinRating;
  private final long[] quantum;
  private final double[] weight;
  /** [family][level]: the fronts' costs and values; families are the limits, then the weighted sum. */
  private final long[][][] ratingCost;
  private final double[][][] ratingValue;
  private final int[][] pairs;
  private final long[][][] pairCost;
  private final double[][][] pairValue;

  SuffixBounds(BlockArrays[] level, long[] caps) {
    this.levels = level.length;
    this.dims = caps.length;
    this.caps = caps;
    suffixMin = new long[dims][levels + 1];
    suffixMinRating = new double[levels + 1];
    long[][] blockMin = new long[dims][levels];
    for (int l = levels - 1; l >= 0; l--) {
      suffixMinRating[l] = suffixMinRating[l + 1] + level[l].rating[0]; // entries are in rating order
      for (int d = 0; d < dims; d++) {
        blockMin[d][l] = level[l].minCost(d);
        suffixMin[d][l] = suffixMin[d][l + 1] + blockMin[d][l];
      }
    }
    quantum = new long[dims];
    long[] coarseRoom = new long[dims];
    for (int d = 0; d < dims; d++) {
      long room = caps[d] - suffixMin[d][0];
      quantum[d] = Math.max(1, (room + RESOLUTION - 1) / RESOLUTION);
      coarseRoom[d] = room / quantum[d];
    }
    weight = new double[dims >= 2 ? dims : 0];
    double surrogateRoom = 0;
    for (int d = 0; d < weight.length; d++) {
      long room = caps[d] - suffixMin[d][0];
      weight[d] = (double) RESOLUTION / Math.max(1, room);
      surrogateRoom += weight[d] * room;
    }
    long surrogateMax = (long) Math.floor(surrogateRoom * (1 + 1e-12)) + 1;

    int families = dims + (weight.length > 0 ? 1 : 0);
    ratingCost = new long[families][][];
    ratingValue = new double[families][][];
    for (int f = 0; f < families; f++) {
      ratingCost[f] = new long[levels + 1][];
      ratingValue[f] = new double[levels + 1][];
      Front front = null;
      for (int l = levels - 1; l >= 1; l--) {
        long[] cost = f < dims ? coarse(level[l], f, blockMin[f][l]) : surrogate(level[l], blockMin, l);
        var own = Front.ofPoints(cost, level[l].rating);
        front = front == null ? own : FrontMerge.merge(own, front, f < dims ? coarseRoom[f] : surrogateMax);
        ratingCost[f][l] = front.cost;
        ratingValue[f][l] = front.values();
      }
    }
    pairs = new int[dims * (dims - 1) / 2][];
    pairCost = new long[pairs.length][][];
    pairValue = new double[pairs.length][][];
    int p = 0;
    for (int a = 0; a < dims; a++) {
      for (int b = a + 1; b < dims; b++, p++) {
        pairs[p] = new int[] {a, b};
        pairCost[p] = new long[levels + 1][];
        pairValue[p] = new double[levels + 1][];
        Front front = null;
        for (int l = levels - 1; l >= 1; l--) {
          double[] excess = new double[level[l].size()];
          for (int i = 0; i < excess.length; i++) {
            excess[i] = level[l].cost[b][i] - blockMin[b][l];
          }
          var own = Front.ofPoints(coarse(level[l], a, blockMin[a][l]), excess);
          front = front == null ? own : FrontMerge.merge(own, front, coarseRoom[a]);
          pairCost[p][l] = front.cost;
          pairValue[p][l] = front.values();
        }
      }
    }
  }

  private long[] coarse(BlockArrays block, int d, long min) {
    long[] c = new long[block.size()];
    for (int i = 0; i < c.length; i++) {
      c[i] = (block.cost[d][i] - min) / quantum[d];
    }
    return c;
  }

  private long[] surrogate(BlockArrays block, long[][] blockMin, int l) {
    long[] s = new long[block.size()];
    for (int d = 0; d < dims; d++) {
      for (int i = 0; i < s.length; i++) {
        // Rounded down: a network's weighted sum must never exceed its real weighted excess.
        s[i] += (long) Math.floor((block.cost[d][i] - blockMin[d][l]) * weight[d] * (1 - 1e-12));
      }
    }
    return s;
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
      bound = Math.max(bound, rating + least(ratingCost[d][l], ratingValue[d][l], room(d, l, spent) / quantum[d]));
    }
    if (weight.length > 0) {
      double room = 0;
      for (int d = 0; d < dims; d++) {
        room += weight[d] * room(d, l, spent);
      }
      long coarseRoom = (long) Math.floor(room * (1 + 1e-12)) + 1;
      bound = Math.max(bound, rating + least(ratingCost[dims][l], ratingValue[dims][l], coarseRoom));
    }
    for (int p = 0; p < pairs.length; p++) {
      int a = pairs[p][0];
      int b = pairs[p][1];
      double needed = least(pairCost[p][l], pairValue[p][l], room(a, l, spent) / quantum[a]);
      long roomB = room(b, l, spent);
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

  /** The value of the last point costing at most {@code budget}, or infinity when none does. */
  private static double least(long[] cost, double[] value, long budget) {
    int lo = 0;
    int hi = cost.length - 1;
    int found = -1;
    while (lo <= hi) {
      int mid = (lo + hi) >>> 1;
      if (cost[mid] <= budget) {
        found = mid;
        lo = mid + 1;
      } else {
        hi = mid - 1;
      }
    }
    return found < 0 ? Double.POSITIVE_INFINITY : value[found];
  }
}
