package dev.blocknas.nas.select;

import dev.blocknas.layers.io.AtomicFiles;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.TreeMap;

/**
 * Every block's rated candidates: the input of the exact selector.
 *
 * <p>On disk it is a CSV file with the header {@code block,candidate,loss,params,flops,latency_ms}
 * (columns in any order, unknown columns ignored, RFC 4180 quoting, empty latency when not measured).
 */
public final class RatingsTable {
    private final List<BlockOptions> blocks;

    /** A table of the given blocks, block {@code i} being {@code blocks.get(i)}. */
    public RatingsTable(List<BlockOptions> blocks) {
        this.blocks = List.copyOf(blocks);
        if (this.blocks.isEmpty()) {
            throw new IllegalArgumentException("A ratings table needs at least one block.");
        }
        long[] maxParams = new long[this.blocks.size()];
        long[] maxFlops = new long[this.blocks.size()];
        for (int b = 0; b < maxParams.length; b++) {
            for (Option o : this.blocks.get(b).options()) {
                maxParams[b] = Math.max(maxParams[b], o.params());
                maxFlops[b] = Math.max(maxFlops[b], o.flops());
            }
        }
        requireSummable(maxParams, maxFlops);
    }

    /** Throws unless the blocks' largest costs sum exactly, as totals are summed in longs everywhere. */
    static void requireSummable(long[] maxParams, long[] maxFlops) {
        long params = 0;
        long flops = 0;
        for (int b = 0; b < maxParams.length; b++) {
            params += maxParams[b];
            flops += maxFlops[b];
            // A margin for the base cost as well.
            if (params > Long.MAX_VALUE / 4 || flops > Long.MAX_VALUE / 4 || params < 0 || flops < 0) {
                throw new IllegalArgumentException("The table's costs are too large to be summed exactly.");
            }
        }
    }

    /**
     * Reads a ratings file, row by row; throws {@link RatingsFormatException} naming the file and line on bad
     * content. {@link SelectableRatings#read} reads one for selection without holding every row.
     */
    public static RatingsTable read(Path file) {
        var rows = new ArrayList<RatingsCsv.Row>();
        try (var in = RatingsRows.open(file)) {
            RatingsCsv.Row row;
            while ((row = in.next()) != null) {
                rows.add(row);
            }
        }
        return fromRows(rows, file.toString());
    }

    /** Groups rows by block; rows of a block keep their order. */
    static RatingsTable fromRows(List<RatingsCsv.Row> rows, String source) {
        var byBlock = new TreeMap<Integer, List<Option>>();
        var firstLine = new HashMap<CandidateKey, Integer>();
        for (var row : rows) {
            var key = new CandidateKey(row.block(), row.option().label());
            Integer earlier = firstLine.putIfAbsent(key, row.line());
            if (earlier != null) {
                throw repeated(source, row, earlier);
            }
            byBlock.computeIfAbsent(row.block(), b -> new ArrayList<>()).add(row.option());
        }
        requireNoGaps(byBlock.navigableKeySet(), source);
        try {
            return new RatingsTable(byBlock.values().stream().map(BlockOptions::new).toList());
        } catch (IllegalArgumentException e) {
            throw new RatingsFormatException(source + ": " + e.getMessage(), e);
        }
    }

    /** The error for {@code row} naming the same candidate of its block as line {@code earlier}. */
    static RatingsFormatException repeated(String source, RatingsCsv.Row row, int earlier) {
        return new RatingsFormatException(source + " line " + row.line() + " repeats block " + row.block()
                + " candidate \"" + row.option().label() + "\" of line " + earlier + ".");
    }

    /** Throws unless the ascending block numbers {@code blocks} are 0, 1, 2 and so on. */
    static void requireNoGaps(java.util.SortedSet<Integer> blocks, String source) {
        int expected = 0;
        for (int block : blocks) {
            if (block != expected) {
                throw new RatingsFormatException(
                        source + " has rows for block " + block + " but none for block " + expected
                                + "; blocks must be numbered from 0 without gaps.");
            }
            expected++;
        }
    }

    /** Writes the table atomically: readers see the old file or the complete new one, never a part. */
    public void write(Path file) {
        var sb = new StringBuilder(Csv.line(RatingsCsv.COLUMNS));
        for (int b = 0; b < blocks.size(); b++) {
            for (Option o : blocks.get(b).options()) {
                sb.append(Csv.line(RatingsCsv.values(b, o)));
            }
        }
        writeAtomically(file, sb.toString().getBytes(StandardCharsets.UTF_8));
    }

    static void writeAtomically(Path file, byte[] content) {
        AtomicFiles.write(file, content);
    }

    public List<BlockOptions> blocks() {
        return blocks;
    }

    public int blockCount() {
        return blocks.size();
    }

    /** Block {@code index}'s options (blocks are numbered from 0). */
    public BlockOptions block(int index) {
        return blocks.get(index);
    }

    /** How many networks the table spans: the product of the block sizes. */
    public BigInteger networkCount() {
        var n = BigInteger.ONE;
        for (BlockOptions b : blocks) {
            n = n.multiply(BigInteger.valueOf(b.size()));
        }
        return n;
    }

    /** Whether every option has a latency measurement. */
    public boolean hasAllLatencies() {
        return blocks.stream().allMatch(b -> b.options().stream().allMatch(Option::hasLatency));
    }

    /** The first option without latency as {@code (block, option index)}, or null when all have one. */
    int[] firstMissingLatency() {
        for (int b = 0; b < blocks.size(); b++) {
            var opts = blocks.get(b).options();
            for (int i = 0; i < opts.size(); i++) {
                if (!opts.get(i).hasLatency()) {
                    return new int[] {b, i};
                }
            }
        }
        return null;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof RatingsTable t && t.blocks.equals(blocks);
    }

    @Override
    public int hashCode() {
        return blocks.hashCode();
    }

    @Override
    public String toString() {
        var sizes = blocks.stream().map(b -> Integer.toString(b.size())).toList();
        return "RatingsTable[blocks of " + String.join(", ", sizes) + " options]";
    }
}
