package dev.blocknas.nas.cli;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Option mistakes are one sentence with a pointer to --help, not the whole usage. */
class MessagesCliTest {
    @Test
    void anUnknownOptionIsOneLine() {
        CliTest.Run r = CliTest.run("search", "--no-such-option");
        assertEquals(2, r.code());
        String e = r.err().strip();
        assertFalse(e.contains("\n"), e);
        assertTrue(e.startsWith("blocknas: Unknown option: '--no-such-option'")
                && e.endsWith("(see blocknas search --help)"), e);
    }

    @Test
    void aMissingRequiredOptionAndABadNumberAreOneLineEach() {
        CliTest.Run missing = CliTest.run("rank");
        assertEquals(2, missing.code());
        assertTrue(missing.err().strip().startsWith("blocknas: Missing required option: '--run=<runs>"), missing.err());
        assertFalse(missing.err().strip().contains("\n"));
        CliTest.Run number = CliTest.run("search", "--epochs", "two");
        assertEquals(2, number.code());
        assertFalse(number.err().strip().contains("\n"), number.err());
        assertTrue(number.err().contains("'two' is not an int"), number.err());
    }
}
