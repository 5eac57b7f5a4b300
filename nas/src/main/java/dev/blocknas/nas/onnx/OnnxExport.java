package dev.blocknas.nas.onnx;

import dev.blocknas.layers.arch.Architecture;
import dev.blocknas.layers.arch.CellSpec;
import dev.blocknas.layers.arch.Network;
import dev.blocknas.layers.data.InputSpec;
import dev.blocknas.layers.io.AtomicFiles;
import dev.blocknas.layers.nn.Activation;
import dev.blocknas.layers.nn.BatchNorm2d;
import dev.blocknas.layers.nn.Conv2d;
import dev.blocknas.layers.nn.DepthwiseConv2d;
import dev.blocknas.layers.nn.Identity;
import dev.blocknas.layers.nn.Linear;
import dev.blocknas.layers.nn.MBConv;
import dev.blocknas.layers.nn.Module;
import dev.blocknas.layers.nn.Parameter;
import dev.blocknas.layers.nn.Sequential;
import dev.blocknas.nas.onnx.OnnxGraph.Attr;
import dev.blocknas.nas.onnx.proto.Onnx.ModelProto;
import dev.blocknas.nas.onnx.proto.Onnx.OperatorSetIdProto;
import dev.blocknas.nas.onnx.proto.Onnx.StringStringEntryProto;
import dev.blocknas.tensor.Tensor;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Writes a network as an ONNX model (opset {@value #OPSET}) for inference anywhere ONNX runs.
 *
 * <p>The graph takes {@value #INPUT} [batch, C, H, W]: pixels in [0, 1], any batch size; it normalises
 * them per channel as training did ((x - mean) / std, the first two nodes) and returns {@value #OUTPUT}
 * [batch, classes], whose softmax is the class probabilities. Batch norms stay BatchNormalization nodes in
 * inference mode with the running statistics, dropout is left out. The model's metadata records the
 * architecture string and everything {@link InputSpec#toMetadata()} says (mean, std, size, class names).
 */
public final class OnnxExport {
    /** The operator set the graph is written for. */
    public static final int OPSET = 17;
    /** The ONNX IR version of opset 17. */
    static final int IR_VERSION = 8;
    /** The graph's input and output names. */
    public static final String INPUT = "input";
    public static final String OUTPUT = "logits";
    private static final String BATCH = "batch";

    private OnnxExport() {}

    /** The model of {@code net} (its weights as they are now) for images described by {@code input}. */
    public static ModelProto model(Network net, InputSpec input) {
        Architecture arch = net.architecture();
        if (input.channels() != net.layout().inChannels()) {
            throw new IllegalArgumentException("The input has " + input.channels() + " channels but the network takes "
                    + net.layout().inChannels() + ".");
        }
        int classes = net.head().numClasses();
        Emitter e = new Emitter(new OnnxGraph("blocknas"));
        e.graph.input(INPUT, new Long[] {null, (long) input.channels(), (long) input.height(), (long) input.width()},
                BATCH);
        long[] perChannel = {1, input.channels(), 1, 1};
        String x = e.graph.node("Sub", "normalize.sub", INPUT,
                e.graph.constant("normalize.mean", input.stats().mean(), perChannel));
        x = e.graph.node("Div", "normalize", x, e.graph.constant("normalize.std", input.stats().std(), perChannel));

        Map<String, Module> top = net.namedChildren();
        if (arch.hasStem()) {
            Map<String, Module> stem = top.get("stem").namedChildren();
            x = e.act(e.bn(e.conv(x, "stem.conv", (Conv2d) stem.get("conv")), "stem.bn", (BatchNorm2d) stem.get("bn")),
                    arch.stem().activation(), "stem");
        }
        for (int i = 0; i < arch.stages().size(); i++) {
            Sequential stage = (Sequential) net.blocks().get(i);
            List<CellSpec> cells = arch.stages().get(i);
            for (int j = 0; j < cells.size(); j++) {
                Module cell = stage.get(j);
                if (cell instanceof MBConv m) {
                    x = e.mbconv(x, "blocks." + i + "." + j, m);
                } else if (!(cell instanceof Identity)) {
                    throw new IllegalStateException("no ONNX form for cell " + cell);
                }
            }
        }
        Map<String, Module> head = top.get("head").namedChildren();
        if (head.containsKey("conv")) {
            x = e.act(e.bn(e.conv(x, "head.conv", (Conv2d) head.get("conv")), "head.bn", (BatchNorm2d) head.get("bn")),
                    arch.head().activation(), "head");
        }
        x = e.graph.node("GlobalAveragePool", "head.pool", x);
        x = e.graph.node("Flatten", "head.flatten", new Attr[] {Attr.integer("axis", 1)}, x);
        Linear fc = (Linear) head.get("classifier");
        String w = e.weight("head.classifier.weight", fc.weight());
        String out = fc.bias() == null
                ? e.graph.node("Gemm", OUTPUT, new Attr[] {Attr.integer("transB", 1)}, x, w)
                : e.graph.node("Gemm", OUTPUT, new Attr[] {Attr.integer("transB", 1)}, x, w,
                        e.weight("head.classifier.bias", fc.bias()));
        e.graph.output(out, new Long[] {null, (long) classes}, BATCH);

        String doc = "blocknas network " + arch + ". Input \"" + INPUT + "\": float [batch, " + input.channels() + ", "
                + input.height() + ", " + input.width()
                + "], pixels in [0, 1] (normalised inside the graph by input_mean"
                + " and input_std). Output \"" + OUTPUT + "\": float [batch, " + classes
                + "]; softmax gives the class probabilities.";
        ModelProto.Builder model = ModelProto.newBuilder()
                .setIrVersion(IR_VERSION)
                .addOpsetImport(OperatorSetIdProto.newBuilder().setDomain("").setVersion(OPSET))
                .setProducerName("blocknas")
                .setProducerVersion(producerVersion())
                .setDomain("dev.blocknas")
                .setModelVersion(1)
                .setDocString(doc)
                .setGraph(e.graph.build(doc));
        Map<String, String> meta = new LinkedHashMap<>();
        meta.put("architecture", arch.toString());
        meta.putAll(input.toMetadata());
        meta.put("input_range", "pixels in [0, 1], normalised inside the graph");
        meta.put("output", "logits; softmax gives the class probabilities");
        for (Map.Entry<String, String> m : meta.entrySet()) {
            model.addMetadataProps(StringStringEntryProto.newBuilder().setKey(m.getKey()).setValue(m.getValue()));
        }
        return model.build();
    }

    /**
     * Writes the model of {@code net} to {@code file}, never half-written: through a temporary file that
     * replaces {@code file} only when complete.
     *
     * @throws java.io.UncheckedIOException with one sentence when the file cannot be written
     */
    public static void write(Network net, InputSpec input, Path file) {
        AtomicFiles.write(file, model(net, input).toByteArray());
    }

    private static String producerVersion() {
        String v = OnnxExport.class.getPackage().getImplementationVersion();
        return v == null ? "development" : v;
    }

    /** Emits the nodes of each layer kind. */
    private static final class Emitter {
        final OnnxGraph graph;
        private String relu6Min;
        private String relu6Max;

        Emitter(OnnxGraph graph) {
            this.graph = graph;
        }

        String weight(String name, Parameter p) {
            return tensor(name, p.tensor());
        }

        String tensor(String name, Tensor t) {
            int[] shape = t.shape().toArray();
            long[] dims = new long[shape.length];
            for (int i = 0; i < shape.length; i++) dims[i] = shape[i];
            return graph.constant(name, t.toArray(), dims);
        }

        String conv(String x, String name, Conv2d c) {
            return conv(x, name, weight(name + ".weight", c.weight()),
                    c.bias() == null ? null : weight(name + ".bias", c.bias()),
                    c.kernel(), c.stride(), c.padding(), c.groups());
        }

        String conv(String x, String name, String w, String b, int k, int stride, int pad, int groups) {
            Attr[] attrs = {Attr.ints("kernel_shape", k, k), Attr.ints("strides", stride, stride),
                    Attr.ints("pads", pad, pad, pad, pad),
                    Attr.integer("group", groups)};
            return b == null ? graph.node("Conv", name, attrs, x, w) : graph.node("Conv", name, attrs, x, w, b);
        }

        String bn(String x, String name, BatchNorm2d bn) {
            return graph.node("BatchNormalization", name, new Attr[] {Attr.real("epsilon", bn.eps())}, x,
                    weight(name + ".weight", bn.weight()), weight(name + ".bias", bn.bias()),
                    tensor(name + ".running_mean", bn.runningMean()), tensor(name + ".running_var", bn.runningVar()));
        }

        String act(String x, Activation a, String name) {
            return switch (a) {
                case RELU -> graph.node("Relu", name + ".relu", x);
                case RELU6 -> {
                    if (relu6Min == null) {
                        relu6Min = graph.constant("relu6.min", new float[] {0f});
                        relu6Max = graph.constant("relu6.max", new float[] {6f});
                    }
                    yield graph.node("Clip", name + ".relu6", x, relu6Min, relu6Max);
                }
                case SWISH -> graph.node("Mul", name + ".swish", x, graph.node("Sigmoid", name + ".sigmoid", x));
                case HARD_SWISH -> graph.node("HardSwish", name + ".hswish", x);
                case SIGMOID -> graph.node("Sigmoid", name + ".sigmoid", x);
                case IDENTITY -> x;
                // An activation added to Activation alone trains and searches; export says what it lacks.
                default -> throw new IllegalArgumentException(
                        "ONNX export has no lowering for the activation " + a.token()
                                + " yet: add one to OnnxExport.act.");
            };
        }

        String mbconv(String x, String name, MBConv m) {
            Map<String, Module> parts = m.namedChildren();
            Activation a = m.activation();
            String h = x;
            if (parts.containsKey("conv_pw")) {
                h = act(bn(conv(h, name + ".conv_pw", (Conv2d) parts.get("conv_pw")), name + ".bn1",
                        (BatchNorm2d) parts.get("bn1")),
                        a, name + ".bn1");
            }
            DepthwiseConv2d dw = (DepthwiseConv2d) parts.get("conv_dw");
            String dwName = name + ".conv_dw";
            h = conv(h, dwName, weight(dwName + ".weight", dw.weight()),
                    dw.bias() == null ? null : weight(dwName + ".bias", dw.bias()),
                    dw.kernel(), dw.stride(), dw.padding(), dw.channels());
            h = act(bn(h, name + ".bn2", (BatchNorm2d) parts.get("bn2")), a, name + ".bn2");
            if (parts.containsKey("se")) {
                Map<String, Module> se = parts.get("se").namedChildren();
                String s = graph.node("GlobalAveragePool", name + ".se.pool", h);
                s = act(conv(s, name + ".se.conv_reduce", (Conv2d) se.get("conv_reduce")), a, name + ".se");
                String gate = graph.node("Sigmoid", name + ".se.gate",
                        conv(s, name + ".se.conv_expand", (Conv2d) se.get("conv_expand")));
                h = graph.node("Mul", name + ".se", h, gate);
            }
            h = bn(conv(h, name + ".conv_pwl", (Conv2d) parts.get("conv_pwl")), name + ".bn3",
                    (BatchNorm2d) parts.get("bn3"));
            return m.hasResidual() ? graph.node("Add", name, h, x) : h;
        }
    }
}
