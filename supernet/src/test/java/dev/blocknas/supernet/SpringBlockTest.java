package dev.blocknas.supernet;

import dev.blocknas.layers.nn.Activation;
import dev.blocknas.layers.nn.MBConv;
import dev.blocknas.layers.nn.Parameter;
import dev.blocknas.supernet.net.ChoiceLayer;
import dev.blocknas.supernet.net.Supernet;
import dev.blocknas.supernet.space.BlockPath;
import dev.blocknas.supernet.space.OpSpec;
import dev.blocknas.supernet.space.SearchSpace;
import dev.blocknas.supernet.space.SearchSpaces;
import dev.blocknas.supernet.space.SpringSpace;
import dev.blocknas.tensor.Device;
import dev.blocknas.tensor.Rng;
import dev.blocknas.tensor.Scope;
import dev.blocknas.tensor.Tensor;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** BS-NAS's spring block: the widest expansion is an ordinary MBConv, narrower ones train only their leading channels. */
class SpringBlockTest {
    private static final int IN = 4;
    private static final int OUT = 4;

    @ParameterizedTest
    @ValueSource(doubles = {0, 0.25})
    void atItsWidestExpansionASpringIsAnOrdinaryMBConv(double se) {
        try (MBConv spring = MBConv.spring(IN, OUT, 3, 6, 1, se, Activation.SWISH, new Rng(1), Device.CPU);
                MBConv plain = new MBConv(IN, OUT, 3, 6, 1, se, Activation.SWISH, new Rng(2), Device.CPU);
                Scope s = Scope.open()) {
            plain.loadStateDict(spring.stateDict(), true);
            spring.setActiveExpansion(6);
            Tensor x = Tensor.randn(new Rng(3), Device.CPU, 3, IN, 6, 6);
            for (boolean training : new boolean[] {true, false}) {
                spring.train(training);
                plain.train(training);
                assertArrayEquals(plain.forward(x).toArray(), spring.forward(x).toArray(), 0f, "training " + training);
            }
            for (Map.Entry<String, Tensor> e : plain.stateDict().entrySet()) {
                assertArrayEquals(e.getValue().toArray(), spring.stateDict().get(e.getKey()).toArray(), 0f,
                        "running statistics move alike: " + e.getKey());
            }
        }
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 3, 4})
    void aNarrowExpansionOnlyTrainsTheLeadingChannels(int expansion) {
        try (MBConv spring = MBConv.spring(IN, OUT, 5, 6, 1, 0.25, Activation.SWISH, new Rng(1), Device.CPU);
                Scope s = Scope.open()) {
            spring.setActiveExpansion(expansion);
            int c = IN * expansion;
            Tensor x = Tensor.randn(new Rng(3), Device.CPU, 2, IN, 5, 5);
            spring.forward(x).square().mean().backward();
            Map<String, Parameter> p = spring.namedParameters();
            // [rows, columns] of each widest weight, and which axis carries the hidden channels
            assertLeading(p.get("conv_dw.weight"), 0, c, true);
            assertLeading(p.get("bn2.weight"), 0, c, true);
            assertLeading(p.get("bn2.bias"), 0, c, true);
            assertLeading(p.get("conv_pwl.weight"), 1, c, true);
            assertLeading(p.get("se.conv_reduce.weight"), 1, c, true);
            assertLeading(p.get("se.conv_expand.weight"), 0, c, true);
            assertLeading(p.get("se.conv_expand.bias"), 0, c, true);
            if (expansion == 1) {
                assertNull(p.get("conv_pw.weight").grad(), "expansion 1 has no expansion conv");
                assertNull(p.get("bn1.weight").grad());
            } else {
                assertLeading(p.get("conv_pw.weight"), 0, c, true);
                assertLeading(p.get("bn1.weight"), 0, c, true);
            }
        }
    }

    /** The gradient of {@code p} is zero beyond index {@code c} of {@code axis}, and not all zero before it. */
    private static void assertLeading(Parameter p, int axis, int c, boolean someInside) {
        float[] g = p.grad().toArray();
        int[] dims = p.shape().toArray();
        int inner = 1;
        for (int d = axis + 1; d < dims.length; d++) inner *= dims[d];
        int n = dims[axis];
        boolean nonzeroInside = false;
        for (int i = 0; i < g.length; i++) {
            int channel = (i / inner) % n;
            if (channel >= c) assertEquals(0f, g[i], "gradient beyond the first " + c + " channels of " + p);
            else if (g[i] != 0f) nonzeroInside = true;
        }
        if (someInside) assertTrue(nonzeroInside, "no gradient inside the first " + c + " channels of " + p);
    }

    @Test
    void aSpringSupernetSharesOneWidestSetOfWeightsPerKernel() {
        SearchSpace mnist = SearchSpaces.mnist();
        SearchSpace spring = SpringSpace.of(mnist);
        assertEquals(List.of(new OpSpec(3, 3), new OpSpec(3, 4), new OpSpec(3, 5), new OpSpec(3, 6)),
                spring.block(0).ops().subList(0, 4));
        assertEquals(12, spring.block(0).ops().size());
        try (Supernet springNet = Supernet.spring(spring, new Rng(1), Device.CPU);
                Supernet plain = Supernet.standalone(mnist, new Rng(1), Device.CPU)) {
            ChoiceLayer layer = springNet.block(0).cell(0).layer(0);
            assertSame(layer.choice(0), layer.choice(3), "k3_e3 and k3_e6 share a spring");
            assertNotEquals(layer.choice(0), layer.choice(4));
            // one k3_e6, k5_e6, k7_e6 per layer: the widest ops of the plain space, and nothing else
            long widest = 0;
            for (Map.Entry<String, Parameter> e : plain.namedParameters().entrySet()) {
                String n = e.getKey();
                boolean narrowOp = n.matches("blocks\\.\\d+\\.cells\\.\\d+\\.\\d+\\.[024]\\..*");
                if (!narrowOp) widest += e.getValue().numel();
            }
            assertEquals(widest, springNet.parameterCount());
            List<BlockPath> paths = List.of(new BlockPath(1, new int[] {1, 6}), new BlockPath(0, new int[] {11}),
                    new BlockPath(0, new int[] {0}));
            List<String> used = springNet.parameterNamesOf(paths);
            assertTrue(used.contains("blocks.0.cells.1.0.k3.conv_pw.weight"));
            assertTrue(used.contains("blocks.0.cells.1.1.k5.conv_dw.weight"));
            assertTrue(used.contains("blocks.1.cells.0.0.k7.bn1.weight"));
            assertTrue(used.stream().noneMatch(n -> n.startsWith("blocks.0.cells.1.0.k5")));
            springNet.activate(paths);
            try (Scope s = Scope.open()) {
                springNet.eval();
                Tensor logits = springNet.forward(Tensor.randn(new Rng(2), Device.CPU, 2, 1, 28, 28));
                assertEquals(List.of(2, 10), List.of(logits.dim(0), logits.dim(1)));
            }
            assertEquals(4, ((MBConv) springNet.block(0).cell(1).layer(0).choice(1)).activeExpansion(), "k3_e4");
            assertEquals(5, ((MBConv) springNet.block(0).cell(1).layer(1).choice(6)).activeExpansion(), "k5_e5");
        }
    }
}
