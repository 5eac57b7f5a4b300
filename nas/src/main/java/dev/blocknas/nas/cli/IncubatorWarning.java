package dev.blocknas.nas.cli;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;

/**
 * The line a JVM prints on standard error at start-up when it loads the Vector API, an incubator module. No
 * JVM option silences it and it comes before any of our code runs, so whoever starts that JVM filters it:
 * the {@code blocknas} script, and {@link Main}'s relaunch through {@link #forward}.
 */
final class IncubatorWarning {
    static final String LINE = "WARNING: Using incubator modules: jdk.incubator.vector";
    /** The JVM's own start-up lines, among which the warning stands; after them the stream passes unbuffered. */
    private static final int START_LINES = 8;

    private IncubatorWarning() {}

    /** Copies {@code child}'s standard error to {@code to} on a daemon thread, dropping the warning line once, until it ends. */
    static Thread forward(Process child, OutputStream to) {
        Thread t = new Thread(() -> {
            InputStream from = child.getErrorStream();
            try {
                copy(from, to);
                // When the child exits, the JDK moves what is still unread into a buffer behind the same stream.
                child.waitFor();
                from.transferTo(to);
                to.flush();
            } catch (IOException e) {
                // the child or our stream is gone: nothing left to pass on
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, "stderr-forward");
        t.setDaemon(true);
        t.start();
        return t;
    }

    static void copy(InputStream from, OutputStream to) throws IOException {
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        int lines = 0;
        int b;
        // Line by line only while the warning may still come, so that later output is not held back.
        while (lines < START_LINES && (b = from.read()) >= 0) {
            line.write(b);
            if (b != '\n') continue;
            lines++;
            if (line.toString(StandardCharsets.UTF_8).strip().equals(LINE)) {
                line.reset();
                break;
            }
            flush(line, to);
        }
        flush(line, to);
        byte[] buf = new byte[8192];
        int n;
        while ((n = from.read(buf)) >= 0) {
            to.write(buf, 0, n);
            to.flush();
        }
    }

    private static void flush(ByteArrayOutputStream line, OutputStream to) throws IOException {
        line.writeTo(to);
        to.flush();
        line.reset();
    }
}
