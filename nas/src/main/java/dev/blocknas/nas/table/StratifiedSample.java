package dev.blocknas.nas.table;

import dev.blocknas.nas.cost.CostModel;
import dev.blocknas.nas.run.Architectures;
import dev.blocknas.supernet.space.BlockPath;
import dev.blocknas.supernet.space.SearchSpace;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;

/**
 * A sample of a space's networks spread evenly over parameter count: a large pool of uniformly drawn networks
 * (a cell per block, then an operation per layer, so depth, kernel and expansion vary independently) is cut
 * into {@code n} parameter-count quantiles and one network is drawn from each. A uniform sample alone would
 * crowd the middle of the size range, where networks are hardest to tell apart.
 */
public final class StratifiedSample {
    private static final int POOL = 20_000;

    private StratifiedSample() {}

    /** {@code n} distinct architecture strings of {@code space}, from the smallest quantile to the largest. */
    public static List<String> of(SearchSpace space, int n, long seed) {
        CostModel costs = new CostModel(space, null);
        SplittableRandom r = new SplittableRandom(seed);
        record Drawn(String arch, long params) {}
        Set<String> seen = new LinkedHashSet<>();
        List<Drawn> pool = new ArrayList<>();
        for (int i = 0; i < POOL; i++) {
            List<String> labels = new ArrayList<>();
            long params = costs.base().params();
            for (int b = 0; b < space.blockCount(); b++) {
                BlockPath p = space.sample(b, r);
                labels.add(space.label(b, p));
                params += costs.candidate(b, p).params();
            }
            String arch = Architectures.whole(space, labels);
            if (seen.add(arch)) pool.add(new Drawn(arch, params));
        }
        if (pool.size() < n) {
            throw new IllegalArgumentException(
                    "The " + space.name() + " space has fewer than " + n + " distinct networks to sample.");
        }
        pool.sort(Comparator.comparingLong(Drawn::params).thenComparing(Drawn::arch));
        List<String> out = new ArrayList<>(n);
        for (int q = 0; q < n; q++) {
            int lo = (int) ((long) q * pool.size() / n);
            int hi = (int) ((long) (q + 1) * pool.size() / n);
            out.add(pool.get(lo + r.nextInt(hi - lo)).arch());
        }
        return out;
    }

    /**
     * The indices 0..n-1 in bit-reversed order (0, n/2, n/4, 3n/4, ...), so that any prefix of a table trained in
     * this order is already spread over the whole size range.
     */
    public static int[] spreadOrder(int n) {
        int bits = 32 - Integer.numberOfLeadingZeros(Math.max(1, n - 1));
        int[] out = new int[n];
        int k = 0;
        for (int i = 0; i < 1 << bits; i++) {
            int rev = bits == 0 ? 0 : Integer.reverse(i) >>> (32 - bits);
            if (rev < n) out[k++] = rev;
        }
        return out;
    }
}
