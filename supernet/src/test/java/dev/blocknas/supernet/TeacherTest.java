package dev.blocknas.supernet;

import dev.blocknas.layers.arch.Network;
import dev.blocknas.layers.arch.NetworkBuilder;
import dev.blocknas.supernet.space.SearchSpace;
import dev.blocknas.supernet.space.SearchSpaces;
import dev.blocknas.supernet.train.Teacher;
import dev.blocknas.tensor.Device;
import dev.blocknas.tensor.Rng;
import dev.blocknas.tensor.Scope;
import dev.blocknas.tensor.Tensor;
import dev.blocknas.tensor.testing.Tolerance;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

/** The teacher cut into the space's blocks: its features, and the rest of it run from any block's features. */
class TeacherTest {
    @Test
    void theRestOfTheTeacherOnItsOwnFeaturesGivesItsLogits() {
        SearchSpace space = SearchSpaces.mnist();
        try (Network net = NetworkBuilder.build(Teacher.defaultArchitecture(space, 1.5), 1, 10, new Rng(5), Device.CPU);
                Scope s = Scope.open()) {
            Teacher t = new Teacher(net, space);
            assertArrayEquals(new int[] {36, 60, 96}, t.widths());
            Tensor x = Tensor.randn(new Rng(6), Device.CPU, 3, 1, 28, 28);
            net.eval();
            float[] logits = net.forward(x).toArray();
            List<Tensor> f = t.features(x);
            assertEquals(3, f.size());
            for (int b = 0; b < 3; b++) {
                Tolerance.assertClose(logits, t.logitsFrom(b, f.get(b)).toArray(), 1e-6, "from block " + b);
            }
            float[] other = t.logitsFrom(0, f.get(0).mul(0.5f)).toArray();
            boolean differs = false;
            for (int i = 0; i < other.length; i++) differs |= Math.abs(other[i] - logits[i]) > 1e-4;
            assertEquals(true, differs, "the logits depend on the features given");
        }
    }
}
