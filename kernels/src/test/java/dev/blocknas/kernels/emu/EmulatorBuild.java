package dev.blocknas.kernels.emu;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * Compiles kernels/src/main/cuda/*.cu with g++ and the emulation header (src/test/cuda-emu) into one
 * executable per sanitizer: every module a translation unit of its own, its PTX entry points registered,
 * linked with the fiber runtime and the stdin/stdout driver. Objects and executables are kept under
 * target/cuda-emu, each named by a hash of its command and of every file that could go into it, so later
 * test classes and runs reuse them, a changed source recompiles only its units, and a deliberately broken
 * copy of one header (HarnessBitesTest) recompiles only the kernels.
 */
final class EmulatorBuild {
    static final Path CUDA = Path.of("src/main/cuda");
    static final Path EMU = Path.of("src/test/cuda-emu");
    private static final Path CACHE = Path.of("target/cuda-emu");
    private static final List<String> COMMON = List.of("g++", "-std=c++17", "-Og", "-g1", "-fno-omit-frame-pointer",
            "-fno-strict-aliasing", "-ffp-contract=off", "-Wall", "-Wno-unknown-pragmas");

    /** A sanitizer configuration. */
    enum Sanitizer {
        /** AddressSanitizer and UndefinedBehaviorSanitizer; any report ends the process. */
        ADDRESS_UNDEFINED(List.of("-fsanitize=address,undefined", "-fno-sanitize-recover=all"),
                List.of("-fsanitize=address,undefined", "-fno-sanitize-recover=all"), List.of()),
        /** ThreadSanitizer on the kernels; the runtime stays uninstrumented and tells it about fibers. */
        THREAD(List.of("-fsanitize=thread"), List.of("-DEMU_TSAN"), List.of("-fsanitize=thread"));

        final List<String> kernelFlags;
        final List<String> runtimeFlags;
        final List<String> linkFlags;

        Sanitizer(List<String> kernelFlags, List<String> runtimeFlags, List<String> linkFlags) {
            this.kernelFlags = kernelFlags;
            this.runtimeFlags = runtimeFlags;
            this.linkFlags = linkFlags.isEmpty() ? kernelFlags : linkFlags;
        }
    }

    /** The modules an emulator with {@code s} holds: all of them, or the tiled depthwise ones for ThreadSanitizer. */
    static List<String> modules(Sanitizer s) {
        return s == Sanitizer.THREAD ? TILED_DEPTHWISE : PtxIndex.modules();
    }

    /** The modules whose kernels stage tiles in shared memory between barriers: the race-prone ones. */
    static final List<String> TILED_DEPTHWISE = List.of("depthwise_forward", "depthwise_backward_data",
            "depthwise_backward_filter");

    private static final Map<Sanitizer, String> UNAVAILABLE = new EnumMap<>(Sanitizer.class);

    private EmulatorBuild() {}

    /**
     * Null when g++ can build and run programs with {@code s} here, else why not (no g++, no sanitizer
     * runtime, or a kernel whose address-space layout the sanitizer cannot work with).
     */
    static synchronized String unavailable(Sanitizer s) {
        return UNAVAILABLE.computeIfAbsent(s, EmulatorBuild::probe);
    }

    private static String probe(Sanitizer s) {
        try {
            Path dir = Files.createTempDirectory("cuda-emu-probe");
            Path src = Files.writeString(dir.resolve("probe.cpp"), "int main() { return 0; }\n");
            List<String> cmd = new ArrayList<>(List.of("g++"));
            cmd.addAll(s.linkFlags);
            cmd.addAll(List.of(src.toString(), "-o", dir.resolve("probe").toString()));
            Result r = run(cmd, 120);
            if (r.exit != 0) return "g++ cannot link with " + s.linkFlags + ":\n" + r.output;
            Result p = run(List.of(dir.resolve("probe").toString()), 60);
            if (p.exit != 0) return "a program built with " + s.linkFlags + " does not run here:\n" + p.output;
            return null;
        } catch (IOException e) {
            return "no g++ on the PATH (" + e.getMessage() + ")";
        }
    }

    /** The emulator of the checked-in sources for {@code modules}, built with {@code s}. */
    static Path binary(Sanitizer s, List<String> modules) {
        return binary(s, CUDA, modules);
    }

