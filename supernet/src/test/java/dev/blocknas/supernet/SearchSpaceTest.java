package dev.blocknas.supernet;

import dev.blocknas.layers.arch.Architecture;
import dev.blocknas.layers.arch.ParameterCount;
import dev.blocknas.supernet.space.BlockPath;
import dev.blocknas.supernet.space.SearchSpace;
import dev.blocknas.supernet.space.SearchSpaceFormatException;
import dev.blocknas.supernet.space.SearchSpaceJson;
import dev.blocknas.supernet.space.SearchSpaces;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SearchSpaceTest {

    @Test
    void dnaSpaceHasThePapersCandidateCounts() {
        SearchSpace dna = SearchSpaces.dna();
        long[] expected = {288, 1548, 1548, 2808, 16848, 6};
        for (int b = 0; b < expected.length; b++) assertEquals(expected[b], dna.block(b).candidates(), "block " + b);
        BigInteger n = dna.networks();
        assertEquals(new BigInteger("195898498887057408"), n);
        assertTrue(Math.abs(n.doubleValue() / 1.96e17 - 1) < 0.01);
        assertEquals(List.of(112, 56, 28, 14, 14, 7), List.of(dna.blockInResolution(0), dna.blockInResolution(1),
                dna.blockInResolution(2), dna.blockInResolution(3), dna.blockInResolution(4),
                dna.blockInResolution(5)));
    }

    @Test
    void enumerationVisitsEveryPathOnce() {
        SearchSpace s = SearchSpaces.mnist();
        for (int b = 0; b < s.blockCount(); b++) {
            Set<BlockPath> seen = new HashSet<>();
            for (BlockPath p : s.paths(b)) assertTrue(seen.add(p), "repeated " + p);
            assertEquals(s.block(b).candidates(), seen.size());
        }
    }

    @Test
    void aNetworkOfTheSpaceHasTheParametersItsStringImplies() {
        SearchSpace s = SearchSpaces.mnist();
        SplittableRandom r = new SplittableRandom(3);
        List<BlockPath> paths = new ArrayList<>();
        for (int b = 0; b < s.blockCount(); b++) paths.add(s.sample(b, r));
        Architecture a = s.architecture(paths);
        String text = a.toString();
        assertEquals(text, Architecture.parse(text).toString());
        assertTrue(text.startsWith("stem_c16_s2/"), text);
        assertEquals(ParameterCount.of(a, 1, 10), ParameterCount.of(Architecture.parse(text), 1, 10));
    }

    @Test
    void theHelpTextNamesEveryPreset() {
        assertEquals(String.join(", ", SearchSpaces.PRESETS) + ", or a JSON file", SearchSpaces.FORMS);
    }

    @Test
    void jsonRoundTripsEveryPreset() {
        for (String name : SearchSpaces.PRESETS) {
            SearchSpace s = SearchSpaces.get(name);
            SearchSpace back = SearchSpaceJson.parse(SearchSpaceJson.write(s), name + ".json");
            assertEquals(s, back, name);
        }
    }

    @Test
    void badSpacesFailWithOneSentence(@TempDir Path dir) throws Exception {
        SearchSpaceFormatException unknown = assertThrows(SearchSpaceFormatException.class,
                () -> SearchSpaces.get("imagenet"));
        assertEquals("Unknown search space \"imagenet\": use one of mnist, mnist-wide, cifar, dna, or a JSON file.",
                unknown.getMessage());
        Path bad = dir.resolve("space.json");
        Files.writeString(bad, SearchSpaceJson.write(SearchSpaces.mnist()).replace("\"k5_e3\"", "\"k4_e3\""));
        SearchSpaceFormatException e = assertThrows(SearchSpaceFormatException.class,
                () -> SearchSpaces.get(bad.toString()));
        assertEquals(
                "space.json: block 0: an operation needs kernel 3, 5 or 7 and expansion >= 1, got kernel 4 and expansion 3.",
                e.getMessage());
        Files.writeString(bad, "{\"name\": 1,");
        e = assertThrows(SearchSpaceFormatException.class, () -> SearchSpaces.get(bad.toString()));
        assertEquals("space.json is not valid JSON (line 1).", e.getMessage());
        Files.writeString(bad,
                SearchSpaceJson.write(SearchSpaces.mnist()).replace("\"stride\" : 1,", "\"strides\" : 1,"));
        e = assertThrows(SearchSpaceFormatException.class, () -> SearchSpaces.get(bad.toString()));
        assertTrue(e.getMessage().startsWith("space.json: block 0: unknown field \"strides\""), e.getMessage());
    }

    @Test
    void theWideSpaceSpansDepthExpansionAndSize() {
        SearchSpace s = SearchSpaces.get("mnist-wide");
        assertEquals(java.math.BigInteger.valueOf(258L * 258 * 258), s.networks());
        long smallest = ParameterCount.of("stem_c16_s2/ir_k3_e1_c24_s1/ir_k3_e1_c48_s2/ir_k3_e1_c96_s2/head_c256", 1,
                10);
        long largest = ParameterCount.of(
                "stem_c16_s2/ir_k7_e6_c24_s1-ir_k7_e6_c24_s1-ir_k7_e6_c24_s1/ir_k7_e6_c48_s2-ir_k7_e6_c48_s1-ir_k7_e6_c48_s1/"
                        + "ir_k7_e6_c96_s2-ir_k7_e6_c96_s1-ir_k7_e6_c96_s1/head_c256",
                1, 10);
        assertTrue(largest > 10 * smallest, smallest + " to " + largest);
        for (int b = 0; b < 3; b++) assertEquals(258, s.block(b).candidates());
    }
}
