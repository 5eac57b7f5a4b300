package dev.blocknas.nas.cli;

import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** The relaunched JVM's standard error loses the Vector API warning and nothing else. */
class IncubatorWarningTest {
    private static String copied(String in) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        IncubatorWarning.copy(new ByteArrayInputStream(in.getBytes(StandardCharsets.UTF_8)), out);
        return out.toString(StandardCharsets.UTF_8);
    }

    @Test
    void theWarningIsDroppedOnceAndEverythingElsePasses() throws IOException {
        String w = IncubatorWarning.LINE + "\n";
        assertEquals("blocknas: bad.\n", copied(w + "blocknas: bad.\n"));
        assertEquals("VM warning: x\nblocknas: bad.\n", copied("VM warning: x\n" + w + "blocknas: bad.\n"));
        assertEquals("a\n" + w, copied(w + "a\n" + w), "a later identical line is the program's own");
        assertEquals("no line break", copied(w + "no line break"));
        assertEquals("", copied(w));
        assertEquals("a\nb", copied("a\nb"));
    }
}
