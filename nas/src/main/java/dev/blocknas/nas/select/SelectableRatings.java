package dev.blocknas.nas.select;

import java.math.BigInteger;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.TreeMap;

/**
 * A ratings file read for selection only, without holding its rows. While the file streams by, each block
 * keeps just the options that can be among the K best networks under a budget: those that fewer than K
 * others of the block dominate in rating and every limited cost ({@link Reduction#undominated}, the rule
 * {@link ExactSelector} applies; for one limit and K = 1, the block's Pareto front of rating against that
 * cost). An option dropped for K dominators among some rows has them in the whole file too, so it is in none
 * of the K best networks; and an option at a limited cost's minimum that no other dominates always stays.
 * So {@link ExactSelector#topK} and {@link NoFitMessage#of} give on {@link #table} what they give on the whole
 * file, while memory grows with the kept options and 8 to 16 bytes a row (to find repeated rows), not with
 * the rows themselves.
 *
 * @param table the kept options of every block, in file order
 * @param networkCount how many networks the whole file spans
 */
public record SelectableRatings(RatingsTable table, BigInteger networkCount) {
    /** New options a block collects, at the least, before it reduces them with the kept ones. */
    static final int BATCH = 4096;

    /**
     * Reads {@code file} for the {@code k} best networks under {@code budget}, checking every row as
     * {@link RatingsTable#read} does.
     *
     * @throws RatingsFormatException naming the file and line on bad content
     * @throws IllegalArgumentException when the budget limits latency and some row has none, or {@code k < 1}
     */
    public static SelectableRatings read(Path file, Budget budget, int k) {
        return read(file, budget, k, BATCH);
    }

    static SelectableRatings read(Path file, Budget budget, int k, int batch) {
        if (k < 1) {
            throw new IllegalArgumentException("K must be at least 1, but is " + k + ".");
        }
        String source = file.toString();
        var blocks = new TreeMap<Integer, Kept>();
        var seen = new SeenCandidates();
        try (var rows = RatingsRows.open(file)) {
            RatingsCsv.Row row;
            while ((row = rows.next()) != null) {
                if (!seen.add(row.block(), row.option().label())) {
                    int earlier = earlierLine(file, row);
                    if (earlier > 0) {
                        throw RatingsTable.repeated(source, row, earlier);
                    }
                }
                var r = row;
                blocks.computeIfAbsent(r.block(), b -> new Kept(b, budget, k, batch)).add(r.option());
            }
        }
        RatingsTable.requireNoGaps(blocks.navigableKeySet(), source);
        var kept = new ArrayList<>(blocks.values());
        try {
            RatingsTable.requireSummable(kept.stream().mapToLong(b -> b.maxParams).toArray(),
                    kept.stream().mapToLong(b -> b.maxFlops).toArray());
        } catch (IllegalArgumentException e) {
            throw new RatingsFormatException(source + ": " + e.getMessage(), e);
        }
        for (Kept b : kept) {
            if (b.missingLatency != null) {
                throw ExactSelector.missingLatency("The budget limits latency", b.block, b.missingLatency);
            }
        }
        var networks = BigInteger.ONE;
        var options = new ArrayList<BlockOptions>();
        for (Kept b : kept) {
            networks = networks.multiply(BigInteger.valueOf(b.rows));
            options.add(new BlockOptions(b.options()));
        }
        return new SelectableRatings(new RatingsTable(options), networks);
    }

    /**
     * The line of {@code row}'s candidate before {@code row}, read again from the file, or 0 when it has none
     * (two candidates that share a fingerprint): repeats are rare, so a second pass costs less than the labels.
     */
    private static int earlierLine(Path file, RatingsCsv.Row row) {
        try (var rows = RatingsRows.open(file)) {
            RatingsCsv.Row r;
            while ((r = rows.next()) != null && r.line() < row.line()) {
                if (r.block() == row.block() && r.option().label().equals(row.option().label())) {
                    return r.line();
                }
            }
        }
        return 0;
    }

    /** One block's options that may still matter, and what the whole block had. */
    private static final class Kept {
        /** Most kept options a new row is compared with before it joins the batch. */
        static final int PREFILTER = 64;

        final int block;
        final List<CostKind> kinds;
        final boolean needsLatency;
        final int k;
        final int batch;
        /** The kept options, then the ones added since the last reduction, in file order. */
        List<Option> options = new ArrayList<>();
        int reduced;
        long rows;
        long maxParams;
        long maxFlops;
        /** The first candidate without a latency when the budget limits latency, or null. */
        String missingLatency;

        Kept(int block, Budget budget, int k, int batch) {
            this.block = block;
            this.kinds = budget.limited();
            this.needsLatency = budget.isLimited(CostKind.LATENCY);
            this.k = k;
            this.batch = batch;
        }

        void add(Option o) {
            rows++;
            maxParams = Math.max(maxParams, o.params());
            maxFlops = Math.max(maxFlops, o.flops());
            if (needsLatency && !o.hasLatency()) {
                if (missingLatency == null) {
                    missingLatency = o.label();
                }
                return;
            }
            if (dominatedByKept(o)) {
                return;
            }
            options.add(o);
            // Reducing when the new options are as many as the kept ones keeps the work per row constant.
            if (options.size() - reduced >= Math.max(batch, reduced)) {
                reduce();
            }
        }

        /**
         * Whether {@code k} of the options kept at the last reduction dominate {@code o}: most rows of a large
         * file are, and dropping them here spares sorting them into a batch. Only a few kept options are asked,
         * so that a block whose front is large costs no more per row.
         */
        private boolean dominatedByKept(Option o) {
            int dominators = 0;
            for (int i = 0; i < Math.min(reduced, PREFILTER); i++) {
                if (dominates(options.get(i), o) && ++dominators == k) {
                    return true;
                }
            }
            return false;
        }

        /** {@code a} costs no more than {@code b} in every limited kind and comes first in key order (as in {@link BlockArrays}). */
        private boolean dominates(Option a, Option b) {
            for (CostKind kind : kinds) {
                if (kind.of(a) > kind.of(b)) {
                    return false;
                }
            }
            // + 0.0 turns -0.0 into 0.0, as BlockArrays orders them.
            int c = Double.compare(a.rating() + 0.0, b.rating() + 0.0);
            if (c == 0) {
                c = Long.compare(a.params(), b.params());
            }
            return (c == 0 ? a.label().compareTo(b.label()) : c) < 0;
        }

        List<Option> options() {
            reduce();
            return options;
        }

        private void reduce() {
            int[] keep = Reduction.undominated(BlockArrays.of(options, block, kinds), k, kinds.size()).option.clone();
            Arrays.sort(keep);
            var next = new ArrayList<Option>(keep.length);
            for (int i : keep) {
                next.add(options.get(i));
            }
            options = next;
            reduced = next.size();
        }
    }
}
