package dev.blocknas.kernels.emu;

import dev.blocknas.kernels.driver.Workspace;
import dev.blocknas.kernels.launch.KernelArgs;
import dev.blocknas.kernels.launch.KernelLauncher;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * A GPU made of one emulator process (src/test/cuda-emu/emu_main.cpp): the kernel launchers of the main code
 * launch on it exactly as on the GPU (same grids, shared-memory sizes and argument bytes), device memory is
 * the emulator's heap, and device pointers are its real addresses. A kernel fault or a sanitizer report ends
 * the process; the next call then fails with the emulator's stderr.
 *
 * <p>Checks the GPU would make at launch, and a few it would not: the kernel is in the named PTX module,
 * its parameters have the kinds and sizes its signature declares, dynamic plus static shared memory fits
 * the 48 KB a launch gets without opting in. Launched kernels are counted for {@link Covers}.
 */
final class EmulatedGpu implements KernelLauncher, Workspace, AutoCloseable {
    private static final int SHARED_LIMIT = 48 * 1024;
    /** Kernels launched (and completed) since the last {@link #resetLaunched()}, across instances. */
    private static final Set<String> LAUNCHED = new LinkedHashSet<>();

    private final Process process;
    private final DataInputStream in;
    private final OutputStream out;
    private final Path stderr;
    private int multiprocessors;
    private int sharedShortBy;
    private boolean dead;

    /**
     * An emulator of the checked-in sources built with {@code s}; the calling test is skipped (with the
     * reason) where g++ or the sanitizer's runtime is missing.
     */
    static EmulatedGpu start(EmulatorBuild.Sanitizer s, int multiprocessors) {
        String why = EmulatorBuild.unavailable(s);
        assumeTrue(why == null, () -> "the CUDA emulation needs g++ with " + s + ": " + why);
        return new EmulatedGpu(EmulatorBuild.binary(s, EmulatorBuild.modules(s)), multiprocessors);
    }

    /** Starts {@code binary}, planning launches for a GPU of {@code multiprocessors} SMs. */
    EmulatedGpu(Path binary, int multiprocessors) {
        this.multiprocessors = multiprocessors;
        try {
            stderr = Files.createTempFile("cuda-emu", ".stderr");
            ProcessBuilder b = new ProcessBuilder(binary.toString()).redirectError(stderr.toFile());
            // Any sanitizer report is a failure; leaks are not our subject (the driver frees what it can).
            b.environment().put("ASAN_OPTIONS", "detect_leaks=0:halt_on_error=1:abort_on_error=0:exitcode=66");
            b.environment().put("UBSAN_OPTIONS", "print_stacktrace=1:halt_on_error=1:exitcode=66");
            b.environment().put("TSAN_OPTIONS", "halt_on_error=1:exitcode=66:report_signal_unsafe=0");
            process = b.start();
        } catch (IOException e) {
            throw new AssertionError("cannot start the CUDA emulator " + binary, e);
        }
        in = new DataInputStream(new BufferedInputStream(process.getInputStream()));
        out = recorded(new BufferedOutputStream(process.getOutputStream()));
    }

    /**
     * With -Dblocknas.emu.record=FILE, every request also goes to FILE, for a replay under a debugger:
     * {@code gdb -ex "run < FILE" target/cuda-emu/cuda-emu-...}.
     */
    private static OutputStream recorded(OutputStream to) {
        String file = System.getProperty("blocknas.emu.record");
        if (file == null) return to;
        try {
            OutputStream copy = new BufferedOutputStream(Files.newOutputStream(Path.of(file)));
            return new OutputStream() {
                @Override
                public void write(int b) throws IOException {
                    to.write(b);
                    copy.write(b);
                }

                @Override
                public void write(byte[] b, int off, int len) throws IOException {
                    to.write(b, off, len);
                    copy.write(b, off, len);
                }

                @Override
                public void flush() throws IOException {
                    to.flush();
                    copy.flush();
                }
            };
        } catch (IOException e) {
            throw new AssertionError("cannot record the emulator's requests to " + file, e);
        }
    }

    static synchronized void resetLaunched() {
        LAUNCHED.clear();
    }

    static synchronized Set<String> launched() {
        return Set.copyOf(LAUNCHED);
    }

    /** From now on, every launch with dynamic shared memory gets {@code bytes} less than it asked for. */
    void shortenSharedMemory(int bytes) {
        sharedShortBy = bytes;
    }

    @Override
    public int multiprocessors() {
        return multiprocessors;
    }

    /** Plans the following launches for a GPU of {@code n} SMs (grid-stride caps, split counts). */
    void multiprocessors(int n) {
        multiprocessors = n;
    }

