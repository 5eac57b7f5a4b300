package dev.blocknas.layers.data;

import java.io.BufferedInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.zip.GZIPInputStream;
import java.util.zip.ZipException;

/**
 * Reader for IDX files of unsigned bytes (the MNIST family format), gzip-compressed or raw.
 *
 * <p>Compression is detected from the gzip magic bytes, not the file name. Images must have magic
 * {@code 0x00000803} (count, rows, columns), labels {@code 0x00000801} (count). Data after the
 * promised payload is ignored.
 */
public final class IdxReader {

    /** IDX magic number of a 3-dimensional unsigned-byte file (images). */
    public static final int IMAGES_MAGIC = 0x00000803;
    /** IDX magic number of a 1-dimensional unsigned-byte file (labels). */
    public static final int LABELS_MAGIC = 0x00000801;

    /**
     * Images read from an IDX file.
     *
     * @param source the file's name, for messages
     * @param count  number of images
     * @param rows   image height
     * @param cols   image width
     * @param pixels {@code count} row-major {@code rows x cols} images of unsigned bytes
     */
    public record Images(String source, int count, int rows, int cols, byte[] pixels) {}

    /**
     * Labels read from an IDX file.
     *
     * @param source the file's name, for messages
     * @param labels one unsigned byte per sample
     */
    public record Labels(String source, byte[] labels) {
        /** Number of labels. */
        public int count() {
            return labels.length;
        }
    }

    private IdxReader() {}

    /** Reads an image file from disk. */
    public static Images readImages(Path file) {
        try (InputStream in = open(file)) {
            return readImages(in, file.toString());
        } catch (IOException e) {
            throw unreadable(file.toString(), e);
        }
    }

    /** Reads a label file from disk. */
    public static Labels readLabels(Path file) {
        try (InputStream in = open(file)) {
            return readLabels(in, file.toString());
        } catch (IOException e) {
            throw unreadable(file.toString(), e);
        }
    }

    /** Reads an image file from a stream; {@code name} identifies it in error messages. */
    public static Images readImages(InputStream raw, String name) {
        try {
            InputStream in = decompressed(raw, name);
            int[] header = header(in, name, IMAGES_MAGIC, 3, "image");
            int count = header[0];
            int rows = header[1];
            int cols = header[2];
            long bytes = (long) count * rows * cols;
            if (bytes > Integer.MAX_VALUE - 8) {
                throw new DataFormatException(name + " is too large: " + count + " images of " + rows + "x" + cols
                        + " exceed the 2 GiB limit of one array.");
            }
            byte[] pixels = readUpTo(in, (int) bytes, name);
            if (pixels.length < bytes) {
                throw new DataFormatException(name + " is truncated: header promises " + count + " images of " + rows
                        + "x" + cols + " (" + bytes + " bytes) but only " + pixels.length + " bytes follow.");
            }
            return new Images(name, count, rows, cols, pixels);
        } catch (IOException e) {
            throw unreadable(name, e);
        }
    }

    /** Reads a label file from a stream; {@code name} identifies it in error messages. */
    public static Labels readLabels(InputStream raw, String name) {
        try {
            InputStream in = decompressed(raw, name);
            int count = header(in, name, LABELS_MAGIC, 1, "label")[0];
            byte[] labels = readUpTo(in, count, name);
            if (labels.length < count) {
                throw new DataFormatException(name + " is truncated: header promises " + count + " labels but only "
                        + labels.length + " bytes follow.");
            }
            return new Labels(name, labels);
        } catch (IOException e) {
            throw unreadable(name, e);
        }
    }

    private static InputStream open(Path file) throws IOException {
        try {
            return Files.newInputStream(file);
        } catch (NoSuchFileException e) {
            throw new DataFormatException("No such file: " + file + ".", e);
        }
    }

    private static InputStream decompressed(InputStream raw, String name) throws IOException {
        BufferedInputStream in = new BufferedInputStream(raw, 1 << 16);
        in.mark(2);
        int b0 = in.read();
        int b1 = in.read();
        in.reset();
        if (b0 == 0x1F && b1 == 0x8B) {
            try {
                return new BufferedInputStream(new GZIPInputStream(in, 1 << 16), 1 << 16);
            } catch (ZipException | EOFException e) {
                throw new DataFormatException(
                        name + " has a corrupt gzip header: " + DataFormatException.reason(e) + ".", e);
            }
        }
        return in;
    }

    /** Reads and checks the magic number and dimension sizes; returns the sizes. */
    private static int[] header(InputStream in, String name, int magic, int dims, String kind) throws IOException {
        byte[] raw = readUpTo(in, 4 * (1 + dims), name);
        if (raw.length == 0) {
            throw new DataFormatException(name + " is empty.");
        }
        if (raw.length >= 4) {
            int actual = intAt(raw, 0);
            if (actual != magic) {
                String other = actual == IMAGES_MAGIC
                        ? " (that of an IDX image file)"
                        : actual == LABELS_MAGIC ? " (that of an IDX label file)" : "";
                throw new DataFormatException(
                        String.format("%s is not an IDX %s file: magic number 0x%08X%s, expected 0x%08X.",
                                name, kind, actual, other, magic));
            }
        }
        if (raw.length < 4 * (1 + dims)) {
            throw new DataFormatException(name + " is truncated: it ends inside its " + 4 * (1 + dims)
                    + "-byte IDX header after " + raw.length + " bytes.");
        }
        int[] sizes = new int[dims];
        for (int d = 0; d < dims; d++) {
            sizes[d] = intAt(raw, 4 * (1 + d));
            // A size of 0 is a legal IDX count but never a legal image side.
            if (sizes[d] < 0 || (d > 0 && sizes[d] == 0)) {
                throw new DataFormatException(name + " has an invalid header: dimension " + d + " has size "
                        + Integer.toUnsignedString(sizes[d]) + ".");
            }
        }
        return sizes;
    }

    private static int intAt(byte[] b, int i) {
        return (b[i] & 0xFF) << 24 | (b[i + 1] & 0xFF) << 16 | (b[i + 2] & 0xFF) << 8 | (b[i + 3] & 0xFF);
    }

    /**
     * Reads up to {@code n} bytes, fewer only at the end of the stream. Grows the buffer as data
     * arrives so that a lying header cannot make us allocate gigabytes up front, and treats a
     * gzip stream that ends early (EOFException) as a short read so the caller can report how
     * much was there.
     */
    private static byte[] readUpTo(InputStream in, int n, String name) throws IOException {
        byte[] buf = new byte[Math.min(n, 1 << 20)];
        int filled = 0;
        try {
            while (filled < n) {
                if (filled == buf.length) {
                    buf = Arrays.copyOf(buf, (int) Math.min(n, 2L * buf.length));
                }
                int r = in.read(buf, filled, buf.length - filled);
                if (r < 0) {
                    break;
                }
                filled += r;
            }
        } catch (EOFException e) {
            // Truncated gzip member: report the bytes that did arrive.
        } catch (ZipException e) {
            throw new DataFormatException(name + " is not a valid gzip stream: " + DataFormatException.reason(e) + ".",
                    e);
        }
        return filled == buf.length ? buf : Arrays.copyOf(buf, filled);
    }

    private static DataFormatException unreadable(String name, IOException e) {
        return new DataFormatException("Could not read " + name + ": " + DataFormatException.reason(e) + ".", e);
    }
}
