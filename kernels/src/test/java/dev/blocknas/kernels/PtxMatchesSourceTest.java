package dev.blocknas.kernels;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The checked-in PTX is what kernels/scripts/build-ptx.sh makes from the checked-in CUDA sources: each .cu
 * is recompiled with the flags of src/main/cuda/nvcc.flags and compared byte for byte. Skipped where nvcc is
 * not on the PATH (CI), or where it is another release than the one that made the PTX (its header names it).
 */
class PtxMatchesSourceTest {
    private static final Path CUDA = Path.of("src/main/cuda");
    private static final Path PTX = Path.of("src/main/resources/dev/blocknas/kernels/ptx");

    @Test
    void everyCheckedInPtxIsRebuiltIdentically() throws Exception {
        String version = nvccRelease();
        assumeTrue(version != null, "nvcc is not on the PATH: the PTX cannot be rebuilt here");
        List<Path> sources;
        try (Stream<Path> s = Files.list(CUDA)) {
            sources = s.filter(p -> p.toString().endsWith(".cu")).sorted().toList();
        }
        List<Path> ptx;
        try (Stream<Path> s = Files.list(PTX)) {
            ptx = s.filter(p -> p.toString().endsWith(".ptx")).sorted().toList();
        }
        assertEquals(sources.size(), ptx.size(), "one PTX file per .cu file: " + sources + " vs " + ptx);
        String header = Files.readString(ptx.get(0));
        assumeTrue(header.contains(version), "the PTX was made by another nvcc release than the local " + version);

        String[] flags = Files.readString(CUDA.resolve("nvcc.flags")).trim().split("\\s+");
        Path out = Files.createTempDirectory("ptx-check");
        List<String> mismatched = new ArrayList<>();
        for (Path cu : sources) {
            String name = cu.getFileName().toString().replace(".cu", "");
            Path built = out.resolve(name + ".ptx");
            List<String> cmd = new ArrayList<>(List.of("nvcc"));
            cmd.addAll(Arrays.asList(flags));
            cmd.addAll(List.of("-o", built.toString(), cu.getFileName().toString()));
            Process p = new ProcessBuilder(cmd).directory(CUDA.toFile()).redirectErrorStream(true).start();
            String log = new String(p.getInputStream().readAllBytes());
            assertTrue(p.waitFor(120, TimeUnit.SECONDS), "nvcc timed out on " + cu);
            assertEquals(0, p.exitValue(), "nvcc failed on " + cu + ":\n" + log);
            if (!Arrays.equals(Files.readAllBytes(built), Files.readAllBytes(PTX.resolve(name + ".ptx"))))
                mismatched.add(name);
        }
        assertTrue(mismatched.isEmpty(), "stale PTX (run kernels/scripts/build-ptx.sh): " + mismatched);
    }

    /** "release 13.0, V13.0.88" of the local nvcc, or null when there is none. */
    private static String nvccRelease() {
        try {
            Process p = new ProcessBuilder("nvcc", "--version").redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes());
            if (!p.waitFor(30, TimeUnit.SECONDS) || p.exitValue() != 0) return null;
            for (String line : out.split("\n")) {
                int at = line.indexOf("release ");
                if (at >= 0) return line.substring(at).trim();
            }
            return null;
        } catch (IOException e) {
            return null;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        }
    }
}
