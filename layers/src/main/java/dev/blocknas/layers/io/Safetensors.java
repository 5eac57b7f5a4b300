package dev.blocknas.layers.io;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.blocknas.tensor.Device;
import dev.blocknas.tensor.Shape;
import dev.blocknas.tensor.Tensor;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Reads and writes the safetensors format, byte-compatible with Python's {@code safetensors}:
 *
 * <pre>
 *   [8 bytes: N, unsigned little-endian]
 *   [N bytes: UTF-8 JSON, padded with spaces to a multiple of 8]
 *       {"__metadata__":{"k":"v",...},"name":{"dtype":"F32","shape":[...],"data_offsets":[begin,end]},...}
 *   [raw little-endian tensor data; offsets are relative to its start, tensors contiguous in header order]
 * </pre>
 *
 * Writing emits F32 only, with {@code __metadata__} first (omitted when empty), as the reference writer does;
 * it goes to a temporary file in the target's folder that is then atomically moved over the target, so a
 * reader never sees a half-written file. Reading accepts F32, F64, F16, BF16, I64, I32, I16, I8, U8 and
 * BOOL, converting to float32, and checks the layout as strictly as the reference reader (offsets contiguous
 * from 0, covering the data exactly).
 */
public final class Safetensors {
    /** The reference reader refuses larger headers. */
    private static final long MAX_HEADER = 100_000_000L;
    private static final String METADATA = "__metadata__";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int CHUNK_FLOATS = 1 << 18;

    private Safetensors() {}

    /** One tensor's header entry. */
    public record Entry(String dtype, Shape shape, long begin, long end) {}

    /** A parsed header: the entries in data order, the metadata, and the file offset where data starts. */
    public record Header(Map<String, Entry> entries, Map<String, String> metadata, long dataStart) {}

    // ---- writing --------------------------------------------------------------------------------

    /** The header bytes (JSON padded with spaces to a multiple of 8, without the 8-byte length) for these tensors. */
    public static byte[] header(Map<String, Tensor> tensors, Map<String, String> metadata) {
        ObjectNode root = JsonNodeFactory.instance.objectNode();
        if (metadata != null && !metadata.isEmpty()) {
            ObjectNode meta = root.putObject(METADATA);
            for (Map.Entry<String, String> e : metadata.entrySet()) {
                if (e.getKey() == null || e.getValue() == null)
                    throw new IllegalArgumentException("safetensors metadata cannot hold null");
                meta.put(e.getKey(), e.getValue());
            }
        }
        long offset = 0;
        for (Map.Entry<String, Tensor> e : tensors.entrySet()) {
            String name = e.getKey();
            if (name == null || name.isEmpty() || name.equals(METADATA)) {
                throw new IllegalArgumentException("a safetensors tensor needs a non-empty name other than " + METADATA
                        + ", got \"" + name + "\"");
            }
            Tensor t = e.getValue();
            ObjectNode entry = root.putObject(name);
            entry.put("dtype", "F32");
            ArrayNode shape = entry.putArray("shape");
            for (int d : t.shape().toArray()) shape.add(d);
            long bytes = (long) t.numel() * Float.BYTES;
            ArrayNode offsets = entry.putArray("data_offsets");
            offsets.add(offset);
            offsets.add(offset + bytes);
            offset += bytes;
        }
        byte[] json;
        try {
            json = JSON.writeValueAsBytes(root);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("could not serialise a safetensors header", e);
        }
        int padded = (json.length + 7) / 8 * 8;
        byte[] out = Arrays.copyOf(json, padded);
        Arrays.fill(out, json.length, padded, (byte) ' ');
        return out;
    }

