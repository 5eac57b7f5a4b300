package dev.blocknas.nas.cli;

import dev.blocknas.layers.arch.Network;
import dev.blocknas.layers.arch.NetworkBuilder;
import dev.blocknas.layers.data.ChannelStats;
import dev.blocknas.layers.data.InputSpec;
import dev.blocknas.nas.onnx.OnnxExport;
import dev.blocknas.nas.onnx.proto.Onnx.ModelProto;
import dev.blocknas.nas.onnx.proto.Onnx.StringStringEntryProto;
import dev.blocknas.tensor.Device;
import dev.blocknas.tensor.Rng;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code blocknas export}: a model from good weights; from bad ones one sentence, exit 2 and no file at all. */
class ExportCliTest {
    private static final String ARCH = "stem_c8_s2_relu/ir_k3_e3_c8_s1_se0.25-skip/head_c16";

    @Test
    void exportsSavedWeightsWithTheirInputMetadata(@TempDir Path dir) throws Exception {
        Path weights = dir.resolve("weights.safetensors");
        InputSpec spec = new InputSpec("fashion", 1, 28, 28, ChannelStats.FASHION,
                List.of("T-shirt/top", "Trouser", "Pullover"));
        try (Network net = NetworkBuilder.build(ARCH, 1, 3, new Rng(1), Device.CPU)) {
            net.save(weights, spec.toMetadata());
        }
        Path model = dir.resolve("model.onnx");
        CliTest.Run r = CliTest.run("export", "--weights", weights.toString(), "--format", "onnx", "--out",
                model.toString());
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().contains("wrote"), r.out());
        ModelProto m = ModelProto.parseFrom(Files.readAllBytes(model));
        Map<String, String> meta = metadata(m);
        assertEquals(ARCH, meta.get("architecture"));
        assertEquals("[\"T-shirt/top\",\"Trouser\",\"Pullover\"]", meta.get(InputSpec.CLASS_NAMES));
        assertEquals("0.286", meta.get(InputSpec.MEAN));
        assertEquals(OnnxExport.OPSET, m.getOpsetImport(0).getVersion());
        assertEquals("batch", m.getGraph().getInput(0).getType().getTensorType().getShape().getDim(0).getDimParam());
        assertEquals(28, m.getGraph().getInput(0).getType().getTensorType().getShape().getDim(3).getDimValue());
    }

    @Test
    void weightsSavedBeforeInputMetadataExportWithMnistDefaults(@TempDir Path dir) throws Exception {
        Path weights = dir.resolve("old.safetensors");
        try (Network net = NetworkBuilder.build(ARCH, 1, 10, new Rng(1), Device.CPU)) {
            net.save(weights);
        }
        Path model = dir.resolve("old.onnx");
        CliTest.Run r = CliTest.run("export", "--weights", weights.toString(), "--out", model.toString());
        assertEquals(0, r.code(), r.err());
        assertEquals("0.1307", metadata(ModelProto.parseFrom(Files.readAllBytes(model))).get(InputSpec.MEAN));
    }

    @Test
    void badWeightsSayOneSentenceAndLeaveNoFile(@TempDir Path dir) throws Exception {
        Path weights = dir.resolve("weights.safetensors");
        Files.write(weights, new byte[] {12, 0, 0, 0, 0, 0, 0, 0, '{', '"', 'a', '"', ':', '1', '}', ' '});
        Path model = dir.resolve("model.onnx");
        CliTest.Run r = CliTest.run("export", "--weights", weights.toString(), "--format", "onnx", "--out",
                model.toString());
        assertOneSentence(r);
        assertFalse(Files.exists(model));
        try (Stream<Path> files = Files.list(dir)) {
            assertEquals(List.of(weights), files.toList(), "nothing but the weights, no temporary file either");
        }

        r = CliTest.run("export", "--weights", dir.resolve("missing.safetensors").toString(), "--out",
                model.toString());
        assertOneSentence(r);
        assertTrue(r.err().contains("No such weights file"), r.err());
        assertFalse(Files.exists(model));

        r = CliTest.run("export", "--weights", weights.toString(), "--format", "tflite", "--out", model.toString());
        assertOneSentence(r);
        assertTrue(r.err().contains("Unknown export format \"tflite\""), r.err());
    }

    private static void assertOneSentence(CliTest.Run r) {
        assertEquals(2, r.code(), r.err());
        String e = r.err().strip();
        assertFalse(e.contains("\n"), "one line expected: " + e);
        assertFalse(e.contains("Exception") || e.contains("\tat "), "no stack trace: " + e);
        assertTrue(e.startsWith("blocknas: ") && e.endsWith("."), e);
    }

    private static Map<String, String> metadata(ModelProto m) {
        Map<String, String> meta = new HashMap<>();
        for (StringStringEntryProto p : m.getMetadataPropsList()) meta.put(p.getKey(), p.getValue());
        return meta;
    }
}
