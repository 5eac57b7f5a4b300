package dev.blocknas.layers.arch;

import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The README's grammar of cell parts is the one the codec's part table writes. */
class ArchitectureGrammarTest {
    @Test
    void theReadmeShowsThePartTable() throws Exception {
        String grammar = ArchitectureCodec.partsGrammar();
        assertEquals("k{3|5|7}  e{int >= 1}  c{int >= 1}  s{1|2} (required); se{decimal in (0, 1]} (optional)",
                grammar);
        String readme = Files.readString(Path.of("").toAbsolutePath().getParent().resolve("README.md"));
        assertTrue(readme.contains("`" + grammar + "`"), "README.md must show the grammar `" + grammar + "`");
    }

    @Test
    void everyPartOfTheTableParsesAndIsExplainedWhenMissing() {
        CellSpec c = Architecture.parse("ir_k5_e3_c24_s2_se0.25").stages().get(0).get(0);
        assertEquals(5, c.kernel());
        assertEquals(3, c.expansion());
        assertEquals(24, c.outChannels());
        assertEquals(2, c.stride());
        assertEquals(0.25, c.seRatio());
        for (ArchitecturePart p : ArchitecturePart.values()) {
            if (p == ArchitecturePart.SE) continue;
            String token = String.join("_", java.util.Arrays.stream("ir_k5_e3_c24_s2".split("_"))
                    .filter(t -> !t.startsWith(p.key) || t.equals("ir")).toList());
            ArchitectureFormatException e = org.junit.jupiter.api.Assertions.assertThrows(
                    ArchitectureFormatException.class,
                    () -> Architecture.parse(token));
            assertTrue(e.getMessage().contains("missing the " + p.meaning + " (" + p.example + ")"), e.getMessage());
        }
    }
}
