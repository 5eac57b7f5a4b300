package dev.blocknas.supernet;

import dev.blocknas.supernet.space.SearchSpace;
import dev.blocknas.supernet.space.SearchSpaceFormatException;
import dev.blocknas.supernet.space.SearchSpaceJson;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Search-space JSON is read strictly: nothing is coerced, every mistake is one sentence naming the field. */
class SearchSpaceJsonStrictTest {
    private static final String GOOD = """
            {"name": "t", "inChannels": 1, "resolution": 28, "numClasses": 10, "activation": "swish", "seRatio": SE,
             "stem": {"channels": 8, "stride": 2}, "fixedCells": FIXED,
             "blocks": [{"channels": 12, "stride": 2, "depths": DEPTHS, "ops": ["k3_e3", "k5_e3"], "allowSkip": SKIP}],
             "head": {"channels": 32}}
            """;

    private static String space(String se, String fixed, String depths, String skip) {
        return GOOD.replace("SE", se).replace("FIXED", fixed).replace("DEPTHS", depths).replace("SKIP", skip);
    }

    @Test
    void theGoodSpaceReads() {
        SearchSpace s = SearchSpaceJson.parse(space("0.25", "[\"ir_k3_e1_c8_s1\"]", "[1, 2]", "false"), "t.json");
        assertEquals(0.25, s.seRatio());
        assertEquals(1, s.fixedCells().size());
        assertEquals(2, s.block(0).depths().size());
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "0|[]|[1.9]|false|t.json: block 0: depth 1.9 must be a whole number from 1 to 64.",
            "0|[]|[4294967297]|false|t.json: block 0: depth 4294967297 must be a whole number from 1 to 64.",
            "0|[]|[1000000]|false|t.json: block 0: depth 1000000 must be a whole number from 1 to 64.",
            "0|[]|[0]|false|t.json: block 0: depth 0 must be a whole number from 1 to 64.",
            "0|[]|2|false|t.json: block 0: \"depths\" must be an array of whole numbers, not 2.",
            "0|[]|[1]|\"yes\"|t.json: block 0: \"allowSkip\" must be true or false, not \"yes\".",
            "5|[]|[1]|false|t.json: \"seRatio\" must be a number from 0 to 1, not 5.",
            "-1|[]|[1]|false|t.json: \"seRatio\" must be a number from 0 to 1, not -1.",
            "\"abc\"|[]|[1]|false|t.json: \"seRatio\" must be a number from 0 to 1, not \"abc\".",
            "0|\"ir_k3_e1_c8_s1\"|[1]|false|t.json: \"fixedCells\" must be an array of cell strings, not \"ir_k3_e1_c8_s1\".",
            "0|[\"stem_c8_s2\"]|[1]|false|t.json: fixedCells: \"stem_c8_s2\" is not a cell string such as ir_k3_e1_c16_s1 (the stem and the head have fields of their own).",
            "0|[\"ir_k3_e1_c8_s1/ir_k3_e1_c8_s1\"]|[1]|false|t.json: fixedCells: \"ir_k3_e1_c8_s1/ir_k3_e1_c8_s1\" is not a cell string such as ir_k3_e1_c16_s1 (the stem and the head have fields of their own).",
            "0|[7]|[1]|false|t.json: fixedCells: 7 is not a cell string.",
    })
    void nonsenseIsRefusedInOneSentence(String se, String fixed, String depths, String skip, String message) {
        var e = assertThrows(SearchSpaceFormatException.class,
                () -> SearchSpaceJson.parse(space(se, fixed, depths, skip), "t.json"));
        assertEquals(message, e.getMessage());
    }

    @Test
    void deepOrHugeJsonIsOneSentence() {
        String deep = "[".repeat(100_000) + "]".repeat(100_000);
        var e = assertThrows(SearchSpaceFormatException.class, () -> SearchSpaceJson.parse(deep, "deep.json"));
        assertEquals("deep.json nests deeper than 32 levels, which no search space does.", e.getMessage());
        assertFalse(e.getMessage().contains("\n"));
    }

    @Test
    void aLongAfterOverflowInCountsIsNotAnArithmeticError() {
        SearchSpace s = SearchSpaceJson.parse(space("0", "[]", "[64]", "false"), "t.json");
        assertThrows(ArithmeticException.class, () -> s.block(0).candidates(),
                "2^64 paths overflow a long; the run plan reports it");
        assertTrue(s.block(0).depths().get(0) == 64);
    }
}
