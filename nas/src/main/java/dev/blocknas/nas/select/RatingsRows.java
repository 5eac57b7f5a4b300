package dev.blocknas.nas.select;

import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PushbackReader;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The data rows of a ratings file, read one at a time and checked as they come, so that reading holds one
 * row however large the file is. The file must be strict UTF-8 (a leading byte order mark is skipped) with
 * a header naming the columns {@link RatingsCsv#COLUMNS} and at least one row.
 */
final class RatingsRows implements AutoCloseable {
    private final Reader reader;
    private final CsvReader records;
    private final RatingsCsv.Header header;
    private final String source;
    private boolean anyRow;

    private RatingsRows(Reader reader, String source) {
        this.reader = reader;
        this.source = source;
        this.records = new CsvReader(reader, 0, source);
        var first = records.next();
        if (first == null) {
            throw new RatingsFormatException(
                    source + " is empty; it needs the header " + String.join(",", RatingsCsv.COLUMNS) + ".");
        }
        this.header = RatingsCsv.header(closed(first), source);
    }

    /**
     * Opens {@code file} and reads its header.
     *
     * @throws RatingsFormatException naming the file when it is empty, not UTF-8 or lacks a column
     * @throws UncheckedIOException when it cannot be read
     */
    static RatingsRows open(Path file) {
        String source = file.toString();
        PushbackReader r = null;
        try {
            r = new PushbackReader(new InputStreamReader(Files.newInputStream(file), StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT).onUnmappableCharacter(CodingErrorAction.REPORT)), 1);
            int first = r.read();
            if (first >= 0 && first != '\uFEFF') {
                r.unread(first);
            }
            return new RatingsRows(r, source);
        } catch (CharacterCodingException e) {
            close(r);
            throw new RatingsFormatException(source + " is not valid UTF-8 text.", e);
        } catch (IOException e) {
            close(r);
            throw new UncheckedIOException("Cannot read " + source + ": " + e.getMessage(), e);
        } catch (RuntimeException e) {
            close(r);
            throw e;
        }
    }

    /** The next row, or null after the last. */
    RatingsCsv.Row next() {
        var record = records.next();
        if (record == null) {
            if (!anyRow) {
                throw new RatingsFormatException(source + " has a header but no rows.");
            }
            return null;
        }
        anyRow = true;
        return RatingsCsv.row(closed(record), header, source);
    }

    private Csv.Record closed(Csv.Record record) {
        if (record.openQuote()) {
            throw new RatingsFormatException(
                    source + " line " + record.line() + " ends inside a quoted field (is the file cut off?).");
        }
        return record;
    }

    @Override
    public void close() {
        close(reader);
    }

    private static void close(Reader r) {
        try {
            if (r != null) {
                r.close();
            }
        } catch (IOException e) {
            // read only: nothing is lost
        }
    }
}
