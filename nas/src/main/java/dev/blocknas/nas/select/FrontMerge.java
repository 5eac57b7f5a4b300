package dev.blocknas.nas.select;

import java.math.BigDecimal;
import java.util.Arrays;
import java.util.stream.IntStream;

/**
 * The Pareto front of all combinations of two fronts' points (their Minkowski sum), without
 * enumerating the combinations: a point of the result is a sum of a point of each front, so the
 * sums are generated as one sorted stream per point of the smaller front and merged in cost order
 * through a heap, keeping each sum that rates strictly better than everything cheaper. A stream
 * skips, by a galloping search, the sums that cannot beat the best rating so far (the other front's
 * ratings decrease along it) and stops when even its best sum cannot. The work grows with the size
 * of the result, not with the product of the inputs' sizes, as long as few sums come close.
 */
final class FrontMerge {
    private final Front s;
    private final Front t;
    private final boolean sIsFirst;
    private final long maxCost;
    private final int lastT;

    // Per stream: position in t and the key of its current sum.
    private final int[] pos;
    private final long[] cost;
    private final double[] hi;
    private final double[] lo;
    private final BigDecimal[] big;
    private final long[] params;
    /** Stream ids in heap order, with their sums' costs alongside so that most comparisons stay local. */
    private final int[] heap;
    private final long[] heapCost;
    private int size;

    private final ExactSum best = new ExactSum();
    private boolean hasBest;
    private final ExactSum probe = new ExactSum();
    private final Output out = new Output();

    private FrontMerge(Front first, Front second, long maxCost) {
        sIsFirst = first.size() <= second.size();
        s = sIsFirst ? first : second;
        t = sIsFirst ? second : first;
        this.maxCost = maxCost;
        lastT = t.size() - 1;
        int n = s.size();
        pos = new int[n];
        cost = new long[n];
        hi = new double[n];
        lo = new double[n];
        big = new BigDecimal[n];
        params = new long[n];
        heap = new int[n];
        heapCost = new long[n];
    }

    /** The front of {@code first + second}, labels ordered by {@code first}'s blocks before {@code second}'s. */
    static Front merge(Front first, Front second) {
        return merge(first, second, Long.MAX_VALUE);
    }

    /** Like {@link #merge(Front, Front)}, leaving out points that cost more than {@code maxCost}. */
    static Front merge(Front first, Front second, long maxCost) {
        var m = new FrontMerge(first, second, maxCost);
        m.run();
        return m.out.build(first, second);
    }

    private void run() {
        for (int i = 0; i < s.size(); i++) {
            moveTo(i, 0);
        }
        while (size > 0) {
            int i = heap[0];
            removeTop();
            if (!hasBest || ExactSum.compare(hi[i], lo[i], big[i], best.hi(), best.lo(), best.big()) < 0) {
                out.add(this, i);
                best.set(hi[i], lo[i], big[i]);
                hasBest = true;
                if (pos[i] < lastT && beats(i, lastT)) {
                    moveTo(i, pos[i] + 1);
                }
            } else {
                int next = firstBeating(i, pos[i] + 1);
                if (next >= 0) {
                    moveTo(i, next);
                }
            }
        }
    }

    /** Whether stream i's sum with t's point j rates below the best so far. */
    private boolean beats(int i, int j) {
        // Rounded sums decide unless they are too close to call: each of the three values is within
        // one rounding of its exact value.
        double a = s.hi[i];
        double b = t.hi[j];
        double sum = a + b;
        double margin = Math.scalb(Math.abs(a) + Math.abs(b) + Math.abs(best.hi()), -50);
        if (sum < best.hi() - margin) {
            return true;
        }
        if (sum > best.hi() + margin) {
            return false;
        }
        probe.set(s.hi[i], s.lo[i], s.big(i));
        probe.add(t.hi[j], t.lo[j], t.big(j));
        return probe.compareTo(best) < 0;
    }

    /**
     * The first j >= from whose sum with s's point i beats the best so far, or -1. Galloping from
     * {@code from}: the answer is usually close, and the other front can be large.
     */
    private int firstBeating(int i, int from) {
        if (from > lastT) {
            return -1;
        }
        int low = from;
        int step = 1;
        while (!beats(i, low)) {
            if (low == lastT) {
                return -1;
            }
            from = low + 1;
            low = Math.min(lastT, low + step);
            step <<= 1;
        }
        // beats(i, low), and nothing before `from` beats: search [from, low].
        int high = low;
        low = from;
        while (low < high) {
            int mid = (low + high) >>> 1;
            if (beats(i, mid)) {
                high = mid;
            } else {
                low = mid + 1;
            }
        }
        return high;
    }

