package dev.blocknas.tensor.ops;

import dev.blocknas.tensor.Device;
import dev.blocknas.tensor.Rng;
import dev.blocknas.tensor.Tensor;
import dev.blocknas.tensor.testing.GradCheck;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.function.Function;
import java.util.stream.Stream;

/**
 * Every op's gradient against central finite differences, on odd shapes, strides, padding, dilation and groups.
 * The table runs on {@link #device()}: the CPU here, CUDA in the {@code gpu} subclass of the kernels' tests.
 */
public class OpGradientTest {

    /** How input values are drawn: some ops need positive inputs or values away from kinks. */
    enum Values {
        ANY,
        POSITIVE,
        AWAY_FROM_KINKS
    }

    record Case(String name, List<int[]> shapes, List<Values> values, Function<List<Tensor>, Tensor> f) {
        @Override
        public String toString() {
            return name;
        }
    }

    private static Case c(String name, Function<List<Tensor>, Tensor> f, int[]... shapes) {
        List<Values> v = new ArrayList<>();
        for (int i = 0; i < shapes.length; i++) v.add(Values.ANY);
        return new Case(name, List.of(shapes), v, f);
    }

    private static Case c(String name, List<Values> values, Function<List<Tensor>, Tensor> f, int[]... shapes) {
        return new Case(name, List.of(shapes), values, f);
    }

    private static int[] s(int... d) {
        return d;
    }

    /** The device every input, constant and probe of the table lives on. */
    protected Device device() {
        return Device.CPU;
    }

    static Stream<Case> cases() {
        List<Values> pos = List.of(Values.POSITIVE);
        List<Values> kinks = List.of(Values.AWAY_FROM_KINKS);
        return Stream.of(
                c("add broadcast", x -> x.get(0).add(x.get(1)), s(2, 3, 5), s(3, 1)),
                c("sub broadcast", x -> x.get(0).sub(x.get(1)), s(4, 1, 3), s(2, 3)),
                c("mul broadcast", x -> x.get(0).mul(x.get(1)), s(2, 3, 4, 5), s(1, 3, 1, 1)),
                c("div broadcast", List.of(Values.ANY, Values.POSITIVE), x -> x.get(0).div(x.get(1)), s(3, 5), s(5)),
                c("add scalar", x -> x.get(0).add(1.5f), s(7)),
                c("mul scalar", x -> x.get(0).mul(-2.5f), s(3, 3)),
                c("neg", x -> x.get(0).neg(), s(5, 2)),
                c("exp", x -> x.get(0).exp(), s(3, 4)),
                c("log", pos, x -> x.get(0).log(), s(3, 4)),
                c("sqrt", pos, x -> x.get(0).sqrt(), s(11)),
                c("pow", pos, x -> x.get(0).pow(2.5f), s(2, 5)),
                c("square", x -> x.get(0).square(), s(9)),
                c("abs", kinks, x -> x.get(0).abs(), s(9)),
                c("tanh", x -> x.get(0).tanh(), s(9)),
                c("relu", kinks, x -> x.get(0).relu(), s(3, 7)),
                c("relu6", kinks, x -> x.get(0).mul(4f).relu6(), s(3, 7)),
                c("sigmoid", x -> x.get(0).sigmoid(), s(3, 7)),
                c("silu", x -> x.get(0).silu(), s(3, 7)),
                c("hard swish", kinks, x -> x.get(0).mul(3f).hardSwish(), s(3, 7)),
                c("hard sigmoid", kinks, x -> x.get(0).mul(3f).hardSigmoid(), s(3, 7)),
                c("sum all", x -> x.get(0).sum(), s(3, 4, 5)),
                c("sum axes 0,2", x -> x.get(0).sum(new int[] {0, 2}, false), s(3, 4, 5)),
                c("mean axis -1 keepdim", x -> x.get(0).mean(new int[] {-1}, true), s(3, 4, 5)),
                c("max axis 1", x -> x.get(0).max(new int[] {1}, false), s(3, 6, 2)),
                c("matmul", x -> x.get(0).matmul(x.get(1)), s(3, 5), s(5, 4)),
                c("matmul batched", x -> x.get(0).matmul(x.get(1)), s(2, 3, 5), s(2, 5, 4)),
                c("matmul shared right", x -> x.get(0).matmul(x.get(1)), s(3, 2, 5), s(5, 4)),
                c("matmul shared left", x -> x.get(0).matmul(x.get(1)), s(2, 5), s(3, 5, 4)),
                c("linear", x -> Linalg.linear(x.get(0), x.get(1), x.get(2)), s(5, 7), s(3, 7), s(3)),
                c("conv2d stride 2 pad 1", x -> Convolutions.conv2d(x.get(0), x.get(1), x.get(2), 2, 1, 1, 1),
                        s(2, 3, 7, 6), s(4, 3, 3, 3), s(4)),
                c("conv2d 1x1", x -> Convolutions.conv2d(x.get(0), x.get(1), null, 1, 0, 1, 1), s(2, 5, 3, 3),
                        s(6, 5, 1, 1)),
                c("conv2d dilation 2", x -> Convolutions.conv2d(x.get(0), x.get(1), null, 1, 2, 2, 1), s(1, 2, 9, 7),
                        s(3, 2, 3, 3)),
                c("conv2d groups 2 k5", x -> Convolutions.conv2d(x.get(0), x.get(1), null, 1, 2, 1, 2), s(2, 4, 6, 5),
                        s(6, 2, 5, 5)),
                c("depthwise k3 s1", x -> Convolutions.depthwiseConv2d(x.get(0), x.get(1), 1, 1), s(2, 3, 7, 5),
                        s(3, 1, 3, 3)),
                c("depthwise k5 s2", x -> Convolutions.depthwiseConv2d(x.get(0), x.get(1), 2, 2), s(2, 3, 9, 8),
                        s(3, 1, 5, 5)),
                c("depthwise k7 s2", x -> Convolutions.depthwiseConv2d(x.get(0), x.get(1), 2, 3), s(1, 2, 11, 9),
                        s(2, 1, 7, 7)),
                c("depthwise via conv2d groups", x -> Convolutions.conv2d(x.get(0), x.get(1), null, 1, 1, 1, 3),
                        s(2, 3, 5, 5), s(3, 1, 3, 3)),
                c("batch norm train", x -> bn(x, true), s(3, 4, 3, 5), s(4), s(4)),
                c("batch norm eval", x -> bn(x, false), s(3, 4, 3, 5), s(4), s(4)),
                c("global avg pool", x -> Pooling.globalAvgPool(x.get(0)), s(2, 3, 5, 7)),
                c("avg pool k3 s2 p1", x -> Pooling.avgPool2d(x.get(0), 3, 2, 1), s(2, 2, 7, 6)),
                c("max pool k2 s2", x -> Pooling.maxPool2d(x.get(0), 2, 2, 0), s(2, 2, 6, 5)),
                c("log softmax", x -> Losses.logSoftmax(x.get(0)), s(4, 7)),
                c("cross entropy smoothed",
                        x -> Losses.crossEntropy(x.get(0), Tensor.of(x.get(0).device(), new float[] {3, 0, 6, 2, 3}, 5),
                                0.1f),
                        s(5, 7)),
                c("cross entropy",
                        x -> Losses.crossEntropy(x.get(0), Tensor.of(x.get(0).device(), new float[] {1, 4, 0}, 3)),
                        s(3, 5)),
                c("mse", x -> Losses.mse(x.get(0), x.get(1)), s(3, 4), s(3, 4)),
                c("l1", kinks, x -> Losses.l1(x.get(0), Tensor.zerosLike(x.get(0))), s(3, 4)),
                c("cat channels", x -> Views.cat(List.of(x.get(0), x.get(1)), 1), s(2, 3, 2, 2), s(2, 1, 2, 2)),
                c("reshape", x -> x.get(0).reshape(4, -1).mul(x.get(0).reshape(4, -1)), s(2, 3, 2)),
                c("permute then op", x -> x.get(0).permute(2, 0, 1).exp(), s(2, 3, 4)),
                c("transpose matmul", x -> x.get(0).transpose(0, 1).matmul(x.get(1)), s(5, 3), s(5, 2)),
                c("narrow", x -> x.get(0).narrow(1, 1, 2).square(), s(3, 4)),
                c("slice rows", x -> x.get(0).slice(1, 3).exp(), s(4, 2)),
                c("dropout fixed mask", x -> DropoutOp.dropout(x.get(0), 0.3f, new Rng(7), true), s(4, 5)));
    }

