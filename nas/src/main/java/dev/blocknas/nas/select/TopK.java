package dev.blocknas.nas.select;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.PriorityQueue;

/** The K best networks offered so far, in {@link Selection#ORDER} terms, with the worst on top. */
final class TopK {
    /** A network by the position of its option in each block (table order) and its tie-break data. */
    record Candidate(ExactSum rating, long params, int[] ranks, int[] options) {}

    static final Comparator<Candidate> ORDER = (a, b) -> compare(a.rating, a.params, a.ranks, b);

    private final int k;
    private final PriorityQueue<Candidate> worstFirst;

    TopK(int k) {
        this.k = k;
        this.worstFirst = new PriorityQueue<>(Math.min(k, 1 << 16) + 1, ORDER.reversed());
    }

    boolean full() {
        return worstFirst.size() == k;
    }

    /** The worst kept rating, rounded; only when {@link #full()}. */
    double worstRating() {
        return worstFirst.element().rating.value();
    }

    /** The worst kept network; only when {@link #full()}. */
    Candidate worst() {
        return worstFirst.element();
    }

    /** Keeps the network if it is among the K best so far; the arrays are copied only then. */
    void offer(ExactSum rating, long params, int[] ranks, int[] options) {
        if (full() && compare(rating, params, ranks, worstFirst.element()) >= 0) {
            return;
        }
        worstFirst.add(new Candidate(new ExactSum(rating), params, ranks.clone(), options.clone()));
        if (worstFirst.size() > k) {
            worstFirst.poll();
        }
    }

    /** The kept networks, best first. */
    List<Candidate> best() {
        var list = new ArrayList<>(worstFirst);
        list.sort(ORDER);
        return list;
    }

    private static int compare(ExactSum rating, long params, int[] ranks, Candidate b) {
        int c = rating.compareTo(b.rating);
        if (c != 0) {
            return c;
        }
        c = Long.compare(params, b.params);
        if (c != 0) {
            return c;
        }
        for (int i = 0; i < ranks.length; i++) {
            if (ranks[i] != b.ranks[i]) {
                return Integer.compare(ranks[i], b.ranks[i]);
            }
        }
        return 0;
    }
}