    /** Points stream i at t's point j and puts it (back) on the heap, unless that costs too much. */
    private void moveTo(int i, int j) {
        long c = s.cost[i] + t.cost[j];
        if (c > maxCost) {
            return;
        }
        pos[i] = j;
        cost[i] = c;
        probe.set(s.hi[i], s.lo[i], s.big(i));
        probe.add(t.hi[j], t.lo[j], t.big(j));
        hi[i] = probe.hi();
        lo[i] = probe.lo();
        big[i] = probe.big();
        params[i] = s.params[i] + t.params[j];
        int k = size++;
        while (k > 0) {
            int parent = (k - 1) >>> 1;
            if (compare(heapCost[parent], heap[parent], c, i) <= 0) {
                break;
            }
            heap[k] = heap[parent];
            heapCost[k] = heapCost[parent];
            k = parent;
        }
        heap[k] = i;
        heapCost[k] = c;
    }

    private void removeTop() {
        int last = heap[--size];
        long lastCost = heapCost[size];
        int k = 0;
        int half = size >>> 1;
        while (k < half) {
            int child = 2 * k + 1;
            if (child + 1 < size && compare(heapCost[child + 1], heap[child + 1], heapCost[child], heap[child]) < 0) {
                child++;
            }
            if (compare(lastCost, last, heapCost[child], heap[child]) <= 0) {
                break;
            }
            heap[k] = heap[child];
            heapCost[k] = heapCost[child];
            k = child;
        }
        heap[k] = last;
        heapCost[k] = lastCost;
    }

    /** Order of the streams' current sums: cost, rating, params, then labels (first's blocks first). */
    private int compare(long costA, int a, long costB, int b) {
        if (costA != costB) {
            return costA < costB ? -1 : 1;
        }
        int c = ExactSum.compare(hi[a], lo[a], big[a], hi[b], lo[b], big[b]);
        if (c != 0) {
            return c;
        }
        if (params[a] != params[b]) {
            return params[a] < params[b] ? -1 : 1;
        }
        c = Integer.compare(rankFirst(a), rankFirst(b));
        return c != 0 ? c : Integer.compare(rankSecond(a), rankSecond(b));
    }

    private int rankFirst(int i) {
        return sIsFirst ? s.rank[i] : t.rank[pos[i]];
    }

    private int rankSecond(int i) {
        return sIsFirst ? t.rank[pos[i]] : s.rank[i];
    }

    /** Growable arrays of the merged front's points. */
    private static final class Output {
        long[] cost = new long[16];
        double[] hi = new double[16];
        double[] lo = new double[16];
        BigDecimal[] big;
        long[] params = new long[16];
        int[] rankFirst = new int[16];
        int[] rankSecond = new int[16];
        int[] first = new int[16];
        int[] second = new int[16];
        int n;

        void add(FrontMerge m, int i) {
            if (n == cost.length) {
                int capacity = 2 * n;
                cost = Arrays.copyOf(cost, capacity);
                hi = Arrays.copyOf(hi, capacity);
                lo = Arrays.copyOf(lo, capacity);
                big = big == null ? null : Arrays.copyOf(big, capacity);
                params = Arrays.copyOf(params, capacity);
                rankFirst = Arrays.copyOf(rankFirst, capacity);
                rankSecond = Arrays.copyOf(rankSecond, capacity);
                first = Arrays.copyOf(first, capacity);
                second = Arrays.copyOf(second, capacity);
            }
            cost[n] = m.cost[i];
            hi[n] = m.hi[i];
            lo[n] = m.lo[i];
            if (m.big[i] != null) {
                if (big == null) {
                    big = new BigDecimal[cost.length];
                }
                big[n] = m.big[i];
            }
            params[n] = m.params[i];
            rankFirst[n] = m.rankFirst(i);
            rankSecond[n] = m.rankSecond(i);
            first[n] = m.sIsFirst ? i : m.pos[i];
            second[n] = m.sIsFirst ? m.pos[i] : i;
            n++;
        }

        Front build(Front firstFront, Front secondFront) {
            // Ranks of the labels, first front's blocks before the second's, for merges further on:
            // a stable counting sort by the second rank, then by the first.
            int[] byLabels = countingSort(countingSort(identity(n), rankSecond), rankFirst);
            int[] rank = new int[n];
            for (int r = 0; r < n; r++) {
                rank[byLabels[r]] = r;
            }
            return new Front(Arrays.copyOf(cost, n), Arrays.copyOf(hi, n), Arrays.copyOf(lo, n),
                    big == null ? null : Arrays.copyOf(big, n), Arrays.copyOf(params, n), rank, Arrays.copyOf(first, n),
                    Arrays.copyOf(second, n), firstFront, secondFront, null);
        }

        private static int[] identity(int n) {
            return IntStream.range(0, n).toArray();
        }

        /** {@code order} stably re-sorted by {@code key} (small non-negative ints). */
        private int[] countingSort(int[] order, int[] key) {
            int max = 0;
            for (int p = 0; p < n; p++) {
                max = Math.max(max, key[p]);
            }
            int[] start = new int[max + 2];
            for (int p = 0; p < n; p++) {
                start[key[p] + 1]++;
            }
            for (int k = 0; k <= max; k++) {
                start[k + 1] += start[k];
            }
            int[] sorted = new int[n];
            for (int p : order) {
                sorted[start[key[p]]++] = p;
            }
            return sorted;
        }
    }
}