    private static Tensor bn(List<Tensor> x, boolean training) {
        Device d = x.get(0).device();
        Tensor rm = Tensor.of(d, new float[] {0.1f, -0.2f, 0.3f, 0f}, 4);
        Tensor rv = Tensor.of(d, new float[] {1.2f, 0.8f, 1f, 2f}, 4);
        return Normalization.batchNorm2d(x.get(0), x.get(1), x.get(2), rm, rv, training, 0.1f, 1e-5f);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void gradientMatchesFiniteDifferences(Case c) {
        SplittableRandom rnd = new SplittableRandom(c.name().hashCode());
        List<float[]> values = new ArrayList<>();
        for (int i = 0; i < c.shapes().size(); i++) {
            int n = 1;
            for (int d : c.shapes().get(i)) n *= d;
            float[] v = new float[n];
            for (int k = 0; k < n; k++) v[k] = draw(c.values().get(i), rnd);
            values.add(v);
        }
        GradCheck.defaults().on(device()).check(c.name(), c.f(), values, c.shapes());
    }

    private static float draw(Values kind, SplittableRandom rnd) {
        return switch (kind) {
            case ANY -> (float) (rnd.nextDouble() * 4 - 2);
            case POSITIVE -> (float) (0.5 + rnd.nextDouble() * 2);
            case AWAY_FROM_KINKS -> {
                // kinks of abs/relu at 0, relu6 at 0 and 6 (inputs scaled by 4), hard swish at +-3 (scaled by 3)
                float v;
                do {
                    v = (float) (rnd.nextDouble() * 4 - 2);
                } while (Math.abs(v) < 0.05 || Math.abs(Math.abs(v) - 1.5) < 0.05 || Math.abs(Math.abs(v) - 1) < 0.05);
                yield v;
            }
        };
    }
}