    /** The emulator of the .cu files in {@code cudaDir} (for instance a deliberately broken copy). */
    static synchronized Path binary(Sanitizer s, Path cudaDir, List<String> modules) {
        try {
            Files.createDirectories(CACHE);
            Path emu = EMU.toAbsolutePath();
            Path cuda = cudaDir.toAbsolutePath();
            byte[] emuHeaders = headers(emu, ".h");
            byte[] kernelHeaders = concat(headers(cuda, ".cuh"), emuHeaders);
            String where = cuda.toString();
            List<Path> objects = new ArrayList<>();
            List<Unit> compiles = new ArrayList<>();
            for (String m : modules) {
                StringBuilder entries = new StringBuilder();
                for (String e : PtxIndex.entriesOf(m)) entries.append("EMU_KERNEL(").append(e).append(") ");
                List<String> cmd = new ArrayList<>(COMMON);
                cmd.addAll(s.kernelFlags);
                cmd.addAll(List.of("-I" + emu, "-DEMU_SOURCE=\"" + cuda.resolve(m + ".cu") + "\"",
                        "-DEMU_ENTRIES=" + entries, "-c", emu.resolve("emu_family.cpp").toString()));
                unit(cmd, where, kernelHeaders, List.of(cuda.resolve(m + ".cu"), emu.resolve("emu_family.cpp")), m,
                        objects, compiles);
            }
            for (String main : List.of("emu_runtime", "emu_context", "emu_main")) {
                List<String> cmd = new ArrayList<>(COMMON);
                cmd.addAll(s.runtimeFlags);
                cmd.addAll(List.of("-I" + emu, "-c", emu.resolve(main + ".cpp").toString()));
                unit(cmd, where, emuHeaders, List.of(emu.resolve(main + ".cpp")), main, objects, compiles);
            }
            compileAll(compiles);
            List<String> link = new ArrayList<>(List.of("g++"));
            link.addAll(s.linkFlags);
            for (Path o : objects) link.add(o.toString());
            link.add("-ldl");
            Path exe = CACHE.resolve("cuda-emu-" + hash(link, where, new byte[0], List.of())).toAbsolutePath();
            if (!Files.isExecutable(exe)) {
                Path tmp = Files.createTempFile(CACHE.toAbsolutePath(), "link-", "");
                link.addAll(List.of("-o", tmp.toString()));
                Result r = run(link, 300);
                if (r.exit != 0)
                    throw new AssertionError(
                            "linking the CUDA emulator failed:\n" + String.join(" ", link) + "\n" + r.output);
                Files.move(tmp, exe, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            }
            return exe;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Queues the compile of one translation unit unless its object is cached: the object is named by a hash
     * of the command (with the source folder {@code where} left out, so a temporary copy is found again), the
     * unit's sources and the headers it could include.
     */
    private static void unit(List<String> cmd, String where, byte[] headers, List<Path> sources, String name,
                             List<Path> objects, List<Unit> compiles)
            throws IOException {
        Path object = CACHE.resolve(name + "-" + hash(cmd, where, headers, sources) + ".o").toAbsolutePath();
        objects.add(object);
        if (Files.exists(object)) return;
        Path tmp = Path.of(object + "." + ProcessHandle.current().pid() + ".tmp");
        List<String> c = new ArrayList<>(cmd);
        c.addAll(List.of("-o", tmp.toString()));
        compiles.add(new Unit(c, tmp, object));
    }

    /** One g++ -c, writing {@code tmp}, which becomes {@code object} once it succeeded. */
    private record Unit(List<String> cmd, Path tmp, Path object) {}

    /** Runs the compiles in parallel. */
    private static void compileAll(List<Unit> compiles) throws IOException {
        ExecutorService pool = Executors.newFixedThreadPool(Math.max(1, Runtime.getRuntime().availableProcessors()));
        try {
            List<Future<Result>> done = new ArrayList<>();
            for (Unit u : compiles) done.add(pool.submit(() -> run(u.cmd(), 600)));
            for (int i = 0; i < compiles.size(); i++) {
                Unit u = compiles.get(i);
                Result r = done.get(i).get();
                if (r.exit != 0)
                    throw new AssertionError("g++ failed:\n" + String.join(" ", u.cmd()) + "\n" + r.output);
                Files.move(u.tmp(), u.object(), StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted while compiling the CUDA emulator", e);
        } catch (ExecutionException e) {
            throw new AssertionError("compiling the CUDA emulator failed", e.getCause());
        } finally {
            pool.shutdownNow();
        }
    }

    /** The names and bytes of the files of {@code dir} ending in {@code suffix}, in name order. */
    private static byte[] headers(Path dir, String suffix) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (Stream<Path> files = Files.list(dir)) {
            for (Path f : files.filter(p -> p.toString().endsWith(suffix)).sorted().toList()) {
                out.write(f.getFileName().toString().getBytes(StandardCharsets.UTF_8));
                out.write(Files.readAllBytes(f));
            }
        }
        return out.toByteArray();
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] out = java.util.Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }

    private static String hash(List<String> cmd, String where, byte[] headers, List<Path> sources) throws IOException {
        MessageDigest d;
        try {
            d = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new AssertionError(e);
        }
        d.update((String.join("\u0000", cmd).replace(where, "<cuda>") + "|" + compilerVersion())
                .getBytes(StandardCharsets.UTF_8));
        d.update(headers);
        for (Path p : sources) d.update(Files.readAllBytes(p));
        return HexFormat.of().formatHex(d.digest(), 0, 8);
    }

    private static String compilerVersion;

    private static String compilerVersion() throws IOException {
        if (compilerVersion == null) compilerVersion = run(List.of("g++", "--version"), 60).output;
        return compilerVersion;
    }

    private record Result(int exit, String output) {}

    private static Result run(List<String> cmd, int timeoutSeconds) throws IOException {
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        try {
            if (!p.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                return new Result(-1, "timed out after " + timeoutSeconds + " s: " + cmd + "\n" + out);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            p.destroyForcibly();
            return new Result(-1, "interrupted: " + cmd);
        }
        return new Result(p.exitValue(), out);
    }
}
