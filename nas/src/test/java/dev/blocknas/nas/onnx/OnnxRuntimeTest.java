package dev.blocknas.nas.onnx;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtSession;
import dev.blocknas.layers.arch.Network;
import dev.blocknas.layers.arch.NetworkBuilder;
import dev.blocknas.layers.data.ChannelStats;
import dev.blocknas.layers.data.InputSpec;
import dev.blocknas.layers.nn.BatchNorm2d;
import dev.blocknas.nas.onnx.proto.Onnx.ModelProto;
import dev.blocknas.tensor.Autograd;
import dev.blocknas.tensor.Device;
import dev.blocknas.tensor.Rng;
import dev.blocknas.tensor.Scope;
import dev.blocknas.tensor.Tensor;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.nio.FloatBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * ONNX Runtime, a peer that shares no code with blocknas, runs the exported model and must reproduce
 * blocknas's own logits on the same images.
 */
class OnnxRuntimeTest {
    private static final double TOLERANCE = 1e-4;
    private static OrtEnvironment env;

    @BeforeAll
    static void start() {
        env = OrtEnvironment.getEnvironment();
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = ';', value = {
            // swish (the default), residual cells, stride 2 in stem and cell
            "stem_c8_s2/ir_k3_e3_c8_s1-ir_k5_e2_c16_s2/head_c32; 1; 28",
            // squeeze-excite, relu, a skip cell, expansion 1 (no conv_pw)
            "stem_c8_s1_relu/ir_k3_e4_c12_s2_se0.25_relu-skip/ir_k7_e1_c12_s1_relu/head_c24_relu; 1; 16",
            // relu6 with squeeze-excite
            "stem_c8_s2_relu6/ir_k5_e6_c16_s2_relu6-ir_k3_e3_c16_s1_se0.25_relu6/head_c32_relu6; 3; 16",
            // hard swish, a skip between two cells, squeeze-excite 0.5
            "stem_c8_s2_hswish/ir_k3_e3_c16_s1_se0.5_hswish-skip-ir_k5_e3_c16_s1_hswish/head_c32_hswish; 1; 20",
            // no stem and no head: the first cell reads the image, the classifier the last cell
            "ir_k3_e2_c8_s2-skip/ir_k5_e3_c16_s2_se0.25; 3; 16",
            // the README's shape of network, with mixed activations
            "stem_c16_s2/ir_k7_e6_c24_s1/ir_k5_e6_c40_s2_se0.25-skip/ir_k3_e3_c40_s1_relu6/head_c64_hswish; 1; 28"})
    void onnxRuntimeReproducesTheLogits(String arch, int channels, int size) throws Exception {
        int classes = 10;
        try (Network net = NetworkBuilder.build(arch, channels, classes, new Rng(7), Device.CPU)) {
            randomizeStatistics(net, new Random(11));
            net.eval();
            InputSpec input = spec(channels, size, classes);
            ModelProto model = OnnxExport.model(net, input);
            assertTrue(model.getOpsetImport(0).getVersion() >= 17);

            int n = 5;
            float[] pixels = new float[n * channels * size * size];
            Random r = new Random(arch.hashCode());
            for (int i = 0; i < pixels.length; i++) pixels[i] = r.nextFloat();
            float[][] ours = blocknasLogits(net, input, pixels, n);
            assertTrue(spread(ours) > 1000 * TOLERANCE,
                    "logits this close together would make the comparison meaningless");

            try (OrtSession.SessionOptions opts = new OrtSession.SessionOptions()) {
                opts.setIntraOpNumThreads(1);
                try (OrtSession session = env.createSession(model.toByteArray(), opts)) {
                    Map<String, String> meta = session.getMetadata().getCustomMetadata();
                    assertEquals(net.architecture().toString(), meta.get("architecture"));
                    assertEquals(input.toMetadata().get(InputSpec.MEAN), meta.get(InputSpec.MEAN));
                    float[][] theirs = run(session, pixels, new long[] {n, channels, size, size});
                    double maxDiff = compare(ours, theirs);
                    System.out.printf("max |logit difference| %.3g for %s%n", maxDiff, arch);
                    // the batch dimension is symbolic: one image alone gives the first row
                    float[][] single = run(session, java.util.Arrays.copyOf(pixels, channels * size * size),
                            new long[] {1, channels, size, size});
                    compare(new float[][] {ours[0]}, single);
                }
            }
        }
    }