    @Override
    public void launch(String module, String kernel, int gridX, int gridY, int gridZ, int threads, int sharedBytes,
                       KernelArgs args) {
        PtxIndex.Entry e = PtxIndex.entries().get(kernel);
        if (e == null || !e.module().equals(module)) {
            throw new IllegalStateException("the PTX module " + module + " has no kernel " + kernel);
        }
        if (sharedBytes + e.staticSharedBytes() > SHARED_LIMIT) {
            throw new IllegalStateException(kernel + ": " + sharedBytes + " B dynamic + " + e.staticSharedBytes()
                    + " B static shared memory is over the " + SHARED_LIMIT + " B a launch gets without opting in");
        }
        int shared = sharedBytes > 0 ? sharedBytes - sharedShortBy : sharedBytes;
        byte[] name = kernel.getBytes(StandardCharsets.US_ASCII);
        int size = 1 + 4 + name.length + 7 * 4 + 4;
        for (int i = 0; i < args.size(); i++) size += 5 + args.bytes(i).length;
        ByteBuffer b = ByteBuffer.allocate(size).order(ByteOrder.LITTLE_ENDIAN);
        b.put((byte) 'L').putInt(name.length).put(name);
        b.putInt(gridX).putInt(gridY).putInt(gridZ).putInt(threads).putInt(1).putInt(1).putInt(shared);
        b.putInt(args.size());
        for (int i = 0; i < args.size(); i++) {
            byte[] v = args.bytes(i);
            b.put((byte) args.kind(i).code()).putInt(v.length).put(v);
        }
        request(b.array(), kernel);
        synchronized (EmulatedGpu.class) {
            LAUNCHED.add(kernel);
        }
    }

    /** Device memory of {@code bytes}, every byte 0xFF (NaN as float). */
    long allocate(long bytes) {
        ByteBuffer b = ByteBuffer.allocate(9).order(ByteOrder.LITTLE_ENDIAN).put((byte) 'A').putLong(bytes);
        return ByteBuffer.wrap(request(b.array(), "allocate")).order(ByteOrder.LITTLE_ENDIAN).getLong();
    }

    void free(long address) {
        request(ByteBuffer.allocate(9).order(ByteOrder.LITTLE_ENDIAN).put((byte) 'F').putLong(address).array(), "free");
    }

    @Override
    public Lease lease(long bytes) {
        long a = allocate(bytes);
        return new Lease() {
            @Override
            public long address() {
                return a;
            }

            @Override
            public void close() {
                free(a);
            }
        };
    }

    /** A fresh allocation holding {@code values}. */
    long upload(float[] values) {
        long a = allocate(4L * values.length);
        write(a, values);
        return a;
    }

    void write(long address, float[] values) {
        ByteBuffer b = ByteBuffer.allocate(17 + 4 * values.length).order(ByteOrder.LITTLE_ENDIAN);
        b.put((byte) 'W').putLong(address).putLong(4L * values.length);
        for (float v : values) b.putFloat(v);
        request(b.array(), "write");
    }

    float[] read(long address, int n) {
        ByteBuffer b = ByteBuffer.allocate(17).order(ByteOrder.LITTLE_ENDIAN);
        b.put((byte) 'R').putLong(address).putLong(4L * n);
        ByteBuffer r = ByteBuffer.wrap(request(b.array(), "read")).order(ByteOrder.LITTLE_ENDIAN);
        float[] v = new float[n];
        for (int i = 0; i < n; i++) v[i] = r.getFloat();
        return v;
    }

    /** The kernels the emulator has registered. */
    List<String> kernels() {
        String names = new String(request(new byte[] {'K'}, "list kernels"), StandardCharsets.US_ASCII);
        return Arrays.stream(names.split("\n")).filter(s -> !s.isEmpty()).toList();
    }

    private byte[] request(byte[] message, String what) {
        if (dead) throw new IllegalStateException("the CUDA emulator has already failed");
        try {
            out.write(message);
            out.flush();
            int status = in.readUnsignedByte();
            int n = Integer.reverseBytes(in.readInt());
            byte[] payload = in.readNBytes(n);
            if (payload.length != n) throw new EOFException();
            if (status != 0)
                throw new IllegalStateException(what + " refused: " + new String(payload, StandardCharsets.UTF_8));
            return payload;
        } catch (IOException e) {
            dead = true;
            throw new EmulatorFault(what, report());
        }
    }

    /** What the emulator printed before it died, with its exit status. */
    private String report() {
        try {
            boolean exited = process.waitFor(30, TimeUnit.SECONDS);
            String err = Files.readString(stderr);
            return (exited ? "exit status " + process.exitValue() : "still running") + "\n" + err;
        } catch (IOException e) {
            return "(stderr unreadable: " + e + ")";
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "(interrupted)";
        }
    }

    /** Stops the emulator; fails when it had already died or reports a late fault. */
    @Override
    public void close() {
        try {
            if (!dead) request(new byte[] {'Q'}, "quit");
        } finally {
            process.destroy();
            try {
                Files.deleteIfExists(stderr);
            } catch (IOException ignored) {
                // a temp file
            }
        }
    }

    /** The emulator process died: a kernel fault, a sanitizer report, or a failed emulator check. */
    static final class EmulatorFault extends AssertionError {
        final String report;

        EmulatorFault(String what, String report) {
            super("the CUDA emulator died during " + what + ": " + report);
            this.report = report;
        }
    }
}
