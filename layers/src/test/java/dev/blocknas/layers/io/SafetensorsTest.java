package dev.blocknas.layers.io;

import dev.blocknas.tensor.Device;
import dev.blocknas.tensor.Rng;
import dev.blocknas.tensor.Scope;
import dev.blocknas.tensor.Shape;
import dev.blocknas.tensor.Tensor;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SafetensorsTest {
    @TempDir
    Path dir;

    @Test
    void aTinyFileHasExactlyTheExpectedBytes() throws IOException {
        try (Scope ignored = Scope.open()) {
            LinkedHashMap<String, Tensor> t = new LinkedHashMap<>();
            t.put("a", Tensor.of(new float[] {1f, -2f}, 2));
            t.put("b", Tensor.of(new float[] {0.5f}, 1, 1));
            Path f = dir.resolve("tiny.safetensors");
            Safetensors.write(f, t, Map.of("format", "pt"));
            byte[] bytes = Files.readAllBytes(f);

            String json = "{\"__metadata__\":{\"format\":\"pt\"},"
                    + "\"a\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[0,8]},"
                    + "\"b\":{\"dtype\":\"F32\",\"shape\":[1,1],\"data_offsets\":[8,12]}}";
            assertEquals(141, json.length());
            int n = 144; // padded with 3 spaces to a multiple of 8
            assertEquals(8 + n + 12, bytes.length);
            assertArrayEquals(new byte[] {(byte) 144, 0, 0, 0, 0, 0, 0, 0}, Arrays.copyOfRange(bytes, 0, 8));
            assertEquals(json + "   ", new String(bytes, 8, n, StandardCharsets.UTF_8));
            assertArrayEquals(new byte[] {
                    0, 0, (byte) 0x80, 0x3F, // 1.0f little-endian
                    0, 0, 0, (byte) 0xC0, // -2.0f
                    0, 0, 0, 0x3F}, // 0.5f
                    Arrays.copyOfRange(bytes, 8 + n, bytes.length));
        }
    }

    @Test
    void writeThenReadIsBitIdentical() throws IOException {
        try (Scope ignored = Scope.open()) {
            Rng rng = new Rng(11);
            LinkedHashMap<String, Tensor> t = new LinkedHashMap<>();
            t.put("blocks.0.0.conv_dw.weight", Tensor.randn(rng, Device.CPU, 32, 1, 3, 3));
            t.put("specials",
                    Tensor.of(new float[] {0f, -0f, Float.MIN_VALUE, -Float.MAX_VALUE, Float.POSITIVE_INFINITY,
                            Float.NEGATIVE_INFINITY, Float.NaN, Float.intBitsToFloat(0x7fc00123), 1e-40f}, 9));
            t.put("scalar", Tensor.scalar(3.25f, Device.CPU));
            t.put("empty", Tensor.zeros(Device.CPU, 0, 4));
            t.put("big", Tensor.rand(rng, -1f, 1f, Device.CPU, 300_001)); // crosses the writer's chunk size
            Map<String, String> meta = new LinkedHashMap<>();
            meta.put("architecture", "stem_c32_s2/head_c1280");
            meta.put("unicode", "über");
            Path f = dir.resolve("w.safetensors");
            Safetensors.write(f, t, meta);
            try (TensorFile r = Safetensors.read(f)) {
                assertEquals(List.copyOf(t.keySet()), List.copyOf(r.tensors().keySet()));
                assertEquals(meta, r.metadata());
                for (var e : t.entrySet()) {
                    Tensor back = r.get(e.getKey());
                    assertEquals(e.getValue().shape(), back.shape(), e.getKey());
                    float[] a = e.getValue().toArray();
                    float[] b = back.toArray();
                    for (int i = 0; i < a.length; i++) {
                        assertEquals(Float.floatToRawIntBits(a[i]), Float.floatToRawIntBits(b[i]),
                                e.getKey() + "[" + i + "]");
                    }
                }
            }
            try (var files = Files.list(dir)) {
                assertEquals(List.of(f), files.toList(), "no temporary file is left behind");
            }
            if (Files.getFileAttributeView(f, java.nio.file.attribute.PosixFileAttributeView.class) != null) {
                assertEquals("rw-r--r--",
                        java.nio.file.attribute.PosixFilePermissions.toString(Files.getPosixFilePermissions(f)),
                        "not the owner-only mode of a temporary file");
            }
        }
    }

    /** A file laid out by hand as another writer might: no metadata, header keys not in data order, F16/BF16/I64. */
    @Test
    void readsOtherWritersLayoutsAndDtypes() throws IOException {
        String json = "{\"w\":{\"dtype\":\"F16\",\"shape\":[2],\"data_offsets\":[8,12]},"
                + "\"n\":{\"dtype\":\"I64\",\"shape\":[],\"data_offsets\":[0,8]},"
                + "\"h\":{\"dtype\":\"BF16\",\"shape\":[1],\"data_offsets\":[12,14]}}";
        ByteBuffer data = ByteBuffer.allocate(14).order(ByteOrder.LITTLE_ENDIAN);
        data.putLong(7L).putShort(Float.floatToFloat16(1.5f)).putShort(Float.floatToFloat16(-0.25f))
                .putShort((short) (Float.floatToRawIntBits(3.0f) >>> 16));
        Path f = dir.resolve("other.safetensors");
        Files.write(f, fileBytes(json, data.array()));
        try (TensorFile r = Safetensors.read(f)) {
            assertEquals(List.of("n", "w", "h"), List.copyOf(r.tensors().keySet()), "tensors come in data order");
            assertEquals(7f, r.get("n").item());
            assertEquals(Shape.of(), r.get("n").shape());
            assertArrayEquals(new float[] {1.5f, -0.25f}, r.get("w").toArray());
            assertArrayEquals(new float[] {3f}, r.get("h").toArray());
            assertTrue(r.metadata().isEmpty());
        }
    }

    private static byte[] fileBytes(String json, byte[] data) {
        byte[] h = json.getBytes(StandardCharsets.UTF_8);
        ByteBuffer b = ByteBuffer.allocate(8 + h.length + data.length).order(ByteOrder.LITTLE_ENDIAN);
        return b.putLong(h.length).put(h).put(data).array();
    }

    private Path tiny() throws IOException {
        try (Scope ignored = Scope.open()) {
            Path f = dir.resolve("weights.safetensors");
            Safetensors.write(f, Map.of("x", Tensor.ones(Device.CPU, 4, 4)), Map.of());
            return f;
        }
    }

    @Test
    void aTruncatedFileFailsWithOneSentence() throws IOException {
        Path f = tiny();
        byte[] all = Files.readAllBytes(f);
        Files.write(f, Arrays.copyOf(all, all.length - 10));
        var e = assertThrows(WeightsFormatException.class, () -> Safetensors.read(f));
        assertEquals(
                "weights.safetensors is truncated: its header describes 64 bytes of tensor data but only 54 follow.",
                e.getMessage());

        Files.write(f, Arrays.copyOf(all, 40));
        e = assertThrows(WeightsFormatException.class, () -> Safetensors.read(f));
        assertTrue(
                e.getMessage().matches(
                        "weights\\.safetensors is truncated: its header claims \\d+ bytes but only 32 follow\\."),
                e.getMessage());

        Files.write(f, Arrays.copyOf(all, 5));
        e = assertThrows(WeightsFormatException.class, () -> Safetensors.read(f));
        assertEquals("weights.safetensors is not a safetensors file: it is only 5 bytes long.", e.getMessage());
    }

    @Test
    void aCorruptHeaderFailsWithOneSentence() throws IOException {
        Path f = dir.resolve("bad.safetensors");
        Files.write(f, fileBytes("{\"x\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[0,8]", new byte[8]));
        var e = assertThrows(WeightsFormatException.class, () -> Safetensors.read(f));
        assertTrue(e.getMessage().startsWith("bad.safetensors has a corrupt header: "), e.getMessage());
        assertTrue(e.getMessage().endsWith(".") && !e.getMessage().contains("\n"), e.getMessage());

        Files.write(f, fileBytes("{\"x\":{\"dtype\":\"F32\",\"shape\":[3],\"data_offsets\":[0,8]}}", new byte[8]));
        e = assertThrows(WeightsFormatException.class, () -> Safetensors.read(f));
        assertEquals(
                "bad.safetensors has a corrupt header: tensor \"x\" has data_offsets [0, 8] that do not fit shape [3] of F32 (12 bytes).",
                e.getMessage());

        Files.write(f, fileBytes("{\"x\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[4,8]}}", new byte[8]));
        e = assertThrows(WeightsFormatException.class, () -> Safetensors.read(f));
        assertEquals(
                "bad.safetensors has a corrupt header: tensor \"x\" starts at byte 4 of the data where 0 was expected.",
                e.getMessage());

        Files.write(f, new byte[] {(byte) 0xff, (byte) 0xff, (byte) 0xff, (byte) 0xff, (byte) 0xff, (byte) 0xff,
                (byte) 0xff, 0x7f, 1, 2});
        e = assertThrows(WeightsFormatException.class, () -> Safetensors.read(f));
        assertEquals("bad.safetensors is not a safetensors file: its header length field reads 9223372036854775807.",
                e.getMessage());
    }

    @Test
    void aFailedWriteLeavesTheOldFileAndNoTemporaryFile() throws IOException {
        Path f = tiny();
        byte[] before = Files.readAllBytes(f);
        Tensor freed = Tensor.ones(Device.CPU, 3).persist();
        freed.close();
        LinkedHashMap<String, Tensor> t = new LinkedHashMap<>();
        try (Scope ignored = Scope.open()) {
            t.put("ok", Tensor.ones(Device.CPU, 2));
            t.put("freed", freed);
            assertThrows(IllegalStateException.class, () -> Safetensors.write(f, t, Map.of()));
        }
        assertArrayEquals(before, Files.readAllBytes(f));
        try (var files = Files.list(dir)) {
            assertEquals(List.of(f), files.toList());
        }
    }
}
