package dev.blocknas.nas.cli;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The JVM options are written once, in jvm.options, and both ways of starting the program take them from there. */
class JvmOptionsTest {

    @Test
    void theFileHoldsTheModulesTheFixedHeapTheMetaspaceAndTheKernelsCompileCommands() {
        assertEquals(List.of("--add-modules=jdk.incubator.vector", "--enable-native-access=ALL-UNNAMED",
                "-XX:+UseParallelGC", "-XX:InitialRAMPercentage=25", "-XX:MaxRAMPercentage=25",
                "-XX:MetaspaceSize=256m",
                "-XX:CompileCommand=quiet", "-XX:CompileCommand=dontinline,dev.blocknas.tensor.cpu.VectorRowKernels::*",
                "-XX:CompileCommand=dontinline,dev.blocknas.tensor.cpu.VectorUnary::forward",
                "-XX:CompileCommand=dontinline,dev.blocknas.tensor.cpu.VectorUnary::backward"), JvmOptions.lines());
    }

    @Test
    void aCollectorOfTheCallersReplacesOurs() {
        assertTrue(JvmOptions.before(List.of("-Xmx1g")).contains("-XX:+UseParallelGC"));
        List<String> own = JvmOptions.before(List.of("-XX:+UseG1GC"));
        assertFalse(own.contains("-XX:+UseParallelGC"), own.toString());
        assertTrue(own.contains("-XX:MaxRAMPercentage=25"), own.toString());
    }

    @Test
    void theLauncherReadsTheSameFileAndWritesNoOptionOfItsOwn() throws IOException {
        Path root = Path.of("").toAbsolutePath().getParent();
        String script = Files.readString(root.resolve("blocknas"));
        assertTrue(script.contains("nas/src/main/resources/dev/blocknas/nas/cli/" + JvmOptions.RESOURCE),
                "the launcher reads jvm.options");
        for (String option : JvmOptions.lines()) {
            assertFalse(script.contains(option), "the launcher writes " + option + " itself");
        }
        assertTrue(Files.isRegularFile(
                root.resolve("nas/src/main/resources/dev/blocknas/nas/cli").resolve(JvmOptions.RESOURCE)));
    }
}
