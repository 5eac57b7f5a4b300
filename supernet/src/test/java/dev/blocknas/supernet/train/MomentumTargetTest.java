package dev.blocknas.supernet.train;

import dev.blocknas.layers.nn.Parameter;
import dev.blocknas.tensor.Device;
import dev.blocknas.tensor.Rng;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The exponential moving average and its momentum schedule. */
class MomentumTargetTest {

    @Test
    void oneUpdateIsExactlyMTimesTargetPlusOneMinusMTimesOnline() {
        try (ProjectionHead online = new ProjectionHead(6, 8, 4, new Rng(1), Device.CPU);
                ProjectionHead target = new ProjectionHead(6, 8, 4, new Rng(2), Device.CPU)) {
            MomentumTarget m = new MomentumTarget(List.of(online), List.of(target));
            assertEquals(online.parameters().size(), m.size());
            List<float[]> o = values(online.parameters());
            List<float[]> t = values(target.parameters());
            double momentum = 0.993;
            m.update(momentum);
            List<float[]> after = values(target.parameters());
            float keep = (float) momentum;
            float take = (float) (1 - momentum);
            for (int i = 0; i < o.size(); i++) {
                float[] want = new float[o.get(i).length];
                for (int j = 0; j < want.length; j++) want[j] = keep * t.get(i)[j] + take * o.get(i)[j];
                assertArrayEquals(want, after.get(i), 0f, "parameter " + i);
                assertArrayEquals(o.get(i), online.parameters().get(i).tensor().toArray(), 0f, "the online side stays");
            }
        }
    }

    @Test
    void copyMakesTheTargetEqualAndMismatchedModulesAreRefused() {
        try (ProjectionHead online = new ProjectionHead(6, 8, 4, new Rng(1), Device.CPU);
                ProjectionHead target = new ProjectionHead(6, 8, 4, new Rng(2), Device.CPU);
                ProjectionHead other = new ProjectionHead(6, 8, 5, new Rng(3), Device.CPU)) {
            new MomentumTarget(List.of(online), List.of(target)).copy();
            for (int i = 0; i < online.parameters().size(); i++) {
                assertArrayEquals(online.parameters().get(i).tensor().toArray(),
                        target.parameters().get(i).tensor().toArray(), 0f);
            }
            assertThrows(IllegalArgumentException.class, () -> new MomentumTarget(List.of(online), List.of(other)));
        }
    }

    @Test
    void theMomentumRisesFromTheBaseToOneAlongACosine() {
        assertEquals(0.99, MomentumTarget.momentum(0.99, 0, 100), 1e-12);
        assertEquals(0.995, MomentumTarget.momentum(0.99, 50, 100), 1e-12);
        assertEquals(1.0, MomentumTarget.momentum(0.99, 100, 100), 1e-12);
        double previous = 0;
        for (int s = 0; s <= 100; s++) {
            double m = MomentumTarget.momentum(0.9, s, 100);
            assertTrue(m >= previous && m <= 1);
            previous = m;
        }
        assertFalse(MomentumTarget.momentum(0.9, 1, 100) == 0.9);
    }

    private static List<float[]> values(List<Parameter> params) {
        List<float[]> out = new ArrayList<>();
        for (Parameter p : params) out.add(p.tensor().toArray());
        return out;
    }
}
