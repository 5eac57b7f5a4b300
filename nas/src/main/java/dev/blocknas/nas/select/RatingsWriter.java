package dev.blocknas.nas.select;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Appends ratings to a file one row at a time, so that a rating loop can be stopped and resumed.
 *
 * <p>Each row is handed to the operating system as soon as it is appended, so a crash of the process
 * loses at most the row being written. A row cut off by a crash (the file's last line has no line
 * break) is detected when the file is opened again and dropped; {@link #droppedTail()} tells the
 * caller so it can rate that candidate again. Rows are written in the existing file's column order.
 */
public final class RatingsWriter implements AutoCloseable {
    private final Path file;
    private final RatingsCsv.Header header;
    private final Set<CandidateKey> present;
    private final Map<CandidateKey, Option> rows;
    private final String droppedTail;
    private final FileChannel channel;

    private RatingsWriter(Path file, RatingsCsv.Header header, Map<CandidateKey, Option> rows, String droppedTail,
                          FileChannel channel) {
        this.file = file;
        this.header = header;
        this.rows = rows;
        this.present = rows.keySet();
        this.droppedTail = droppedTail;
        this.channel = channel;
    }

    /**
     * Opens {@code file} for appending, creating it with a header when it does not exist (or is empty).
     * Rows already present are checked like {@link RatingsTable#read} does, except that blocks may still
     * be incomplete.
     */
    public static RatingsWriter open(Path file) {
        String source = file.toString();
        try {
            if (!Files.exists(file) || Files.size(file) == 0) {
                RatingsTable.writeAtomically(file, Csv.line(RatingsCsv.COLUMNS).getBytes(StandardCharsets.UTF_8));
            }
            byte[] bytes = Files.readAllBytes(file);
            // A crash may have cut the last character in two; the row it belongs to is dropped below.
            String text = RatingsCsv.decodeAllowingCutEnd(bytes, source);
            int start = RatingsCsv.bodyStart(text);
            var records = Csv.parse(text, start, source);
            if (records.isEmpty()) {
                throw new RatingsFormatException(source + " has no header line.");
            }
            var header = RatingsCsv.header(records.getFirst(), source);
            String droppedTail = null;
            int keepChars = records.getFirst().end();
            boolean headerNeedsNewline = !records.getFirst().terminated();
            var lines = new LinkedHashMap<CandidateKey, Integer>();
            var kept = new LinkedHashMap<CandidateKey, Option>();
            for (int i = 1; i < records.size(); i++) {
                var record = records.get(i);
                if (!record.terminated()) {
                    droppedTail = text.substring(keepChars);
                    break;
                }
                var row = RatingsCsv.row(record, header, source);
                var key = new CandidateKey(row.block(), row.option().label());
                Integer earlier = lines.putIfAbsent(key, row.line());
                if (earlier != null) {
                    throw new RatingsFormatException(source + " line " + row.line() + " repeats block " + row.block()
                            + " candidate \"" + row.option().label() + "\" of line " + earlier + ".");
                }
                kept.put(key, row.option());
                keepChars = record.end();
            }
            int keepBytes = text.substring(0, keepChars).getBytes(StandardCharsets.UTF_8).length;
            if (keepBytes < bytes.length && droppedTail == null) {
                droppedTail = text.substring(keepChars); // only part of a character was cut off
            }
            var channel = FileChannel.open(file, StandardOpenOption.WRITE);
            try {
                if (keepBytes < bytes.length) {
                    channel.truncate(keepBytes);
                }
                channel.position(channel.size());
                var writer = new RatingsWriter(file, header, kept, droppedTail, channel);
                if (headerNeedsNewline) {
                    writer.writeFully("\n");
                }
                return writer;
            } catch (IOException | RuntimeException e) {
                channel.close();
                throw e;
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot open " + source + " for appending: " + e.getMessage(), e);
        }
    }

    /** The rows already in the file (including ones appended through this writer). */
    public Set<CandidateKey> present() {
        return Collections.unmodifiableSet(present);
    }

    /** The row of a candidate already in the file, if any (a resumed rating reuses it). */
    public Optional<Option> existing(int block, String candidate) {
        return Optional.ofNullable(rows.get(new CandidateKey(block, candidate)));
    }

    /** Whether the file already has a row for this candidate of this block. */
    public boolean contains(int block, String candidate) {
        return present.contains(new CandidateKey(block, candidate));
    }

    /** How many rows the file holds. */
    public int rowCount() {
        return present.size();
    }

    /** The text of a cut-off last row that opening the file removed, or null when there was none. */
    public String droppedTail() {
        return droppedTail;
    }

    /** Appends one row and hands it to the operating system before returning. */
    public synchronized void append(int block, Option option) {
        if (block < 0) {
            throw new IllegalArgumentException("A block index cannot be negative, but got " + block + ".");
        }
        var key = new CandidateKey(block, option.label());
        if (present.contains(key)) {
            throw new IllegalStateException(
                    file + " already has block " + block + " candidate \"" + option.label() + "\".");
        }
        try {
            writeFully(Csv.line(header.fieldsOf(block, option)));
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot append to " + file + ": " + e.getMessage(), e);
        }
        rows.put(key, option);
    }

    private void writeFully(String text) throws IOException {
        var buffer = ByteBuffer.wrap(text.getBytes(StandardCharsets.UTF_8));
        while (buffer.hasRemaining()) {
            channel.write(buffer);
        }
    }

    @Override
    public synchronized void close() {
        try {
            channel.close();
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot close " + file + ": " + e.getMessage(), e);
        }
    }
}
