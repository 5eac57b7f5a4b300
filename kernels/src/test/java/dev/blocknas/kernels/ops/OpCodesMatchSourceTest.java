package dev.blocknas.kernels.ops;

import dev.blocknas.tensor.BinaryOp;
import dev.blocknas.tensor.PoolKind;
import dev.blocknas.tensor.ReduceOp;
import dev.blocknas.tensor.UnaryOp;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** The Java op codes equal the constants the CUDA sources switch on. */
class OpCodesMatchSourceTest {
    private static final Path CUDA = Path.of("src/main/cuda");

    private static int constant(String source, String name) {
        Matcher m = Pattern.compile("\\b" + name + "\\s*(?:=\\s*|\\s+)(\\d+)").matcher(source);
        if (!m.find()) throw new AssertionError(name + " is not defined in the CUDA source");
        return Integer.parseInt(m.group(1));
    }

    @Test
    void unaryBinaryReduceAndPoolCodesMatch() throws IOException {
        String ops = Files.readString(CUDA.resolve("elementwise_ops.cuh"));
        for (UnaryOp op : UnaryOp.values())
            assertEquals(constant(ops, "UNARY_" + op.name()), OpCodes.unary(op), op.name());
        for (BinaryOp op : BinaryOp.values())
            assertEquals(constant(ops, "BINARY_" + op.name()), OpCodes.binary(op), op.name());
        String reduce = Files.readString(CUDA.resolve("reduce.cu"));
        for (ReduceOp op : ReduceOp.values())
            assertEquals(constant(reduce, "REDUCE_" + op.name()), OpCodes.reduce(op), op.name());
        String pool = Files.readString(CUDA.resolve("pooling.cu"));
        for (PoolKind k : PoolKind.values())
            assertEquals(constant(pool, "POOL_" + k.name()), OpCodes.pool(k), k.name());
    }
}
