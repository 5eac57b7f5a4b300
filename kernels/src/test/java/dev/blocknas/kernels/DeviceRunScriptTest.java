package dev.blocknas.kernels;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The dry run of kernels/scripts/device-run.sh: here, with no GPU, a fake nvidia-smi that fails as it does
 * without a driver and a fake kit whose steps fail as they would on such a machine (the GPU tests fail, not
 * skip; the benchmarks need a GPU; one hangs), with every limit scaled to 2%. The run must fail loudly and
 * still leave every step's file, in the order, and its limits must fit one device call.
 */
class DeviceRunScriptTest {
    private static final Path SCRIPT = Path.of("scripts/device-run.sh");

    @Test
    void withoutAGpuTheRunFailsLoudlyAndKeepsEveryStepsFiles(@TempDir Path dir) throws Exception {
        assumeTrue(Files.isExecutable(Path.of("/usr/bin/timeout")) || Files.isExecutable(Path.of("/bin/timeout")),
                "no timeout(1) here");
        Path bin = Files.createDirectories(dir.resolve("bin"));
        executable(bin.resolve("nvidia-smi"), """
                #!/bin/sh
                echo "NVIDIA-SMI has failed because it couldn't communicate with the NVIDIA driver."
                exit 9
                """);
        Path kit = Files.createDirectories(dir.resolve("kit"));
        executable(kit.resolve("run.sh"),
                """
                        #!/bin/bash
                        echo "$1 $2 | JAVA_OPTS=$JAVA_OPTS" >> "$(dirname "$0")/calls.txt"
                        case "$1" in
                          test) echo "JUnit: no usable GPU: CUDA driver not found (-Dblocknas.gpu.required=true: GPU tests must run)"
                                echo "[         3 tests found           ]"
                                echo "[         0 tests aborted         ]"
                                echo "[         3 tests failed          ]"
                                exit 1 ;;
                          java) [ "$2" = dev.blocknas.bench.gpu.TrainStepBench ] && exec sleep 600
                                echo "$2 needs a GPU: CUDA driver not found" >&2; exit 2 ;;
                        esac
                        """);
        Path out = dir.resolve("out");
        ProcessBuilder b = new ProcessBuilder("bash", SCRIPT.toString()).redirectErrorStream(true);
        b.environment().put("OUT", out.toString());
        b.environment().put("KIT", kit.toString());
        b.environment().put("PATH", bin + ":" + System.getenv("PATH"));
        b.environment().put("DEVICE_RUN_LIMIT_PERCENT", "2");
        Process p = b.start();
        String log = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(120, TimeUnit.SECONDS), log);

        assertEquals(1, p.exitValue(), log);
        assertTrue(log.contains("DEVICE RUN FAILED: gpu tests gpu-test-counts depthwise train-steps"), log);
        assertTrue(log.contains("train-steps: TIMED OUT"), log);
        List<String> steps = Files.readAllLines(out.resolve("steps.txt"));
        List<String> order = List.of("gpu:", "tests:", "gpu tests: found 3, failed 3", "depthwise:", "train-steps:",
                "torch-train:", "torch-rest:", "summary:", "DEVICE RUN FAILED");
        assertEquals(order.size(), steps.size(), String.join("\n", steps));
        for (int i = 0; i < order.size(); i++) assertTrue(steps.get(i).startsWith(order.get(i)), steps.get(i));
        for (String f : List.of("gpu.txt", "tests.txt", "tests-summary.txt", "depthwise.txt", "train-steps.txt",
                "torch-train.txt", "torch-rest.txt", "summary.txt")) {
            assertTrue(Files.exists(out.resolve(f)), f + " missing:\n" + log);
        }
        assertTrue(Files.readString(out.resolve("gpu.txt")).contains("couldn't communicate"));

        List<String> calls = Files.readAllLines(kit.resolve("calls.txt"));
        assertEquals(3, calls.size(), String.join("\n", calls));
        String tests = calls.get(0);
        assertTrue(tests.startsWith("test --include-tag") && tests.contains("-Dblocknas.cuda.sync=true")
                && tests.contains("-Dblocknas.gpu.required=true"), tests);
        for (String flag : ciFlags()) {
            for (String call : calls) assertTrue(call.contains(flag), flag + " missing from " + call);
        }
        assertTrue(!calls.get(1).contains("cuda.sync") && !calls.get(2).contains("cuda.sync"),
                "benchmarks time without a synchronisation per kernel: " + calls);
    }

    @Test
    void withoutAKitTheRunStopsAtOnce(@TempDir Path dir) throws Exception {
        ProcessBuilder b = new ProcessBuilder("bash", SCRIPT.toString()).redirectErrorStream(true);
        b.environment().put("OUT", dir.resolve("out").toString());
        b.environment().put("KIT", dir.resolve("no-kit").toString());
        Process p = b.start();
        String log = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(30, TimeUnit.SECONDS));
        assertEquals(2, p.exitValue(), log);
        assertTrue(log.contains("stage.sh"), log);
    }

    @Test
    void theStepLimitsFitOneDeviceCall() throws IOException {
        Matcher m = Pattern.compile("(?m)^LIMIT_\\w+=(\\d+)$").matcher(Files.readString(SCRIPT));
        int sum = 0;
        int steps = 0;
        while (m.find()) {
            sum += Integer.parseInt(m.group(1));
            steps++;
        }
        assertEquals(7, steps, "one limit per step");
        // timeout -k 5 may add 5 s a step; a command may run 600 s.
        assertTrue(sum < 9 * 60 && sum + 5 * steps < 600, "limits add up to " + sum + " s");
    }

    /** The flags of test.argLine in the root pom that device-run.sh must pass (the heap size is the machine's). */
    private static List<String> ciFlags() throws IOException {
        Matcher m = Pattern.compile("<test.argLine>([^<]*)</test.argLine>")
                .matcher(Files.readString(Path.of("../pom.xml")));
        assertTrue(m.find(), "test.argLine in the root pom");
        return List.of(m.group(1).trim().split("\\s+")).stream()
                .filter(f -> !f.startsWith("-Xmx") && !f.startsWith("--enable-native-access")).toList();
    }

    private static void executable(Path p, String text) throws IOException {
        Files.writeString(p, text);
        Files.setPosixFilePermissions(p, PosixFilePermissions.fromString("rwxr-xr-x"));
    }
}