    private static InputSpec spec(int channels, int size, int classes) {
        float[] mean = new float[channels];
        float[] std = new float[channels];
        for (int c = 0; c < channels; c++) {
            mean[c] = 0.4f + 0.05f * c;
            std[c] = 0.25f + 0.02f * c;
        }
        List<String> names = new ArrayList<>();
        for (int c = 0; c < classes; c++) names.add("class " + c);
        return new InputSpec("test", channels, size, size, new ChannelStats(mean, std), names);
    }

    /** Fresh batch norms are the identity in eval mode, which would hide a wrong statistic; make every one matter. */
    private static void randomizeStatistics(Network net, Random rng) {
        for (BatchNorm2d bn : net.modules(BatchNorm2d.class)) {
            int c = bn.channels();
            bn.weight().tensor().copyFrom(uniform(rng, c, 0.5f, 1.5f));
            bn.bias().tensor().copyFrom(uniform(rng, c, -0.3f, 0.3f));
            bn.runningMean().copyFrom(uniform(rng, c, -0.3f, 0.3f));
            bn.runningVar().copyFrom(uniform(rng, c, 0.5f, 2f));
        }
        net.stateDict().forEach((name, t) -> {
            if (name.endsWith("se.conv_reduce.bias") || name.endsWith("se.conv_expand.bias")
                    || name.equals("head.classifier.bias")) {
                t.copyFrom(uniform(rng, t.numel(), -0.3f, 0.3f));
            }
        });
    }

    private static float[] uniform(Random rng, int n, float low, float high) {
        float[] v = new float[n];
        for (int i = 0; i < n; i++) v[i] = low + (high - low) * rng.nextFloat();
        return v;
    }

    private static float[][] blocknasLogits(Network net, InputSpec input, float[] pixels, int n) {
        float[] x = pixels.clone();
        int per = input.channels() * input.height() * input.width();
        for (int i = 0; i < n; i++) input.normalize(x, i * per);
        try (Autograd.Mode ng = Autograd.noGrad(); Scope scope = Scope.open()) {
            Tensor logits = net.forward(Tensor.of(Device.CPU, x, n, input.channels(), input.height(), input.width()));
            float[] flat = logits.toArray();
            int classes = logits.dim(1);
            float[][] out = new float[n][classes];
            for (int i = 0; i < n; i++) System.arraycopy(flat, i * classes, out[i], 0, classes);
            return out;
        }
    }

    private static float[][] run(OrtSession session, float[] pixels, long[] shape) throws Exception {
        try (OnnxTensor t = OnnxTensor.createTensor(env, FloatBuffer.wrap(pixels), shape);
                OrtSession.Result result = session.run(Map.of(OnnxExport.INPUT, t))) {
            return (float[][]) result.get(0).getValue();
        }
    }

    /** Asserts the same shape, logits within the tolerance and the same top class; returns the largest difference. */
    private static double compare(float[][] ours, float[][] theirs) {
        assertEquals(ours.length, theirs.length);
        double max = 0;
        for (int i = 0; i < ours.length; i++) {
            assertEquals(ours[i].length, theirs[i].length);
            for (int k = 0; k < ours[i].length; k++) max = Math.max(max, Math.abs(ours[i][k] - theirs[i][k]));
            assertEquals(argmax(ours[i]), argmax(theirs[i]), "top class of image " + i);
        }
        assertTrue(max < TOLERANCE, "max |logit difference| " + max);
        return max;
    }

    private static double spread(float[][] logits) {
        double lo = Double.MAX_VALUE;
        double hi = -Double.MAX_VALUE;
        for (float[] row : logits) {
            for (float v : row) {
                lo = Math.min(lo, v);
                hi = Math.max(hi, v);
            }
        }
        return hi - lo;
    }

    private static int argmax(float[] v) {
        int best = 0;
        for (int i = 1; i < v.length; i++) if (v[i] > v[best]) best = i;
        return best;
    }
}
