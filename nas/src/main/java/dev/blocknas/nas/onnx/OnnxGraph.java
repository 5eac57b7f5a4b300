package dev.blocknas.nas.onnx;

import com.google.protobuf.ByteString;
import dev.blocknas.nas.onnx.proto.Onnx.AttributeProto;
import dev.blocknas.nas.onnx.proto.Onnx.GraphProto;
import dev.blocknas.nas.onnx.proto.Onnx.NodeProto;
import dev.blocknas.nas.onnx.proto.Onnx.TensorProto;
import dev.blocknas.nas.onnx.proto.Onnx.TensorShapeProto;
import dev.blocknas.nas.onnx.proto.Onnx.TypeProto;
import dev.blocknas.nas.onnx.proto.Onnx.ValueInfoProto;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.HashMap;
import java.util.Map;

/**
 * An ONNX graph being assembled in topological order: nodes, float initializers and fresh value names.
 * Values are named after the blocknas module that makes them ({@code blocks.1.0.conv_dw}), so a model
 * viewer shows the same names as the weight file.
 */
final class OnnxGraph {
    private final GraphProto.Builder graph;
    private final Map<String, Integer> uses = new HashMap<>();

    OnnxGraph(String name) {
        graph = GraphProto.newBuilder().setName(name);
    }

    /** A value name not used before, derived from {@code base}. */
    String fresh(String base) {
        int n = uses.merge(base, 1, Integer::sum);
        return n == 1 ? base : base + "_" + n;
    }

    /**
     * Adds a float constant; raw little-endian bytes, as the format prefers for anything larger than a few
     * values. Returns its name.
     */
    String constant(String name, float[] values, long... dims) {
        ByteBuffer bytes = ByteBuffer.allocate(values.length * Float.BYTES).order(ByteOrder.LITTLE_ENDIAN);
        bytes.asFloatBuffer().put(values);
        String n = fresh(name);
        TensorProto.Builder t = TensorProto.newBuilder().setName(n).setDataType(TensorProto.DataType.FLOAT_VALUE)
                .setRawData(ByteString.copyFrom(bytes.array()));
        for (long d : dims) t.addDims(d);
        graph.addInitializer(t);
        return n;
    }

    /** Adds a node with one output named after {@code name}; returns the output's name. */
    String node(String opType, String name, Attr[] attributes, String... inputs) {
        String out = fresh(name);
        NodeProto.Builder n = NodeProto.newBuilder().setOpType(opType).setName(out).addOutput(out);
        for (String in : inputs) n.addInput(in);
        for (Attr a : attributes) n.addAttribute(a.proto());
        graph.addNode(n);
        return out;
    }

    /** A node without attributes. */
    String node(String opType, String name, String... inputs) {
        return node(opType, name, new Attr[0], inputs);
    }

    /** Declares a float graph input; a null dimension is symbolic, named by the matching {@code symbols} entry. */
    void input(String name, Long[] dims, String... symbols) {
        graph.addInput(valueInfo(name, dims, symbols));
    }

    /** Declares a float graph output. */
    void output(String name, Long[] dims, String... symbols) {
        graph.addOutput(valueInfo(name, dims, symbols));
    }

    GraphProto build(String doc) {
        return graph.setDocString(doc).build();
    }

    private static ValueInfoProto valueInfo(String name, Long[] dims, String[] symbols) {
        TensorShapeProto.Builder shape = TensorShapeProto.newBuilder();
        int symbol = 0;
        for (Long d : dims) {
            shape.addDim(d == null
                    ? TensorShapeProto.Dimension.newBuilder().setDimParam(symbols[symbol++])
                    : TensorShapeProto.Dimension.newBuilder().setDimValue(d));
        }
        TypeProto type = TypeProto.newBuilder().setTensorType(
                TypeProto.Tensor.newBuilder().setElemType(TensorProto.DataType.FLOAT_VALUE).setShape(shape)).build();
        return ValueInfoProto.newBuilder().setName(name).setType(type).build();
    }

    /** A node attribute. */
    record Attr(AttributeProto proto) {
        static Attr ints(String name, long... values) {
            AttributeProto.Builder a = AttributeProto.newBuilder().setName(name)
                    .setType(AttributeProto.AttributeType.INTS);
            for (long v : values) a.addInts(v);
            return new Attr(a.build());
        }

        static Attr integer(String name, long value) {
            return new Attr(AttributeProto.newBuilder().setName(name).setType(AttributeProto.AttributeType.INT)
                    .setI(value).build());
        }

        static Attr real(String name, float value) {
            return new Attr(AttributeProto.newBuilder().setName(name).setType(AttributeProto.AttributeType.FLOAT)
                    .setF(value).build());
        }
    }
}
