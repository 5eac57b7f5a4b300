package dev.blocknas.supernet;

import dev.blocknas.layers.arch.Network;
import dev.blocknas.layers.arch.NetworkBuilder;
import dev.blocknas.layers.nn.Parameter;
import dev.blocknas.supernet.net.Supernet;
import dev.blocknas.supernet.space.BlockPath;
import dev.blocknas.supernet.space.SearchSpace;
import dev.blocknas.supernet.space.SearchSpaces;
import dev.blocknas.tensor.Device;
import dev.blocknas.tensor.Rng;
import dev.blocknas.tensor.Scope;
import dev.blocknas.tensor.Tensor;
import dev.blocknas.tensor.ops.Losses;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SupernetTest {

    private static List<BlockPath> sample(SearchSpace s, long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        List<BlockPath> paths = new ArrayList<>();
        for (int b = 0; b < s.blockCount(); b++) paths.add(s.sample(b, r));
        return paths;
    }

    @Test
    void gradientsReachExactlyTheActivePath() {
        SearchSpace space = SearchSpaces.mnist();
        try (Supernet net = Supernet.standalone(space, new Rng(1), Device.CPU)) {
            for (long seed = 0; seed < 3; seed++) {
                List<BlockPath> paths = sample(space, seed);
                net.activate(paths);
                net.zeroGrad();
                try (Scope s = Scope.open()) {
                    Tensor x = Tensor.randn(new Rng(seed), Device.CPU, 4, 1, 28, 28);
                    Losses.crossEntropy(net.forward(x), Tensor.of(new float[] {1, 2, 3, 4}, 4)).backward();
                }
                Set<String> active = new HashSet<>(net.parameterNamesOf(paths));
                int withGrad = 0;
                for (Map.Entry<String, Parameter> e : net.namedParameters().entrySet()) {
                    if (active.contains(e.getKey())) {
                        assertNotNull(e.getValue().grad(), "active parameter without gradient: " + e.getKey());
                        withGrad++;
                    } else {
                        assertNull(e.getValue().grad(), "inactive parameter with a gradient: " + e.getKey());
                    }
                }
                assertEquals(active.size(), withGrad);
                assertTrue(withGrad < net.namedParameters().size() / 3, "a path uses a small part of the supernet");
            }
        }
    }

    @Test
    void aPathComputesWhatTheStandaloneNetworkOfItsStringComputes() {
        SearchSpace space = SearchSpaces.mnist();
        List<BlockPath> paths = sample(space, 9);
        try (Supernet sup = Supernet.standalone(space, new Rng(2), Device.CPU);
                Network net = NetworkBuilder.build(space.architecture(paths), 1, 10, new Rng(3), Device.CPU);
                Scope s = Scope.open()) {
            sup.activate(paths);
            // copy the path's weights into the standalone network, in forward order
            List<Tensor> from = new ArrayList<>();
            for (String n : sup.parameterNamesOf(paths)) from.add(sup.namedParameters().get(n).tensor());
            List<Parameter> to = net.parameters();
            assertEquals(from.size(), to.size());
            for (int i = 0; i < to.size(); i++) to.get(i).tensor().copyFrom(from.get(i));
            sup.eval();
            net.eval();
            Tensor x = Tensor.randn(new Rng(4), Device.CPU, 2, 1, 28, 28);
            float[] a = sup.forward(x).toArray();
            float[] b = net.forward(x).toArray();
            dev.blocknas.tensor.testing.Tolerance.assertClose(b, a, 1e-6, "supernet path vs standalone network");
        }
    }

    @Test
    void anAdaptedDistillationBlockRunsEachCandidateAtItsOwnWidthsBetweenTwoSharedAdapters() {
        SearchSpace space = SearchSpaces.mnist();
        int[] teacher = {36, 60, 96};
        try (Supernet net = Supernet.adapted(space, teacher, new Rng(1), Device.CPU)) {
            for (int b = 0; b < space.blockCount(); b++) {
                var block = net.block(b);
                // the cells' parameters are exactly those of the stand-alone cells: no layer is widened
                for (BlockPath p : space.paths(b)) {
                    long cells = block.parametersOf(p).entrySet().stream()
                            .filter(e -> e.getKey().startsWith("cells.")).mapToLong(e -> e.getValue().tensor().numel())
                            .sum();
                    long standalone = 0;
                    int in = space.blockInChannels(b);
                    for (var c : space.cells(b, p)) {
                        standalone += dev.blocknas.layers.arch.ParameterCount.cell(in, c);
                        in = c.outChannels();
                    }
                    assertEquals(standalone, cells, "block " + b + " path " + p);
                    assertTrue(block.parametersOf(p).keySet().stream().anyMatch(n -> n.startsWith("adapt_out.")),
                            "every path uses the adapter");
                    assertEquals(b > 0,
                            block.parametersOf(p).keySet().stream().anyMatch(n -> n.startsWith("adapt_in.")));
                }
                try (Scope s = Scope.open()) {
                    int inW = b == 0 ? 1 : teacher[b - 1];
                    int res = b == 0 ? 28 : space.blockInResolution(b);
                    Tensor x = Tensor.randn(new Rng(b), Device.CPU, 2, inW, res, res);
                    block.activate(space.sample(b, new SplittableRandom(b)));
                    net.zeroGrad();
                    Tensor y = block.forward(x);
                    assertEquals(teacher[b], y.dim(1), "the output is at the teacher's width");
                    y.square().mean().backward();
                    Set<String> active = block.parametersOf(block.active()).keySet();
                    for (Map.Entry<String, Parameter> e : block.namedParameters().entrySet()) {
                        assertEquals(active.contains(e.getKey()), e.getValue().grad() != null, e.getKey());
                    }
                }
            }
        }
    }
}
