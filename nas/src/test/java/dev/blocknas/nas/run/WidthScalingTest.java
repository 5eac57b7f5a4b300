package dev.blocknas.nas.run;

import dev.blocknas.layers.arch.Architecture;
import dev.blocknas.layers.arch.CellSpec;
import dev.blocknas.layers.arch.Network;
import dev.blocknas.layers.arch.NetworkBuilder;
import dev.blocknas.supernet.space.SearchSpace;
import dev.blocknas.supernet.space.SearchSpaces;
import dev.blocknas.supernet.train.Teacher;
import dev.blocknas.tensor.Device;
import dev.blocknas.tensor.Rng;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** DNA+'s next teacher: the chosen network widened, still lined up with the space's blocks. */
class WidthScalingTest {

    @Test
    void theScaledTeacherKeepsTheStridesAndGetsTheMultipliedWidths() {
        SearchSpace space = SearchSpaces.dna();
        String chosen = Architectures.whole(space, List.of("ir_k3_e3_c24_s2_se0.25_swish-ir_k5_e6_c24_s1_se0.25_swish",
                "ir_k3_e3_c40_s2_se0.25_swish-ir_k3_e3_c40_s1_se0.25_swish",
                "ir_k7_e6_c80_s2_se0.25_swish-ir_k3_e3_c80_s1_se0.25_swish",
                "ir_k3_e3_c112_s1_se0.25_swish-ir_k3_e3_c112_s1_se0.25_swish-ir_k3_e3_c112_s1_se0.25_swish",
                "ir_k3_e3_c192_s2_se0.25_swish-ir_k5_e6_c192_s1_se0.25_swish-ir_k3_e3_c192_s1_se0.25_swish-ir_k3_e3_c192_s1_se0.25_swish",
                "ir_k3_e6_c320_s1_se0.25_swish"));
        Architecture a = Architecture.parse(chosen);
        Architecture s = WidthScaling.scale(a, 1.5);
        assertEquals(a.stem(), s.stem(), "the stem stays");
        assertEquals(a.stages().size(), s.stages().size());
        for (int i = 0; i < a.stages().size(); i++) {
            List<CellSpec> before = a.stages().get(i);
            List<CellSpec> after = s.stages().get(i);
            assertEquals(before.size(), after.size());
            for (int j = 0; j < before.size(); j++) {
                CellSpec x = before.get(j);
                CellSpec y = after.get(j);
                assertEquals(x.stride(), y.stride(), "stride of stage " + i);
                assertEquals(x.kernel(), y.kernel());
                assertEquals(x.expansion(), y.expansion());
                assertEquals(Math.round(x.outChannels() * 1.5 / 4) * 4, y.outChannels());
                assertEquals(0, y.outChannels() % 4);
            }
        }
        assertEquals(1920, s.head().outChannels());
        // 24 * 1.5 = 36, 40 * 1.5 = 60, ..., 320 * 1.5 = 480: the teacher the next generation distils from
        try (Network n = NetworkBuilder.build(s, 3, 1000, new Rng(1), Device.CPU)) {
            assertArrayEquals(new int[] {36, 60, 120, 168, 288, 480}, new Teacher(n, space).widths());
        }
    }

    @Test
    void widthsRoundToMultiplesOfFourAndSkipsStay() {
        assertEquals(12, WidthScaling.width(10, 1.25));
        assertEquals(4, WidthScaling.width(3, 0.5));
        assertEquals(20, WidthScaling.width(16, 1.25));
        Architecture a = Architecture.parse("stem_c8_s2_swish/ir_k3_e3_c12_s2_swish-skip/head_c32_swish");
        Architecture s = WidthScaling.scale(a, 2);
        assertEquals(CellSpec.SKIP, s.stages().get(0).get(1));
        assertEquals(24, s.stages().get(0).get(0).outChannels());
        assertThrows(IllegalArgumentException.class, () -> WidthScaling.scale(a, 0));
    }
}
