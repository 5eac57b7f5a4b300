package dev.blocknas.nas.select;

import dev.blocknas.layers.io.AtomicFiles;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
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
    long params = 0;
    long flops = 0;
    for (BlockOptions b : this.blocks) {
      long maxParams = 0;
      long maxFlops = 0;
      for (Option o : b.options()) {
        maxParams = Math.max(maxParams, o.params());
        maxFlops = Math.max(maxFlops, o.flops());
      }
      params += maxParams;
      flops += maxFlops;
      // Totals are summed in longs everywhere; keep a margin for the base cost as well.
      if (params > Long.MAX_VALUE / 4 || flops > Long.MAX_VALUE / 4 || params < 0 || flops < 0) {
        throw new IllegalArgumentException("The table's costs are too large to be summed exactly.");
      }
    }
  }

  /** Reads a ratings file; throws {@link RatingsFormatException} naming the file and line on bad content. */
  public static RatingsTable read(Path file) {
    String source = file.toString();
    byte[] bytes;
    try {
      bytes = Files.readAllBytes(file);
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot read " + source + ": " + e.getMessage(), e);
    }
    String text = RatingsCsv.decodeStrictly(bytes, source);
    var records = Csv.parse(text, RatingsCsv.bodyStart(text), source);
    if (records.isEmpty()) {
      throw new RatingsFormatException(source + " is empty; it needs the header "
          + String.join(",", RatingsCsv.COLUMNS) + ".");
    }
    var last = records.getLast();
    if (last.openQuote()) {
      throw new RatingsFormatException(source + " line " + last.line()
          + " ends inside a quoted field (is the file cut off?).");
    }
    var header = RatingsCsv.header(records.getFirst(), source);
    var rows = new ArrayList<RatingsCsv.Row>();
    for (var r : records.subList(1, records.size())) {
      rows.add(RatingsCsv.row(r, header, source));
    }
    if (rows.isEmpty()) {
      throw new RatingsFormatException(source + " has a header but no rows.");
    }
    return fromRows(rows, source);
  }

  /** Groups rows by block; rows of a block keep their order. */
  static RatingsTable fromRows(List<RatingsCsv.Row> rows, String source) {
    var byBlock = new TreeMap<Integer, List<Option>>();
    var firstLine = new HashMap<CandidateKey, Integer>();
    for (var row : rows) {
      var key = new CandidateKey(row.block(), row.option().label());
      Integer earlier = firstLine.putIfAbsent(key, row.line());
      if (earlier != null) {
        throw new RatingsFormatException(source + " line " + row.line() + " repeats block " + row.block()
            + " candidate \"" + row.option().label() + "\" of line " + earlier + ".");
      }
      byBlock.computeIfAbsent(row.block(), b -> new ArrayList<>()).add(row.option());
    }
    int expected = 0;
    for (int block : byBlock.keySet()) {
      if (block != expected) {
        throw new RatingsFormatException(source + " has rows for block " + block + " but none for block " + expected
            + "; blocks must be numbered from 0 without gaps.");
      }
      expected++;
    }
    try {
      return new RatingsTable(byBlock.values().stream().map(BlockOptions::new).toList());
    } catch (IllegalArgumentException e) {
      throw new RatingsFormatException(source + ": " + e.getMessage(), e);
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
