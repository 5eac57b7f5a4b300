package dev.blocknas.nas.run;

import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;

import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.LocalTime;
import java.time.format.DateTimeFormatter;

/**
 * Where a run reports: lines to the terminal and to the run's log file, and progress bars (with rate and
 * ETA) for long work. Quiet mode keeps the log file and drops the terminal output.
 */
public final class RunConsole implements AutoCloseable {
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("HH:mm:ss");
    private final PrintStream out;
    private final boolean quiet;
    /** Whether progress bars may redraw one line with carriage returns when the JVM has a terminal. */
    private final boolean redraw;
    private Writer log;

    public RunConsole(PrintStream out, boolean quiet) {
        this(out, quiet, true);
    }

    private RunConsole(PrintStream out, boolean quiet, boolean redraw) {
        this.out = out;
        this.quiet = quiet;
        this.redraw = redraw;
    }

    /** A console that prints everything, progress bars included, as whole lines to {@code out} (never redrawing). */
    public static RunConsole lines(PrintStream out) {
        return new RunConsole(out, false, false);
    }

    /** A console that prints nothing (tests). */
    public static RunConsole silent() {
        return new RunConsole(System.out, true);
    }

    /** Starts copying every line into {@code file} (appending: a resumed run continues its log). */
    public void logTo(Path file) {
        try {
            log = Files.newBufferedWriter(file, StandardCharsets.UTF_8, StandardOpenOption.CREATE,
                    StandardOpenOption.APPEND);
        } catch (IOException e) {
            throw new UncheckedIOException("Could not open the log " + file + ": " + e.getMessage(), e);
        }
    }

    /** One line of output. */
    public void line(String text) {
        String stamped = "[" + LocalTime.now().format(TIME) + "] " + text;
        if (!quiet) out.println(text);
        if (log != null) {
            try {
                log.write(stamped + System.lineSeparator());
                log.flush();
            } catch (IOException e) {
                // the log is a copy of the terminal: losing it must not stop the run
            }
        }
    }

    /** A progress bar over {@code total} units, or a no-op when quiet. */
    public Progress progress(String task, long total, String unit) {
        if (quiet) return new Progress(null);
        ProgressBar bar = new ProgressBarBuilder().setTaskName(task).setInitialMax(total).setUnit(" " + unit, 1)
                .setStyle(ProgressBarStyle.ASCII).setUpdateIntervalMillis(500).showSpeed().setMaxRenderedLength(110)
                .setEtaFunction(state -> java.util.Optional
                        .of(eta(state.getCurrent(), state.getMax(), state.getTotalElapsed())))
                .setConsumer(redraw && System.console() != null
                        ? new me.tongfei.progressbar.ConsoleProgressBarConsumer(out)
                        : new LineProgressConsumer(out, 15_000))
                .build();
        return new Progress(bar);
    }

    private static Duration eta(long done, long max, Duration elapsed) {
        if (done <= 0 || max <= done) return Duration.ZERO;
        return elapsed.multipliedBy(max - done).dividedBy(done);
    }

    /** One progress bar. */
    public static final class Progress implements AutoCloseable {
        private final ProgressBar bar;

        Progress(ProgressBar bar) {
            this.bar = bar;
        }

        /** Advances by one with an extra message (the loss, say). */
        public void step(String message) {
            if (bar == null) return;
            bar.step();
            bar.setExtraMessage(message);
        }

        /** Moves to {@code done} units. */
        public void stepTo(long done, String message) {
            if (bar == null) return;
            bar.stepTo(done);
            bar.setExtraMessage(message);
        }

        @Override
        public void close() {
            if (bar != null) bar.close();
        }
    }

    @Override
    public void close() {
        if (log != null) {
            try {
                log.close();
            } catch (IOException e) {
                // nothing more to do with a log that cannot close
            }
        }
    }
}
