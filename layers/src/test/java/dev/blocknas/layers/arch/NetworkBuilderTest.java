package dev.blocknas.layers.arch;

import dev.blocknas.layers.io.Safetensors;
import dev.blocknas.layers.io.TensorFile;
import dev.blocknas.layers.nn.MBConv;
import dev.blocknas.layers.nn.StateDictMismatchException;
import dev.blocknas.tensor.Device;
import dev.blocknas.tensor.Rng;
import dev.blocknas.tensor.Scope;
import dev.blocknas.tensor.Shape;
import dev.blocknas.tensor.Tensor;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class NetworkBuilderTest {
    private static final Device CPU = Device.CPU;

    /** EfficientNet-B0 in the string form. */
    static final String B0 = "stem_c32_s2/ir_k3_e1_c16_s1_se0.25"
            + "/ir_k3_e6_c24_s2_se0.25-ir_k3_e6_c24_s1_se0.25"
            + "/ir_k5_e6_c40_s2_se0.25-ir_k5_e6_c40_s1_se0.25"
            + "/ir_k3_e6_c80_s2_se0.25-ir_k3_e6_c80_s1_se0.25-ir_k3_e6_c80_s1_se0.25"
            + "/ir_k5_e6_c112_s1_se0.25-ir_k5_e6_c112_s1_se0.25-ir_k5_e6_c112_s1_se0.25"
            + "/ir_k5_e6_c192_s2_se0.25-ir_k5_e6_c192_s1_se0.25-ir_k5_e6_c192_s1_se0.25-ir_k5_e6_c192_s1_se0.25"
            + "/ir_k3_e6_c320_s1_se0.25/head_c1280";

    @Test
    void parameterCountFromTheStringEqualsTheBuiltNetworks() {
        List<String> archs = List.of(
                ArchitectureCodecTest.EXAMPLE,
                "ir_k3_e1_c16_s1", // no stem, no head, expansion 1
                "ir_k5_e1_c7_s2_se0.25-ir_k3_e3_c7_s1_se0.5/head_c20_relu", // SE from an odd input width (3 -> round(0.75))
                "stem_c10_s2/ir_k3_e1_c10_s1_se0.25-skip/ir_k7_e4_c18_s2_se0.25-skip-ir_k3_e6_c18_s1_hswish",
                "stem_c8_s1_relu6/ir_k3_e6_c8_s1_relu6-ir_k5_e3_c12_s2_relu6/ir_k7_e6_c12_s1_se0.25/head_c40_relu6");
        Rng rng = new Rng(1);
        for (String s : archs) {
            try (Network n = NetworkBuilder.build(s, 3, 10, rng, CPU)) {
                assertEquals(ParameterCount.of(s, 3, 10), n.parameterCount(), s);
            }
        }
    }

    @Test
    void efficientNetB0HasItsPublishedParameterCountAndFlops() {
        assertEquals(5_288_548L, ParameterCount.of(B0, 3, 1000),
                "torchvision/timm efficientnet_b0: 5,288,548 parameters");
        try (Network n = NetworkBuilder.build(B0, 3, 1000, new Rng(2), CPU)) {
            assertEquals(5_288_548L, n.parameterCount());
            assertEquals(B0, n.architecture().toString());
        }
        long macs = Flops.of(B0, 3, 1000, 224);
        assertTrue(macs > 380_000_000L && macs < 400_000_000L,
                "EfficientNet-B0 is about 0.39 G multiply-adds, got " + macs);
    }

    @Test
    void flopsOfOneCellByHand() {
        // 16 -> 24, k3, e6, s2 at 8x8 with SE 0.25 (rd = 4): expand 8*8*96*16, depthwise 4*4*96*9, SE 2*96*4, project 4*4*24*96
        CellSpec c = CellSpec.ir(3, 6, 24, 2, 0.25, dev.blocknas.layers.nn.Activation.SWISH);
        assertEquals(8 * 8 * 96 * 16 + 4 * 4 * 96 * 9 + 2 * 96 * 4 + 4 * 4 * 24 * 96, Flops.cell(16, c, 8, 8));
        assertEquals(0, Flops.cell(16, CellSpec.SKIP, 8, 8));
        // stem 3 -> 8 s2 on 9x9 gives 5x5; head 8 -> 16 at 5x5 then 16 x 10 classifier
        assertEquals(5 * 5 * 8 * 3 * 9 + 5 * 5 * 16 * 8 + 16 * 10, Flops.of("stem_c8_s2/head_c16", 3, 10, 9));
    }

    @Test
    void namesFollowStemBlocksHead() {
        try (Network n = NetworkBuilder.build(ArchitectureCodecTest.EXAMPLE, 3, 10, new Rng(3), CPU)) {
            List<String> names = List.copyOf(n.namedParameters().keySet());
            assertEquals("stem.conv.weight", names.get(0));
            assertTrue(names.contains("blocks.0.0.conv_dw.weight"));
            assertTrue(names.contains("blocks.1.1.se.conv_reduce.bias"));
            assertEquals(Shape.of(72, 1, 5, 5), n.namedParameters().get("blocks.1.1.conv_dw.weight").shape());
            assertEquals(
                    List.of("head.conv.weight", "head.bn.weight", "head.bn.bias", "head.classifier.weight",
                            "head.classifier.bias"),
                    names.subList(names.size() - 5, names.size()));
            assertEquals(List.of("stem", "blocks", "head"), List.copyOf(n.namedChildren().keySet()));
        }
        try (Network n = NetworkBuilder.build("ir_k3_e1_c16_s2", 3, 5, new Rng(3), CPU)) {
            assertEquals(List.of("blocks", "head"), List.copyOf(n.namedChildren().keySet()));
            assertEquals(Shape.of(5, 16), n.namedParameters().get("head.classifier.weight").shape());
        }
    }

    @Test
    void forwardGivesLogitsAndStagesCanRunAlone() {
        Rng rng = new Rng(4);
        try (Network n = NetworkBuilder.build("stem_c8_s2/ir_k3_e1_c8_s1_se0.25/ir_k5_e3_c16_s2-skip/head_c32", 3, 7,
                rng, CPU);
                Scope ignored = Scope.open()) {
            Tensor x = Tensor.randn(rng, CPU, 2, 3, 16, 16);
            assertEquals(Shape.of(2, 7), n.forward(x).shape());
            Tensor s = n.stemForward(x);
            assertEquals(Shape.of(2, 8, 8, 8), s.shape());
            assertEquals(Shape.of(2, 16, 4, 4), n.forwardStages(s, 0, 2).shape());
            assertEquals(Shape.of(2, 16, 4, 4), n.features(x).shape());
            n.eval();
            assertArrayEquals(n.forward(x).toArray(), n.head().forward(n.features(x)).toArray(), 0f);
        }
    }

    @Test
    void oneSeedGivesOneNetworkAndDropConnectGrowsWithDepth() {
        NetworkBuilder.Options o = NetworkBuilder.Options.DEFAULT.withDropout(0.2f, 0.2);
        try (Network a = NetworkBuilder.build(Architecture.parse(ArchitectureCodecTest.EXAMPLE), 3, 10, o, new Rng(5),
                CPU);
                Network b = NetworkBuilder.build(Architecture.parse(ArchitectureCodecTest.EXAMPLE), 3, 10, o,
                        new Rng(5), CPU)) {
            for (var e : a.stateDict().entrySet()) {
                assertArrayEquals(e.getValue().toArray(), b.stateDict().get(e.getKey()).toArray(), 0f, e.getKey());
            }
            List<MBConv> cells = a.modules(MBConv.class);
            assertEquals(List.of(0.0, 0.2 / 3, 0.4 / 3), cells.stream().map(MBConv::dropConnect).toList());
        }
    }

    @TempDir
    Path dir;

    @Test
    void weightsSaveAndLoadWithTheArchitectureAsMetadata() throws Exception {
        Path f = dir.resolve("weights.safetensors");
        try (Network a = NetworkBuilder.build(ArchitectureCodecTest.EXAMPLE, 3, 10, new Rng(6), CPU);
                Network b = NetworkBuilder.build(ArchitectureCodecTest.EXAMPLE, 3, 10, new Rng(7), CPU)) {
            a.save(f);
            b.load(f);
            for (var e : a.stateDict().entrySet()) {
                assertArrayEquals(e.getValue().toArray(), b.stateDict().get(e.getKey()).toArray(), 0f, e.getKey());
            }
            try (TensorFile t = Safetensors.read(f)) {
                assertEquals(ArchitectureCodecTest.EXAMPLE, t.metadata().get("architecture"));
                assertEquals("pt", t.metadata().get("format"));
                assertEquals(List.copyOf(a.stateDict().keySet()), List.copyOf(t.tensors().keySet()));
            }
        }
        String other = "stem_c32_s2/ir_k3_e1_c16_s1_se0.25/ir_k5_e6_c24_s2_se0.25-ir_k5_e3_c24_s1_se0.25/head_c1280";
        try (Network c = NetworkBuilder.build(other, 3, 10, new Rng(8), CPU)) {
            var e = assertThrows(StateDictMismatchException.class, () -> c.load(f));
            assertEquals(
                    "weights.safetensors does not fit this network: blocks.1.0.conv_dw.weight has shape [96, 1, 3, 3] in the file"
                            + " but [96, 1, 5, 5] in the network.",
                    e.getMessage());
        }
        try (Network fewer = NetworkBuilder.build(
                "stem_c32_s2/ir_k3_e1_c16_s1_se0.25/ir_k3_e6_c24_s2_se0.25/head_c1280", 3, 10, new Rng(9), CPU)) {
            var e = assertThrows(StateDictMismatchException.class, () -> fewer.load(f));
            assertEquals(
                    "weights.safetensors does not fit this network: blocks.1.1.conv_pw.weight in the file has no place in the network"
                            + " (and 18 more such tensors).",
                    e.getMessage());
        }
        try (Network more = NetworkBuilder.build(
                ArchitectureCodecTest.EXAMPLE.replace("/head", "-ir_k3_e3_c24_s1/head"), 3, 10, new Rng(9), CPU)) {
            var e = assertThrows(StateDictMismatchException.class, () -> more.load(f));
            assertEquals("weights.safetensors does not fit this network: it has no blocks.1.2.conv_pw.weight"
                    + " (and 14 more tensors the network needs).", e.getMessage());
        }
    }
}