    /**
     * Writes {@code tensors} (in map order) and {@code metadata} to {@code path} atomically: the bytes go to
     * a temporary file in the same folder, are forced to disk, and the file is then moved over {@code path}.
     */
    public static void write(Path path, Map<String, Tensor> tensors, Map<String, String> metadata) throws IOException {
        byte[] header = header(tensors, metadata);
        Path abs = path.toAbsolutePath();
        Path dir = abs.getParent();
        if (dir != null) Files.createDirectories(dir);
        Path tmp = Files.createTempFile(dir, "." + abs.getFileName() + ".", ".tmp");
        boolean moved = false;
        try {
            permissionsLike(abs, tmp);
            try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.WRITE,
                    StandardOpenOption.TRUNCATE_EXISTING)) {
                ByteBuffer len = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putLong(header.length).flip();
                writeFully(ch, len);
                writeFully(ch, ByteBuffer.wrap(header));
                ByteBuffer buf = ByteBuffer.allocate(CHUNK_FLOATS * Float.BYTES).order(ByteOrder.LITTLE_ENDIAN);
                for (Tensor t : tensors.values()) {
                    float[] values = t.toArray();
                    for (int from = 0; from < values.length; from += CHUNK_FLOATS) {
                        int n = Math.min(CHUNK_FLOATS, values.length - from);
                        buf.clear();
                        buf.asFloatBuffer().put(values, from, n);
                        buf.limit(n * Float.BYTES);
                        writeFully(ch, buf);
                    }
                }
                ch.force(true);
            }
            AtomicFiles.commit(tmp, abs);
            moved = true;
        } finally {
            if (!moved) Files.deleteIfExists(tmp);
        }
    }

    /**
     * Temporary files are created owner-only; give the file the permissions of the one it replaces, or
     * rw-r--r-- for a new one, so the moved file is as readable as a plainly written one (POSIX only).
     */
    private static void permissionsLike(Path target, Path tmp) throws IOException {
        if (Files.getFileAttributeView(tmp, PosixFileAttributeView.class) == null) return;
        Set<PosixFilePermission> perms = Files.exists(target)
                ? Files.getPosixFilePermissions(target)
                : PosixFilePermissions.fromString("rw-r--r--");
        Files.setPosixFilePermissions(tmp, perms);
    }

    private static void writeFully(FileChannel ch, ByteBuffer b) throws IOException {
        while (b.hasRemaining()) ch.write(b);
    }

    // ---- reading --------------------------------------------------------------------------------

    /** Reads every tensor onto the CPU. */
    public static TensorFile read(Path path) throws IOException {
        return read(path, Device.CPU);
    }

    /** Reads every tensor (converted to float32) onto {@code device}; the tensors are persisted. */
    public static TensorFile read(Path path, Device device) throws IOException {
        try (FileChannel ch = FileChannel.open(path, StandardOpenOption.READ)) {
            Header h = readHeader(ch, name(path));
            LinkedHashMap<String, Tensor> out = new LinkedHashMap<>();
            try {
                for (Map.Entry<String, Entry> e : h.entries().entrySet()) {
                    Entry en = e.getValue();
                    float[] values = readValues(ch, h.dataStart() + en.begin(), en, name(path));
                    out.put(e.getKey(), Tensor.of(device, values, en.shape().toArray()).persist());
                }
            } catch (IOException | RuntimeException ex) {
                for (Tensor t : out.values()) t.close();
                throw ex;
            }
            return new TensorFile(out, h.metadata());
        }
    }

    /** Reads and checks only the header (cheap: no tensor data is read). */
    public static Header readHeader(Path path) throws IOException {
        try (FileChannel ch = FileChannel.open(path, StandardOpenOption.READ)) {
            return readHeader(ch, name(path));
        }
    }

    private static String name(Path path) {
        return path.getFileName() == null ? path.toString() : path.getFileName().toString();
    }

    private static Header readHeader(FileChannel ch, String file) throws IOException {
        long size = ch.size();
        if (size < 8) {
            throw new WeightsFormatException(file + " is not a safetensors file: it is only " + size + " bytes long.");
        }
        ByteBuffer lenBuf = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN);
        readFully(ch, lenBuf, 0, file);
        long n = lenBuf.flip().getLong();
        if (n < 2 || n > MAX_HEADER) {
            throw new WeightsFormatException(file + " is not a safetensors file: its header length field reads "
                    + Long.toUnsignedString(n) + ".");
        }
        if (n > size - 8) {
            throw new WeightsFormatException(
                    file + " is truncated: its header claims " + n + " bytes but only " + (size - 8) + " follow.");
        }
        ByteBuffer hb = ByteBuffer.allocate((int) n);
        readFully(ch, hb, 8, file);
        JsonNode root;
        try {
            root = JSON.readTree(hb.array());
        } catch (JsonProcessingException e) {
            throw new WeightsFormatException(
                    file + " has a corrupt header: " + firstLine(e.getOriginalMessage()) + ".");
        }
        if (root == null || !root.isObject()) {
            throw new WeightsFormatException(file + " has a corrupt header: it is not a JSON object.");
        }
        Map<String, String> metadata = new LinkedHashMap<>();
        List<Map.Entry<String, Entry>> entries = new ArrayList<>();
        for (Map.Entry<String, JsonNode> f : root.properties()) {
            if (f.getKey().equals(METADATA)) {
                JsonNode m = f.getValue();
                if (!m.isObject())
                    throw new WeightsFormatException(
                            file + " has a corrupt header: " + METADATA + " is not an object.");
                for (Map.Entry<String, JsonNode> kv : m.properties()) {
                    if (!kv.getValue().isTextual()) {
                        throw new WeightsFormatException(
                                file + " has a corrupt header: metadata \"" + kv.getKey() + "\" is not a string.");
                    }
                    metadata.put(kv.getKey(), kv.getValue().textValue());
                }
                continue;
            }
            entries.add(Map.entry(f.getKey(), entry(f.getKey(), f.getValue(), file)));
        }
        entries.sort(Comparator.comparingLong(e -> e.getValue().begin()));
        long dataLen = size - 8 - n;
        long expected = 0;
        LinkedHashMap<String, Entry> ordered = new LinkedHashMap<>();
        for (Map.Entry<String, Entry> e : entries) {
            Entry en = e.getValue();
            if (en.begin() != expected) {
                throw new WeightsFormatException(
                        file + " has a corrupt header: tensor \"" + e.getKey() + "\" starts at byte " + en.begin()
                                + " of the data where " + expected + " was expected.");
            }
            expected = en.end();
            ordered.put(e.getKey(), en);
        }
        if (expected != dataLen) {
            if (expected > dataLen) {
                throw new WeightsFormatException(file + " is truncated: its header describes " + expected
                        + " bytes of tensor data but only " + dataLen + " follow.");
            }
            throw new WeightsFormatException(file + " is corrupt: its header describes " + expected
                    + " bytes of tensor data but " + dataLen + " follow.");
        }
        return new Header(ordered, metadata, 8 + n);
    }

    private static Entry entry(String name, JsonNode node, String file) throws WeightsFormatException {
        String bad = file + " has a corrupt header: tensor \"" + name + "\" ";
        if (!node.isObject()) throw new WeightsFormatException(bad + "is not described by an object.");
        JsonNode dtype = node.get("dtype");
        JsonNode shape = node.get("shape");
        JsonNode offsets = node.get("data_offsets");
        if (dtype == null || !dtype.isTextual()) throw new WeightsFormatException(bad + "has no dtype.");
        int width = dtypeBytes(dtype.textValue());
        if (width < 0)
            throw new WeightsFormatException(
                    bad + "has dtype " + dtype.textValue() + ", which this reader does not support.");
        if (shape == null || !shape.isArray()) throw new WeightsFormatException(bad + "has no shape.");
        int[] dims = new int[shape.size()];
        long numel = 1;
        for (int i = 0; i < dims.length; i++) {
            JsonNode d = shape.get(i);
            if (!d.canConvertToInt() || !d.isIntegralNumber() || d.intValue() < 0) {
                throw new WeightsFormatException(bad + "has a bad shape " + shape + ".");
            }
            dims[i] = d.intValue();
            numel *= dims[i];
            if (numel > Integer.MAX_VALUE) throw new WeightsFormatException(bad + "has more than 2^31-1 elements.");
        }
        if (offsets == null || !offsets.isArray() || offsets.size() != 2 || !offsets.get(0).isIntegralNumber()
                || !offsets.get(1).isIntegralNumber() || !offsets.get(0).canConvertToLong()
                || !offsets.get(1).canConvertToLong()) {
            throw new WeightsFormatException(bad + "has no valid data_offsets.");
        }
        long begin = offsets.get(0).longValue();
        long end = offsets.get(1).longValue();
        if (begin < 0 || end < begin || end - begin != numel * width) {
            throw new WeightsFormatException(
                    bad + "has data_offsets [" + begin + ", " + end + "] that do not fit shape "
                            + Arrays.toString(dims) + " of " + dtype.textValue() + " (" + numel * width + " bytes).");
        }
        return new Entry(dtype.textValue(), Shape.of(dims), begin, end);
    }

    private static int dtypeBytes(String dtype) {
        return switch (dtype) {
            case "F64", "I64" -> 8;
            case "F32", "I32" -> 4;
            case "F16", "BF16", "I16" -> 2;
            case "I8", "U8", "BOOL" -> 1;
            default -> -1;
        };
    }

    private static float[] readValues(FileChannel ch, long position, Entry en, String file) throws IOException {
        int numel = en.shape().numel();
        ByteBuffer b = ByteBuffer.allocate((int) (en.end() - en.begin())).order(ByteOrder.LITTLE_ENDIAN);
        readFully(ch, b, position, file);
        b.flip();
        float[] v = new float[numel];
        switch (en.dtype()) {
            case "F32" -> b.asFloatBuffer().get(v);
            case "F64" -> { for (int i = 0; i < numel; i++) v[i] = (float) b.getDouble(); }
            case "F16" -> { for (int i = 0; i < numel; i++) v[i] = Float.float16ToFloat(b.getShort()); }
            case "BF16" -> {
                for (int i = 0; i < numel; i++) v[i] = Float.intBitsToFloat((b.getShort() & 0xFFFF) << 16);
            }
            case "I64" -> { for (int i = 0; i < numel; i++) v[i] = b.getLong(); }
            case "I32" -> { for (int i = 0; i < numel; i++) v[i] = b.getInt(); }
            case "I16" -> { for (int i = 0; i < numel; i++) v[i] = b.getShort(); }
            case "I8" -> { for (int i = 0; i < numel; i++) v[i] = b.get(); }
            case "U8", "BOOL" -> { for (int i = 0; i < numel; i++) v[i] = b.get() & 0xFF; }
            default -> throw new WeightsFormatException(
                    file + " holds dtype " + en.dtype() + ", which this reader does not support.");
        }
        return v;
    }

    private static void readFully(FileChannel ch, ByteBuffer b, long position, String file) throws IOException {
        long pos = position;
        while (b.hasRemaining()) {
            int r = ch.read(b, pos);
            if (r < 0) throw new WeightsFormatException(file + " is truncated: it ends at byte " + pos + ".");
            pos += r;
        }
    }

    private static String firstLine(String s) {
        if (s == null) return "unreadable JSON";
        String line = s.strip();
        int nl = line.indexOf('\n');
        if (nl >= 0) line = line.substring(0, nl).strip();
        while (line.endsWith(".")) line = line.substring(0, line.length() - 1);
        return line;
    }
}
